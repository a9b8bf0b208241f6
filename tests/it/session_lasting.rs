//! Tables that cannot roll back (MariaDB's MyISAM): each statement to one is written when it
//! runs, so that a failed flush, a failed commit or a rollback leaves it in the database.
//! retort sends such rows one statement each, says so before the commit, and after a failure
//! takes the rows written out of the session rather than staging them again (to be sent a
//! second time), and says what stayed.

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};
use retort::session::flush::CommitOutcome;
use retort::session::{Session, TableRef, plan};

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::session_flush::{Fixture, run};
use crate::ui_session::{ctrl, key, run as run_sql, settle_session, typed};

const TABLES: &str = "create table a_log (id int primary key, v varchar(10)) engine = MyISAM;
     insert into a_log values (1, 'x');
     create table b_inno (id int primary key) engine = InnoDB;
     insert into b_inno values (1);";

/// Inserts into a MyISAM table go one row per statement; when a later statement fails, the
/// flush says which changes were written anyway, and they are in the database.
#[test]
fn a_failed_flush_names_what_a_myisam_table_kept() {
    run(async {
        let fx = Fixture::new(Engine::MySql, TABLES).await;
        let mut s = Session::new();
        let mut kept = Vec::new();
        for id in ["2", "3"] {
            let values = vec![
                ("id".to_string(), fx.value("a_log", "id", id)),
                ("v".to_string(), fx.value("a_log", "v", "new")),
            ];
            kept.push(s.insert(fx.table("a_log"), values).unwrap());
        }
        // a key b_inno has already: refused after a_log's rows went in
        s.insert(
            fx.table("b_inno"),
            vec![("id".into(), fx.value("b_inno", "id", "1"))],
        )
        .unwrap();
        let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
        let planned = plan(&s, &lookup, retort::session::Dialect::of(fx.conn.info())).unwrap();
        assert_eq!(planned.lasting.len(), 1, "{:?}", planned.lasting);
        assert_eq!(planned.lasting[0].name, "a_log");
        let inserts = planned.steps.iter().filter(|p| p.table.name == "a_log");
        assert!(inserts.clone().count() == 2 && inserts.clone().all(|p| p.changes.len() == 1));
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the duplicate key was not refused")
        };
        kept.sort();
        let mut got = err.kept.clone();
        got.sort();
        assert_eq!(got, kept, "{err:?}");
        let rows = fx.text("select id from a_log order by id");
        assert!(rows.contains('2') && rows.contains('3'), "{rows}");
        // a plan of InnoDB tables alone has no table that cannot roll back
        let mut s = Session::new();
        s.insert(
            fx.table("b_inno"),
            vec![("id".into(), fx.value("b_inno", "id", "9"))],
        )
        .unwrap();
        let planned = plan(&s, &lookup, retort::session::Dialect::of(fx.conn.info())).unwrap();
        assert!(planned.lasting.is_empty());
    });
}

/// In the workbench: the plan says a MyISAM table cannot roll back; an edit of its row is
/// autoflushed, then a delete of an InnoDB row someone else deleted fails the commit. The edit
/// is in the database and never pending again (a second commit would send it twice); the
/// rollback says it stayed and takes it out of the session.
#[tokio::test]
async fn the_workbench_says_what_a_myisam_table_kept_and_never_sends_it_twice() {
    let url = fresh_database(Engine::MySql);
    exec_ok(&url, TABLES);
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    run_sql(&mut wb, &mut rx, "select id, v from a_log order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    assert!(matches!(wb.model.overlay, Overlay::CellEditor(_)));
    key(&mut wb, KeyCode::Backspace);
    typed(&mut wb, "edited");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    // the plan says before the commit that a_log cannot roll back
    wb.dispatch(Action::Focus(PaneId::Session));
    key(&mut wb, KeyCode::Char('z'));
    let (screen, _) = crate::ui_support::draw(&mut wb, 200, 50);
    assert!(
        screen.contains("a_log (MyISAM) cannot roll back"),
        "{screen}"
    );
    key(&mut wb, KeyCode::Char('z'));
    // the next query autoflushes the edit: a_log has it at once
    run_sql(&mut wb, &mut rx, "select id from b_inno order by id").await;
    assert!(exec_ok(&url, "select v from a_log").contains("edited"));
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    exec_ok(&url, "delete from b_inno where id = 1");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.contains("someone else"), "{notice}");
    // the edit stays flushed (in the database), never pending again
    let pending: Vec<String> = wb
        .model
        .session
        .unit
        .pending()
        .map(|c| c.table.name.clone())
        .collect();
    assert_eq!(pending, ["b_inno"], "{notice}");
    // the rollback ends the transaction: the edit stayed, and leaves the session, said so
    wb.dispatch(Action::Rollback);
    if matches!(wb.model.overlay, Overlay::Confirm(_)) {
        key(&mut wb, KeyCode::Char('y'));
    }
    settle_session(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("1 change(s) to a_log (MyISAM, which cannot roll back)")
            && notice.contains("stay in the database"),
        "{notice}"
    );
    assert!(wb.model.session.unit.is_empty());
    assert!(exec_ok(&url, "select v from a_log").contains("edited"));
    // autoflush off: the commit's own flush writes the edit, then fails and rolls back
    wb.model.session.autoflush = false;
    exec_ok(&url, "insert into b_inno values (2)");
    run_sql(&mut wb, &mut rx, "select id, v from a_log order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    for _ in 0..10 {
        key(&mut wb, KeyCode::Backspace);
    }
    typed(&mut wb, "third");
    key(&mut wb, KeyCode::Enter);
    run_sql(&mut wb, &mut rx, "select id from b_inno order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    exec_ok(&url, "delete from b_inno where id = 2");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("rolled back") && notice.contains("a_log (MyISAM"),
        "{notice}"
    );
    let left: Vec<String> = wb
        .model
        .session
        .unit
        .changes()
        .iter()
        .map(|c| c.table.name.clone())
        .collect();
    assert_eq!(left, ["b_inno"], "{notice}");
    assert!(exec_ok(&url, "select v from a_log").contains("third"));
}

/// The plan says what a DELETE takes with it by ON DELETE: the database deletes or changes
/// rows that nothing in the session stands for.
#[tokio::test]
async fn the_plan_says_what_on_delete_takes_with_a_deleted_row() {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table parent (id integer primary key);
             create table kid (id integer primary key,
               parent_id integer references parent (id) on delete cascade);
             create table pet (id integer primary key,
               parent_id integer references parent (id) on delete set null);
             insert into parent values (1);",
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        run_sql(&mut wb, &mut rx, "select id from parent").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('d'));
        wb.dispatch(Action::Focus(PaneId::Session));
        key(&mut wb, KeyCode::Char('z'));
        let (screen, _) = crate::ui_support::draw(&mut wb, 220, 50);
        assert!(
            screen.contains("deleting from parent also deletes the rows of kid (parent_id)"),
            "{engine:?}: {screen}"
        );
        assert!(
            screen.contains("also sets to NULL the key of the rows of pet (parent_id)"),
            "{engine:?}: {screen}"
        );
    }
}

/// As a hostile tester found: a MyISAM row went in, then the table's trigger raised an error;
/// the ROLLBACK cannot take the row back. The change is said to be possibly written, never
/// plainly staged again (a second commit inserted it twice).
#[test]
fn a_failed_statement_to_myisam_may_have_written() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table m2 (id int auto_increment primary key, v varchar(10)) engine = MyISAM;
             create table boom (x int not null) engine = InnoDB;
             create trigger m2i after insert on m2 for each row
               insert into boom values (if(new.v like 'boom%', null, 1));",
        )
        .await;
        let mut s = Session::new();
        let id = s
            .insert(
                fx.table("m2"),
                vec![("v".into(), fx.value("m2", "v", "boom1"))],
            )
            .unwrap();
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the trigger's error was not reported")
        };
        assert_eq!(err.maybe_written, vec![id], "{err:?}");
        assert!(fx.text("select count(*) from m2").contains('1'));
    });
}

/// As a hostile tester found: a cp1250 key whose byte 0x81 has no utf8mb4 form reads as
/// 'A?', the same as the row 'A?' beside it, and the delete found that other row. A result
/// with such a column is read-only, and says why.
#[tokio::test]
async fn a_result_with_text_that_reads_as_question_marks_is_read_only() {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table c (k varchar(10) character set cp1250 collate cp1250_bin primary key, v int);
         insert into c values (x'4181', 1), (x'413f', 1), (x'42', 2);
         create table l (k varchar(10) character set latin1 primary key, v int);
         insert into l values (x'4181', 1);",
    );
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    run_sql(&mut wb, &mut rx, "select * from c").await;
    let why = retort::app::session::edit::result_source(&wb.model).unwrap_err();
    assert!(why.contains("cp1250"), "{why}");
    // MySQL's latin1 maps every byte: editable
    run_sql(&mut wb, &mut rx, "select * from l").await;
    assert!(retort::app::session::edit::result_source(&wb.model).is_ok());
}
