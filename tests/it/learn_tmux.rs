//! The whole course in the real binary in tmux (issue 19 §2): `retort --learn` on the bundled
//! demo, each lesson done with the keys its text gives, to the last one.

use std::time::Duration;

use crate::tmux_e2e::Tmux;

fn pause() {
    std::thread::sleep(Duration::from_millis(300));
}

/// Types `sql` into the editor and runs it; waits for the result's row count.
fn run_sql(t: &Tmux, sql: &str, until: &str) {
    t.keys(&["M-2", "C-a", "C-k"]);
    t.text(sql);
    t.keys(&["F5"]);
    t.wait_for(until);
    pause();
}

fn pane(t: &Tmux, alt: &str) {
    pause();
    t.keys(&[alt]);
    pause();
}

/// Answers the course's question before a step.
fn predict(t: &Tmux, answer: &str) {
    t.wait_for("Your prediction?");
    t.keys(&[answer]);
    pause();
}

/// Says yes to putting the demo's rows back as a lesson begins.
fn fresh_demo(t: &Tmux) {
    t.wait_for("Put them back?");
    t.keys(&["y"]);
    t.wait_for("rows are back");
}

fn roll_back(t: &Tmux) {
    pane(t, "M-5");
    t.keys(&["r"]);
    t.wait_for("Roll back?");
    t.keys(&["y"]);
}

/// A name in the grid of tags edited: `more` added to it.
fn edit_tag(t: &Tmux, more: &str) {
    pane(t, "M-3");
    t.keys(&["Right", "e"]);
    t.wait_for("Edit tags.name");
    t.text(more);
    t.keys(&["Enter"]);
    pause();
}

fn add_tag(t: &Tmux, name: &str) {
    pane(t, "M-3");
    t.keys(&["a"]);
    t.wait_for("New row of tags");
    t.text(name);
    t.keys(&["Enter"]);
    pause();
}

#[test]
fn the_whole_course_in_a_real_terminal() {
    let data = crate::harness::scratch_dir().join("tmux-course");
    let _ = std::fs::remove_dir_all(&data);
    let cmd = format!(
        "env -u DATABASE_URL RETORT_DATA_DIR={} {} --learn; echo \"retort exited with $?\"; sleep 30",
        data.display(),
        env!("CARGO_BIN_EXE_retort")
    );
    let t = Tmux::start(&cmd, 170, 50);
    t.wait_for("Lesson 1:");
    // 1 the Engine
    run_sql(&t, "select count(*) from users", "Step 2 of 3");
    pane(&t, "M-4");
    t.keys(&["e"]);
    t.wait_for("Step 3 of 3");
    t.keys(&["e"]);
    t.wait_for("Lesson 2:");
    // 2 MetaData
    pane(&t, "M-1");
    t.keys(&["/"]);
    t.text("posts");
    t.keys(&["Enter"]);
    pause();
    t.keys(&["Enter"]);
    t.wait_for("Step 2 of 2");
    t.keys(&["m"]);
    t.wait_for("Lesson 3:");
    pause();
    t.keys(&["Escape"]);
    fresh_demo(&t);
    // 3 object states
    run_sql(&t, "select id, name from tags", "rows");
    add_tag(&t, "learner");
    t.wait_for("Step 2 of 3");
    pane(&t, "M-5");
    t.keys(&["f"]);
    t.wait_for("Step 3 of 3");
    t.keys(&["C-s"]);
    t.wait_for("Lesson 4:");
    // 4 flush versus commit, seen from another connection
    run_sql(&t, "select id, name from tags", "rows");
    add_tag(&t, "second");
    pane(&t, "M-5");
    t.keys(&["f"]);
    t.wait_for("Another connection reads now");
    t.keys(&["C-s"]);
    t.wait_for("Lesson 5:");
    fresh_demo(&t);
    // 5 the identity map
    run_sql(&t, "select id, name from tags order by id", "rows");
    edit_tag(&t, " again");
    predict(&t, "y");
    run_sql(
        &t,
        "select name, id from tags order by name desc",
        "Lesson 6:",
    );
    // 6 autoflush
    run_sql(&t, "select id, name from tags order by id", "rows");
    edit_tag(&t, " 2");
    run_sql(&t, "select id, name from tags order by id", "Step 2 of 3");
    pane(&t, "M-5");
    t.keys(&["A"]);
    t.wait_for("Step 3 of 3");
    edit_tag(&t, " 3");
    run_sql(&t, "select id, name from tags order by id", "Lesson 7:");
    // 7 rollback
    pane(&t, "M-3");
    t.keys(&["d"]);
    pane(&t, "M-5");
    t.keys(&["f"]);
    pause();
    roll_back(&t);
    t.wait_for("Lesson 8:");
    fresh_demo(&t);
    // 8 the unit of work's order (autoflush is still off)
    run_sql(&t, "select * from users order by id", "rows");
    pane(&t, "M-3");
    t.keys(&["Down", "d"]);
    t.wait_for("Step 2 of 4");
    run_sql(&t, "select * from posts where user_id = 2", "rows");
    pane(&t, "M-3");
    t.keys(&["d"]);
    predict(&t, "y");
    pane(&t, "M-5");
    t.keys(&["f"]);
    t.wait_for("not so");
    roll_back(&t);
    t.wait_for("Lesson 9:");
    fresh_demo(&t);
    // 9 deletes and cascades
    run_sql(&t, "select * from users order by id", "rows");
    pane(&t, "M-3");
    t.keys(&["Down", "d"]);
    predict(&t, "n");
    pane(&t, "M-5");
    t.keys(&["f"]);
    t.wait_for("Step 3 of 3");
    roll_back(&t);
    t.wait_for("Lesson 10:");
    fresh_demo(&t);
    // 10 a row changed by someone else
    run_sql(&t, "select id, name from tags order by id", "rows");
    edit_tag(&t, " mine");
    predict(&t, "n");
    t.wait_for("Another connection renamed the row");
    t.keys(&["C-s"]);
    t.wait_for("Every lesson is done");
    t.keys(&["C-q"]);
    pause();
    if t.screen().contains("y = yes") {
        t.keys(&["y"]);
    }
    t.wait_for("retort exited with 0");
    let kept = std::fs::read_to_string(data.join("course.json")).unwrap();
    assert!(kept.contains("[0,1,2,3,4,5,6,7,8,9]"), "{kept}");
}
