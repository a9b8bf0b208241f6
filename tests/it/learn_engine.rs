//! The Engine view (issue 19 §1, a first part): in the echo pane, `e` shows the Engine as
//! SQLAlchemy names it, on the demo and on a server, the password never shown.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};

use crate::harness::{Engine, fresh_database};
use crate::ui_session::{key, run as run_sql};
use crate::ui_support::{draw, open, open_at, settle, until};

#[tokio::test]
async fn e_in_the_echo_pane_shows_the_engine_as_sqlalchemy_names_it() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Echo));
    key(&mut wb, KeyCode::Char('e'));
    let (screen, _) = draw(&mut wb, 200, 60);
    assert!(screen.contains("url = make_url(\"sqlite:///"), "{screen}");
    assert!(
        screen.contains("engine.dialect.name = 'sqlite'"),
        "{screen}"
    );
    assert!(screen.contains("create_engine("), "{screen}");
    assert!(screen.contains("idle: no transaction open"), "{screen}");
    // back to the log
    key(&mut wb, KeyCode::Char('e'));
    let (screen, _) = draw(&mut wb, 200, 60);
    assert!(!screen.contains("make_url"), "{screen}");

    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        run_sql(&mut wb, &mut rx, "begin").await;
        wb.dispatch(Action::Focus(PaneId::Echo));
        key(&mut wb, KeyCode::Char('e'));
        let (screen, _) = draw(&mut wb, 220, 120);
        let (scheme, name) = match engine {
            Engine::Postgres => ("postgresql+psycopg://", "'postgresql'"),
            _ => ("mysql+pymysql://", "'mysql'"),
        };
        assert!(screen.contains(scheme), "{engine:?}: {screen}");
        assert!(
            screen.contains(&format!("engine.dialect.name = {name}")),
            "{engine:?}: {screen}"
        );
        assert!(
            screen.contains("url.password = '***'"),
            "{engine:?}: {screen}"
        );
        let raw = url::Url::parse(&url).unwrap();
        if let Some(pass) = raw.password().filter(|p| p.len() > 3) {
            assert!(!screen.contains(pass), "{engine:?}: the password is shown");
        }
        assert!(screen.contains("in a transaction"), "{engine:?}: {screen}");
    }
}

/// Applies events until the Engine view has read the connections.
async fn until_inspected(
    wb: &mut retort::ui::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    until(wb, rx, |wb| wb.model.engine_status.is_some()).await;
}

#[tokio::test]
async fn the_engine_view_names_the_sessions_server_process_the_pool_and_the_isolation_level() {
    for (engine, pid_sql, level) in [
        (
            Engine::Postgres,
            "select pg_backend_pid()",
            "READ COMMITTED",
        ),
        (Engine::MySql, "select connection_id()", "REPEATABLE READ"),
    ] {
        let url = fresh_database(engine);
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        // the Session's own connection, as the server numbers it
        run_sql(&mut wb, &mut rx, pid_sql).await;
        let pid = crate::ui_session::cell(&wb, 0, 0);
        wb.dispatch(Action::Focus(PaneId::Echo));
        key(&mut wb, KeyCode::Char('e'));
        until_inspected(&mut wb, &mut rx).await;
        let (screen, _) = draw(&mut wb, 220, 90);
        assert!(
            screen.contains(&format!("the Session's connection, server process {pid}")),
            "{engine:?}: {screen}"
        );
        assert!(
            screen.contains(&format!("isolation level: {level}")),
            "{engine:?}: {screen}"
        );
        assert!(screen.contains("pool beside it"), "{engine:?}: {screen}");
        assert!(screen.contains("of at most 3"), "{engine:?}: {screen}");
        // live: a statement that opens a transaction is seen, the isolation level kept, and
        // the server's own list of retort's connections read again
        run_sql(&mut wb, &mut rx, "begin").await;
        let listed = format!("process {pid} (the Session's): ");
        let state = match engine {
            Engine::Postgres => "idle in transaction",
            _ => "Sleep",
        };
        until(&mut wb, &mut rx, |wb| {
            (wb.model.engine_status.as_ref())
                .and_then(|s| s.activity.as_ref()?.as_ref().ok())
                .is_some_and(|list| {
                    (list.iter()).any(|c| c.pid.to_string() == pid && c.state == state)
                })
        })
        .await;
        let (screen, _) = draw(&mut wb, 220, 90);
        assert!(screen.contains("in a transaction"), "{engine:?}: {screen}");
        assert!(
            screen.contains(&format!("{listed}{state}")),
            "{engine:?}: {screen}"
        );
        assert!(
            screen.contains(&format!("isolation level: {level}")),
            "{engine:?}: {screen}"
        );
    }
}

/// The texts of the log's entries of a connection's life (`Origin::Pool`).
fn pool_events(wb: &mut retort::ui::Workbench) -> Vec<String> {
    wb.refresh_echo();
    (wb.model.echo.iter())
        .filter(|e| e.origin == retort::engine::Origin::Pool)
        .map(|e| e.sql.clone())
        .collect()
}

#[tokio::test]
async fn connects_checkouts_checkins_and_a_lost_connection_are_told_in_the_echo_log() {
    for (engine, pid_sql) in [
        (Engine::Postgres, "select pg_backend_pid()"),
        (Engine::MySql, "select connection_id()"),
    ] {
        let url = fresh_database(engine);
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        let told = pool_events(&mut wb);
        assert!(
            told[0].starts_with("connect: Created new connection for the Session"),
            "{engine:?}: {told:?}"
        );
        // the catalog's reads on the pool beside it
        for word in [
            "connect: Created new connection in the pool",
            "checkout:",
            "checkin:",
        ] {
            assert!(
                told.iter().any(|t| t.starts_with(word)),
                "{engine:?}: {word}: {told:?}"
            );
        }
        run_sql(&mut wb, &mut rx, pid_sql).await;
        let pid = crate::ui_session::cell(&wb, 0, 0);
        wb.dispatch(Action::Focus(PaneId::Echo));
        key(&mut wb, KeyCode::Char('e'));
        until_inspected(&mut wb, &mut rx).await;
        // the server drops the Session's connection: the next statement says so, and the one
        // after connects again, both in the log and in the Engine view
        crate::trust_transaction::kill_session(engine, &url, &pid);
        run_sql(&mut wb, &mut rx, "select 1").await;
        run_sql(&mut wb, &mut rx, pid_sql).await;
        let new_pid = crate::ui_session::cell(&wb, 0, 0);
        assert_ne!(pid, new_pid, "{engine:?}");
        let told = pool_events(&mut wb);
        let invalidated = (told.iter())
            .position(|t| t.starts_with("invalidate: Invalidate connection of the Session"));
        let reconnected =
            (told.iter()).position(|t| t.starts_with("reconnect: connect: Created new connection"));
        assert!(
            matches!((invalidated, reconnected), (Some(i), Some(r)) if i < r),
            "{engine:?}: {told:?}"
        );
        assert!(
            told.iter()
                .any(|t| t.contains(&format!("server process {new_pid}")))
        );
        let new: Option<i64> = new_pid.parse().ok();
        until(&mut wb, &mut rx, |wb| {
            wb.model.engine_status.as_ref().and_then(|s| s.session_pid) == new
        })
        .await;
        let (screen, _) = draw(&mut wb, 220, 120);
        assert!(
            screen.contains(&format!(
                "the Session's connection, server process {new_pid}"
            )),
            "{engine:?}: the Engine view follows the new connection: {screen}"
        );
        // the log says how many statements were sent, the connections' lives apart
        let statements = (wb.model.echo.iter())
            .filter(|e| e.origin != retort::engine::Origin::Pool)
            .count();
        assert!(
            screen.contains(&format!("statements sent so far: {statements} ")),
            "{screen}"
        );
    }
}

#[tokio::test]
async fn the_create_engine_line_carries_the_urls_parameters_and_a_running_statement_is_shown() {
    let url = fresh_database(Engine::Postgres);
    let with_args = format!(
        "{url}{}sslmode=disable&application_name=retort_test",
        if url.contains('?') { "&" } else { "?" }
    );
    let parsed = retort::engine::DatabaseUrl::parse(&with_args).unwrap();
    let (mut wb, mut rx) = open_at(&parsed, None).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Echo));
    key(&mut wb, KeyCode::Char('e'));
    until_inspected(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 240, 120);
    assert!(screen.contains("pool_size=1, max_overflow=3"), "{screen}");
    assert!(
        screen.contains("connect_args={") && screen.contains("'sslmode': 'disable'"),
        "{screen}"
    );
    // what the Session's connection runs, while it runs
    wb.dispatch(Action::RunStatement("select pg_sleep(2)".into()));
    assert!(wb.model.is_running());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (screen, _) = draw(&mut wb, 240, 120);
    assert!(
        screen.contains("active, in autocommit, running for 1 s: select pg_sleep(2)"),
        "{screen}"
    );
    settle(&mut wb, &mut rx).await;
}
