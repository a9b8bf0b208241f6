//! UPDATEs and DELETEs in batches on the three engines (issue 17 §1): PostgreSQL over arrays,
//! MySQL/MariaDB as one statement joined to the rows' values, SQLite as one prepared statement
//! run per row. Each keeps the guarantees of a statement per row: a row changed by someone else
//! since it was read is refused and named, nothing is half applied, and every value arrives
//! exactly as staged (long text, Unicode, quotes, NULLs), compared by its own type.

use retort::engine::{EngineKind, Value};
use retort::session::flush::CommitOutcome;
use retort::session::{Cell, Dialect, Proof, Session, TableRef, plan};

use crate::harness::{ALL, Engine, exec_ok};
use crate::session_flush::{Fixture, read, run, target};

const ROWS: usize = 40;

/// A table of every kind of column a row is checked against, `ROWS` rows; row 2 is NULL in
/// every column but its key.
fn ddl(engine: Engine) -> String {
    let create = match engine {
        Engine::Postgres => {
            "create table t (id int primary key, name text, f real, g double precision, \
             d numeric(10,3), flag boolean, ts timestamp(6), bin bytea, note varchar(20))"
        }
        Engine::MySql => {
            "create table t (id int primary key, name longtext, f float, g double, \
             d decimal(10,3), flag boolean, ts datetime(6), bin varbinary(20), bits bit(3), \
             note varchar(20))"
        }
        Engine::Sqlite => {
            "create table t (id integer primary key, name text, f real, g real, d numeric, \
             flag boolean, ts text, bin blob, note varchar(20))"
        }
    };
    let bin = match engine {
        Engine::Postgres => "'\\x01ff'::bytea",
        _ => "x'01ff'",
    };
    let rows: Vec<String> = (1..=ROWS)
        .map(|i| {
            let bits = match engine {
                Engine::MySql => format!(", b'{:03b}'", i % 8),
                _ => String::new(),
            };
            if i == 2 {
                let nulls = if engine == Engine::MySql { 9 } else { 8 };
                return format!("(2{})", ", null".repeat(nulls));
            }
            format!(
                "({i}, 'name {i}', {i}.1, {i}.3, {i}.125, {}, '2024-01-02 03:04:05.123456', \
                 {bin}{bits}, 'Note {i}')",
                if i % 2 == 0 { "true" } else { "false" }
            )
        })
        .collect();
    format!("{create}; insert into t values {}", rows.join(", "))
}

/// How many statements the session connection sent that start with `prefix`.
pub(crate) fn count_sent(fx: &Fixture, prefix: &str) -> usize {
    fx.conn
        .echo()
        .tail(100_000)
        .iter()
        .filter(|e| e.sql.starts_with(prefix))
        .count()
}

fn count(fx: &Fixture) -> String {
    fx.text("select count(*) from t")
}

pub(crate) fn plan_steps(fx: &Fixture, s: &Session) -> Vec<retort::session::Step> {
    let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
    plan(s, &lookup, Dialect::of(fx.conn.info())).unwrap().steps
}

/// Deletes of every row go in a few statements; a row changed since it was read (only the
/// case of a letter) is refused and named and nothing is deleted; once it is as it was read,
/// the batches go whole.
#[test]
fn batched_deletes_refuse_and_name_a_row_changed_since_on_every_engine() {
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, &ddl(engine)).await;
            let (src, rows) = fx.rows("t").await;
            let mut s = Session::new();
            for i in 0..rows.len() {
                s.delete(fx.table("t"), &target(&src, &rows, i)).unwrap();
            }
            let planned = plan_steps(&fx, &s);
            assert!(
                planned.len() <= 3 && planned.iter().any(|p| p.changes.len() > 30),
                "{engine:?}: {} statements for {ROWS} deletes",
                planned.len()
            );
            let proof = match engine {
                Engine::Postgres => Proof::Ordinals,
                Engine::MySql => Proof::Count,
                Engine::Sqlite => Proof::EachRun,
            };
            assert!(planned.iter().any(|p| p.proof == proof), "{engine:?}");
            exec_ok(&fx.url, "update t set note = 'NOTE 37' where id = 37");
            let outcome = fx.commit(&s).await;
            let CommitOutcome::FlushFailed(err) = outcome else {
                panic!("{engine:?}: expected a conflict, got {outcome:?}")
            };
            let culprit = err.culprit.and_then(|c| s.get(c)).and_then(|c| c.key());
            assert_eq!(
                culprit.map(|k| k.label()),
                Some("id=37".to_string()),
                "{engine:?}: {err:?}"
            );
            assert!(err.failure.message.contains("someone else"), "{err:?}");
            assert!(
                count(&fx).contains(&ROWS.to_string()),
                "{engine:?}: none deleted"
            );
            exec_ok(&fx.url, "update t set note = 'Note 37' where id = 37");
            let before = count_sent(&fx, "DELETE");
            let outcome = fx.commit(&s).await;
            assert_eq!(
                count_sent(&fx, "DELETE") - before,
                planned.len(),
                "{engine:?}: a batch fell back to its rows"
            );
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{engine:?}: {outcome:?}"
            );
            let left = count(&fx);
            assert!(left.lines().any(|l| l.trim() == "0"), "{engine:?}: {left}");
        });
    }
}

/// One-column updates of every row in batches, to values a derived table or an array could
/// bend (20 kB of text, Unicode, quotes and backslashes, the text 'NULL', NULL, trailing
/// spaces, the empty string), each checked against float, decimal, boolean, timestamp, binary
/// (and MySQL bit) values read: every value arrives exactly.
#[test]
fn batched_updates_keep_every_value_exactly_on_every_engine() {
    let long = format!("{}🦀", "x".repeat(20_000));
    let odd = [
        long.as_str(),
        "Zoë 🦀 ünïcode",
        "it's \"quoted\" \\ back\\slash",
        "NULL",
        "trailing  ",
        "",
        "{braces,commas}",
    ];
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, &ddl(engine)).await;
            let (src, rows) = fx.rows("t").await;
            let table = fx.table("t");
            let mut s = Session::new();
            let mut wanted = Vec::new();
            for i in 0..rows.len() {
                let new = match i % 9 {
                    8 => Value::Null,
                    k => Value::Text(retort::engine::Kind::Text, odd[k % odd.len()].into()),
                };
                wanted.push(new.clone());
                s.set(
                    table,
                    fx.engine,
                    &target(&src, &rows, i),
                    "name",
                    Cell::Value(new),
                )
                .unwrap();
            }
            let planned = plan_steps(&fx, &s);
            assert!(
                planned.len() <= 4,
                "{engine:?}: {} statements",
                planned.len()
            );
            let before = count_sent(&fx, "UPDATE");
            let outcome = fx.commit(&s).await;
            // the batches went whole: no row was sent again on its own
            assert_eq!(
                count_sent(&fx, "UPDATE") - before,
                planned.len(),
                "{engine:?}: a batch fell back to its rows"
            );
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{engine:?}: {outcome:?}"
            );
            let (_, got) = read(&fx.conn, "select name from t order by id").await;
            for (i, (row, want)) in got.iter().zip(&wanted).enumerate() {
                let same = match (&row[0], want) {
                    (Value::Null, Value::Null) => true,
                    (a, b) => a.to_text() == b.to_text(),
                };
                assert!(same, "{engine:?}: row {i}: {:?} for {:?}", row[0], want);
            }
            if engine == Engine::MySql {
                let out = fx.text("select count(*) from t where bits = b'011' and f > 3.09");
                assert!(
                    out.contains('1'),
                    "the bits and floats are untouched: {out}"
                );
            }
        });
    }
}

/// MySQL: a table without a primary key keeps a statement per row (a count proves the batch
/// only when no row of it can match two rows), and so does a table that cannot roll back.
#[test]
fn mysql_batches_only_rows_found_by_the_primary_key() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table u (id int not null unique, name text); \
             insert into u values (1, 'a'), (2, 'b'), (3, 'c')",
        )
        .await;
        let (src, rows) = fx.rows("u").await;
        let mut s = Session::new();
        for i in 0..rows.len() {
            s.delete(fx.table("u"), &target(&src, &rows, i)).unwrap();
        }
        let planned = plan_steps(&fx, &s);
        assert_eq!(planned.len(), 3, "{planned:#?}");
        assert!(planned.iter().all(|p| !p.sql.contains("retort_v")));
        assert_eq!(fx.conn.info().engine, EngineKind::MySql);
        // nor a table that cannot roll back a batch refused half-way (MyISAM)
        exec_ok(
            &fx.url,
            "create table m (id int primary key, s varchar(20)) engine=MyISAM; \
             insert into m values (0, ''), (1, 'a'), (2, 'b')",
        );
        let fx = Fixture {
            catalog: retort::meta::reflect(&fx.conn).await.unwrap(),
            ..fx
        };
        let (src, rows) = fx.rows("m").await;
        let mut s = Session::new();
        for i in 1..rows.len() {
            s.delete(fx.table("m"), &target(&src, &rows, i)).unwrap();
        }
        let planned = plan_steps(&fx, &s);
        assert_eq!(planned.len(), 2, "{planned:#?}");
        assert!(planned.iter().all(|p| !p.sql.contains("retort_v")));
    });
}

/// MariaDB, as a hostile tester found: a DECIMAL key compared in a derived table as a double
/// matched two rows (the batch wrote a row not staged and reported success); text of 64 KiB
/// or more was cut to its length modulo 65,536; a value changed by someone else only by a
/// trailing space, or a key only by its case, was overwritten. Each is refused or exact now.
#[test]
fn mariadb_batches_match_keys_and_values_exactly() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table d (id decimal(65,30) primary key, v int);
             insert into d values (1.000000000000000000000000000001, 0),
               (1.000000000000000000000000000002, 0), (5, 0);
             create table big (id int primary key, t longtext, v int);
             insert into big values (1, 'x', 0), (2, 'y', 0), (3, 'z', 0);
             create table tr (id int primary key, s varchar(10), v int);
             insert into tr values (1, 'a', 0), (2, 'b', 0);
             create table ci (k varchar(10) collate utf8mb4_general_ci primary key, v int);
             insert into ci values ('a', 0), ('b', 0);",
        )
        .await;
        let edit = |s: &mut Session,
                    table: &str,
                    src,
                    rows: &[Vec<Value>],
                    i: usize,
                    col: &str,
                    v: Value| {
            s.set(
                fx.table(table),
                fx.engine,
                &target(src, rows, i),
                col,
                Cell::Value(v),
            )
            .unwrap()
            .unwrap()
        };
        // two DECIMAL keys equal as doubles: each row gets its own value
        let (src, rows) = fx.rows("d").await;
        let mut s = Session::new();
        edit(&mut s, "d", &src, &rows, 0, "v", Value::Int(1));
        edit(&mut s, "d", &src, &rows, 1, "v", Value::Int(2));
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let out = fx.text("select v from d order by id");
        assert!(out.contains('1') && out.contains('2'), "{out}");
        // a delete of a row gone is named, and no row equal as a double goes in its place
        let (src, rows) = fx.rows("d").await;
        let mut s = Session::new();
        s.delete(fx.table("d"), &target(&src, &rows, 0)).unwrap();
        let gone = s.delete(fx.table("d"), &target(&src, &rows, 2)).unwrap();
        exec_ok(&fx.url, "delete from d where id = 5");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the missing row was not refused")
        };
        assert_eq!(err.culprit, gone);
        assert!(fx.text("select count(*) from d").contains('2'));
        // 70,000 characters arrive whole
        let (src, rows) = fx.rows("big").await;
        let long = "é😀".repeat(35_000);
        let mut s = Session::new();
        edit(
            &mut s,
            "big",
            &src,
            &rows,
            0,
            "t",
            Value::Text(retort::engine::Kind::Text, long.clone()),
        );
        edit(
            &mut s,
            "big",
            &src,
            &rows,
            1,
            "t",
            Value::Text(retort::engine::Kind::Text, "b".into()),
        );
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let out = fx.text("select char_length(t) from big where id = 1");
        assert!(out.contains("70000"), "{out}");
        // a trailing space added by someone else is a change
        let (src, rows) = fx.rows("tr").await;
        let mut s = Session::new();
        let first = edit(
            &mut s,
            "tr",
            &src,
            &rows,
            0,
            "s",
            Value::Text(retort::engine::Kind::Text, "n1".into()),
        );
        edit(
            &mut s,
            "tr",
            &src,
            &rows,
            1,
            "s",
            Value::Text(retort::engine::Kind::Text, "n2".into()),
        );
        exec_ok(&fx.url, "update tr set s = 'a ' where id = 1");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the trailing space was overwritten")
        };
        assert_eq!(err.culprit, Some(first));
        // a key changed only in its case is another row now
        let (src, rows) = fx.rows("ci").await;
        let mut s = Session::new();
        let first = edit(&mut s, "ci", &src, &rows, 0, "v", Value::Int(1));
        edit(&mut s, "ci", &src, &rows, 1, "v", Value::Int(2));
        exec_ok(&fx.url, "update ci set k = 'A' where k = 'a'");
        let CommitOutcome::FlushFailed(err) = fx.commit(&s).await else {
            panic!("the renamed key was updated")
        };
        assert_eq!(err.culprit, Some(first));
    });
}

/// SQLite, as a hostile tester found: a table without an INTEGER PRIMARY KEY is edited by its
/// rowid, and another client's VACUUM renumbers the rowids; the UPDATE then found another row
/// by the same rowid and overwrote it. The row's other values read are checked as well now.
#[test]
fn sqlite_rows_found_by_rowid_are_checked_by_their_other_values() {
    use retort::query::source;
    run(async {
        let fx = Fixture::new(
            Engine::Sqlite,
            "create table nr (a, v); \
             insert into nr values ('r1', 0), ('r2', 0), ('r3', 0), ('r4', 0); \
             delete from nr where a = 'r2'",
        )
        .await;
        let sql = "select rowid, a, v from nr order by rowid";
        let (cols, rows) = read(&fx.conn, sql).await;
        let src = source::resolve(&cols, fx.table("nr"), fx.engine).unwrap();
        assert_eq!(src.key_names(), vec!["rowid".to_string()]);
        let mut s = Session::new();
        for (i, v) in [(0, 7), (1, 8)] {
            s.set(
                fx.table("nr"),
                fx.engine,
                &target(&src, &rows, i),
                "v",
                Cell::Value(Value::Int(v)),
            )
            .unwrap();
        }
        // another client renumbers the rows: r3 has rowid 2 now, r4 has 3
        let path = fx.url.trim_start_matches("sqlite://").to_string();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch("vacuum")
            .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::FlushFailed(_)),
            "another row was written: {outcome:?}"
        );
        let out = fx.text("select a, v from nr order by a");
        assert!(!out.contains('7') && !out.contains('8'), "{out}");
    });
}
