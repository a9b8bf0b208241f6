//! Quitting while a statement runs never leaves it running on the server to commit unseen:
//! Ctrl-Q asks and cancels it first; a signal (the terminal gone) cancels it before leaving.
//! In the real binary in tmux, on PostgreSQL.

use std::time::Duration;

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::tmux_e2e::Tmux;

/// A write that takes six seconds on the server.
const SLOW_WRITE: &str =
    "update t set note = 'after' where id = 1 and (select true from pg_sleep(6))";

/// A write that ignores a cancel (it catches it) and ends after `seconds`, committing a row.
fn stubborn_write(seconds: u32) -> String {
    format!(
        "do $$ declare i int := 0; begin while i < {seconds} loop begin perform pg_sleep(1); \
         exception when query_canceled then null; end; i := i + 1; end loop; \
         update t set note = 'after' where id = 1; end $$"
    )
}

fn start(name: &str) -> (String, Tmux) {
    start_with(name, SLOW_WRITE)
}

fn start_with(name: &str, sql: &str) -> (String, Tmux) {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (id int primary key, note text); insert into t values (1, 'before')",
    );
    let data = crate::harness::scratch_dir().join(name);
    let command = format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} {} '{url}'; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&command, 100, 30);
    t.wait_for("public");
    t.text(sql);
    t.keys(&["F5"]);
    t.wait_for("running");
    (url, t)
}

/// The note once the server could have finished the statement, had it not been cancelled.
fn note_afterwards(url: &str) -> String {
    std::thread::sleep(Duration::from_secs(7));
    exec_ok(url, "select note from t where id = 1")
}

#[test]
fn ctrl_q_while_a_write_runs_asks_then_cancels_it_before_quitting() {
    let (url, t) = start("tmux-quit-running");
    t.keys(&["C-q"]);
    t.wait_for("Cancel it and quit?");
    t.keys(&["n"]);
    // no: the question goes, the statement still runs
    std::thread::sleep(Duration::from_millis(300));
    let s = t.screen();
    assert!(
        !s.contains("Cancel it and quit?") && s.contains("running"),
        "{s}"
    );
    t.keys(&["C-q"]);
    t.wait_for("Cancel it and quit?");
    t.keys(&["y"]);
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 0"), "{s}");
    let note = note_afterwards(&url);
    assert!(
        note.contains("before") && !note.contains("after"),
        "the cancelled write was committed: {note}"
    );
}

#[test]
fn a_signal_while_a_write_runs_cancels_it_before_leaving() {
    let (url, t) = start("tmux-term-running");
    let pid = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let sent = std::process::Command::new("pkill")
        .args(["-TERM", "-P", pid.trim(), "retort"])
        .status()
        .unwrap();
    assert!(sent.success());
    t.wait_for("retort exited with");
    let note = note_afterwards(&url);
    assert!(
        note.contains("before") && !note.contains("after"),
        "the write went on after retort left: {note}"
    );
}

#[test]
fn a_statement_that_ends_before_its_cancel_is_said_and_retort_stays() {
    let (url, t) = start_with("tmux-quit-ended", &stubborn_write(3));
    t.keys(&["C-q"]);
    t.wait_for("Cancel it and quit?");
    t.keys(&["y"]);
    // it ignores the cancel and ends: said, and retort is still there
    let s = t.wait_for("not cancelled");
    assert!(s.contains("It ended (DO) before its cancel"), "{s}");
    assert!(!s.contains("retort exited"), "{s}");
    let note = exec_ok(&url, "select note from t where id = 1");
    assert!(note.contains("after"), "{note}");
    t.keys(&["C-q"]);
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 0"), "{s}");
}

#[test]
fn quitting_anyway_while_the_cancel_is_not_confirmed_says_it_still_runs() {
    let (_url, t) = start_with("tmux-quit-anyway", &stubborn_write(20));
    t.keys(&["C-q"]);
    t.wait_for("Cancel it and quit?");
    t.keys(&["y"]);
    std::thread::sleep(Duration::from_millis(500));
    // asked again: it has not stopped; quit anyway
    t.keys(&["C-q"]);
    t.wait_for("has not stopped the statement yet");
    t.keys(&["y"]);
    let s = t.wait_for("retort exited with");
    assert!(s.contains("retort exited with 1"), "{s}");
    assert!(
        s.contains("still running on the server when retort left"),
        "{s}"
    );
}
