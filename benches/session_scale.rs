//! The Session at scale (issue 17 §1), on PostgreSQL, each figure beside its baseline from the
//! same run:
//! - staging the deletion of 10,000 rows in the workbench (`v`, `G`, `d`): target ≤ 0.2 s;
//! - a frame of the workbench with 10,000 changes staged: target ≤ 16 ms;
//! - committing 10,000 staged deletes, and 10,000 staged one-column updates: target ≤ 2× one
//!   statement doing the same through psql (`DELETE … WHERE id = any(…)`,
//!   `UPDATE … FROM unnest(…)`).
//!
//!   cargo bench --bench session_scale        (ROWS=2000 for a quicker run)

#[path = "../tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use harness::{Engine, exec_ok, fresh_database};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use retort::app::catalog::SchemaDetails;
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

/// Seconds psql takes to run `sql` (one statement, in its own transaction).
fn psql(url: &str, sql: &str) -> f64 {
    let file = harness::scratch_dir().join("session-scale.sql");
    std::fs::write(&file, sql).unwrap();
    let started = Instant::now();
    let out = Command::new("psql")
        .args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64()
}

fn fill(url: &str, rows: usize) {
    exec_ok(url, "drop table if exists t");
    exec_ok(
        url,
        &format!(
            "create table t (id int primary key, name text not null, n int); \
             insert into t select g, 'name ' || g, g from generate_series(1, {rows}) g"
        ),
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10_000);
    let url = fresh_database(Engine::Postgres);
    let ids: Vec<String> = (1..=rows).map(|i| i.to_string()).collect();
    // the baselines: one statement each
    fill(&url, rows);
    let delete_one = psql(
        &url,
        &format!(
            "delete from t where id = any('{{{}}}'::int[])",
            ids.join(",")
        ),
    );
    fill(&url, rows);
    let update_one = psql(
        &url,
        &format!(
            "update t set n = v.n from unnest('{{{0}}}'::int[], '{{{0}}}'::int[]) as v(id, n) \
             where t.id = v.id",
            ids.join(",")
        ),
    );
    fill(&url, rows);

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let conn = Connection::connect(&parsed, &ConnectOptions::default(), EchoLog::new())
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut wb = Workbench::new(Arc::new(conn), tx, None);
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

        let started = Instant::now();
        key(&mut wb, KeyCode::Char('s'), KeyModifiers::CONTROL);
        settle(&mut wb, &mut rx).await;
        let commit = started.elapsed().as_secs_f64();
        assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
        println!(
            "committing {rows} staged deletes: {commit:.3} s | one DELETE … = any(…) through psql {delete_one:.3} s | {:.2}× (target ≤ 2×) {}",
            commit / delete_one,
            ok(commit / delete_one, 2.0)
        );

        // one-column updates, staged through the session (a cell edit each)
        fill(&url, rows);
        wb.dispatch(Action::RunStatement("select id, name, n from t order by id".into()));
        settle(&mut wb, &mut rx).await;
        let catalog = wb.model.catalog.loaded().unwrap();
        let table = catalog.table("public", "t").unwrap().clone();
        let src = retort::app::session_update::result_source(&wb.model).unwrap().0;
        let started = Instant::now();
        for row in 0..rows {
            let target = retort::app::session_update::row_target(&wb.model, &src, row).unwrap();
            let value = retort::engine::Value::Int((row + 1) as i64 * 10);
            wb.model
                .session
                .unit
                .set(&table, retort::engine::EngineKind::Postgres, &target, "n", retort::session::Cell::Value(value))
                .unwrap();
        }
        let staging = started.elapsed().as_secs_f64();
        println!(
            "staging {rows} one-column updates: {staging:.3} s (target ≤ 0.2 s) {}",
            ok(staging, 0.2)
        );
        let started = Instant::now();
        key(&mut wb, KeyCode::Char('s'), KeyModifiers::CONTROL);
        settle(&mut wb, &mut rx).await;
        let commit = started.elapsed().as_secs_f64();
        assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
        println!(
            "committing {rows} staged updates: {commit:.3} s | one UPDATE … FROM unnest(…) through psql {update_one:.3} s | {:.2}× (target ≤ 2×) {}",
            commit / update_one,
            ok(commit / update_one, 2.0)
        );
    });
}
