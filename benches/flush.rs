//! Session commit benchmark: 10,000 staged inserts committed by retort's unit of work, next to
//! each engine's own fastest path for the same rows, measured in the same run.
//!
//!   cargo bench --bench flush            (ROWS=2000 for a quicker run)
//!
//! Baselines (issue 8): PostgreSQL `psql -c "\copy … from … csv"`; MariaDB the client running
//! multi-row INSERTs below the 65,535-placeholder limit; SQLite one prepared statement in one
//! transaction (rusqlite). Target: retort ≤ 2× the baseline.

#[path = "../tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::process::Command;
use std::time::Instant;

use harness::{Engine, connect, exec_ok, fresh_database, mysql_socket_and_db};
use retort::session::flush::{self, CommitOutcome};
use retort::session::{Cell, Session, TableRef, input, plan};

const DDL: &str = "create table bench (id integer primary key, name varchar(100) not null, \
                   amount numeric(12,2), created timestamp)";

fn row(i: usize) -> (String, String, String, String) {
    (
        i.to_string(),
        format!("customer {i} with a name"),
        format!("{}.{:02}", i * 7 % 100000, i % 100),
        format!(
            "2024-{:02}-{:02} {:02}:{:02}:00",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60
        ),
    )
}

/// Seconds retort takes to stage nothing new, plan and commit `rows` inserts (staging itself
/// is the user's typing and is left out; planning is in).
fn retort_commit(url: &str, rows: usize) -> f64 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = connect(url).await;
        let catalog = retort::meta::reflect(&conn).await.unwrap();
        let table = catalog.tables().find(|t| t.name() == "bench").unwrap();
        let engine = conn.info().engine;
        let mut session = Session::new();
        for i in 0..rows {
            let (id, name, amount, created) = row(i);
            let values = [
                ("id", id),
                ("name", name),
                ("amount", amount),
                ("created", created),
            ]
            .into_iter()
            .map(|(c, text)| {
                let info = table.columns.iter().find(|ci| ci.name == c).unwrap();
                (
                    c.to_string(),
                    Cell::Value(input::parse(&text, info, engine).unwrap()),
                )
            })
            .collect();
            session.insert(table, values).unwrap();
        }
        let started = Instant::now();
        let lookup = |r: &TableRef| catalog.table(&r.schema, &r.name);
        // the plan the workbench makes for this server (MariaDB's, not MySQL's)
        let p = plan(&session, &lookup, retort::session::Dialect::of(conn.info())).unwrap();
        if std::env::var("VERBOSE").is_ok() {
            eprintln!(
                "  plan built in {:.1} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
        }
        let outcome = flush::commit(&conn, &p).await;
        let secs = started.elapsed().as_secs_f64();
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        secs
    })
}

fn count(url: &str) -> String {
    exec_ok(url, "select count(*) from bench")
}

fn report(label: &str, baseline_label: &str, baseline: f64, ours: f64, rows: usize) {
    let ratio = ours / baseline;
    println!(
        "{label:<22} {baseline_label:<34} {baseline:>7.3} s | retort commit {ours:>7.3} s | {ratio:.2}× (target ≤ 2×) {} [{rows} rows]",
        if ratio <= 2.0 { "OK" } else { "MISSED" }
    );
}

fn best(n: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..n).map(|_| f()).fold(f64::INFINITY, f64::min)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();

    // PostgreSQL: psql \copy of the same rows from CSV
    let pg = fresh_database(Engine::Postgres);
    exec_ok(&pg, DDL);
    let csv = dir.path().join("rows.csv");
    let mut text = String::new();
    for i in 0..rows {
        let (a, b, c, d) = row(i);
        text.push_str(&format!("{a},{b},{c},{d}\n"));
    }
    std::fs::write(&csv, &text).unwrap();
    let copy = format!("\\copy bench from '{}' csv", csv.display());
    let baseline = best(3, || {
        exec_ok(&pg, "truncate bench");
        let started = Instant::now();
        let out = Command::new("psql")
            .args([&pg, "-X", "-q", "-c", &copy])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        started.elapsed().as_secs_f64()
    });
    let ours = best(3, || {
        exec_ok(&pg, "truncate bench");
        retort_commit(&pg, rows)
    });
    assert!(count(&pg).contains(&rows.to_string()));
    report("PostgreSQL", "psql \\copy … csv", baseline, ours, rows);

    // MariaDB: the client sending multi-row INSERTs (1,000 rows a statement)
    let my = fresh_database(Engine::MySql);
    exec_ok(&my, DDL);
    let mut script = String::from("start transaction;\n");
    for chunk in (0..rows).collect::<Vec<_>>().chunks(1000) {
        let values: Vec<String> = chunk
            .iter()
            .map(|&i| {
                let (a, b, c, d) = row(i);
                format!("({a},'{b}',{c},'{d}')")
            })
            .collect();
        script.push_str(&format!("insert into bench values {};\n", values.join(",")));
    }
    script.push_str("commit;\n");
    let sql_file = dir.path().join("rows.sql");
    std::fs::write(&sql_file, &script).unwrap();
    let (socket, db) = mysql_socket_and_db(&my);
    let baseline = best(3, || {
        exec_ok(&my, "truncate bench");
        let started = Instant::now();
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "mariadb -uroot -S '{socket}' '{db}' < '{}'",
                sql_file.display()
            ))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        started.elapsed().as_secs_f64()
    });
    let ours = best(3, || {
        exec_ok(&my, "truncate bench");
        retort_commit(&my, rows)
    });
    assert!(count(&my).contains(&rows.to_string()));
    report(
        "MariaDB",
        "mariadb < multi-row INSERTs",
        baseline,
        ours,
        rows,
    );

    // SQLite: one prepared statement in one transaction
    let lite = fresh_database(Engine::Sqlite);
    exec_ok(&lite, DDL);
    let path = lite.trim_start_matches("sqlite://").to_string();
    let baseline = best(3, || {
        exec_ok(&lite, "delete from bench");
        let started = Instant::now();
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare("insert into bench values (?1, ?2, ?3, ?4)")
                .unwrap();
            for i in 0..rows {
                let (a, b, c, d) = row(i);
                let a: i64 = a.parse().unwrap();
                stmt.execute(rusqlite::params![a, b, c, d]).unwrap();
            }
        }
        tx.commit().unwrap();
        started.elapsed().as_secs_f64()
    });
    let ours = best(3, || {
        exec_ok(&lite, "delete from bench");
        retort_commit(&lite, rows)
    });
    assert!(count(&lite).contains(&rows.to_string()));
    report(
        "SQLite",
        "one prepared INSERT, one transaction",
        baseline,
        ours,
        rows,
    );
}
