//! The trust journeys in the real binary in tmux: a paste keeps its lines, `kill -9` loses
//! nothing typed, quitting with an open transaction asks, a dumb terminal gets no colour, a
//! panic gives the terminal back.

use std::time::Duration;

use crate::tmux_e2e::Tmux;

fn command(data: &std::path::Path, env: &str) -> String {
    format!(
        "env -u DATABASE_URL {env} RETORT_DATA_DIR={} {}; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    )
}

#[test]
fn a_paste_keeps_its_lines_and_kill_9_loses_nothing_typed() {
    let data = crate::harness::scratch_dir().join("tmux-paste");
    let t = Tmux::start(&command(&data, ""), 100, 30);
    t.wait_for("post_stats");
    // a bracketed paste of a script whose first line is a comment
    t.tmux(&[
        "set-buffer",
        "-b",
        "p",
        "--",
        "-- the users\nselect count(*) as n\nfrom users\n",
    ]);
    t.tmux(&["paste-buffer", "-p", "-b", "p", "-t", "t"]);
    t.wait_for("from users");
    let s = t.screen();
    // each line at the left edge, beside the bar that marks the statement F5 sends
    assert!(
        s.contains("▐select count(*) as n") && s.contains("▐from users"),
        "lines kept:\n{s}"
    );
    t.keys(&["Up", "F5"]);
    t.wait_for("40");
    // type more, then kill -9 before any run or exit saves it
    t.keys(&["End"]);
    t.text(" -- typed just before the crash");
    std::thread::sleep(Duration::from_millis(1200));
    let pid = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let shell = pid.trim();
    let killed = std::process::Command::new("pkill")
        .args(["-9", "-P", shell, "retort"])
        .status()
        .unwrap();
    assert!(killed.success());
    t.wait_for("retort exited with 137");
    drop(t);
    let t = Tmux::start(&command(&data, ""), 100, 30);
    let s = t.wait_for("typed just before the crash");
    assert!(s.contains("select count(*) as n"), "{s}");
}

#[test]
fn quitting_with_an_open_transaction_asks_in_a_real_terminal() {
    let data = crate::harness::scratch_dir().join("tmux-quit-tx");
    let t = Tmux::start(&command(&data, ""), 100, 30);
    t.wait_for("post_stats");
    t.text("begin");
    t.keys(&["F5"]);
    t.wait_for("TX open");
    t.keys(&["C-q"]);
    t.wait_for("Quit anyway?");
    t.keys(&["n"]);
    t.wait_for("Still here");
    t.keys(&["C-q"]);
    t.wait_for("Quit anyway?");
    t.keys(&["y"]);
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 0"), "{s}");
}

#[test]
fn a_dumb_terminal_gets_no_colour() {
    let data = crate::harness::scratch_dir().join("tmux-dumb");
    let t = Tmux::start(&command(&data, "TERM=dumb"), 100, 30);
    t.wait_for("post_stats");
    t.text("select null as n, '' as e");
    t.keys(&["F5"]);
    let s = t.wait_for("∅ NULL");
    assert!(s.contains("1 row"), "{s}");
    let styled = t.tmux(&["capture-pane", "-t", "t", "-p", "-e"]);
    // italics and bold may stay; no colour (foreground 30–38, 90–97; background 40–48, 100–107)
    let colour = (30..=38)
        .chain(40..=48)
        .chain(90..=97)
        .chain(100..=107)
        .any(|c| styled.contains(&format!("[{c}m")) || styled.contains(&format!("[{c};")));
    assert!(!colour, "colour escapes under TERM=dumb:\n{styled}");
}

/// Without colour (NO_COLOR, TERM=dumb) the tree's selection and the grid's cursor are still
/// seen: drawn in reverse video, which no colour command wipes.
#[test]
fn without_colour_the_selection_and_the_cursor_stay_visible() {
    for env in ["NO_COLOR=1", "TERM=dumb"] {
        let data = crate::harness::scratch_dir().join(format!("tmux-nocolour-{}", env.len()));
        let t = Tmux::start(&command(&data, env), 100, 30);
        t.wait_for("post_stats");
        t.text("select id, username from users order by id");
        t.keys(&["F5"]);
        t.wait_for("40 rows");
        t.keys(&["M-3"]);
        // the grid's first row (the cursor's: id 1, lovelace) is drawn reversed, SGR 7
        let reversed = |styled: &str| {
            styled
                .lines()
                .find(|l| l.contains("lovelace"))
                .is_some_and(|row| row.contains("7m"))
        };
        let started = std::time::Instant::now();
        let mut styled = t.tmux(&["capture-pane", "-t", "t", "-p", "-e"]);
        while !reversed(&styled) && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(100));
            styled = t.tmux(&["capture-pane", "-t", "t", "-p", "-e"]);
        }
        assert!(
            reversed(&styled),
            "{env}: the cursor's row is not in reverse video:\n{styled}"
        );
        let colour = (30..=38)
            .chain(40..=48)
            .chain(90..=97)
            .chain(100..=107)
            .any(|c| styled.contains(&format!("[{c}m")) || styled.contains(&format!("[{c};")));
        assert!(!colour, "{env}: colour escapes:\n{styled}");
    }
}

#[test]
fn a_panic_in_a_background_task_gives_the_terminal_back_and_ends_the_program() {
    let data = crate::harness::scratch_dir().join("tmux-panic");
    let t = Tmux::start(
        &command(&data, "RETORT_DEBUG_PANIC=1 RUST_BACKTRACE=0"),
        100,
        24,
    );
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 101"), "{s}");
    assert!(
        s.contains("RETORT_DEBUG_PANIC is set") && s.contains("kept in the journal"),
        "{s}"
    );
    assert!(
        !s.contains("Echo log"),
        "the alternate screen is left:\n{s}"
    );
    let modes = t.tmux(&[
        "display-message",
        "-p",
        "-t",
        "t",
        "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
    ]);
    assert_eq!(
        modes.trim(),
        "0 0 1",
        "no alternate screen, no mouse, a cursor"
    );
}
