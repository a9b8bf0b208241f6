//! The real binary in a real terminal (tmux): type a query, run it, scroll, cancel, quit.

use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) struct Tmux {
    socket: String,
}

impl Tmux {
    pub(crate) fn start(cmd: &str, w: u16, h: u16) -> Tmux {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let socket = format!("retort-test-{}-{n}", std::process::id());
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
        Tmux { socket }
    }

    pub(crate) fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub(crate) fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
        std::thread::sleep(Duration::from_millis(60));
    }

    pub(crate) fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-t", "t", "-p"])
    }

    pub(crate) fn wait_for(&self, what: &str) -> String {
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

/// The shell command a test pane runs: retort on the demo with its data in `data`, then the
/// exit status on screen.
pub(crate) fn shell_command(data: &std::path::Path) -> String {
    format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} {}; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    )
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
    let cmd = shell_command(&data);
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
    // the layout follows the terminal's size
    t.tmux(&["resize-window", "-t", "t", "-x", "60", "-y", "16"]);
    let s = t.wait_for("F1 help");
    assert!(
        !s.contains("Schema"),
        "a narrow terminal folds the left column away:\n{s}"
    );
    assert!(s.lines().count() <= 16, "{s}");
    t.keys(&["C-q"]);
    // the shell behind retort prints its exit status on the normal screen
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 0"), "{s}");
    assert!(
        !s.contains("Echo log"),
        "the alternate screen is left on quit:\n{s}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let data = crate::harness::scratch_dir().join("tmux-sigterm");
    let cmd = shell_command(&data);
    let t = Tmux::start(&cmd, 90, 24);
    t.wait_for("post_stats");
    // Ctrl-C with nothing running quits nothing (psql users press it out of habit) and says
    // how to quit; Ctrl-Q quits, and so does SIGTERM: both restore the terminal
    t.keys(&["C-c"]);
    t.wait_for("Ctrl-Q quits");
    t.keys(&["C-q"]);
    let s = t.wait_for("retort exited with");
    assert!(
        s.contains("retort exited with 0") && !s.contains("Echo log"),
        "{s}"
    );
    drop(t);
    let t = Tmux::start(&cmd, 90, 24);
    t.wait_for("post_stats");
    let shell = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let child = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
    assert!(!pid.is_empty(), "retort runs under the pane's shell");
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 0"), "{s}");
    assert!(
        !s.contains("Echo log"),
        "the alternate screen is left:\n{s}"
    );
}

#[test]
fn a_password_is_asked_for_when_the_server_wants_one() {
    let my = crate::harness::server_url(crate::harness::Engine::MySql);
    crate::harness::exec_ok(
        &my,
        "create user if not exists 'asker'@'localhost' identified by 'typed-secret'; grant all on *.* to 'asker'@'localhost'",
    );
    let url = my.replace("root@", "asker@");
    let data = crate::harness::scratch_dir().join("tmux-prompt");
    let cmd = format!(
        "env -u MYSQL_PWD RETORT_DATA_DIR={} {} '{}'; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort"),
        url
    );
    let t = Tmux::start(&cmd, 100, 24);
    t.wait_for("Password for asker@");
    t.text("typed-secret");
    t.keys(&["Enter"]);
    let s = t.wait_for("MariaDB");
    assert!(s.contains("asker@"), "the status bar names the user:\n{s}");
    assert!(!s.contains("typed-secret"), "{s}");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn browse_the_demo_schema_filter_expand_and_follow_a_foreign_key() {
    let data = crate::harness::scratch_dir().join("tmux-browse");
    let cmd = shell_command(&data);
    let t = Tmux::start(&cmd, 140, 34);
    t.wait_for("post_stats");
    t.keys(&["M-1", "/"]);
    t.text("posts");
    let s = t.wait_for("/posts");
    assert!(!s.contains("comments"), "filtered:\n{s}");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("user_id  INTEGER");
    // below posts: 8 columns, then indexes, then foreign keys
    for _ in 0..10 {
        t.keys(&["Down"]);
    }
    t.keys(&["Enter"]);
    t.wait_for("→ users(id)");
    t.keys(&["Down", "Enter"]);
    let s = t.wait_for("followed the foreign key to users");
    assert!(s.contains("username"), "users is open:\n{s}");
    t.keys(&["m"]);
    t.wait_for("class User(Base):");
    t.keys(&["Escape"]);
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn f4_edits_the_buffer_in_the_users_editor() {
    let data = crate::harness::scratch_dir().join("tmux-editor");
    let cmd = format!(
        "env -u DATABASE_URL -u VISUAL EDITOR='sed -i s/users/posts/' RETORT_DATA_DIR={} {}; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 110, 30);
    t.wait_for("post_stats");
    t.text("select count(*) from users");
    t.keys(&["F4"]);
    t.wait_for("edited in sed");
    let s = t.wait_for("select count(*) from posts");
    assert!(s.contains("SQL"), "the workbench is back:\n{s}");
    t.keys(&["F5"]);
    t.wait_for("200");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

/// An X server of the test's own, stopped when dropped.
struct Xvfb {
    display: String,
    child: std::process::Child,
}

impl Xvfb {
    fn start() -> Xvfb {
        let n = (90..200)
            .find(|n| !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .expect("a free X display number");
        let child = Command::new("Xvfb")
            .args([format!(":{n}"), "-nolisten".into(), "tcp".into()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Xvfb is needed for the clipboard test: apt-get install xvfb xclip");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let start = Instant::now();
        while !std::path::Path::new(&socket).exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "Xvfb did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Xvfb {
            display: format!(":{n}"),
            child,
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn y_copies_a_cell_to_the_system_clipboard() {
    let x = Xvfb::start();
    let data = crate::harness::scratch_dir().join("tmux-clipboard");
    let cmd = format!(
        "env -u DATABASE_URL DISPLAY={} RETORT_DATA_DIR={} {}; echo \"retort exited with $?\"; sleep 30",
        x.display,
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 110, 30);
    t.wait_for("post_stats");
    t.text("select username from users where id = 1");
    t.keys(&["F5"]);
    t.wait_for("1 row");
    t.keys(&["M-3", "y"]);
    // the system clipboard took it, and the notice says so
    t.wait_for("copied to the clipboard");
    let start = Instant::now();
    loop {
        let out = Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &x.display)
            .output()
            .expect("xclip is needed for the clipboard test: apt-get install xclip");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        if text == "lovelace" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "clipboard holds {text:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn ctrl_z_outside_the_editor_suspends_and_fg_resumes_the_screen() {
    let data = crate::harness::scratch_dir().join("tmux-suspend");
    // an interactive shell with job control, as a user has
    let t = Tmux::start("bash --norc --noprofile -i", 100, 30);
    std::thread::sleep(Duration::from_millis(300));
    t.text(&format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} {} ",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    ));
    t.keys(&["Enter"]);
    t.wait_for("post_stats");
    // in the editor Ctrl-Z is undo: nothing stops
    t.keys(&["M-2", "C-z"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(t.screen().contains("post_stats"));
    // in the grid it suspends: the shell has the terminal and says the job stopped
    t.keys(&["M-3", "C-z"]);
    t.wait_for("Stopped");
    let s = t.screen();
    assert!(
        !s.contains("post_stats"),
        "the terminal is the shell's again:\n{s}"
    );
    // fg: the workbench draws itself again and takes keys
    t.text("fg");
    t.keys(&["Enter"]);
    t.wait_for("post_stats");
    t.keys(&["F1"]);
    t.wait_for("suspend to the shell");
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["C-q"]);
    t.text("echo \"retort exited with $?\"");
    t.keys(&["Enter"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn ctrl_z_without_job_control_says_why_it_does_not_suspend() {
    let data = crate::harness::scratch_dir().join("tmux-no-suspend");
    let cmd = shell_command(&data);
    let t = Tmux::start(&cmd, 120, 30);
    t.wait_for("post_stats");
    t.keys(&["M-3", "C-z"]);
    t.wait_for("not suspended");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn mouse_double_click_opens_a_tree_node_and_the_wheel_scrolls_the_grid() {
    let data = crate::harness::scratch_dir().join("tmux-mouse");
    let cmd = shell_command(&data);
    let t = Tmux::start(&cmd, 120, 35);
    let s = t.wait_for("post_stats");
    // SGR mouse reports, as a terminal sends them (1-based cells)
    let (y, line) = s
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("▦ posts"))
        .unwrap();
    let x = line[..line.find("posts").unwrap()].chars().count() + 2;
    let press = |x: usize, y: usize, button: u8| {
        t.text(&format!("\x1b[<{button};{x};{y}M"));
        if button < 64 {
            t.text(&format!("\x1b[<{button};{x};{y}m"));
        }
    };
    press(x, y + 1, 0);
    press(x, y + 1, 0);
    t.wait_for("⚷ id");
    // a query, then the wheel over the grid: three rows a step
    t.keys(&["M-2"]);
    t.text("select id, username from users order by id ");
    t.keys(&["F5"]);
    t.wait_for("40 rows");
    // the rows themselves (a capture can land between the title's and the rows' writes)
    let s = t.wait_for("lovelace");
    let (gy, gline) = s
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("lovelace"))
        .unwrap();
    let gx = gline
        .find("lovelace")
        .map(|b| gline[..b].chars().count())
        .unwrap()
        + 2;
    press(gx, gy + 1, 65);
    press(gx, gy + 1, 65);
    t.keys(&["r"]);
    t.wait_for("row 7 of 40");
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn the_picker_switches_from_the_demo_to_postgresql_and_back_keeping_each_buffer() {
    let pg = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    crate::harness::exec_ok(&pg, "create table pg_only (x int)");
    let dir = crate::harness::scratch_dir().join("tmux-picker");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!("[connections.warehouse]\nurl = \"{pg}\"\n"),
    )
    .unwrap();
    let cmd = format!(
        "env -u DATABASE_URL RETORT_CONFIG={} RETORT_DATA_DIR={} {}; echo \"retort exited with $?\"; sleep 30",
        config.display(),
        dir.join("data").display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 130, 35);
    t.wait_for("post_stats");
    t.keys(&["M-2"]);
    t.text("select 'the demo buffer'");
    t.keys(&["C-o"]);
    let s = t.wait_for("Open a connection");
    assert!(s.contains("warehouse") && s.contains("demo"), "{s}");
    t.text("wareh");
    t.keys(&["Enter"]);
    t.wait_for("pg_only");
    let s = t.wait_for("PostgreSQL");
    assert!(
        !s.contains("the demo buffer"),
        "each connection has its own buffer:\n{s}"
    );
    t.keys(&["M-2"]);
    t.text("select 'the warehouse buffer'");
    std::thread::sleep(Duration::from_millis(700));
    // back to the demo, which is also in the recent list now
    t.keys(&["C-o"]);
    t.wait_for("Open a connection");
    t.text("demo");
    t.keys(&["Enter"]);
    let s = t.wait_for("post_stats");
    t.wait_for("the demo buffer");
    assert!(!s.contains("pg_only"), "{s}");
    t.keys(&["C-o"]);
    let s = t.wait_for("Open a connection");
    assert!(s.contains("recent"), "{s}");
    t.text("wareh");
    t.keys(&["Enter"]);
    t.wait_for("the warehouse buffer");
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}
