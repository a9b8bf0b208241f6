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

fn count(fx: &Fixture) -> String {
    fx.text("select count(*) from t")
}

fn steps(fx: &Fixture, s: &Session) -> Vec<retort::session::Step> {
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
            let planned = steps(&fx, &s);
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
            let outcome = fx.commit(&s).await;
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
            let planned = steps(&fx, &s);
            assert!(
                planned.len() <= 4,
                "{engine:?}: {} statements",
                planned.len()
            );
            let outcome = fx.commit(&s).await;
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
/// only when no row of it can match two rows).
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
        let planned = steps(&fx, &s);
        assert_eq!(planned.len(), 3, "{planned:#?}");
        assert!(planned.iter().all(|p| !p.sql.contains("retort_v")));
        assert_eq!(fx.conn.info().engine, EngineKind::MySql);
    });
}
