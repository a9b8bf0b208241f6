//! The Session at scale (issue 17 §1), on PostgreSQL, MariaDB and SQLite, each figure beside
//! its baseline from the same run:
//! - staging the deletion of 10,000 rows in the workbench (`v`, `G`, `d`): target ≤ 0.2 s;
//! - a frame of the workbench with 10,000 changes staged: target ≤ 16 ms;
//! - committing 10,000 staged deletes, and 10,000 staged one-column updates: target ≤ 2× one
//!   statement doing the same through the engine's own client (psql `DELETE … = any(…)` and
//!   `UPDATE … FROM unnest(…)`; mariadb `DELETE … IN (…)` and `UPDATE … JOIN (SELECT … UNION
//!   ALL …)`; sqlite3 `DELETE … IN (…)` and `UPDATE … FROM (VALUES …)`).
//!
//!   cargo bench --bench session_scale        (ROWS=2000 for a quicker run; ENGINES=sqlite,mysql)

#[path = "../tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use harness::{Engine, exec_ok, fresh_database, mysql_socket_and_db};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retort::app::schema::catalog::SchemaDetails;
use retort::app::{Action, CatalogState, PaneId};
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog};
use retort::ui::Workbench;

fn ok(value: f64, target: f64) -> &'static str {
    if value <= target { "OK" } else { "MISSED" }
}

fn key(wb: &mut Workbench, code: KeyCode, mods: KeyModifiers) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(code, mods)));
}

/// Applies events until nothing runs, the catalog and its details are in and the session is
/// not busy.
async fn settle(
    wb: &mut Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    loop {
        let details_loading = wb.model.catalog.loaded().is_some_and(|c| {
            c.details
                .values()
                .any(|d| matches!(d, SchemaDetails::Loading))
        });
        if !matches!(wb.model.catalog, CatalogState::Loading)
            && !details_loading
            && !wb.model.is_running()
            && !wb.model.session.busy
        {
            return;
        }
        match tokio::time::timeout(Duration::from_secs(120), rx.recv()).await {
            Ok(Some(ev)) => wb.on_event(ev),
            _ => panic!("the workbench did not settle"),
        }
    }
}

/// Seconds the engine's own client takes to run `sql` (one statement, in its own
/// transaction), connecting included.
fn client(engine: Engine, url: &str, sql: &str) -> f64 {
    let file = harness::scratch_dir().join("session-scale.sql");
    std::fs::write(&file, sql).unwrap();
    let file = file.display().to_string();
    let mut cmd = match engine {
        Engine::Postgres => {
            let mut c = Command::new("psql");
            c.args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", &file]);
            c
        }
        Engine::MySql => {
            let (socket, db) = mysql_socket_and_db(url);
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("mariadb -uroot -S '{socket}' '{db}' < '{file}'"));
            c
        }
        Engine::Sqlite => {
            let path = url.trim_start_matches("sqlite://").to_string();
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("sqlite3 -bail '{path}' < '{file}'"));
            c
        }
    };
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64()
}

fn fill(engine: Engine, url: &str, rows: usize) {
    exec_ok(url, "drop table if exists t");
    exec_ok(
        url,
        "create table t (id int primary key, name text not null, n int)",
    );
    exec_ok(
        url,
        &match engine {
            Engine::Postgres => {
                format!("insert into t select g, 'name ' || g, g from generate_series(1, {rows}) g")
            }
            Engine::MySql => {
                format!("insert into t select seq, concat('name ', seq), seq from seq_1_to_{rows}")
            }
            Engine::Sqlite => format!(
                "with recursive g(i) as (select 1 union all select i + 1 from g where i < {rows}) \
                 insert into t select i, 'name ' || i, i from g"
            ),
        },
    );
}

/// The one statement that deletes rows 1..=rows, in the engine's fastest form.
fn delete_all(engine: Engine, ids: &[String]) -> String {
    match engine {
        Engine::Postgres => format!(
            "delete from t where id = any('{{{}}}'::int[])",
            ids.join(",")
        ),
        _ => format!("delete from t where id in ({})", ids.join(",")),
    }
}

/// The one statement that sets `n` of rows 1..=rows to ten times the key.
fn update_all(engine: Engine, ids: &[String]) -> String {
    let tens: Vec<String> = ids.iter().map(|i| format!("{i}0")).collect();
    match engine {
        Engine::Postgres => format!(
            "update t set n = v.n from unnest('{{{}}}'::int[], '{{{}}}'::int[]) as v(id, n) \
             where t.id = v.id",
            ids.join(","),
            tens.join(",")
        ),
        Engine::MySql => {
            let arms: Vec<String> = ids
                .iter()
                .zip(&tens)
                .enumerate()
                .map(|(k, (i, n))| match k {
                    0 => format!("select {i} as id, {n} as n"),
                    _ => format!("select {i}, {n}"),
                })
                .collect();
            format!(
                "update t join ({}) as v using (id) set t.n = v.n",
                arms.join(" union all ")
            )
        }
        Engine::Sqlite => {
            let values: Vec<String> = ids
                .iter()
                .zip(&tens)
                .map(|(i, n)| format!("({i}, {n})"))
                .collect();
            format!(
                "with v(id, n) as (values {}) update t set n = v.n from v where t.id = v.id",
                values.join(", ")
            )
        }
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10_000);
    let wanted = std::env::var("ENGINES").unwrap_or_else(|_| "postgres,mysql,sqlite".into());
    for (name, engine) in [
        ("postgres", Engine::Postgres),
        ("mysql", Engine::MySql),
        ("sqlite", Engine::Sqlite),
    ] {
        if wanted.split(',').any(|w| w.trim() == name) {
            measure(engine, rows);
        }
    }
}

fn measure(engine: Engine, rows: usize) {
    let label = match engine {
        Engine::Postgres => "PostgreSQL (psql)",
        Engine::MySql => "MariaDB (mariadb)",
        Engine::Sqlite => "SQLite (sqlite3)",
    };
    println!("-- {label}");
    let url = fresh_database(engine);
    let ids: Vec<String> = (1..=rows).map(|i| i.to_string()).collect();
    // the baselines: one statement each
    fill(engine, &url, rows);
    let delete_one = client(engine, &url, &delete_all(engine, &ids));
    fill(engine, &url, rows);
    let update_one = client(engine, &url, &update_all(engine, &ids));
    fill(engine, &url, rows);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let conn = Connection::connect(&parsed, &ConnectOptions::default(), EchoLog::new())
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let shared = Arc::new(conn);
        let mut wb = Workbench::new(shared.clone(), tx, None);
        wb.set_size(ratatui::layout::Rect::new(0, 0, 160, 45));
        wb.start();
        wb.model.session.autoflush = false;
        settle(&mut wb, &mut rx).await;
        wb.dispatch(Action::RunStatement("select id, name, n from t order by id".into()));
        settle(&mut wb, &mut rx).await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('v'), KeyModifiers::NONE);
        key(&mut wb, KeyCode::Char('G'), KeyModifiers::SHIFT);
        let started = Instant::now();
        key(&mut wb, KeyCode::Char('d'), KeyModifiers::NONE);
        let staging = started.elapsed().as_secs_f64();
        assert_eq!(wb.model.session.unit.changes().len(), rows, "{:?}", wb.model.notice);
        println!(
            "staging {rows} deletions (v, G, d): {staging:.3} s (target ≤ 0.2 s) {}",
            ok(staging, 0.2)
        );

        let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
        term.draw(|f| wb.draw(f)).unwrap();
        let (mut worst, mut total) = (0.0f64, 0.0);
        let frames = 30;
        for i in 0..frames {
            key(&mut wb, if i % 2 == 0 { KeyCode::Up } else { KeyCode::Down }, KeyModifiers::NONE);
            let started = Instant::now();
            term.draw(|f| wb.draw(f)).unwrap();
            let ms = started.elapsed().as_secs_f64() * 1e3;
            worst = worst.max(ms);
            total += ms;
        }
        println!(
            "a frame with {rows} changes staged: mean {:.2} ms, worst {worst:.2} ms (target ≤ 16 ms) {}",
            total / frames as f64,
            ok(worst, 16.0)
        );

        let planned = plan_time(&wb);
        let sent_before = shared.echo().tail(usize::MAX).len();
        let started = Instant::now();
        key(&mut wb, KeyCode::Char('s'), KeyModifiers::CONTROL);
        let asked = started.elapsed().as_secs_f64();
        let answer = rx.recv().await.unwrap();
        let answered = started.elapsed().as_secs_f64();
        wb.on_event(answer);
        let taken_in = started.elapsed().as_secs_f64() - answered;
        settle(&mut wb, &mut rx).await;
        let commit = started.elapsed().as_secs_f64();
        assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
        println!(
            "  (Ctrl-S handled in {asked:.3} s, answered after {answered:.3} s, taken in in {taken_in:.3} s)"
        );
        let on_server: f64 = shared
            .echo()
            .tail(usize::MAX)
            .iter()
            .skip(sent_before)
            .map(|e| e.duration.as_secs_f64())
            .sum();
        println!(
            "  (the plan of {rows} deletes made in {planned:.3} s; its statements took {on_server:.3} s)"
        );
        println!(
            "committing {rows} staged deletes: {commit:.3} s | one DELETE through the client {delete_one:.3} s | {:.2}× (target ≤ 2×) {}",
            commit / delete_one,
            ok(commit / delete_one, 2.0)
        );

        // one-column updates, staged through the session (a cell edit each)
        fill(engine, &url, rows);
        wb.dispatch(Action::RunStatement("select id, name, n from t order by id".into()));
        settle(&mut wb, &mut rx).await;
        let src = retort::app::session::edit::result_source(&wb.model).unwrap().0;
        let catalog = wb.model.catalog.loaded().unwrap();
        let table = catalog.table(&src.schema, "t").unwrap().clone();
        let started = Instant::now();
        stage_updates(&mut wb, &table, rows);
        let staging = started.elapsed().as_secs_f64();
        println!(
            "staging {rows} one-column updates: {staging:.3} s (target ≤ 0.2 s) {}",
            ok(staging, 0.2)
        );
        let started = Instant::now();
        let lookup = |r: &retort::session::TableRef| (r.name == "t").then_some(&table);
        let planned = retort::session::plan(
            &wb.model.session.unit,
            &lookup,
            retort::session::Dialect::of(&wb.model.info),
        )
        .unwrap();
        println!(
            "  (the plan of {rows} updates: {} statements, made in {:.3} s)",
            planned.steps.len(),
            started.elapsed().as_secs_f64()
        );
        // where the time goes: the flush and COMMIT alone, then the workbench taking the
        // answer in (the journal, the identity map, the teaching view)
        let started = Instant::now();
        let outcome = retort::session::flush::commit(&shared, &planned).await;
        let sent = started.elapsed().as_secs_f64();
        let started = Instant::now();
        wb.on_event(retort::app::Event::SessionCommitted {
            outcome,
            transaction: shared.transaction(),
        });
        settle(&mut wb, &mut rx).await;
        let taken_in = started.elapsed().as_secs_f64();
        println!("  (of which: flush and COMMIT {sent:.3} s, the answer taken in {taken_in:.3} s)");
        assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
        // and the same updates through Ctrl-S, as a user commits them
        fill(engine, &url, rows);
        wb.dispatch(Action::RunStatement("select id, name, n from t order by id".into()));
        settle(&mut wb, &mut rx).await;
        stage_updates(&mut wb, &table, rows);
        let started = Instant::now();
        key(&mut wb, KeyCode::Char('s'), KeyModifiers::CONTROL);
        settle(&mut wb, &mut rx).await;
        let commit = started.elapsed().as_secs_f64();
        assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
        println!(
            "committing {rows} staged updates: {commit:.3} s | one UPDATE through the client {update_one:.3} s | {:.2}× (target ≤ 2×) {}",
            commit / update_one,
            ok(commit / update_one, 2.0)
        );
    });
}

/// Seconds the flush plan of what is staged takes to make.
fn plan_time(wb: &Workbench) -> f64 {
    let catalog = wb.model.catalog.loaded().unwrap();
    let lookup = |r: &retort::session::TableRef| catalog.table(&r.schema, &r.name);
    let started = Instant::now();
    let planned = retort::session::plan(
        &wb.model.session.unit,
        &lookup,
        retort::session::Dialect::of(&wb.model.info),
    );
    let took = started.elapsed().as_secs_f64();
    assert!(planned.is_ok());
    took
}

/// Stages `n` = ten times the key on each of the first `rows` rows of the result shown.
fn stage_updates(wb: &mut Workbench, table: &retort::meta::Table, rows: usize) {
    let src = retort::app::session::edit::result_source(&wb.model)
        .unwrap()
        .0;
    let kind = wb.model.info.engine;
    for row in 0..rows {
        let target = retort::app::session::edit::row_target(&wb.model, &src, row).unwrap();
        let value = retort::engine::Value::Int((row + 1) as i64 * 10);
        wb.model
            .session
            .unit
            .set(
                table,
                kind,
                &target,
                "n",
                retort::session::Cell::Value(value),
            )
            .unwrap();
    }
}
