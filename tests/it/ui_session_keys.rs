//! The keys the server gives new rows at a flush, in the workbench (TestBackend): the
//! teaching view's object states and identity map, then the commit.

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};

use crate::ui_session::{cell, ctrl, key, run, settle_session, typed};
use crate::ui_support::{draw, open, select_tree_row, settle};

#[tokio::test]
async fn a_flushed_new_row_has_the_key_the_server_gave_as_sqlalchemys_object_does() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Schema));
    select_tree_row(&mut wb, "users");
    key(&mut wb, KeyCode::Char('a'));
    typed(&mut wb, "grace");
    key(&mut wb, KeyCode::Tab);
    typed(&mut wb, "grace@example.org");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('z'));
    key(&mut wb, KeyCode::Char('t'));
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("# inspect(user): pending"), "{screen}");
    assert!(
        !screen.contains("(User, id="),
        "a pending object is not in the identity map yet: {screen}"
    );
    // the flush: the object becomes persistent with the id the database gave it
    key(&mut wb, KeyCode::Char('f'));
    settle_session(&mut wb, &mut rx).await;
    let id = wb.model.session.unit.changes()[0]
        .generated
        .clone()
        .expect("the key came back")
        .values[0]
        .as_ref()
        .display();
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen.contains(&format!(
            "persistent, user.id == {id} (given by the server at the flush)"
        )),
        "{screen}"
    );
    assert!(screen.contains(&format!("(User, id={id})")), "{screen}");
    // and it is the row the database has
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen.contains(&format!("users id={id}: persistent, expired")),
        "{screen}"
    );
    key(&mut wb, KeyCode::Char('z'));
    run(
        &mut wb,
        &mut rx,
        &format!("select username from users where id = {id}"),
    )
    .await;
    assert_eq!(cell(&wb, 0, 0), "grace");
}

/// Stages a user through the insert form and flushes it; returns the id the server gave.
async fn flushed_new_user(
    wb: &mut retort::ui::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
    name: &str,
) -> String {
    wb.dispatch(Action::Focus(PaneId::Schema));
    select_tree_row(wb, "users");
    key(wb, KeyCode::Char('a'));
    typed(wb, name);
    key(wb, KeyCode::Tab);
    typed(wb, &format!("{name}@example.org"));
    key(wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    wb.dispatch(Action::Flush);
    settle_session(wb, rx).await;
    let c = wb.model.session.unit.changes().last().unwrap();
    assert!(c.flushed, "{:?}", wb.model.notice);
    c.generated.clone().expect("the key came back").values[0]
        .as_ref()
        .display()
}

#[tokio::test]
async fn a_flushed_new_row_is_edited_by_its_key_and_a_rollback_folds_the_edit_into_its_insert() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let id = flushed_new_user(&mut wb, &mut rx, "heidi").await;
    // the row is in the open transaction: the grid finds it by the key it was given
    run(
        &mut wb,
        &mut rx,
        &format!("select id, username from users where id = {id}"),
    )
    .await;
    assert_eq!(cell(&wb, 0, 1), "heidi");
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("+ ") && l.contains("heidi")),
        "the row is marked as the new one it is: {screen}"
    );
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    for _ in 0..20 {
        key(&mut wb, KeyCode::Backspace);
    }
    typed(&mut wb, "heidi2");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    let changes = wb.model.session.unit.changes();
    assert_eq!(
        changes.len(),
        2,
        "an UPDATE of the flushed row: {changes:?}"
    );
    assert!(matches!(
        changes[1].kind,
        retort::session::ChangeKind::Update { .. }
    ));
    // the transaction goes (a ROLLBACK typed in the editor): the row is new again, with
    // the edit in its INSERT, and no UPDATE of a row that no longer exists
    run(&mut wb, &mut rx, "rollback").await;
    let changes = wb.model.session.unit.changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(!changes[0].flushed && changes[0].generated.is_none());
    assert_eq!(
        changes[0].staged("username").map(|c| c.label()),
        Some("'heidi2'".to_string()),
        "{changes:?}"
    );
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let heidis = "select count(*), min(username) from users where username like 'heidi%'";
    run(&mut wb, &mut rx, heidis).await;
    assert_eq!(
        (cell(&wb, 0, 0), cell(&wb, 0, 1)),
        ("1".into(), "heidi2".into())
    );
    // a flushed new row deleted, then the transaction rolled back: neither is staged any more
    let id = flushed_new_user(&mut wb, &mut rx, "ivan").await;
    run(
        &mut wb,
        &mut rx,
        &format!("select id, username from users where id = {id}"),
    )
    .await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    run(&mut wb, &mut rx, "rollback").await;
    assert!(
        wb.model.session.unit.is_empty(),
        "{:?}",
        wb.model.session.unit.changes()
    );
}

/// A staged value longer than every value read widens its column: it is shown whole, not
/// cut to "…" (Comfort II).
#[tokio::test]
async fn a_staged_value_widens_its_column() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    let long = "a much longer name than any tag";
    typed(&mut wb, &format!(" {long}"));
    key(&mut wb, KeyCode::Enter);
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains(long), "{screen}");
}
