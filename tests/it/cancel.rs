//! Cancel on the server: the statement stops quickly and the connection works right after.

use std::time::{Duration, Instant};

use retort::engine::EngineError;

use crate::harness::{ALL, Engine, fresh_database, retort, server_url};

fn long_statement(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => "select pg_sleep(30)",
        // SLEEP() and BENCHMARK() return normally when killed; a long join fails "interrupted"
        Engine::MySql => {
            "select count(*) from information_schema.columns a, information_schema.columns b, information_schema.columns c, information_schema.columns d"
        }
        Engine::Sqlite => {
            "with recursive s(n) as (select 1 union all select n + 1 from s) select count(*) from s"
        }
    }
}

#[test]
fn cancel_stops_the_statement_and_the_connection_stays_usable() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in ALL {
        let url = fresh_database(engine);
        rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            let canceller = conn.canceller();
            let (tx, _rx) = tokio::sync::mpsc::channel(16);
            let started = Instant::now();
            let run = conn.execute(long_statement(engine), &tx);
            let cancel = async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                let sent = Instant::now();
                canceller.cancel().await.unwrap();
                sent
            };
            let (result, sent) = tokio::join!(run, cancel);
            let latency = sent.elapsed();
            assert!(
                matches!(result, Err(EngineError::Cancelled)),
                "{engine:?}: {result:?}"
            );
            assert!(started.elapsed() < Duration::from_secs(10), "{engine:?}");
            assert!(
                latency < Duration::from_secs(2),
                "{engine:?}: control came back after {latency:?}"
            );
            let (tx, mut rx) = tokio::sync::mpsc::channel(16);
            let after = conn.execute("select 42", &tx).await;
            drop(tx);
            assert!(
                after.is_ok(),
                "{engine:?}: the next statement works: {after:?}"
            );
            let mut got = None;
            while let Some(ev) = rx.recv().await {
                if let retort::engine::QueryEvent::Rows(b) = ev {
                    got = Some(b.cell(0, 0).display());
                }
            }
            assert_eq!(got.as_deref(), Some("42"), "{engine:?}");
        });
    }
}

#[test]
fn ctrl_c_in_headless_mode_cancels_on_the_server_and_exits_non_zero() {
    let url = fresh_database(Engine::Postgres);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_retort"))
        .args([
            url.as_str(),
            "-e",
            "select pg_sleep(60), 'retort-ctrl-c-probe'",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let sent = Instant::now();
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "exits at once: {:?}",
        sent.elapsed()
    );
    assert_eq!(status.code(), Some(130));
    // the server is no longer running the statement
    let admin = server_url(Engine::Postgres);
    let probe = "select count(*) from pg_stat_activity where query like '%retort-ctrl-c-probe%' and state = 'active' and pid <> pg_backend_pid()";
    let (_, out, _) = retort(&[&admin, "-e", probe, "--format", "csv"]);
    assert_eq!(out.lines().nth(1), Some("0"), "{out}");
}

#[test]
fn mysql_sleep_stops_at_once_when_cancelled() {
    // MariaDB ends a killed SLEEP() early and returns 1 rather than an error
    let url = fresh_database(Engine::MySql);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let canceller = conn.canceller();
        let (tx, _rx) = tokio::sync::mpsc::channel(16);
        let started = Instant::now();
        let run = conn.execute("select sleep(30)", &tx);
        let cancel = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            canceller.cancel().await.unwrap();
        };
        let (result, ()) = tokio::join!(run, cancel);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert!(
            result.is_ok() || matches!(result, Err(EngineError::Cancelled)),
            "{result:?}"
        );
    });
}

#[test]
fn esc_on_a_sqlite_lock_wait_returns_at_once() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Sqlite);
    crate::harness::exec_ok(&url, "create table t (a int)");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let holder = crate::harness::connect(&url).await;
        let waiter = crate::harness::connect(&url).await;
        let (tx, _rx) = tokio::sync::mpsc::channel(8);
        holder.execute("begin exclusive", &tx).await.unwrap();
        let canceller = waiter.canceller();
        let started = std::time::Instant::now();
        let wait = waiter.execute("insert into t values (1)", &tx);
        let cancel = async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            canceller.cancel().await.unwrap();
        };
        let (result, ()) = tokio::join!(wait, cancel);
        let took = started.elapsed();
        assert!(
            matches!(result, Err(retort::engine::EngineError::Cancelled)),
            "{result:?}"
        );
        assert!(took < std::time::Duration::from_millis(1500), "{took:?}");
        holder.execute("rollback", &tx).await.unwrap();
        // the next statement waits and runs normally
        waiter
            .execute("insert into t values (2)", &tx)
            .await
            .unwrap();
    });
}
