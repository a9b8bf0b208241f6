//! A connection that drops while the server works on a COMMIT: retort asks the server what
//! became of the transaction (PostgreSQL) or says it does not know (MariaDB), and never
//! claims a rollback that did not happen.

use std::time::Duration;

use retort::engine::{EngineError, TxStatus};

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::harness_proxy::Proxy;
use crate::trust_transaction::{backend_pid, run};

/// A table whose COMMIT takes 1.5 s (a deferred constraint trigger sleeps at commit time).
fn slow_commit_table(url: &str) {
    exec_ok(
        url,
        "create table t (a int); \
         create function slow() returns trigger language plpgsql as \
           $$ begin perform pg_sleep(1.5); return null; end $$; \
         create constraint trigger slow after insert on t deferrable initially deferred \
           for each row execute function slow()",
    );
}

/// The rows of `t`, as the server has them now.
fn count(url: &str) -> i64 {
    let out = exec_ok(url, "select count(*) as n from t");
    out.lines()
        .nth(2)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("{out}"))
}

#[test]
fn a_commit_whose_answer_was_lost_is_reported_committed_when_the_server_says_so() {
    let url = fresh_database(Engine::Postgres);
    slow_commit_table(&url);
    let proxy = Proxy::start(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&proxy.url).await;
        // the editor's path: the user types COMMIT
        run(&conn, "begin").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        let cut = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            proxy.cut();
        };
        let (done, ()) = tokio::join!(run(&conn, "commit"), cut);
        let done = done.unwrap_or_else(|e| panic!("reported as failed: {e}"));
        assert!(
            done.notices
                .iter()
                .any(|n| n.contains("dropped") && n.contains("was committed")),
            "{:?}",
            done.notices
        );
        assert_eq!(conn.transaction(), TxStatus::Idle);
        // the session's path: its own COMMIT, parameters bound
        conn.execute_bound("BEGIN", &[]).await.unwrap();
        conn.execute_bound(
            "insert into t values ($1::int)",
            &[retort::engine::Value::Int(2)],
        )
        .await
        .unwrap();
        let cut = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            proxy.cut();
        };
        let (done, ()) = tokio::join!(conn.execute_bound("COMMIT", &[]), cut);
        let done = done.unwrap_or_else(|e| panic!("reported as failed: {e}"));
        assert!(
            done.notices.iter().any(|n| n.contains("was committed")),
            "{:?}",
            done.notices
        );
    });
    assert_eq!(count(&url), 2);
}

#[test]
fn a_commit_killed_on_the_server_is_reported_rolled_back_because_the_server_says_so() {
    let url = fresh_database(Engine::Postgres);
    slow_commit_table(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let pid = backend_pid(&conn).await;
        run(&conn, "begin").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        let kill = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let url = url.clone();
            tokio::task::spawn_blocking(move || {
                exec_ok(&url, &format!("select pg_terminate_backend({pid})"))
            })
            .await
            .unwrap();
        };
        let (done, _) = tokio::join!(run(&conn, "commit"), kill);
        let err = done.unwrap_err();
        assert!(
            matches!(err, EngineError::TransactionLost(_))
                && err.to_string().contains("server says")
                && err.to_string().contains("rolled back"),
            "{err}"
        );
        assert_eq!(conn.transaction(), TxStatus::Idle);
        // and the connection works again
        run(&conn, "select 1").await.unwrap();
    });
    assert_eq!(count(&url), 0);
}

#[test]
fn ddl_that_commits_implicitly_on_mariadb_is_said_unknown_when_its_answer_is_lost() {
    let url = fresh_database(Engine::MySql);
    exec_ok(&url, "create table t (a int)");
    let proxy = Proxy::start(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&proxy.url).await;
        run(&conn, "start transaction").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        assert_eq!(conn.transaction(), TxStatus::Open);
        // MariaDB commits the insert before it creates the table; the answer never comes
        let cut = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            proxy.cut();
        };
        let (done, ()) = tokio::join!(run(&conn, "create table u as select sleep(1.5) as s"), cut);
        let err = done.unwrap_err();
        assert!(
            matches!(err, EngineError::CommitUnknown(_)) && err.to_string().contains("unknown"),
            "{err}"
        );
        assert_eq!(conn.transaction(), TxStatus::Idle);
    });
    // "rolled back" would have been a lie: the insert was committed
    assert_eq!(count(&url), 1);
}

#[test]
fn a_batch_that_loses_its_connection_loses_the_transaction_and_says_so() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table t (a int)");
    let proxy = Proxy::start(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&proxy.url).await;
        conn.execute_bound("BEGIN", &[]).await.unwrap();
        proxy.cut();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let rows = (1..=3)
            .map(|i| vec![retort::engine::Value::Int(i)])
            .collect();
        let err = conn
            .execute_many("insert into t values ($1::int)", std::sync::Arc::new(rows))
            .await
            .unwrap_err();
        assert!(matches!(err, EngineError::TransactionLost(_)), "{err}");
        // never run on as if the transaction went on
        assert_eq!(conn.transaction(), TxStatus::Lost);
    });
}

/// MariaDB: a COMMIT held up on the way (by a proxy) while the client's side of the connection
/// drops: the server still has the old connection's thread, so the COMMIT may yet land. The
/// rows are not read back (they would say "not committed"); the outcome is said to be in
/// flight, unknown until the server ends that thread.
#[test]
fn a_mariadb_commit_held_on_the_way_is_not_read_back_too_soon() {
    let url = fresh_database(Engine::MySql);
    exec_ok(&url, "create table t (a int)");
    let proxy = Proxy::start(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&proxy.url).await;
        run(&conn, "start transaction").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        proxy.freeze();
        let cut = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            proxy.cut_clients();
        };
        let (done, ()) = tokio::join!(run(&conn, "commit"), cut);
        let err = done.unwrap_err();
        assert!(
            matches!(err, EngineError::CommitInFlight(_)) && err.to_string().contains("thread"),
            "{err}"
        );
        assert_eq!(conn.transaction(), TxStatus::Idle);
    });
    // the held connection goes; its transaction was never committed
    proxy.cut();
    assert_eq!(count(&url), 0);
}

/// An autocommit write whose connection drops after the server said it committed locally (a
/// synchronous standby that never answers; here the server's own words, then the backend
/// ends): the words are passed on and the outcome is said to be unknown, exit 2, never a
/// plain "connection lost".
#[test]
fn a_write_committed_locally_before_the_drop_is_said_unknown_with_the_servers_words() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table t (a int)");
    let (code, _, err) = crate::harness::retort(&[
        &url,
        "-e",
        "do $$ begin insert into t values (1); \
         raise warning 'canceling wait for synchronous replication due to user request'; \
         raise warning 'The transaction has already committed locally, but might not have been \
         replicated to the standby.'; \
         perform pg_terminate_backend(pg_backend_pid()); end $$",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("already committed locally") && err.contains("unknown"),
        "{err}"
    );
}

/// PostgreSQL: a COMMIT whose answer was lost while the server still runs it ("in progress"
/// past retort's wait) is in flight: the rows are not read back to call it rolled back.
#[test]
fn a_commit_still_in_progress_after_the_wait_is_in_flight() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (a int); \
         create function slow() returns trigger language plpgsql as \
           $$ begin perform pg_sleep(30); return null; end $$; \
         create constraint trigger slow after insert on t deferrable initially deferred \
           for each row execute function slow()",
    );
    let proxy = Proxy::start(&url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&proxy.url).await;
        run(&conn, "begin").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        let cut = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            proxy.cut_clients();
        };
        let (done, ()) = tokio::join!(run(&conn, "commit"), cut);
        let err = done.unwrap_err();
        assert!(
            matches!(err, EngineError::CommitInFlight(_))
                && err.to_string().contains("in progress"),
            "{err}"
        );
    });
    proxy.cut();
}
