//! The course's reset of the demo, attacked: it asks first, refuses a demo whose tables the
//! learner changed (no cascade or trigger into a table of theirs), nothing is staged, run or
//! sent while it runs, and a hand-edited place in the course is made one of its own.

use crossterm::event::KeyCode;
use retort::app::model::{ConfirmThen, Overlay};
use retort::app::{Action, PaneId};

use crate::learn_lessons::{data_with_demo, delete_elsewhere, tags_in, until_reset};
use crate::ui_session::key;
use crate::ui_support::{open_at, settle};

fn asked(wb: &retort::ui::Workbench) -> bool {
    matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::ResetDemo)
}

#[tokio::test]
async fn the_reset_is_asked_for_and_no_keeps_the_demo_as_it_is() {
    let (data, url) = data_with_demo("reset-no");
    let (mut wb, mut rx) = open_at(&url, Some(data)).await;
    settle(&mut wb, &mut rx).await;
    delete_elsewhere(&url);
    wb.model.course.progress.lesson = 9;
    key(&mut wb, KeyCode::F(8));
    assert!(asked(&wb), "{:?}", wb.model.overlay);
    key(&mut wb, KeyCode::Char('n'));
    settle(&mut wb, &mut rx).await;
    assert_eq!(tags_in(&url), 3, "nothing put back");
    let said = wb.model.course.reset.clone().unwrap_or_default();
    assert!(said.contains("as it is") && said.contains("F9"), "{said}");
    // F8 twice does not ask again; F9 does
    key(&mut wb, KeyCode::F(8));
    key(&mut wb, KeyCode::F(8));
    assert!(!asked(&wb));
    key(&mut wb, KeyCode::F(9));
    assert!(asked(&wb));
}

#[tokio::test]
async fn a_demo_whose_tables_were_changed_is_left_alone_with_the_learners_table() {
    let (data, url) = data_with_demo("reset-changed");
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let own = rusqlite::Connection::open(db).unwrap();
    own.execute_batch(
        "create table notes (id integer primary key, \
           user_id integer references users(id) on delete cascade, body text); \
         insert into notes (user_id, body) select id, 'mine' from users; \
         create table fired (n integer); \
         create trigger tags_gone after delete on tags begin insert into fired values (1); end; \
         delete from post_tags; delete from tags where id > 3",
    )
    .unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data)).await;
    settle(&mut wb, &mut rx).await;
    wb.model.course.progress.lesson = 9;
    key(&mut wb, KeyCode::F(8));
    let said = until_reset(&mut wb, &mut rx).await.unwrap_or_default();
    assert!(said.contains("tables were changed"), "{said}");
    let count = |sql: &str| own.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("select count(*) from notes"),
        40,
        "the learner's rows kept"
    );
    assert_eq!(
        count("select count(*) from fired"),
        12,
        "no trigger fired by the reset"
    );
    assert_eq!(tags_in(&url), 3, "the demo left as it was");
}

#[tokio::test]
async fn nothing_is_staged_run_or_sent_while_the_demo_is_put_back() {
    let (data, url) = data_with_demo("reset-busy");
    let (mut wb, mut rx) = open_at(&url, Some(data)).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, name from tags order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.model.course.progress.lesson = 9;
    key(&mut wb, KeyCode::F(8));
    key(&mut wb, KeyCode::Char('y'));
    assert!(wb.model.course.resetting);
    // before the reset's answer: a delete, a query and a commit are all refused, and said
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert!(wb.model.session.unit.is_empty());
    wb.dispatch(Action::RunStatement(
        "update tags set name = 'x' where id = 1".into(),
    ));
    assert!(!wb.model.is_running());
    let notice = wb.model.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(notice.contains("putting the demo's rows back"), "{notice}");
    until_reset(&mut wb, &mut rx).await;
    assert!(!wb.model.course.resetting);
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(
        wb.model.session.unit.changes().len(),
        1,
        "staged once it is done"
    );
}

#[test]
fn a_hand_edited_place_in_the_course_is_made_one_of_its_own() {
    use retort::app::course::{LESSONS, Progress, within_the_course};
    let p = within_the_course(Progress {
        lesson: 99,
        step: 5,
        finished: vec![3, 1, 3, 10, 11, 99],
    });
    assert_eq!(p.lesson, LESSONS.len());
    assert_eq!(p.finished, vec![1, 3]);
    let p = within_the_course(Progress {
        lesson: 1,
        step: 99,
        finished: vec![],
    });
    assert_eq!((p.lesson, p.step), (1, 0));
}
