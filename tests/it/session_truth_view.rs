//! The Session in the workbench where it teaches and where keys meet it: --read-only says it
//! cannot commit, the teaching view follows autoflush and SQLAlchemy's identity map, a table of
//! another schema is editable, the key picker and Ctrl-P work when autoflush fails, values
//! compared in their own terms.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};

use crate::session_truth::{edit_cell, open_on, teaching_view};
use crate::ui_session::{ctrl, key, run, settle_session};
use crate::ui_support::{demo_url, settle};

/// A --read-only connection says from the first staged change that it cannot commit (the
/// status bar said "Ctrl-S commits" until Ctrl-S was refused); the teaching view follows
/// autoflush being off, and says what SQLAlchemy does after a commit.
#[tokio::test]
async fn read_only_says_it_cannot_commit_and_the_teaching_view_follows_autoflush() {
    use std::sync::Arc;
    let url = demo_url();
    let opts = retort::engine::ConnectOptions {
        read_only: true,
        ..Default::default()
    };
    let conn = retort::engine::Connection::connect(&url, &opts, retort::engine::EchoLog::new())
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut wb = retort::ui::Workbench::new(Arc::new(conn), tx, None);
    wb.start();
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    let (screen, _) = crate::ui_support::draw(&mut wb, 200, 40);
    assert!(screen.contains("--read-only: cannot commit"), "{screen}");
    assert!(!screen.contains("Ctrl-S commits"), "{screen}");
    wb.model.session.autoflush = false;
    let screen = teaching_view(&mut wb, 200, 60);
    assert!(
        screen.contains("autoflush=False: a query runs without flushing"),
        "{screen}"
    );
    assert!(screen.contains("persistent and expired"), "{screen}");
}

/// A result from a table of a schema never opened in the tree can be edited: its details are
/// asked for when the rows arrive (before, "still loading" for ever).
#[tokio::test]
async fn a_table_of_another_schema_is_editable_without_opening_it_in_the_tree() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    use retort::app::model::Overlay;
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create schema s2; create table s2.t (id int primary key, v text); \
         insert into s2.t values (1, 'a')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    run(&mut wb, &mut rx, "select id, v from s2.t").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    assert!(
        matches!(wb.model.overlay, Overlay::CellEditor(_)),
        "{:?}",
        wb.model.notice
    );
}

/// Ctrl-P on a foreign key field lists the referenced rows even when the autoflush before it
/// fails (a staged change the server refuses): the rows the database has, and why the new ones
/// are not among them.
#[tokio::test]
async fn the_key_picker_lists_rows_when_the_autoflush_before_it_fails() {
    use retort::app::model::Overlay;
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Schema));
    crate::ui_support::select_tree_row(&mut wb, "users");
    key(&mut wb, KeyCode::Char('a'));
    // a username that exists already: the flush is refused
    crate::ui_session::typed(&mut wb, "lovelace");
    key(&mut wb, KeyCode::Tab);
    crate::ui_session::typed(&mut wb, "x@example.org");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    wb.dispatch(Action::Focus(PaneId::Schema));
    crate::ui_support::select_tree_row(&mut wb, "posts");
    key(&mut wb, KeyCode::Char('a'));
    for _ in 0..10 {
        match &wb.model.overlay {
            Overlay::InsertForm(f) if f.fields[f.selected].column == "user_id" => break,
            _ => key(&mut wb, KeyCode::Tab),
        }
    }
    ctrl(&mut wb, 'p');
    crate::ui_support::until_picker_loaded(&mut wb, &mut rx).await;
    let Overlay::InsertForm(f) = &wb.model.overlay else {
        panic!("the form closed: {:?}", wb.model.notice)
    };
    let rows = f
        .picker
        .as_ref()
        .and_then(|p| p.rows.as_ref())
        .expect("rows listed");
    assert!(!rows.is_empty(), "{rows:?}");
    assert!(
        f.error
            .as_deref()
            .unwrap_or("")
            .contains("autoflush failed"),
        "{:?}",
        f.error
    );
}

/// A batch must match each of its rows exactly once: a key that names two rows (a parent
/// table's row and an inherited one) is refused, not counted as the row someone else deleted.
#[tokio::test]
async fn a_batch_matching_a_row_twice_is_refused() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table parent (id int primary key, v text); \
         create table child () inherits (parent); \
         insert into parent values (1, 'a'), (2, 'b'), (3, 'c'); insert into child values (1, 'a')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    wb.model.session.autoflush = false;
    run(&mut wb, &mut rx, "select id, v from parent order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    key(&mut wb, KeyCode::Char('G'));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    // someone deletes row 3: the batch would still count two rows (1 twice, 3 none)
    exec_ok(&url, "delete from only parent where id = 3");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.session.unit.changes().len(),
        2,
        "{:?}",
        wb.model.notice
    );
    let (_, out, _) = crate::harness::retort(&[
        &url,
        "--format",
        "csv",
        "-e",
        "select count(*) as n from parent",
    ]);
    assert_eq!(
        out, "n\n3\n",
        "nothing deleted (2, and 1 in parent and in child)"
    );
}

/// Staged values read before a change of how values read as text (DateStyle) are held: a key
/// read as 04/03/2024 under DMY would name another day under MDY.
#[tokio::test]
async fn changes_read_before_a_datestyle_change_are_held() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    use retort::app::model::{ConfirmThen, Overlay};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table dk (d date primary key, note text); \
         insert into dk values ('2024-03-04', 'x'), ('2024-04-03', 'x')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    wb.model.session.autoflush = false;
    run(&mut wb, &mut rx, "set datestyle = 'SQL, DMY'").await;
    run(&mut wb, &mut rx, "select d, note from dk order by d").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, "y");
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    run(&mut wb, &mut rx, "set datestyle = 'SQL, MDY'").await;
    let c = &wb.model.session.unit.changes()[0];
    assert!(c.in_doubt, "{c:?}");
    ctrl(&mut wb, 's');
    assert!(
        matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::SendInDoubt { commit: true }),
        "{:?}",
        wb.model.overlay
    );
}

/// The teaching view's identity map as SQLAlchemy keeps it: a deleted object leaves it at the
/// flush, an edited one stays.
#[tokio::test]
async fn the_identity_map_drops_a_deleted_object_at_the_flush() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.model.session.autoflush = false;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, "renamed");
    let screen = teaching_view(&mut wb, 200, 60);
    assert!(
        screen.contains("(Tag, id=1)") && screen.contains("(Tag, id=2)"),
        "{screen}"
    );
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('f'));
    settle_session(&mut wb, &mut rx).await;
    let (screen, _) = crate::ui_support::draw(&mut wb, 200, 60);
    let map = screen
        .lines()
        .find(|l| l.contains("session.identity_map"))
        .unwrap_or_default();
    assert!(
        map.contains("(Tag, id=2)") && !map.contains("(Tag, id=1)"),
        "{screen}"
    );
}

/// After session.commit() SQLAlchemy keeps the persistent objects in the identity map (expired)
/// and drops the deleted ones: the teaching view shows the same.
#[tokio::test]
async fn after_a_commit_the_identity_map_keeps_the_persistent_objects() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, "renamed");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let screen = teaching_view(&mut wb, 200, 60);
    let map = screen
        .lines()
        .find(|l| l.contains("session.identity_map"))
        .unwrap_or_default();
    assert!(
        map.contains("(Tag, id=2)") && !map.contains("(Tag, id=1)"),
        "{screen}"
    );
}

/// An attribute set back to the value read stages nothing, but SQLAlchemy lists the object in
/// session.dirty (is_modified() False): the teaching view shows it so, until a flush.
#[tokio::test]
async fn an_edit_back_to_the_value_read_shows_in_session_dirty() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.model.session.autoflush = false;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    let original = crate::ui_session::cell(&wb, 0, 1);
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, &original);
    assert!(wb.model.session.unit.is_empty(), "nothing staged");
    let screen = teaching_view(&mut wb, 220, 60);
    let dirty = screen
        .lines()
        .find(|l| l.contains("session.dirty"))
        .unwrap_or_default();
    assert!(
        dirty.contains("(Tag, id=1)") && dirty.contains("is_modified() is False"),
        "{screen}"
    );
}

/// Ctrl-P in the cell editor says where the picker is instead of doing nothing.
#[tokio::test]
async fn ctrl_p_in_the_cell_editor_says_where_the_picker_is() {
    use retort::app::model::Overlay;
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "select id, user_id, title from posts order by id",
    )
    .await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    ctrl(&mut wb, 'p');
    let Overlay::CellEditor(e) = &wb.model.overlay else {
        panic!("{:?}", wb.model.overlay)
    };
    assert!(
        e.error.as_deref().unwrap_or("").contains("insert form"),
        "{:?}",
        e.error
    );
}

/// Typing a cell's original value back removes its change, an `inet` too (the value read was
/// learned as an inet, the one typed as text: the same text is the same value).
#[tokio::test]
async fn retyping_an_original_inet_takes_the_change_back() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table hosts (id int primary key, ip inet); insert into hosts values (1, '::1')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    run(&mut wb, &mut rx, "select id, ip from hosts").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    for typed in ["10.0.0.1", "::1"] {
        edit_cell(&mut wb, typed);
    }
    assert!(
        wb.model.session.unit.is_empty(),
        "{:?}",
        wb.model.session.unit.changes()
    );
}
