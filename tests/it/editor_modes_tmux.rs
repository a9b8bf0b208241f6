//! `editor_mode` in the real binary (tmux): the configuration's vi keys edit and run a
//! statement; an unknown mode is said in the Results pane at start.

use crate::tmux_e2e::Tmux;

/// retort on the demo with a configuration file holding `config`, then its exit status.
fn start(name: &str, config: &str) -> Tmux {
    let dir = crate::harness::scratch_dir().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, config).unwrap();
    let cmd = format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} RETORT_CONFIG={} {}; \
         echo \"retort exited with $?\"; sleep 30",
        dir.join("data").display(),
        file.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 150, 30);
    t.wait_for("post_stats");
    t
}

#[test]
fn the_configured_vi_keys_edit_and_run_in_a_real_terminal() {
    let t = start("tmux-vi", "editor_mode = \"vi\"\n");
    t.keys(&["M-2"]);
    t.wait_for("-- NORMAL --");
    // in case the buffer kept text: every line deleted
    t.text("dGi");
    t.wait_for("-- INSERT --");
    t.text("select 6*77777");
    t.keys(&["Escape"]);
    t.wait_for("-- NORMAL --");
    t.text("x");
    t.keys(&["F5"]);
    t.wait_for("46662");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn an_unknown_editor_mode_is_said_at_start_and_the_default_keys_type() {
    let t = start("tmux-vim", "editor_mode = \"vim\"\n");
    t.wait_for("editor_mode = \"vim\" is not one of default, emacs, vi");
    t.keys(&["M-2"]);
    t.text("x");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!t.screen().contains("-- NORMAL --"));
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

/// tmux's `send-keys -l` with line feeds, as a paste without bracketed paste sends them: each
/// arrives as Ctrl-J, which must make a new line (the TextArea's own Ctrl-J deleted to the
/// line's start, leaving only "  3").
#[test]
fn a_line_feed_from_the_terminal_makes_a_new_line() {
    let name = "tmux-line-feed";
    let _ = std::fs::remove_dir_all(crate::harness::scratch_dir().join(name));
    let t = start(name, "");
    t.keys(&["M-2"]);
    t.text("select 10+1,\n  20+2,\n  30+3 as last");
    let s = t.wait_for("30+3 as last");
    assert!(s.contains("select 10+1,") && s.contains("  20+2,"), "{s}");
    t.keys(&["F5"]);
    // one statement of three columns ran
    t.wait_for("10+1 │ 20+2 │ last");
    t.wait_for("  11 │   22 │   33");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}
