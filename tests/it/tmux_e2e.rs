//! The real binary in a real terminal (tmux): type a query, run it, scroll, cancel, quit.

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str, w: u16, h: u16) -> Tmux {
        let socket = format!("retort-test-{}", std::process::id());
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
                cmd,
            ])
            .status()
            .expect("tmux is needed for the end-to-end test: apt-get install tmux");
        assert!(ok.success());
        let t = Tmux { socket };
        t.tmux(&["set-option", "-t", "t", "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
        std::thread::sleep(Duration::from_millis(60));
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-t", "t", "-p"])
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn type_run_scroll_cancel_and_quit_in_a_real_terminal() {
    let data = crate::harness::scratch_dir().join("tmux-data");
    let cmd = format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} {}",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 100, 30);
    t.wait_for("SQLite");
    t.wait_for("post_stats");
    // (tmux reads an argument ending in ";" as a command separator, hence the space)
    t.text("select id, username from users order by id; ");
    t.keys(&["F5"]);
    let s = t.wait_for("40 rows");
    assert!(s.contains("lovelace"), "{s}");
    // scroll the grid to the last row
    t.keys(&["M-3", "G"]);
    let s = t.wait_for(" 40 ");
    assert!(s.contains("│"), "{s}");
    // a long statement, cancelled with Esc
    t.keys(&["M-2"]);
    t.keys(&["Enter"]);
    t.text(
        "with recursive s(n) as (select 1 union all select n + 1 from s) select count(*) from s",
    );
    t.keys(&["F5"]);
    t.wait_for("running");
    t.keys(&["Escape"]);
    t.wait_for("Cancelled");
    // the connection works right after
    t.keys(&["Up", "End", "F5"]);
    t.wait_for("40 rows");
    t.keys(&["C-q"]);
    let start = Instant::now();
    while t
        .tmux(&["display-message", "-p", "-t", "t", "#{pane_dead}"])
        .trim()
        != "1"
    {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "retort did not quit:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut status = String::new();
    while status.trim().is_empty() && start.elapsed() < Duration::from_secs(5) {
        status = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_dead_status}"]);
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(status.trim(), "0", "exit status; screen:\n{}", t.screen());
    assert!(
        !t.screen().contains("Echo log"),
        "the alternate screen is left on quit"
    );
}
