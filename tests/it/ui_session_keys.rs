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
        screen.contains(&format!("users id={id}: detached")),
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
