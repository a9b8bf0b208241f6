//! The Session journey in the real binary in tmux, on the demo: add a user through the form,
//! add a post for that user picking the user by name, edit another post's title, delete a
//! comment, look at the plan and the teaching view, commit, and a query shows the new state.
//! Then: `kill -9` with staged changes, and the next start offers them back.

use std::time::Duration;

use crate::tmux_e2e::Tmux;

fn command(data: &std::path::Path) -> String {
    crate::tmux_e2e::shell_command(data)
}

/// Esc on its own: followed at once by a key, a terminal reads it as Alt-key.
fn esc(t: &Tmux) {
    std::thread::sleep(Duration::from_millis(150));
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(250));
}

fn select_table(t: &Tmux, name: &str) {
    t.keys(&["M-1"]);
    esc(t);
    t.keys(&["/"]);
    t.text(name);
    t.keys(&["Enter"]);
    t.wait_for(&format!("▦ {name}"));
}

fn run_sql(t: &Tmux, sql: &str, until: &str) -> String {
    t.keys(&["M-2", "C-a", "C-k"]);
    t.text(sql);
    t.keys(&["F5"]);
    t.wait_for(until)
}

/// Focuses the result grid (and waits until it has the focus).
fn grid(t: &Tmux) {
    std::thread::sleep(Duration::from_millis(200));
    t.keys(&["M-3"]);
    t.wait_for("┏ Results");
}

#[test]
fn the_session_journey_in_a_real_terminal() {
    let data = crate::harness::scratch_dir().join("tmux-session");
    let _ = std::fs::remove_dir_all(&data);
    let t = Tmux::start(&command(&data), 150, 45);
    t.wait_for("post_stats");
    // a user, through the insert form
    select_table(&t, "users");
    t.keys(&["a"]);
    t.wait_for("New row of users");
    t.text("ada");
    t.keys(&["Tab"]);
    t.text("ada@example.org");
    t.keys(&["Enter"]);
    t.wait_for("staged a new row of users");
    // a post for that user, picking the user by name (the autoflush sends the user first)
    select_table(&t, "posts");
    t.keys(&["a"]);
    t.wait_for("New row of posts");
    t.keys(&["C-p"]);
    t.wait_for("Pick users");
    t.text("ada");
    let s = t.wait_for("find: ada▏");
    assert!(s.contains("  ada"), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("(ada)");
    t.keys(&["Tab"]);
    t.text("Ada's first post");
    t.keys(&["Enter"]);
    t.wait_for("staged a new row of posts");
    // another post's title, in the grid
    run_sql(&t, "select id, title from posts where id = 2", "1 row");
    grid(&t);
    t.keys(&["Right", "e"]);
    t.wait_for("Edit posts.title");
    for _ in 0..40 {
        t.keys(&["BSpace"]);
    }
    t.text("Edited in the grid");
    t.keys(&["Enter"]);
    t.wait_for("staged: posts.title");
    // a comment nobody replied to
    run_sql(
        &t,
        "select id, body from comments where id not in (select parent_id from comments \
         where parent_id is not null) order by id limit 1",
        "│ body",
    );
    grid(&t);
    t.keys(&["d"]);
    t.wait_for("staged the deletion of 1 row(s) of comments");
    // the plan and the teaching view
    t.keys(&["M-5", "z"]);
    let s = t.wait_for("Flush plan");
    assert!(s.contains("DELETE FROM comments WHERE id ="), "{s}");
    assert!(
        s.contains("+ new     users") && s.contains("(flushed)"),
        "{s}"
    );
    t.keys(&["t"]);
    let s = t.wait_for("session.identity_map");
    assert!(
        s.contains("user = User(username=\"ada\"") && s.contains("session.add(user)"),
        "{s}"
    );
    assert!(s.contains("session.delete(comment)"), "{s}");
    assert!(s.contains("session.flush()  # autoflush"), "{s}");
    // commit, and the database has it all
    t.keys(&["C-s"]);
    t.wait_for("session.commit()");
    t.keys(&["z"]);
    let s = run_sql(
        &t,
        "select p.title, u.username from posts p join users u on u.id = p.user_id \
         where u.username = 'ada' or p.id = 2 order by p.id",
        "2 rows",
    );
    assert!(
        s.contains("Edited in the grid") && s.contains("Ada's first post"),
        "{s}"
    );
    t.keys(&["C-q"]);
    t.wait_for("retort exited with 0");
}

#[test]
fn staged_changes_survive_kill_9_and_a_second_retort_leaves_the_journal_alone() {
    let data = crate::harness::scratch_dir().join("tmux-journal");
    let _ = std::fs::remove_dir_all(&data);
    let t = Tmux::start(&command(&data), 130, 40);
    t.wait_for("post_stats");
    run_sql(&t, "select id, name from tags order by id", "15 rows");
    grid(&t);
    t.keys(&["Right", "e"]);
    t.wait_for("Edit tags.name");
    t.text(" (kept)");
    t.keys(&["Enter"]);
    t.wait_for("staged: tags.name");
    // a second retort on the same database: the journal is in use
    let other = Tmux::start(&command(&data), 130, 40);
    other.wait_for("another retort");
    drop(other);
    let pid = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let killed = std::process::Command::new("pkill")
        .args(["-9", "-P", pid.trim(), "retort"])
        .status()
        .unwrap();
    assert!(killed.success());
    // gone: the shell's "retort exited" lands wherever the killed program left the cursor,
    // and may wrap, so the process list says it
    let start = std::time::Instant::now();
    while std::process::Command::new("pgrep")
        .args(["-P", pid.trim(), "retort"])
        .status()
        .unwrap()
        .success()
    {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "retort outlived kill -9"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(t);
    let t = Tmux::start(&command(&data), 130, 40);
    let s = t.wait_for("staged change(s) from an earlier run");
    assert!(s.contains("Discard them?"), "{s}");
    t.keys(&["n"]);
    t.wait_for("post_stats");
    let s = t.wait_for("staged 1");
    assert!(!s.contains("Discard them?"), "{s}");
    t.keys(&["C-s"]);
    t.wait_for("committed 1 change(s)");
    let s = run_sql(&t, "select name from tags where id = 1", "1 row");
    assert!(s.contains("(kept)"), "{s}");
}
