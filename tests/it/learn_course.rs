//! The course (issue 19 §2): each step is done in the workbench and checked on the model, what
//! happened is shown, and the learner's place is kept in the data directory.

use std::os::unix::fs::PermissionsExt;

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::harness::scratch_dir;
use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::{demo_url, draw, open_at, settle, until};

fn at(wb: &Workbench) -> (usize, usize) {
    let p = &wb.model.course.progress;
    (p.lesson, p.step)
}

fn screen(wb: &mut Workbench) -> String {
    draw(wb, 160, 44).0
}

#[tokio::test]
async fn the_first_lessons_are_done_in_the_workbench_and_kept() {
    let data = scratch_dir().join(format!("course-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let url = demo_url();
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    key(&mut wb, KeyCode::F(8));
    let s = screen(&mut wb);
    assert!(
        s.contains("Lesson 1: the Engine") && s.contains("Step 1 of 3"),
        "{s}"
    );
    // lesson 1: a query, then the Engine view
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "select count(*) from users");
    run(&mut wb, &mut rx, "select count(*) from users").await;
    assert_eq!(at(&wb), (0, 1));
    let s = screen(&mut wb);
    assert!(s.contains("What happened") && s.contains("lazy"), "{s}");
    wb.dispatch(Action::Focus(PaneId::Echo));
    key(&mut wb, KeyCode::Char('e'));
    assert_eq!(at(&wb), (0, 2));
    key(&mut wb, KeyCode::Char('e'));
    assert_eq!(at(&wb), (1, 0), "lesson 1 is done");
    // lesson 2: the tree, then the model class
    wb.dispatch(Action::Focus(PaneId::Schema));
    key(&mut wb, KeyCode::Char('/'));
    typed(&mut wb, "posts");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(at(&wb), (1, 0), "filtering is not opening");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(at(&wb), (1, 1));
    key(&mut wb, KeyCode::Char('m'));
    assert_eq!(at(&wb), (2, 0), "lesson 2 is done");
    key(&mut wb, KeyCode::Esc);
    // lesson 3: pending, persistent, committed
    run(&mut wb, &mut rx, "select id, name from tags").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('a'));
    typed(&mut wb, "learner");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(at(&wb), (2, 1), "{:?}", wb.model.notice);
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('f'));
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(at(&wb), (2, 2), "{:?}", wb.model.notice);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(at(&wb), (3, 0), "lesson 3 is done");
    // lesson 4: flushed, another connection does not see it; committed, it does
    let before = count_elsewhere(&url);
    run(&mut wb, &mut rx, "select id, name from tags").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('a'));
    typed(&mut wb, "second");
    key(&mut wb, KeyCode::Enter);
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('f'));
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(at(&wb), (3, 1));
    let said = read_elsewhere(&mut wb, &mut rx).await;
    assert_eq!(said, format!("Another connection reads now: {before}"));
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(at(&wb), (4, 0), "lesson 4 is done");
    let said = read_elsewhere(&mut wb, &mut rx).await;
    assert_eq!(
        said,
        format!("Another connection reads now: {}", before + 1)
    );
    // lesson 5: the identity map
    crate::learn_lessons::identity_lesson(&mut wb, &mut rx).await;
    // lesson 6: an edit autoflushed by the next query, then autoflush off
    run(&mut wb, &mut rx, "select id, name from tags").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    typed(&mut wb, " 2");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(at(&wb), (5, 0), "staged, not yet flushed");
    wb.dispatch(Action::RunStatement("select id, name from tags".into()));
    settle_session(&mut wb, &mut rx).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(at(&wb), (5, 1), "{:?}", wb.model.notice);
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('A'));
    assert_eq!(at(&wb), (5, 2));
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    typed(&mut wb, " 3");
    key(&mut wb, KeyCode::Enter);
    run(&mut wb, &mut rx, "select id, name from tags").await;
    assert!(
        wb.model.session.unit.has_pending(),
        "nothing flushed by the select"
    );
    assert_eq!(at(&wb), (6, 0), "lesson 6 is done");
    // lesson 7: a flushed change rolled back
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('f'));
    settle_session(&mut wb, &mut rx).await;
    key(&mut wb, KeyCode::Char('r'));
    key(&mut wb, KeyCode::Char('y'));
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(wb.model.course.progress.finished, vec![0, 1, 2, 3, 4, 5, 6]);
    let s = screen(&mut wb);
    // the grid was read inside the rolled-back transaction: it says so
    assert!(s.contains("STALE"), "{s}");
    run(&mut wb, &mut rx, "select id, name from tags").await;
    assert!(!screen(&mut wb).contains("STALE"));
    // lessons 8 and 9: the flush's order, deletes and cascades
    crate::learn_lessons::order_lesson(&mut wb, &mut rx).await;
    crate::learn_lessons::cascades_lesson(&mut wb, &mut rx).await;
    // lesson 10: a colleague renames the row the learner is editing; the commit is refused
    stale_lesson(&mut wb, &mut rx).await;
    let all: Vec<usize> = (0..10).collect();
    assert_eq!(wb.model.course.progress.finished, all);
    let s = screen(&mut wb);
    assert!(s.contains("Every lesson is done"), "{s}");
    // the place is the learner's, private, and back at the next start
    let kept = data.join("course.json");
    until_written(&kept).await;
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o600
    );
    drop(wb);
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.course.progress.finished, all);
    // F9: the last lesson again
    key(&mut wb, KeyCode::F(8));
    key(&mut wb, KeyCode::F(9));
    assert_eq!(at(&wb), (9, 0));
    assert_eq!(wb.model.course.progress.finished, all[..9]);
}

#[tokio::test]
async fn a_step_is_not_done_by_what_was_done_before_it() {
    let (mut wb, mut rx) = open_at(&demo_url(), None).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select count(*) from users").await;
    wb.dispatch(Action::Focus(PaneId::Echo));
    key(&mut wb, KeyCode::Char('e'));
    key(&mut wb, KeyCode::F(8));
    // the query and the Engine view came before the course opened: step 1 waits for a new one
    wb.dispatch(Action::Focus(PaneId::Schema));
    assert_eq!(at(&wb), (0, 0));
    run(&mut wb, &mut rx, "select 1").await;
    assert_eq!(at(&wb), (0, 1));
}

/// Lesson 10, from its first step: an edit staged, renamed meanwhile by the course's other
/// connection, the commit refused and the change kept, marked.
async fn stale_lesson(
    wb: &mut Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    let lesson = wb.model.course.progress.lesson;
    run(wb, rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Char('e'));
    typed(wb, " mine");
    key(wb, KeyCode::Enter);
    assert_eq!(at(wb), (lesson, 1), "{:?}", wb.model.notice);
    crate::learn_lessons::predict(wb, false);
    let said = read_elsewhere(wb, rx).await;
    assert_eq!(said, "Another connection renamed the row, and committed.");
    ctrl(wb, 's');
    settle_session(wb, rx).await;
    assert_eq!(at(wb), (lesson + 1, 0), "{:?}", wb.model.notice);
    let changes = wb.model.session.unit.changes();
    assert!(
        changes.len() == 1 && changes[0].failure.is_some(),
        "the change is kept, marked: {changes:?}"
    );
    // the log marks the UPDATE that matched nothing, not as a success
    wb.refresh_echo();
    let s = draw(wb, 200, 60).0;
    assert!(
        s.contains("! UPDATE") && s.contains("matched no row"),
        "{s}"
    );
    // as the lesson says: u takes it back, and a new select shows the colleague's name
    wb.dispatch(Action::Focus(PaneId::Session));
    key(wb, KeyCode::Char('u'));
    assert!(wb.model.session.unit.is_empty());
    run(wb, rx, "select name from tags order by id").await;
    let name = crate::ui_session::cell(wb, 0, 0);
    assert!(
        name.ends_with("(renamed by a colleague)"),
        "{name}: {:?} {:?}",
        wb.model.notice,
        wb.model.session.unit.changes()
    );
}

/// The tags a client of its own counts in the demo file.
fn count_elsewhere(url: &retort::engine::DatabaseUrl) -> i64 {
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("select count(*) from tags", [], |r| r.get(0))
        .unwrap()
}

/// Applies events until the course's read on another connection is in.
async fn read_elsewhere(
    wb: &mut Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) -> String {
    let said = |wb: &Workbench| (wb.model.course.elsewhere.clone()).filter(|s| !s.ends_with('…'));
    until(wb, rx, |wb| said(wb).is_some()).await;
    said(wb).unwrap_or_default()
}

async fn until_written(path: &std::path::Path) {
    for _ in 0..100 {
        if path.exists() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{} was never written", path.display());
}

/// Lesson 4 on a server: the course's other connection is the pool beside the Session's, and
/// it does not see a flushed row until the commit.
#[tokio::test]
async fn flush_versus_commit_is_seen_from_another_connection_on_servers() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table tags (id int primary key, name varchar(40)); \
             insert into tags values (1, 'a'), (2, 'b')",
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        key(&mut wb, KeyCode::F(8));
        wb.model.course.progress.lesson = 3;
        run(&mut wb, &mut rx, "select id, name from tags").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('a'));
        typed(&mut wb, "3");
        key(&mut wb, KeyCode::Tab);
        typed(&mut wb, "c");
        key(&mut wb, KeyCode::Enter);
        wb.dispatch(Action::Focus(PaneId::Session));
        key(&mut wb, KeyCode::Char('f'));
        settle_session(&mut wb, &mut rx).await;
        assert_eq!(at(&wb), (3, 1), "{engine:?}: {:?}", wb.model.notice);
        let said = read_elsewhere(&mut wb, &mut rx).await;
        assert_eq!(said, "Another connection reads now: 2", "{engine:?}");
        ctrl(&mut wb, 's');
        settle_session(&mut wb, &mut rx).await;
        let said = read_elsewhere(&mut wb, &mut rx).await;
        assert_eq!(said, "Another connection reads now: 3", "{engine:?}");
        // lesson 7 on the server: the colleague's rename refuses the commit
        wb.model.course.progress = retort::app::course::Progress {
            lesson: 9,
            ..Default::default()
        };
        stale_lesson(&mut wb, &mut rx).await;
    }
}

/// The course's colleague changes nothing on a --read-only connection.
#[tokio::test]
async fn the_course_changes_nothing_under_read_only() {
    use retort::engine::{ConnectOptions, Connection, EchoLog, EngineError};
    let url = demo_url();
    let opts = ConnectOptions {
        read_only: true,
        ..Default::default()
    };
    let conn = Connection::connect(&url, &opts, EchoLog::new())
        .await
        .unwrap();
    let changed = conn
        .change_elsewhere("update tags set name = 'x' where id = 1")
        .await;
    assert!(
        matches!(changed, Err(EngineError::NotSent(_))),
        "{changed:?}"
    );
    assert_eq!(count_elsewhere(&url), 15);
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let name: String = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("select name from tags where id = 1", [], |r| r.get(0))
        .unwrap();
    assert_ne!(name, "x");
}
