//! Behind PgBouncer in transaction pooling, reflection, statements, empty results, headless
//! output and the session's transactions work.

use crate::harness::{Engine, exec_ok, fresh_database, retort};
use crate::harness_pgbouncer::through_pgbouncer;

#[test]
fn reflection_and_statements_work_through_a_transaction_pooler() {
    let direct = fresh_database(Engine::Postgres);
    exec_ok(
        &direct,
        "create table parent (id int primary key, name text); \
         create table child (id int primary key, parent_id int references parent(id)); \
         insert into parent values (1, 'a'), (2, 'b')",
    );
    let parsed = url::Url::parse(&direct).unwrap();
    let url = through_pgbouncer(parsed.path().trim_start_matches('/'));
    // twice: named statements would clash on the second run
    for _ in 0..2 {
        let (code, out, err) = retort(&[&url, "--schema", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("\"parent\"") && out.contains("\"child\""),
            "{out}"
        );
    }
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "begin; insert into parent values (3, 'c'); commit; select count(*) from parent",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("count\n3\n"), "{out}");
    // an empty result still has its columns: described by a statement closed again at once,
    // so that no named statement stays on a server that the pooler hands to the next client
    for _ in 0..4 {
        let (code, out, err) = retort(&[
            &url,
            "-e",
            "select id, name from parent where false; select parent_id from child",
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, "id,name\nparent_id\n", "{err}");
    }
}

#[test]
fn the_session_flushes_and_commits_through_a_transaction_pooler() {
    use retort::session::flush::{self, CommitOutcome};
    use retort::session::{Cell, Session, TableRef, input, plan};
    let direct = fresh_database(Engine::Postgres);
    exec_ok(
        &direct,
        "create table t (id int primary key, name text, n numeric(8,2)); \
         insert into t values (1, 'a', 1.50)",
    );
    let parsed = url::Url::parse(&direct).unwrap();
    let url = through_pgbouncer(parsed.path().trim_start_matches('/'));
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let conn = crate::harness::connect(&url).await;
        let catalog = retort::meta::reflect(&conn).await.unwrap();
        let table = catalog.tables().find(|t| t.name() == "t").unwrap();
        let engine = conn.info().engine;
        let v = |c: &str, text: &str| {
            let info = table.columns.iter().find(|i| i.name == c).unwrap();
            Cell::Value(input::parse(text, info, engine).unwrap())
        };
        // four times, with many rows: named statements would clash, a batch needs one server,
        // and a BEGIN sent in two messages may reach two servers
        for round in 0..4 {
            let mut s = Session::new();
            for i in 0..50 {
                let id = (10 + round * 100 + i).to_string();
                s.insert(
                    table,
                    vec![("id".into(), v("id", &id)), ("n".into(), v("n", "2.25"))],
                )
                .unwrap();
            }
            let lookup = |r: &TableRef| catalog.table(&r.schema, &r.name);
            let p = plan(&s, &lookup, engine).unwrap();
            let outcome = flush::commit(&conn, &p).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{outcome:?}"
            );
        }
    });
    let out = exec_ok(&direct, "select count(*), sum(n) from t");
    assert!(out.contains("201") && out.contains("451.50"), "{out}");
}

#[test]
fn a_cancel_behind_the_pooler_stops_this_clients_statement_and_no_one_elses() {
    use std::time::{Duration, Instant};
    let direct = fresh_database(Engine::Postgres);
    let parsed = url::Url::parse(&direct).unwrap();
    let url = through_pgbouncer(parsed.path().trim_start_matches('/'));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let ours = crate::harness::connect(&url).await;
        // another client, which the pooler hands the server our session last ran on (LIFO):
        // a cancel by that server's pid would stop this client's statement, not ours
        let theirs = crate::harness::connect(&url).await;
        let (tx, _rx) = tokio::sync::mpsc::channel(16);
        let (tx2, _rx2) = tokio::sync::mpsc::channel(16);
        let other = theirs.execute("select pg_sleep(2)", &tx2);
        let mine = async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let started = Instant::now();
            let run = ours.execute("select pg_sleep(10)", &tx);
            let cancel = async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                ours.canceller().cancel().await.unwrap();
            };
            let (result, ()) = tokio::join!(run, cancel);
            (result, started.elapsed())
        };
        let (other, (mine, took)) = tokio::join!(other, mine);
        assert!(
            matches!(mine, Err(retort::engine::EngineError::Cancelled)),
            "{mine:?}"
        );
        assert!(took < Duration::from_secs(3), "cancelled after {took:?}");
        assert!(other.is_ok(), "the other client's statement: {other:?}");
        // the cancel went as the protocol's CancelRequest
        assert!(
            ours.echo()
                .tail(50)
                .iter()
                .any(|e| e.sql.starts_with("CancelRequest")),
        );
    });
}

/// `--read-only` leaves nothing on a pooled server connection: afterwards every other client
/// through the pooler can write (before, `set session characteristics … read only` stayed on
/// the server connection, and 10 of 10 clients after it were read-only).
#[test]
fn read_only_leaves_nothing_on_the_pooled_connections() {
    let direct = fresh_database(Engine::Postgres);
    exec_ok(&direct, "create table t (a int)");
    let parsed = url::Url::parse(&direct).unwrap();
    let url = through_pgbouncer(parsed.path().trim_start_matches('/'));
    for _ in 0..3 {
        let (code, _, err) = retort(&[&url, "--read-only", "-e", "select count(*) from t"]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = retort(&[&url, "--read-only", "-e", "insert into t values (0)"]);
        assert_ne!(code, 0, "--read-only wrote: {err}");
    }
    for i in 1..=10 {
        let (code, _, err) = retort(&[&url, "-e", &format!("insert into t values ({i})")]);
        assert_eq!(code, 0, "client {i} after the read-only ones: {err}");
    }
    let out = exec_ok(&direct, "select count(*) from t");
    assert!(out.contains("10"), "{out}");
}
