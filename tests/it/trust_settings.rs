//! A connection made again after the server dropped the old one has none of the session
//! settings the user changed: the next statement is refused and names them, never run as
//! another role, on another search path, or in autocommit.

use retort::engine::{Connection, EngineError};

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::trust_transaction::{kill_session, run};

/// Runs `sql` until the dropped connection has been noticed (the first statement after a
/// kill may fail as "connection lost"): returns the first answer that is not that.
async fn after_the_drop(
    conn: &Connection,
    sql: &str,
) -> Result<retort::engine::StatementSummary, EngineError> {
    for _ in 0..3 {
        match run(conn, sql).await {
            Err(EngineError::ConnectionLost(_)) => continue,
            other => return other,
        }
    }
    panic!("the connection was never made again")
}

#[test]
fn settings_lost_with_the_connection_refuse_the_next_statement_and_are_named() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int)");
        exec_ok(&url, "insert into t values (1)");
        rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            let (id_sql, setting, check) = match engine {
                Engine::Postgres => (
                    "select pg_backend_pid()",
                    "set search_path = nowhere",
                    "select count(*) from t",
                ),
                _ => (
                    "select connection_id()",
                    "set autocommit = 0",
                    "delete from t",
                ),
            };
            let id = conn.execute_text_rows(id_sql).await.unwrap()[0][0]
                .clone()
                .unwrap();
            run(&conn, setting).await.unwrap();
            // the server drops the idle session connection
            kill_session(engine, &url, &id);
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let err = after_the_drop(&conn, check).await.unwrap_err();
            assert!(
                matches!(err, EngineError::SettingsLost(_))
                    && err.to_string().contains(setting)
                    && err.to_string().contains("not sent"),
                "{engine:?}: {err}"
            );
            // told once: the next statement runs, on the new connection's defaults
            run(&conn, "select 1").await.unwrap();
        });
        // the DELETE was never sent (in autocommit it would have committed by itself)
        let out = exec_ok(&url, "select count(*) from t");
        assert!(out.contains('1'), "{engine:?}: {out}");
    }
}

#[test]
fn transaction_scoped_settings_lose_nothing_and_refuse_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = fresh_database(Engine::Postgres);
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let id = crate::trust_transaction::backend_pid(&conn).await;
        run(&conn, "begin").await.unwrap();
        run(&conn, "set local search_path = nowhere").await.unwrap();
        run(&conn, "commit").await.unwrap();
        kill_session(Engine::Postgres, &url, &id);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        after_the_drop(&conn, "select 1").await.unwrap();
    });
}

/// The forms a hostile test found: MySQL's `SET LOCAL` (SESSION there), a variable set inside
/// a SELECT, PostgreSQL's `CREATE LOCAL TEMPORARY TABLE` (it hides the permanent one): each is
/// a setting the new connection lacks.
#[test]
fn every_form_of_a_session_setting_is_named_when_lost() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for (engine, setting, check) in [
        (Engine::MySql, "set local autocommit = 0", "delete from t"),
        (
            Engine::MySql,
            "select @limit_id := 2",
            "delete from t where a > coalesce(@limit_id, 0)",
        ),
        (
            Engine::Postgres,
            "create local temporary table t (a int)",
            "delete from t",
        ),
    ] {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int)");
        exec_ok(&url, "insert into t values (1)");
        rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            let id_sql = match engine {
                Engine::Postgres => "select pg_backend_pid()",
                _ => "select connection_id()",
            };
            let id = conn.execute_text_rows(id_sql).await.unwrap()[0][0]
                .clone()
                .unwrap();
            run(&conn, setting).await.unwrap();
            kill_session(engine, &url, &id);
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let err = after_the_drop(&conn, check).await.unwrap_err();
            assert!(
                matches!(err, EngineError::SettingsLost(_)) && err.to_string().contains(setting),
                "{engine:?} {setting}: {err}"
            );
        });
        let out = exec_ok(&url, "select count(*) from t");
        assert!(
            out.contains('1'),
            "{engine:?} {setting}: the DELETE ran: {out}"
        );
    }
}

/// A statement retort runs again by itself (an export, fetch more) that meets the lost
/// settings first does not use up the refusal: the user's next statement is refused too.
#[test]
fn a_rerun_of_retorts_own_leaves_the_refusal_for_the_user() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = fresh_database(Engine::Postgres);
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let id = crate::trust_transaction::backend_pid(&conn).await;
        run(&conn, "set search_path = nowhere").await.unwrap();
        kill_session(Engine::Postgres, &url, &id);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        for _ in 0..3 {
            let (tx, mut rx) = tokio::sync::mpsc::channel(16);
            let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
            let r = retort::query::execute::rerun_read(&conn, "select 1", &tx).await;
            drop(tx);
            let _ = drain.await;
            match r {
                Err(EngineError::ConnectionLost(_)) => continue,
                Err(e) => {
                    assert!(e.to_string().contains("set search_path"), "{e}");
                    break;
                }
                Ok(_) => panic!("the re-run ran without the settings"),
            }
        }
        let err = run(&conn, "select current_schemas(false)")
            .await
            .unwrap_err();
        assert!(
            matches!(err, EngineError::SettingsLost(_))
                && err.to_string().contains("set search_path"),
            "{err}"
        );
    });
}
