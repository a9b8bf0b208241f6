//! A transaction is never reported as what it was not: a lost one is said to be lost, a
//! script that ends inside one rolls it back and says so.

use tokio::sync::mpsc;

use retort::engine::{Connection, EngineError, TxStatus};

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort};

pub(crate) async fn run(
    conn: &Connection,
    sql: &str,
) -> Result<retort::engine::StatementSummary, EngineError> {
    let (tx, mut rx) = mpsc::channel(16);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let r = retort::query::execute::run_user_statement(conn, sql, &tx).await;
    drop(tx);
    let _ = drain.await;
    r
}

/// The PostgreSQL backend of the session connection.
pub(crate) async fn backend_pid(conn: &Connection) -> String {
    conn.execute_text_rows("select pg_backend_pid()")
        .await
        .unwrap()[0][0]
        .clone()
        .unwrap()
}

/// Kills the session connection of `conn` from outside, as a restart or an administrator would.
pub(crate) fn kill_session(engine: Engine, url: &str, conn_id: &str) {
    let sql = match engine {
        Engine::Postgres => format!("select pg_terminate_backend({conn_id})"),
        _ => format!("kill connection {conn_id}"),
    };
    exec_ok(url, &sql);
}

#[test]
fn a_lost_transaction_is_reported_as_lost_never_as_committed() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int)");
        rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            let id_sql = match engine {
                Engine::Postgres => "select pg_backend_pid()",
                _ => "select connection_id()",
            };
            let id = conn.execute_text_rows(id_sql).await.unwrap()[0][0]
                .clone()
                .unwrap();
            run(&conn, "begin").await.unwrap();
            run(&conn, "insert into t values (1)").await.unwrap();
            assert_eq!(conn.transaction(), TxStatus::Open);
            kill_session(engine, &url, &id);
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            // the next statement learns of it, and says it
            let err = run(&conn, "insert into t values (2)").await.unwrap_err();
            assert!(
                matches!(err, EngineError::TransactionLost(_))
                    && err.to_string().contains("transaction lost")
                    && err.to_string().contains("rolled"),
                "{engine:?}: {err}"
            );
            assert_eq!(conn.transaction(), TxStatus::Lost);
            // nothing runs as if the transaction went on
            let err = run(&conn, "insert into t values (3)").await.unwrap_err();
            assert!(matches!(err, EngineError::NotSent(_)), "{engine:?}: {err}");
            let err = run(&conn, "commit").await.unwrap_err();
            assert!(
                err.to_string().contains("COMMIT not sent"),
                "{engine:?}: {err}"
            );
            assert_eq!(conn.transaction(), TxStatus::Idle);
            // and then the session goes on, on a new connection
            run(&conn, "select 1").await.unwrap();
        });
        let out = exec_ok(&url, "select count(*) from t");
        assert!(
            out.contains(" 0\n") || out.contains("\n0\n"),
            "{engine:?}: {out}"
        );
    }
}

#[test]
fn a_commit_that_loses_its_connection_is_not_reported_as_done() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table t (a int)");
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let id = backend_pid(&conn).await;
        run(&conn, "begin").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        kill_session(Engine::Postgres, &url, &id);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let err = run(&conn, "commit").await.unwrap_err();
        assert!(
            err.to_string().contains("COMMIT did not reach the server")
                && err.to_string().contains("nothing of it was committed"),
            "{err}"
        );
        assert_eq!(conn.transaction(), TxStatus::Idle);
    });
}

#[test]
fn a_commit_after_a_failure_is_shown_as_the_rollback_it_was() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table t (a int primary key)");
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "begin; insert into t values (1); insert into t values (1)",
    ]);
    assert_ne!(code, 0, "{out}");
    assert!(err.contains("duplicate key"), "{err}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        run(&conn, "begin").await.unwrap();
        let _ = run(&conn, "insert into t values (1)").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap_err();
        assert_eq!(conn.transaction(), TxStatus::Aborted);
        let done = run(&conn, "commit").await.unwrap();
        assert_eq!(done.tag.as_deref(), Some("ROLLBACK"));
        assert!(done.notices.iter().any(|n| n.contains("rolled it back")));
    });
}

#[test]
fn a_script_that_ends_inside_a_transaction_rolls_back_and_says_so() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int)");
        let (code, _, err) = retort(&[&url, "-e", "begin; insert into t values (1)"]);
        assert_eq!(code, 1, "{engine:?}: {err}");
        assert!(
            err.contains("ended inside a transaction: rolled back"),
            "{engine:?}: {err}"
        );
        let out = exec_ok(&url, "select count(*) from t");
        assert!(out.contains('0'), "{engine:?}: {out}");
        // a committed script is quiet
        let (code, _, err) = retort(&[&url, "-e", "begin; insert into t values (1); commit"]);
        assert_eq!((code, err.as_str()), (0, ""), "{engine:?}");
    }
}

#[test]
fn the_transaction_shown_is_the_one_the_server_reports_not_a_guess_from_the_text() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // PostgreSQL: a failure inside a savepoint is undone by ROLLBACK TO, and the transaction
    // goes on (the text alone would keep it "aborted")
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table t (a int primary key)");
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        run(&conn, "begin").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        run(&conn, "savepoint s").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap_err();
        assert_eq!(conn.transaction(), TxStatus::Aborted);
        run(&conn, "rollback to savepoint s").await.unwrap();
        assert_eq!(conn.transaction(), TxStatus::Open);
        run(&conn, "insert into t values (2)").await.unwrap();
        let done = run(&conn, "commit").await.unwrap();
        assert_eq!(done.tag, None, "{:?}", done.notices);
        assert_eq!(conn.transaction(), TxStatus::Idle);
    });
    let out = exec_ok(&url, "select count(*) as n from t");
    assert!(out.contains("\n 2\n") || out.contains("\n2\n"), "{out}");
    // MariaDB: with autocommit off, the first write opens a transaction that no BEGIN names
    let url = fresh_database(Engine::MySql);
    exec_ok(&url, "create table t (a int)");
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        run(&conn, "set autocommit = 0").await.unwrap();
        run(&conn, "insert into t values (1)").await.unwrap();
        assert_eq!(conn.transaction(), TxStatus::Open);
        run(&conn, "commit").await.unwrap();
        assert_eq!(conn.transaction(), TxStatus::Idle);
    });
}

/// MySQL: the echo log shows `show warnings` only when retort sent it (the server's answer
/// counted warnings), never after every statement.
#[test]
fn the_echo_log_shows_show_warnings_only_when_it_was_sent() {
    let url = fresh_database(Engine::MySql);
    let echo = crate::harness::scratch_dir().join(format!("warnings-echo-{}", std::process::id()));
    let (code, _, err) = retort(&[&url, "--echo", echo.to_str().unwrap(), "-e", "select 1"]);
    assert_eq!(code, 0, "{err}");
    let log = std::fs::read_to_string(&echo).unwrap();
    assert!(!log.to_lowercase().contains("show warnings"), "{log}");
    let (code, _, err) = retort(&[
        &url,
        "--echo",
        echo.to_str().unwrap(),
        "-e",
        "select cast('12abc' as signed)",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1292"), "the warning is shown: {err}");
    let log = std::fs::read_to_string(&echo).unwrap();
    assert_eq!(
        log.to_lowercase().matches("show warnings").count(),
        1,
        "{log}"
    );
}

/// A statement the server cancelled without retort asking (a `statement_timeout`, another
/// session's `pg_cancel_backend`, MariaDB's `max_statement_time`) is reported in the server's
/// words and code, exit 1: never as retort's own cancel (exit 130).
#[test]
fn a_cancel_retort_did_not_ask_for_is_the_servers_error() {
    let url = fresh_database(Engine::Postgres);
    let (code, _, err) = retort(&[
        &url,
        "-e",
        "set statement_timeout = '100ms'; select pg_sleep(5)",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("statement timeout") && err.contains("57014"),
        "{err}"
    );
    // MariaDB: another session's KILL QUERY
    let url = fresh_database(Engine::MySql);
    let running = {
        let url = url.clone();
        std::thread::spawn(move || {
            retort(&[
                &url,
                "-e",
                "select count(*) as retort_kill_probe from seq_1_to_1000000000 where md5(seq) = 'x'",
            ])
        })
    };
    let probe = "select id from information_schema.processlist \
                 where info like 'select count(*) as retort_kill_probe%'";
    let mut killed = false;
    for _ in 0..100 {
        let out = exec_ok(&url, probe);
        if let Some(id) = out
            .lines()
            .map(str::trim)
            .find(|l| l.parse::<u64>().is_ok())
        {
            exec_ok(&url, &format!("kill query {id}"));
            killed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(killed, "the statement was never seen running");
    let (code, _, err) = running.join().unwrap();
    // the server says it interrupted the query (1317), in its own words
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("1317") && !err.contains("due to user request"),
        "{err}"
    );
}
