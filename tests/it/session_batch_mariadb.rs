//! MariaDB's batch of DELETEs (issue 17 §1): one `DELETE … WHERE key IN (…) RETURNING` the text
//! of each row deleted, proven by those rows. The server matches keys loosely (by collation; a
//! DECIMAL against text as a double), so these try what an attacker would: a row changed only
//! in its case or by a trailing space, a key equal only as a double or by its collation, a row
//! gone, a composite key, a hostile table name, a latin1 column. Each is refused and named, or
//! goes whole, and no row that was not staged is ever deleted.

use retort::query::source;
use retort::session::flush::CommitOutcome;
use retort::session::{Proof, Session, Step};

use crate::harness::{Engine, exec_ok};
use crate::session_batch::{count_sent, plan_steps};
use crate::session_flush::{Fixture, read, run, target};

/// Deletes every row of `table` (read `select * … order by 1` as `sql`) in one session.
async fn stage_all(fx: &Fixture, table: &str, sql: &str) -> Session {
    let (cols, rows) = read(&fx.conn, sql).await;
    let src = source::resolve(&cols, fx.table(table), fx.engine).unwrap();
    let mut s = Session::new();
    for i in 0..rows.len() {
        s.delete(fx.table(table), &target(&src, &rows, i)).unwrap();
    }
    s
}

fn all_returned(steps: &[Step]) -> bool {
    steps.iter().all(|p| {
        matches!(p.proof, Proof::Returned(_))
            && p.sql.starts_with("DELETE FROM ")
            && p.sql.contains(" RETURNING ")
    })
}

fn key_of(s: &Session, err: &retort::session::flush::FlushError) -> Option<String> {
    err.culprit
        .and_then(|c| s.get(c))
        .and_then(|c| c.key())
        .map(|k| k.label())
}

const ROWS: usize = 30;

/// Rows with NULLs and rows without go in one statement (a NULL returns as NULL); a change of
/// a letter's case, a trailing space or a microsecond by someone else is refused and named,
/// with nothing deleted; as read, the batch goes whole in one statement.
#[test]
fn mariadb_deletes_go_as_delete_returning_and_refuse_a_row_not_as_read() {
    run(async {
        let rows: Vec<String> = (1..=ROWS)
            .map(|i| {
                let nul = if i % 2 == 0 {
                    "null".into()
                } else {
                    i.to_string()
                };
                format!(
                    "({i}, 'name {i}', {i}.125, '2024-01-02 03:04:05.123456', 'Noté {i}', {nul})"
                )
            })
            .collect();
        let fx = Fixture::new(
            Engine::MySql,
            &format!(
                "create table t (id int primary key, name varchar(20), d decimal(10,3), \
                 ts datetime(6), note varchar(20) character set latin1, nul int); \
                 insert into t values {}",
                rows.join(", ")
            ),
        )
        .await;
        let s = stage_all(&fx, "t", "select * from t order by 1").await;
        let planned = plan_steps(&fx, &s);
        assert_eq!(planned.len(), 1, "{:#?}", planned.len());
        assert!(all_returned(&planned), "{:?}", planned[0].sql);
        for (change, why) in [
            ("update t set note = 'NOTÉ 7' where id = 7", "id=7"),
            ("update t set name = 'name 8 ' where id = 8", "id=8"),
            (
                "update t set ts = '2024-01-02 03:04:05.123457' where id = 9",
                "id=9",
            ),
        ] {
            exec_ok(&fx.url, change);
            let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
                panic!("{change}: not refused")
            };
            assert_eq!(key_of(&s, &err).as_deref(), Some(why), "{change}: {err:?}");
            assert!(err.failure.message.contains("someone else"), "{err:?}");
            let left = fx.text("select count(*) from t");
            assert!(left.contains(&ROWS.to_string()), "{change}: {left}");
            exec_ok(&fx.url, "delete from t; ");
            exec_ok(
                &fx.url,
                &format!("insert into t values {}", rows.join(", ")),
            );
        }
        let before = count_sent(&fx, "DELETE");
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        assert_eq!(count_sent(&fx, "DELETE") - before, 1, "the batch fell back");
        assert!(fx.text("select count(*) from t").contains('0'));
    });
}

/// Keys the server's `IN` matches loosely: a DECIMAL key equal to another as a double, a key
/// renamed only in its case under a case-insensitive collation. The row that was not staged is
/// never deleted, a row gone is named, and what can go goes.
#[test]
fn mariadb_delete_returning_never_deletes_a_row_equal_only_loosely() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table d (id decimal(65,30) primary key, v int);
             insert into d values (1.000000000000000000000000000001, 0),
               (1.000000000000000000000000000002, 0), (5, 0), (7, 0);
             create table ci (k varchar(10) collate utf8mb4_general_ci primary key, v int);
             insert into ci values ('a', 0), ('b', 0), ('c', 0);",
        )
        .await;
        let (src, rows) = fx.rows("d").await;
        let twin = "1.000000000000000000000000000002";
        // …001, 5 and 7 staged; 5 deleted by someone else: 5 is named, nothing deleted
        let mut s = Session::new();
        s.delete(fx.table("d"), &target(&src, &rows, 0)).unwrap();
        let five = s.delete(fx.table("d"), &target(&src, &rows, 2)).unwrap();
        s.delete(fx.table("d"), &target(&src, &rows, 3)).unwrap();
        assert!(all_returned(&plan_steps(&fx, &s)));
        exec_ok(&fx.url, "delete from d where id = 5");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the missing row was not refused")
        };
        assert_eq!(err.culprit, five);
        assert!(fx.text("select count(*) from d").contains('3'));
        // …001 and 7 staged: the IN takes …002 too, the proof refuses it, the rows go alone
        let mut s = Session::new();
        s.delete(fx.table("d"), &target(&src, &rows, 0)).unwrap();
        s.delete(fx.table("d"), &target(&src, &rows, 3)).unwrap();
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let left = fx.text("select id from d");
        assert!(left.contains(twin), "{left}");
        assert!(!left.contains("0001") && !left.contains("7.0"), "{left}");
        // 'a' renamed 'A' by someone else: the IN finds 'A', the proof refuses it
        let (src, rows) = fx.rows("ci").await;
        let mut s = Session::new();
        let a = s.delete(fx.table("ci"), &target(&src, &rows, 0)).unwrap();
        s.delete(fx.table("ci"), &target(&src, &rows, 1)).unwrap();
        exec_ok(&fx.url, "update ci set k = 'A' where k = 'a'");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the renamed key was deleted")
        };
        assert_eq!(err.culprit, a);
        assert!(fx.text("select count(*) from ci").contains('3'));
    });
}

/// A composite key goes as a row constructor (`(a, b) IN ((?, ?), …)`), and a table and its
/// columns named with backticks, quotes and Unicode are quoted: each batch goes whole.
#[test]
fn mariadb_delete_returning_takes_composite_keys_and_hostile_names() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table ck (a int, b varchar(5), v text, primary key (a, b));
             insert into ck values (1, 'x', 'p'), (1, 'y', 'q'), (2, 'x', null), (2, 'y', null);
             create table `we``ird \"t\" ü` (`i``d` int primary key, `na me` text);
             insert into `we``ird \"t\" ü` values (1, 'a'), (2, 'b'), (3, 'c');",
        )
        .await;
        let s = stage_all(&fx, "ck", "select * from ck order by 1, 2").await;
        let planned = plan_steps(&fx, &s);
        assert!(all_returned(&planned), "{:?}", planned[0].sql);
        assert!(
            planned[0]
                .sql
                .contains("(a, b) IN ((?, ?), (?, ?), (?, ?), (?, ?))"),
            "{}",
            planned[0].sql
        );
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        assert!(fx.text("select count(*) from ck").contains('0'));
        let name = "we`ird \"t\" ü";
        let s = stage_all(&fx, name, "select * from `we``ird \"t\" ü` order by 1").await;
        let planned = plan_steps(&fx, &s);
        assert_eq!(planned.len(), 1);
        assert!(all_returned(&planned), "{:?}", planned[0].sql);
        let before = count_sent(&fx, "DELETE");
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        assert_eq!(count_sent(&fx, "DELETE") - before, 1);
        let left = fx.text("select count(*) from `we``ird \"t\" ü`");
        assert!(left.contains('0'), "{left}");
    });
}

/// The statement the user runs on the session connection, its summary kept.
async fn user_runs(fx: &Fixture, sql: &str) -> retort::engine::StatementSummary {
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let drain = async move { while rx.recv().await.is_some() {} };
    // the sender goes with the statement, so that the drain ends with it
    let ran = async move { fx.conn.execute(sql, &tx).await };
    let (summary, ()) = tokio::join!(ran, drain);
    summary.unwrap()
}

/// As a hostile tester found: after `SET NAMES latin1` the server sends text in latin1, so a
/// row's 'x🙈' came back as the 'x?' read, and a row was deleted that someone else had changed;
/// a temporary table of the session hides the real one even written with its database, and the
/// commit deleted from it. Each is refused before anything is sent; a result read in latin1
/// is read-only.
#[test]
fn mariadb_flush_refuses_another_character_set_and_a_hiding_temporary_table() {
    run(async {
        let rows = "(1, 'x😀'), (2, 'y😀'), (3, 'z')";
        let fx = Fixture::new(
            Engine::MySql,
            &format!(
                "create table e (id int primary key, v varchar(20) charset utf8mb4);
                 insert into e values {rows};"
            ),
        )
        .await;
        let mut s = Session::new();
        let (src, read) = fx.rows("e").await;
        s.delete(fx.table("e"), &target(&src, &read, 0)).unwrap();
        s.delete(fx.table("e"), &target(&src, &read, 1)).unwrap();
        for names in [
            "set names latin1",
            "set names utf8",
            "set character_set_results = null",
        ] {
            user_runs(&fx, names).await;
            let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
                panic!("{names}: not refused")
            };
            assert!(err.failure.message.contains("not utf8mb4"), "{err:?}");
            assert!(fx.text("select count(*) from e").contains('3'));
            user_runs(&fx, "set names utf8mb4").await;
        }
        // read in latin1: the rows cannot be edited
        user_runs(&fx, "set names latin1").await;
        let latin = user_runs(&fx, "select * from e").await;
        user_runs(&fx, "set names utf8mb4").await;
        let utf8 = user_runs(&fx, "select * from e").await;
        assert!(latin.source_table.is_none() && utf8.source_table.is_some());
        // a change someone else made travels as hex: 'x🙈' is not the 'x😀' read
        exec_ok(&fx.url, "update e set v = 'x🙈' where id = 1");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the changed row was deleted")
        };
        assert_eq!(key_of(&s, &err).as_deref(), Some("id=1"), "{err:?}");
        exec_ok(&fx.url, "update e set v = 'x😀' where id = 1");
        // a temporary table named e hides the real one
        user_runs(&fx, "create temporary table e as select * from e").await;
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the commit went to the temporary table")
        };
        assert!(err.failure.message.contains("temporary table"), "{err:?}");
        user_runs(&fx, "drop temporary table e").await;
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let left = fx.text("select concat('ids:', group_concat(id order by id)) from e");
        assert!(
            left.contains("ids:3\n") || left.contains("ids:3 "),
            "{left}"
        );
    });
}

/// As a hostile tester found: a cp1250 byte that is no character reads as '?', and so does
/// another such byte written by someone else; the server warns that it could not convert it
/// (1977). The row cannot be checked, so it is refused and named, never deleted.
#[test]
fn mariadb_refuses_a_row_whose_text_has_no_utf8mb4_form() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table t (id int primary key, v varchar(10) charset cp1250);
             insert into t values (1, concat('x', char(0x81))), (2, 'y'), (3, 'z');",
        )
        .await;
        let (src, read) = fx.rows("t").await;
        let mut s = Session::new();
        s.delete(fx.table("t"), &target(&src, &read, 0)).unwrap();
        s.delete(fx.table("t"), &target(&src, &read, 1)).unwrap();
        exec_ok(
            &fx.url,
            "update t set v = concat('x', char(0x98)) where id = 1",
        );
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the changed row was deleted")
        };
        assert_eq!(key_of(&s, &err).as_deref(), Some("id=1"), "{err:?}");
        assert!(err.failure.message.contains("no utf8mb4 form"), "{err:?}");
        assert!(fx.text("select count(*) from t").contains('3'));
    });
}

/// As a hostile tester found: a trigger of the first table written makes a temporary table
/// that hides the next one; the INSERT went to it and "committed" nothing. The flush asks
/// again after its statements and rolls back.
#[test]
fn a_temporary_table_made_during_the_flush_is_caught_before_the_commit() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table a (id int primary key, v varchar(10));
             insert into a values (1, 'x');
             create table t (id int primary key, v varchar(10));
             create trigger ad after update on a for each row
               create temporary table if not exists t (id int primary key, v varchar(10));",
        )
        .await;
        let (src, read) = fx.rows("a").await;
        let mut s = Session::new();
        s.set(
            fx.table("a"),
            fx.engine,
            &target(&src, &read, 0),
            "v",
            fx.value("a", "v", "y"),
        )
        .unwrap();
        s.insert(
            fx.table("t"),
            vec![
                ("id".into(), fx.value("t", "id", "13")),
                ("v".into(), fx.value("t", "v", "z")),
            ],
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        let CommitOutcome::FlushFailed(err) = outcome else {
            panic!("committed into a temporary table: {outcome:?}")
        };
        assert!(err.failure.message.contains("temporary table"), "{err:?}");
        assert!(fx.text("select v from a").contains('x'));
        assert!(fx.text("select count(*) from t").contains('0'));
    });
}
