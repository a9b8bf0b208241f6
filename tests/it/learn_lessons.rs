//! The course's lessons on the unit of work (issue 19 §2: the identity map, the flush's order,
//! deletes and cascades), its questions asked before a step, and the demo put back for a
//! lesson that needs it.

use crossterm::event::KeyCode;
use retort::app::model::{ConfirmThen, Overlay};
use retort::app::{Action, Event, PaneId};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::harness::scratch_dir;
use crate::ui_session::{cell, key, run, settle_session, typed};
use crate::ui_support::{draw, open_at, settle, until};

fn at(wb: &Workbench) -> (usize, usize) {
    let p = &wb.model.course.progress;
    (p.lesson, p.step)
}

/// The course's question is on screen; the learner answers it.
pub(crate) fn predict(wb: &mut Workbench, yes: bool) {
    assert!(
        matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::Predict),
        "a question is asked before the step: {:?}",
        wb.model.overlay
    );
    key(wb, KeyCode::Char(if yes { 'y' } else { 'n' }));
    assert_eq!(wb.model.overlay, Overlay::None);
}

/// Lesson 5, from its first step: an edit seen through a second read of the same row.
pub(crate) async fn identity_lesson(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    let lesson = at(wb).0;
    run(wb, rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Char('e'));
    typed(wb, " again");
    key(wb, KeyCode::Enter);
    assert_eq!(at(wb), (lesson, 1), "{:?}", wb.model.notice);
    predict(wb, true);
    let name = format!("{} again", cell(wb, 0, 1));
    run(wb, rx, "select name, id from tags order by name desc").await;
    assert_eq!(at(wb), (lesson + 1, 0), "{:?}", wb.model.notice);
    assert_eq!(
        wb.model.course.verdict.as_deref(),
        Some("You predicted yes: right.")
    );
    let rows = wb.model.result().unwrap().len();
    let shown: Vec<String> = (0..rows).map(|r| cell(wb, r, 0)).collect();
    assert!(shown.contains(&name), "{name} in {shown:?}");
}

/// Lesson 8, from its first step: the parent's delete staged first, the child's sent first.
pub(crate) async fn order_lesson(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    let lesson = at(wb).0;
    wb.dispatch(Action::Focus(PaneId::Session));
    if wb.model.session.autoflush {
        key(wb, KeyCode::Char('A'));
    }
    assert_eq!(at(wb), (lesson, 0), "not done before the learner stages");
    run(wb, rx, "select * from users order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Down);
    key(wb, KeyCode::Char('d'));
    assert_eq!(at(wb), (lesson, 1), "{:?}", wb.model.notice);
    run(wb, rx, "select * from posts where user_id = 2").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Char('d'));
    assert_eq!(at(wb), (lesson, 2), "{:?}", wb.model.notice);
    predict(wb, true);
    let sent_before = wb.model.echo.len();
    wb.dispatch(Action::Focus(PaneId::Session));
    key(wb, KeyCode::Char('f'));
    settle_session(wb, rx).await;
    assert_eq!(at(wb), (lesson, 3), "{:?}", wb.model.notice);
    assert!(
        (wb.model.course.verdict.as_deref()).is_some_and(|v| v.contains("not so")),
        "{:?}",
        wb.model.course.verdict
    );
    // as SQLAlchemy counts them: flushed, they are no longer in session.deleted
    key(wb, KeyCode::Char('z'));
    let (screen, _) = draw(wb, 200, 60);
    assert!(
        screen.contains("new 0 · dirty 0 · deleted 0 · 2 flushed, not committed"),
        "{screen}"
    );
    key(wb, KeyCode::Char('z'));
    wb.refresh_echo();
    let deletes: Vec<&str> = (wb.model.echo.iter().skip(sent_before))
        .map(|e| e.sql.as_str())
        .filter(|s| s.to_ascii_lowercase().starts_with("delete"))
        .collect();
    assert!(
        deletes.len() == 2 && deletes[0].contains("posts") && deletes[1].contains("users"),
        "{deletes:?}"
    );
    key(wb, KeyCode::Char('r'));
    key(wb, KeyCode::Char('y'));
    settle_session(wb, rx).await;
    assert_eq!(at(wb), (lesson + 1, 0));
}

/// Lesson 9, from its first step: one DELETE, the database deletes the children.
pub(crate) async fn cascades_lesson(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    let lesson = at(wb).0;
    run(wb, rx, "select * from users order by id").await;
    let user = cell(wb, 1, 0);
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Down);
    key(wb, KeyCode::Char('d'));
    assert_eq!(at(wb), (lesson, 1), "{:?}", wb.model.notice);
    predict(wb, false);
    // the plan's notes say what the database does besides
    wb.dispatch(Action::Focus(PaneId::Session));
    key(wb, KeyCode::Char('z'));
    let (screen, _) = draw(wb, 200, 60);
    assert!(screen.contains("ON DELETE CASCADE"), "{screen}");
    key(wb, KeyCode::Char('z'));
    let sent_before = wb.model.echo.len();
    key(wb, KeyCode::Char('f'));
    settle_session(wb, rx).await;
    assert_eq!(at(wb), (lesson, 2), "{:?}", wb.model.notice);
    wb.refresh_echo();
    let deletes = (wb.model.echo.iter().skip(sent_before))
        .filter(|e| e.sql.to_ascii_lowercase().starts_with("delete"))
        .count();
    assert_eq!(deletes, 1, "one DELETE: the database does the rest");
    let sql = format!("select count(*) from posts where user_id = {user}");
    run(wb, rx, &sql).await;
    assert_eq!(cell(wb, 0, 0), "0", "the posts went with the user");
    wb.dispatch(Action::Focus(PaneId::Session));
    key(wb, KeyCode::Char('r'));
    key(wb, KeyCode::Char('y'));
    settle_session(wb, rx).await;
    assert_eq!(at(wb), (lesson + 1, 0));
    run(wb, rx, &sql).await;
    assert_ne!(
        cell(wb, 0, 0),
        "0",
        "rolled back: the posts are there again"
    );
}

/// A data directory with the bundled demo in it, as `retort` with no URL makes it.
pub(crate) fn data_with_demo(name: &str) -> (std::path::PathBuf, retort::engine::DatabaseUrl) {
    let data = scratch_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).unwrap();
    let demo = data.join(retort::engine::demo::DEMO_FILE);
    retort::engine::demo::create_demo_at(&demo).unwrap();
    let url = format!("sqlite:///{}", demo.display());
    (data, retort::engine::DatabaseUrl::parse(&url).unwrap())
}

/// A learner's earlier work, committed: most tags gone.
pub(crate) fn delete_elsewhere(url: &retort::engine::DatabaseUrl) {
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("delete from post_tags; delete from tags where id > 3")
        .unwrap();
}

pub(crate) fn tags_in(url: &retort::engine::DatabaseUrl) -> i64 {
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("select count(*) from tags", [], |r| r.get(0))
        .unwrap()
}

/// Says yes to the course's question whether to put the demo's rows back, when it is asked;
/// then applies events until the reset is answered.
pub(crate) async fn until_reset(
    wb: &mut Workbench,
    rx: &mut UnboundedReceiver<Event>,
) -> Option<String> {
    if matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::ResetDemo) {
        key(wb, KeyCode::Char('y'));
    }
    let under_way =
        |wb: &Workbench| (wb.model.course.reset.as_deref()).is_some_and(|s| s.ends_with('…'));
    until(wb, rx, |wb| !under_way(wb)).await;
    wb.model.course.reset.clone()
}

#[tokio::test]
async fn a_lesson_that_needs_the_demos_rows_gets_them_back_and_nothing_staged_is_lost() {
    let (data, url) = data_with_demo("course-reset");
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    let first = tags_in(&url);
    delete_elsewhere(&url);
    assert_eq!(tags_in(&url), 3);
    // the lesson on a row changed by someone else needs the demo's tags
    wb.model.course.progress.lesson = 9;
    key(&mut wb, KeyCode::F(8));
    let said = until_reset(&mut wb, &mut rx).await.unwrap_or_default();
    assert!(said.contains("back as first installed"), "{said}");
    assert_eq!(tags_in(&url), first);
    // closing and opening the course again resets nothing
    delete_elsewhere(&url);
    key(&mut wb, KeyCode::F(8));
    key(&mut wb, KeyCode::F(8));
    settle(&mut wb, &mut rx).await;
    assert_eq!(tags_in(&url), 3, "F8 again is not a reset");
    key(&mut wb, KeyCode::F(9));
    until_reset(&mut wb, &mut rx).await;
    assert_eq!(tags_in(&url), first, "F9 is");
    wb.refresh_echo();
    assert!(
        (wb.model.echo.iter()).any(|e| e.sql.contains("insert into main.\"tags\"")),
        "the reset is in the echo log"
    );
    // something staged: the demo is left as it is, and the learner told how to go on
    run(&mut wb, &mut rx, "select id, name from tags").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    delete_elsewhere(&url);
    key(&mut wb, KeyCode::F(9));
    let said = wb.model.course.reset.clone().unwrap_or_default();
    assert!(said.contains("roll back"), "{said}");
    assert_eq!(
        wb.model.session.unit.changes().len(),
        1,
        "nothing staged is lost"
    );
    settle(&mut wb, &mut rx).await;
    assert_eq!(tags_in(&url), 3, "nothing reset");
}

#[tokio::test]
async fn another_database_than_the_demo_is_never_reset() {
    let (data, _) = data_with_demo("course-noreset");
    // a copy of the demo elsewhere is the learner's own database
    let url = crate::ui_support::demo_url();
    let (mut wb, mut rx) = open_at(&url, Some(data)).await;
    settle(&mut wb, &mut rx).await;
    delete_elsewhere(&url);
    wb.model.course.progress.lesson = 9;
    key(&mut wb, KeyCode::F(8));
    assert_eq!(until_reset(&mut wb, &mut rx).await, None);
    assert_eq!(tags_in(&url), 3);
}

#[tokio::test]
async fn the_unit_of_work_lessons_are_done_in_the_workbench() {
    let (data, url) = data_with_demo("course-uow");
    let (mut wb, mut rx) = open_at(&url, Some(data)).await;
    settle(&mut wb, &mut rx).await;
    wb.model.course.progress.lesson = 4;
    key(&mut wb, KeyCode::F(8));
    until_reset(&mut wb, &mut rx).await;
    identity_lesson(&mut wb, &mut rx).await;
    // what lesson 5 flushed is rolled back, and lesson 8 begins on the demo's rows
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('r'));
    key(&mut wb, KeyCode::Char('y'));
    settle_session(&mut wb, &mut rx).await;
    wb.model.course.progress.lesson = 7;
    key(&mut wb, KeyCode::F(9));
    until_reset(&mut wb, &mut rx).await;
    order_lesson(&mut wb, &mut rx).await;
    until_reset(&mut wb, &mut rx).await;
    cascades_lesson(&mut wb, &mut rx).await;
}
