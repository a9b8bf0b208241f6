//! The Session in the workbench (TestBackend, on the demo): staging in the grid and in the
//! insert form, the Session pane and its teaching view, commit and its failures, the journal.

use std::time::Duration;

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use retort::app::model::Overlay;
use retort::app::{Action, Event, PaneId};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::ui_support::{draw, open, open_at, select_tree_row, settle};

pub(crate) fn key(wb: &mut Workbench, code: KeyCode) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub(crate) fn ctrl(wb: &mut Workbench, c: char) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

pub(crate) fn typed(wb: &mut Workbench, text: &str) {
    for c in text.chars() {
        key(wb, KeyCode::Char(c));
    }
}

/// Applies events until the session's flush, commit or rollback is answered.
pub(crate) async fn settle_session(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    for _ in 0..200 {
        if !wb.model.session.busy {
            break;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    assert!(!wb.model.session.busy, "the session did not answer");
    settle(wb, rx).await;
}

pub(crate) async fn run(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>, sql: &str) {
    wb.dispatch(Action::RunStatement(sql.into()));
    settle_session(wb, rx).await;
    settle(wb, rx).await;
}

pub(crate) fn cell(wb: &Workbench, row: usize, col: usize) -> String {
    wb.model
        .result()
        .and_then(|r| r.cell(row, col))
        .map(|v| v.display())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_cell_edit_and_a_delete_are_staged_shown_and_committed() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "select id, title, views from posts order by id",
    )
    .await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    assert!(matches!(wb.model.overlay, Overlay::CellEditor(_)));
    for _ in 0..300 {
        key(&mut wb, KeyCode::Backspace);
    }
    typed(&mut wb, "A new title, it's 'quoted'");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    // a bad integer is refused at the editor, not at commit
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    typed(&mut wb, "x");
    key(&mut wb, KeyCode::Enter);
    let Overlay::CellEditor(edit) = &wb.model.overlay else {
        panic!("the editor stays open")
    };
    assert!(
        edit.error
            .as_deref()
            .unwrap_or("")
            .contains("not an integer"),
        "{edit:?}"
    );
    key(&mut wb, KeyCode::Esc);
    key(&mut wb, KeyCode::Left);
    // the second row is deleted
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("~ "), "changed rows are marked: {screen}");
    assert!(
        screen.contains("A new title"),
        "the new value is shown: {screen}"
    );
    assert!(screen.contains("- "), "deleted rows are marked: {screen}");
    assert!(screen.contains("staged 2"), "{screen}");
    // the session pane, enlarged: the changes and the exact SQL
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('z'));
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("dirty 1 · deleted 1"), "{screen}");
    assert!(
        screen.contains("UPDATE posts SET title = 'A new title, it''s ''quoted'''"),
        "{screen}"
    );
    assert!(
        screen.contains("DELETE FROM posts WHERE id = 2"),
        "{screen}"
    );
    // the teaching view
    key(&mut wb, KeyCode::Char('t'));
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("post = session.get(Post, 1)"), "{screen}");
    // each object the view makes has its own name
    assert!(screen.contains("post_2 = session.get(Post, 2)"), "{screen}");
    assert!(screen.contains("session.delete(post_2)"), "{screen}");
    assert!(
        screen.contains("persistent (in session.deleted)"),
        "{screen}"
    );
    // Ctrl-S commits from anywhere
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    assert!(
        wb.model
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("committed 2")
    );
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("session.commit()"), "{screen}");
    // as SQLAlchemy: persistent and expired after a commit, still in the identity map
    assert!(
        screen.contains("posts id=1: persistent, expired"),
        "objects stay persistent after a commit: {screen}"
    );
    assert!(
        screen.contains("posts id=2: deleted → detached"),
        "{screen}"
    );
    key(&mut wb, KeyCode::Char('z'));
    run(
        &mut wb,
        &mut rx,
        "select id, title from posts where id <= 2 order by id",
    )
    .await;
    assert_eq!(wb.model.result().unwrap().len(), 1);
    assert_eq!(cell(&wb, 0, 1), "A new title, it's 'quoted'");
}

#[tokio::test]
async fn rows_that_are_not_one_tables_say_why_they_are_read_only() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    for (sql, why) in [
        (
            "select p.title, u.username from posts p join users u on u.id = p.user_id",
            "more than one table",
        ),
        ("select count(*) from posts", "expression"),
        ("select * from post_stats", "view"),
        (
            "select title from posts",
            "does not include posts's key (id)",
        ),
    ] {
        run(&mut wb, &mut rx, sql).await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('e'));
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(
            wb.model.overlay == Overlay::None
                && notice.contains("read-only")
                && notice.contains(why),
            "{sql}: {notice}"
        );
        key(&mut wb, KeyCode::Char('d'));
        assert!(wb.model.session.unit.is_empty());
    }
}

#[tokio::test]
async fn the_insert_form_stages_a_row_and_a_failed_commit_keeps_it_marked() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Schema));
    select_tree_row(&mut wb, "users");
    key(&mut wb, KeyCode::Char('a'));
    let Overlay::InsertForm(form) = &wb.model.overlay else {
        panic!("the insert form opens: {:?}", wb.model.notice)
    };
    assert_eq!(
        form.fields[form.selected].column, "username",
        "id is the database's"
    );
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("(given by the database)"), "{screen}");
    assert!(
        screen.contains("(default: 0)") || screen.contains("(default: CURRENT_TIMESTAMP)"),
        "{screen}"
    );
    // a username that exists already: the server refuses it at commit
    typed(&mut wb, "lovelace");
    key(&mut wb, KeyCode::Tab);
    typed(&mut wb, "new@example.org");
    key(&mut wb, KeyCode::Tab);
    ctrl(&mut wb, 'n');
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let change = wb.model.session.unit.changes()[0].clone();
    let failure = change.failure.clone().expect("the culprit is marked");
    assert!(failure.message.contains("UNIQUE"), "{failure:?}");
    assert!(!wb.model.transaction.is_open(), "rolled back");
    assert!(
        wb.model
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("every staged change is kept"),
        "{:?}",
        wb.model.notice
    );
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('z'));
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(screen.contains("✗ UNIQUE constraint failed"), "{screen}");
    key(&mut wb, KeyCode::Char('z'));
    // fixed in place (it is a pending insert: its INSERT changes), then committed
    let id = change.id;
    let users = wb
        .model
        .catalog
        .loaded()
        .unwrap()
        .table("main", "users")
        .unwrap()
        .clone();
    let engine = wb.model.info.engine;
    let username = users.columns.iter().find(|c| c.name == "username").unwrap();
    let value = retort::session::input::parse("zed", username, engine).unwrap();
    wb.model
        .session
        .unit
        .set(
            &users,
            engine,
            &retort::session::RowTarget::New(id),
            "username",
            retort::session::Cell::Value(value),
        )
        .unwrap();
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    run(
        &mut wb,
        &mut rx,
        "select username, full_name, is_admin from users where email = 'new@example.org'",
    )
    .await;
    assert_eq!(cell(&wb, 0, 0), "zed");
    assert_eq!(cell(&wb, 0, 1), "NULL", "Ctrl-N set NULL");
    assert_eq!(cell(&wb, 0, 2), "false", "the default applied");
}

#[tokio::test]
async fn autoflush_sends_the_staged_changes_before_a_query_and_rollback_asks() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    // comments that no reply points at (a WHERE with a subquery still reads one table)
    let leaves = "select id, body from comments where id not in \
                  (select parent_id from comments where parent_id is not null) order by id";
    run(&mut wb, &mut rx, leaves).await;
    let first = cell(&wb, 0, 0);
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    let count = format!("select count(*) from comments where id = {first}");
    run(&mut wb, &mut rx, &count).await;
    assert!(
        wb.model.transaction.is_open(),
        "the flush opened the transaction: {:?}",
        wb.model.notice
    );
    assert_eq!(cell(&wb, 0, 0), "0", "the query saw the flushed delete");
    assert!(wb.model.session.unit.changes()[0].flushed);
    // r asks first; n keeps everything
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('r'));
    assert!(wb.model.confirm().is_some());
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    key(&mut wb, KeyCode::Char('r'));
    key(&mut wb, KeyCode::Char('y'));
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty());
    assert!(!wb.model.transaction.is_open());
    run(&mut wb, &mut rx, &count).await;
    assert_eq!(cell(&wb, 0, 0), "1", "rolled back");
    // a ROLLBACK typed in the editor stages the flushed changes again: nothing is lost
    run(&mut wb, &mut rx, leaves).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    wb.dispatch(Action::Flush);
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.changes()[0].flushed);
    run(&mut wb, &mut rx, "rollback").await;
    let c = &wb.model.session.unit.changes()[0];
    assert!(!c.flushed, "staged again");
}

#[tokio::test]
async fn nothing_is_staged_while_a_flush_is_on_its_way() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    typed(&mut wb, "!");
    key(&mut wb, KeyCode::Enter);
    // a query: the autoflush goes out first; the grid still shows the old rows meanwhile
    wb.dispatch(Action::RunStatement("select 1".into()));
    assert!(wb.model.session.busy);
    key(&mut wb, KeyCode::Char('d'));
    assert!(
        wb.model
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("stage more when it has answered"),
        "{:?}",
        wb.model.notice
    );
    settle_session(&mut wb, &mut rx).await;
    let changes = wb.model.session.unit.changes();
    assert_eq!(changes.len(), 1);
    assert!(
        changes[0].flushed && !changes[0].is_delete(),
        "what was sent is what is marked sent"
    );
}

#[tokio::test]
async fn w_writes_the_session_as_a_python_script() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let dir = crate::harness::scratch_dir().join(format!("script-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    wb.model.export_dir = dir.clone();
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    wb.dispatch(Action::Focus(PaneId::Session));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('W'),
        KeyModifiers::SHIFT,
    )));
    for _ in 0..50 {
        if wb
            .model
            .notice
            .as_deref()
            .unwrap_or("")
            .starts_with("wrote")
        {
            break;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("wrote"), "{notice}");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains("tag_0 = session.get(Tag, 1)") && text.contains("session.delete(tag_0)"),
        "{text}"
    );
    assert!(text.contains("class Tag(Base):") && text.ends_with("    session.commit()\n"));
    // the script's engine: the SQLite file itself (not "sqlite:///main"), foreign keys checked
    // as on retort's connection, and nothing flushed half-way
    assert!(
        text.contains("else \"sqlite:////") && text.contains(".db\""),
        "{text}"
    );
    assert!(text.contains("PRAGMA foreign_keys = ON"), "{text}");
    assert!(
        text.contains("with OrmSession(engine, autoflush=False) as session:"),
        "{text}"
    );
}

#[tokio::test]
async fn pending_inserts_are_rows_of_the_grid_until_sent() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    let fetched = wb.model.result().unwrap().len();
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('a'));
    typed(&mut wb, "brand-new");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    key(&mut wb, KeyCode::End);
    assert_eq!(
        wb.model.cursors.results_row, fetched,
        "the cursor reaches the new row"
    );
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(
        screen.contains("┃+ (") && screen.contains("brand-new"),
        "the new row is drawn, its id left to the database: {screen}"
    );
    // editing it changes its INSERT
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    let Overlay::CellEditor(edit) = &wb.model.overlay else {
        panic!("{:?}", wb.model.notice)
    };
    assert_eq!(edit.text, "brand-new");
    typed(&mut wb, "er");
    key(&mut wb, KeyCode::Enter);
    let changes = wb.model.session.unit.changes();
    assert_eq!(changes.len(), 1);
    assert!(matches!(
        changes[0].staged("name"),
        Some(retort::session::Cell::Value(v)) if v.as_ref().display() == "brand-newer"
    ));
    // d drops it
    key(&mut wb, KeyCode::Char('d'));
    assert!(wb.model.session.unit.is_empty());
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(!screen.contains("brand-new"), "{screen}");
}

#[tokio::test]
async fn a_sqlite_table_without_a_key_is_edited_by_its_rowid() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Sqlite);
    crate::harness::exec_ok(
        &url,
        "create table notes (body text); insert into notes values ('one'), ('one');",
    );
    let (mut wb, mut rx) = open_at(&retort::engine::DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Schema));
    select_tree_row(&mut wb, "notes");
    key(&mut wb, KeyCode::Char('p'));
    settle(&mut wb, &mut rx).await;
    assert!(
        wb.model.result().unwrap().sql.contains("rowid"),
        "previewed with its rowid"
    );
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    assert!(
        matches!(wb.model.overlay, Overlay::CellEditor(_)),
        "{:?}",
        wb.model.notice
    );
    typed(&mut wb, " and only");
    key(&mut wb, KeyCode::Enter);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let out = crate::harness::exec_ok(&url, "select body from notes order by rowid");
    assert!(
        out.contains("one\n") && out.contains("one and only"),
        "only the second row: {out}"
    );
}
