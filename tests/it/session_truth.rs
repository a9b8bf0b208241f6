//! The Session follows what the server did, never what retort guessed: a COMMIT that SQLite
//! refuses as busy leaves the transaction open and is retried alone; a ROLLBACK always gets
//! through.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};
use retort::engine::SqliteTarget;

use crate::ui_session::{ctrl, key, run, settle_session};
use crate::ui_support::{demo_url, open_at, settle};

/// How many statements sent so far start with `prefix`, in the echo log.
pub(crate) fn sent(wb: &retort::ui::Workbench, prefix: &str) -> usize {
    wb.model
        .echo
        .iter()
        .filter(|e| e.sql.starts_with(prefix))
        .count()
}

/// A workbench on the database of `url`, its catalog in.
pub(crate) async fn open_on(
    url: &str,
) -> (
    retort::ui::Workbench,
    tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    let parsed = retort::engine::DatabaseUrl::parse(url).unwrap();
    let (mut wb, mut rx) = open_at(&parsed, None).await;
    settle(&mut wb, &mut rx).await;
    (wb, rx)
}

/// The one value `sql` gives, read through retort's CSV output.
pub(crate) fn value_of(url: &str, sql: &str) -> String {
    let (_, out, _) = crate::harness::retort(&[url, "--format", "csv", "-e", sql]);
    out.lines().nth(1).unwrap_or_default().to_string()
}

/// Edits the cell under the grid's cursor to `text` (e, Ctrl-U, the text, Enter).
pub(crate) fn edit_cell(wb: &mut retort::ui::Workbench, text: &str) {
    key(wb, KeyCode::Char('e'));
    ctrl(wb, 'u');
    crate::ui_session::typed(wb, text);
    key(wb, KeyCode::Enter);
}

/// The Session pane's teaching view, zoomed, drawn at `w` × `h`.
pub(crate) fn teaching_view(wb: &mut retort::ui::Workbench, w: u16, h: u16) -> String {
    wb.model.session.tab = retort::app::model::SessionTab::Teaching;
    wb.model.zoomed = true;
    wb.model.focus = retort::app::PaneId::Session;
    crate::ui_support::draw(wb, w, h).0
}

/// The staged changes marked failed.
pub(crate) fn failed_changes(wb: &retort::ui::Workbench) -> Vec<retort::session::Change> {
    wb.model
        .session
        .unit
        .changes()
        .iter()
        .filter(|c| c.failure.is_some())
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_busy_commit_leaves_the_transaction_open_and_only_commit_is_sent_again() {
    let url = demo_url();
    let Some(SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let (mut wb, mut rx) = open_at(&url, None).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    // another process reads: its shared lock keeps COMMIT from getting the file (rollback
    // journal mode), for longer than retort waits
    let reader = rusqlite::Connection::open(db).unwrap();
    reader.execute_batch("begin").unwrap();
    let before: i64 = reader
        .query_row("select count(*) from tags", [], |r| r.get(0))
        .unwrap();
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("still open") && notice.contains("locked"),
        "{notice}"
    );
    assert!(wb.model.transaction.is_open(), "the server says it is open");
    let changes = wb.model.session.unit.changes();
    assert!(
        changes.len() == 1 && changes[0].flushed,
        "kept as flushed in the open transaction: {changes:?}"
    );
    wb.refresh_echo();
    assert_eq!(sent(&wb, "DELETE"), 1);
    reader.execute_batch("commit").unwrap();
    // the retry sends COMMIT alone: the DELETE is in the open transaction already
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    wb.refresh_echo();
    assert_eq!(sent(&wb, "DELETE"), 1, "the DELETE was sent again");
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    assert!(!wb.model.transaction.is_open());
    let after: i64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("select count(*) from tags", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before - 1);
}

/// The case: a transaction lost with the connection while a change is staged and
/// autoflush is on. The ROLLBACK the status bar asks for must not wait for a flush that the
/// lost transaction refuses.
#[tokio::test]
async fn a_rollback_gets_through_when_autoflush_cannot_flush() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (id int primary key, v text); insert into t values (1, 'a'), (2, 'b')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    run(&mut wb, &mut rx, "select pg_backend_pid()").await;
    let pid = crate::ui_session::cell(&wb, 0, 0);
    run(&mut wb, &mut rx, "begin").await;
    run(&mut wb, &mut rx, "select id, v from t order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert!(wb.model.session.autoflush && wb.model.session.unit.has_pending());
    exec_ok(&url, &format!("select pg_terminate_backend({pid})"));
    // the next statement finds the transaction lost
    run(&mut wb, &mut rx, "select 1").await;
    assert_eq!(wb.model.transaction, retort::engine::TxStatus::Lost);
    wb.dispatch(Action::RunStatement("rollback".into()));
    settle_session(&mut wb, &mut rx).await;
    settle(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(!notice.contains("autoflush failed"), "{notice}");
    assert!(!wb.model.transaction.is_open(), "{notice}");
    // nothing staged was lost, and now it can be committed
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let (_, out, _) = crate::harness::retort(&[&url, "--format", "csv", "-e", "select id from t"]);
    assert_eq!(out, "id\n2\n");
}

/// A commit whose answer was lost, and whose rows cannot tell (someone changed them since):
/// its changes are never sent again by autoflush, and Ctrl-S sends them only after a yes.
#[tokio::test]
async fn changes_of_an_unknown_commit_are_never_sent_again_without_a_yes() {
    use retort::app::Event;
    use retort::app::model::{ConfirmThen, Overlay};
    use retort::session::flush::CommitOutcome;
    let url = demo_url();
    let Some(SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let (mut wb, mut rx) = open_at(&url, None).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, "renamed");
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    // the row is neither what was read nor what was staged: the rows cannot tell
    rusqlite::Connection::open(db)
        .unwrap()
        .execute("update tags set name = 'third' where id = 1", [])
        .unwrap();
    wb.on_event(Event::SessionCommitted {
        outcome: CommitOutcome::Unknown("the connection dropped during COMMIT".into()),
        transaction: retort::engine::TxStatus::Idle,
    });
    for _ in 0..50 {
        if wb
            .model
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("cannot tell")
        {
            break;
        }
        if let Ok(Some(ev)) =
            tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await
        {
            wb.on_event(ev);
        }
    }
    assert!(wb.model.session.unit.changes()[0].in_doubt);
    // a query with autoflush on: not run, and nothing sent
    run(&mut wb, &mut rx, "select count(*) from tags").await;
    wb.refresh_echo();
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("not run: autoflush"), "{notice}");
    assert_eq!(sent(&wb, "UPDATE"), 0);
    // Ctrl-S asks; no sends nothing
    ctrl(&mut wb, 's');
    assert!(
        matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::SendInDoubt { commit: true }),
        "{:?}",
        wb.model.overlay
    );
    let (screen, _) = crate::ui_support::draw(&mut wb, 120, 40);
    assert!(
        screen.contains("may be in the database already"),
        "{screen}"
    );
    wb.dispatch(Action::Confirm(false));
    assert!(!wb.model.session.busy);
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    // yes sends it, and the flush's own check refuses to overwrite the row changed since
    ctrl(&mut wb, 's');
    wb.dispatch(Action::Confirm(true));
    settle_session(&mut wb, &mut rx).await;
    wb.refresh_echo();
    assert_eq!(sent(&wb, "UPDATE"), 1);
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.contains("someone else"), "{notice}");
    let name: String = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("select name from tags where id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "third");
}

/// MariaDB: a BEGIN typed while flushed changes are in the open transaction commits them (the
/// server does it by itself); the Session follows: they are committed, never staged again to
/// be sent a second time, and the status says so. DDL inside the transaction likewise.
#[tokio::test]
async fn mariadbs_implicit_commits_are_followed_by_the_session() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table t (id int primary key, v text); insert into t values (1, 'a'), (2, 'b')",
    );
    let count = || value_of(&url, "select count(*) as n from t");
    let (mut wb, mut rx) = open_on(&url).await;
    run(&mut wb, &mut rx, "select id, v from t order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    // autoflush sends BEGIN + DELETE, then the user's BEGIN commits them
    run(&mut wb, &mut rx, "begin").await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("committed the open transaction by itself")
            && notice.contains("1 flushed change"),
        "{notice}"
    );
    assert!(
        wb.model.session.unit.is_empty(),
        "{:?}",
        wb.model.session.unit.changes()
    );
    assert_eq!(count(), "1");
    // a ROLLBACK now ends only the new transaction: nothing is staged again, nothing resent
    run(&mut wb, &mut rx, "rollback").await;
    assert!(wb.model.session.unit.is_empty());
    assert_eq!(count(), "1");
    // DDL inside a transaction commits it too, and says so
    run(&mut wb, &mut rx, "select id, v from t order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(count(), "0");
    run(&mut wb, &mut rx, "begin").await;
    run(&mut wb, &mut rx, "insert into t values (3, 'c')").await;
    run(&mut wb, &mut rx, "create table t2 (a int)").await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.contains("DDL"), "{notice}");
    assert!(!wb.model.transaction.is_open());
}

/// A flush that waits on a row lock another session holds shows the wait in the status bar,
/// and Esc cancels it on the server: its statements are rolled back and every change is kept.
#[tokio::test]
async fn a_flush_waiting_on_a_lock_shows_the_wait_and_esc_cancels_it() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (id int primary key, v text); insert into t values (1, 'a')",
    );
    let holder = crate::harness::connect(&url).await;
    crate::trust_transaction::run(&holder, "begin")
        .await
        .unwrap();
    crate::trust_transaction::run(&holder, "update t set v = 'held' where id = 1")
        .await
        .unwrap();
    let (mut wb, mut rx) = open_on(&url).await;
    run(&mut wb, &mut rx, "select id, v from t").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    ctrl(&mut wb, 's');
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert!(wb.model.session.busy, "the DELETE waits for the lock");
    let (screen, _) = crate::ui_support::draw(&mut wb, 200, 30);
    assert!(screen.contains("Esc cancels"), "{screen}");
    key(&mut wb, KeyCode::Esc);
    settle_session(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("flush failed") && notice.contains("kept"),
        "{notice}"
    );
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    assert!(!wb.model.session.unit.changes()[0].flushed);
    assert!(!wb.model.transaction.is_open());
    crate::trust_transaction::run(&holder, "rollback")
        .await
        .unwrap();
}

/// A deferred foreign key that refuses the COMMIT names its change: the one whose staged key
/// the server says is not present.
#[tokio::test]
async fn a_deferred_key_refused_at_commit_marks_its_change() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table parent (id int primary key); insert into parent values (1), (2); \
         create table child (id int primary key, parent_id int references parent \
           deferrable initially deferred, note text); \
         insert into child values (10, 1, 'a'), (11, 2, 'b')",
    );
    let (mut wb, mut rx) = open_on(&url).await;
    run(
        &mut wb,
        &mut rx,
        "select id, parent_id, note from child order by id",
    )
    .await;
    wb.dispatch(Action::Focus(PaneId::Results));
    // row 10: a new note (fine); row 11: a parent that does not exist
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Right);
    edit_cell(&mut wb, "fine");
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Left);
    edit_cell(&mut wb, "99");
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let changes = wb.model.session.unit.changes();
    assert_eq!(changes.len(), 2, "{:?}", wb.model.notice);
    let failed: Vec<_> = changes.iter().filter(|c| c.failure.is_some()).collect();
    assert_eq!(failed.len(), 1, "{changes:?}");
    let message = &failed[0].failure.as_ref().unwrap().message;
    assert!(message.contains("parent_id=99"), "{message}");
    assert_eq!(
        failed[0].key().map(|k| k.label()),
        Some("id=11".to_string()),
        "the change of row 11 is named"
    );
}

/// PostgreSQL sends the deletes (and one-column updates) of one table as one statement over
/// arrays; a row changed by someone else since it was read is still refused and named, with
/// NULLs, JSON and char(n) compared as the statement per row compares them.
#[tokio::test]
async fn batched_deletes_and_updates_refuse_and_name_a_row_changed_since() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (id int primary key, name text, j jsonb, c char(3)); \
         insert into t values (1, 'a', '{\"k\": 1}', 'x'), (2, null, null, null), \
           (3, 'c', '[1, 2]', 'yz'), (4, 'd', '{}', 'w')",
    );
    let count = || value_of(&url, "select count(*) as n from t");
    let (mut wb, mut rx) = open_on(&url).await;
    wb.model.session.autoflush = false;
    run(&mut wb, &mut rx, "select id, name, j, c from t order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('v'));
    key(&mut wb, KeyCode::Char('G'));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 4);
    exec_ok(&url, "update t set name = 'changed' where id = 3");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    wb.refresh_echo();
    assert_eq!(sent(&wb, "DELETE"), 1, "one statement for the batch");
    let failed = failed_changes(&wb);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].key().map(|k| k.label()), Some("id=3".into()));
    assert!(
        failed[0]
            .failure
            .as_ref()
            .unwrap()
            .message
            .contains("someone else")
    );
    assert_eq!(count(), "4", "nothing was deleted");
    // the row as it was read again: the whole batch goes
    exec_ok(&url, "update t set name = 'c' where id = 3");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    assert_eq!(count(), "0");
    // one-column updates of two rows: one statement; row 2 (NULL name) changed since
    exec_ok(
        &url,
        "insert into t values (1, 'a', null, 'x'), (2, null, null, null)",
    );
    run(&mut wb, &mut rx, "select id, name from t order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    for _ in 0..2 {
        key(&mut wb, KeyCode::Right);
        edit_cell(&mut wb, "renamed");
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Left);
    }
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    exec_ok(&url, "update t set name = 'taken' where id = 2");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let failed = failed_changes(&wb);
    assert_eq!(failed.len(), 1, "{:?}", wb.model.notice);
    assert_eq!(failed[0].key().map(|k| k.label()), Some("id=2".into()));
    exec_ok(&url, "update t set name = null where id = 2");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let (_, out, _) = crate::harness::retort(&[
        &url,
        "--format",
        "csv",
        "-e",
        "select count(*) as n from t where name = 'renamed'",
    ]);
    assert_eq!(out, "n\n2\n");
    wb.refresh_echo();
    assert!(
        wb.model
            .echo
            .iter()
            .any(|e| e.sql.starts_with("UPDATE") && e.sql.contains("unnest")),
        "the updates went as one statement"
    );
}
