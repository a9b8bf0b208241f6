//! Catalog benchmark: 5,000 tables × 10 columns with indexes and 1,000 views in PostgreSQL.
//! Times retort's reflection (tree names, then every column, key and index of the schema) next to
//! `psql` running the very same catalog queries, in the same run.
//!
//!   cargo bench --bench catalog            (TABLES=1000 for a quicker run)
//!
//! Targets (design.md §4): names ≤ 100 ms, all column metadata ≤ 0.5 s.

#[path = "../tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::process::Command;
use std::time::Instant;

use harness::{Engine, exec_ok, fresh_database};
use retort::meta::reflect;

/// Server-side time of one statement, as psql's \timing reports it (best of 3), in ms.
fn psql_ms(url: &str, sql: &str) -> f64 {
    (0..3)
        .map(|_| {
            let out = Command::new("psql")
                .args([
                    url,
                    "-X",
                    "-q",
                    "-o",
                    "/dev/null",
                    "-c",
                    "\\timing on",
                    "-c",
                    sql,
                ])
                .output()
                .expect("psql");
            let text = String::from_utf8_lossy(&out.stdout);
            text.lines()
                .rev()
                .filter_map(|l| l.strip_prefix("Time: "))
                .find_map(|t| t.split_whitespace().next()?.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let tables: usize = std::env::var("TABLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let views = tables / 5;
    let url = fresh_database(Engine::Postgres);
    let started = Instant::now();
    // in chunks: one transaction creating thousands of tables runs out of lock slots
    let mut script = String::new();
    for chunk in (1..=tables).collect::<Vec<_>>().chunks(250) {
        let (from, to) = (chunk[0], chunk[chunk.len() - 1]);
        script.push_str(&format!(
            "do $$ begin \
               for i in {from}..{to} loop \
                 execute format('create table t%s (id int primary key, c1 int not null, c2 text, c3 numeric(10,2), \
                   c4 timestamptz default now(), c5 boolean, c6 int references t1(id), c7 varchar(40) unique, \
                   c8 jsonb, c9 date)', i); \
                 execute format('create index on t%s (c1, c2)', i); \
               end loop; end $$;\n"
        ));
    }
    script.push_str(&format!(
        "do $$ begin for i in 1..{views} loop execute format('create view v%s as select id, c1 from t%s', i, i); \
         end loop; end $$;"
    ));
    exec_ok(&url, &script);
    println!(
        "catalog of {tables} tables × 10 columns, {views} views (built in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = harness::connect(&url).await;
        let mut names_ms = f64::INFINITY;
        let mut details_ms = f64::INFINITY;
        let mut relations = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            relations = reflect::list_relations(&conn).await.unwrap();
            names_ms = names_ms.min(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let schema = reflect::reflect_schema(&conn, "public", &relations).await.unwrap();
            details_ms = details_ms.min(t.elapsed().as_secs_f64() * 1000.0);
            let columns: usize = schema.tables.iter().map(|t| t.columns.len()).sum();
            assert!(columns >= tables * 10, "{columns}");
        }
        assert!(relations.len() >= tables + views);
        let names_sql = reflect::sql::PG_RELATIONS;
        let detail_sqls = [
            reflect::sql::PG_COLUMNS,
            reflect::sql::PG_CONSTRAINTS,
            reflect::sql::PG_INDEXES,
            reflect::sql::PG_ENUMS,
            reflect::sql::PG_SEQUENCES,
            reflect::sql::PG_VIEWS,
        ];
        let psql_names = psql_ms(&url, names_sql);
        let per_query: Vec<f64> = detail_sqls.iter().map(|q| psql_ms(&url, &q.replace("$1", "'public'"))).collect();
        let psql_details: f64 = per_query.iter().sum();
        println!(
            "psql per detail query (columns, constraints, indexes, enums, sequences, views): {:?} ms",
            per_query.iter().map(|m| (m * 10.0).round() / 10.0).collect::<Vec<_>>()
        );
        let verdict = |ms: f64, target: f64| if ms <= target { "OK" } else { "MISSED" };
        println!(
            "tree names ({} relations)   psql {psql_names:>7.1} ms | retort {names_ms:>7.1} ms (target ≤ 100 ms) {}",
            relations.len(),
            verdict(names_ms, 100.0)
        );
        println!(
            "all column metadata         psql {psql_details:>7.1} ms | retort {details_ms:>7.1} ms (target ≤ 500 ms) {}",
            verdict(details_ms, 500.0)
        );
    });
    whole_command(&url);
}

/// The whole `retort URL --schema json` over TCP with TLS (as a remote server is reached),
/// next to one psql process over the same URL running the very catalog queries retort sent
/// (read from its echo file, parameters written in), unaligned output to a file.
fn whole_command(url: &str) {
    let parsed = url::Url::parse(url).unwrap();
    let query: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
    let port = query.get("port").cloned().unwrap_or_else(|| "5432".into());
    let db = parsed.path().trim_start_matches('/');
    let tcp = format!("postgresql://postgres@127.0.0.1:{port}/{db}?sslmode=require");
    let dir = harness::scratch_dir();
    let echo = dir.join("catalog-echo.log");
    let json = dir.join("catalog.json");
    let retort_run = || {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_retort"))
            .args([tcp.as_str(), "--schema", "json", "--echo"])
            .arg(&echo)
            .stdout(std::fs::File::create(&json).unwrap())
            .status()
            .expect("retort");
        assert!(out.success());
        t.elapsed().as_secs_f64()
    };
    let _ = std::fs::remove_file(&echo);
    retort_run();
    let script = catalog_script(&std::fs::read_to_string(&echo).unwrap());
    let script_file = dir.join("catalog.sql");
    std::fs::write(&script_file, &script).unwrap();
    let psql_run = || {
        let t = Instant::now();
        let out = Command::new("psql")
            .args([
                tcp.as_str(),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
            ])
            .arg(&script_file)
            .arg("-o")
            .arg(dir.join("catalog.psql.txt"))
            .status()
            .expect("psql");
        assert!(out.success());
        t.elapsed().as_secs_f64()
    };
    let best = |f: &dyn Fn() -> f64| (0..5).map(|_| f()).fold(f64::INFINITY, f64::min);
    let (r, p) = (best(&retort_run), best(&psql_run));
    let connect = |prog: &str, args: &[&str]| {
        best(&|| {
            let t = Instant::now();
            let ok = Command::new(prog)
                .args(args)
                .output()
                .expect(prog)
                .status
                .success();
            assert!(ok);
            t.elapsed().as_secs_f64()
        })
    };
    let rc = connect(
        env!("CARGO_BIN_EXE_retort"),
        &[tcp.as_str(), "-e", "select 1"],
    );
    let pc = connect("psql", &[tcp.as_str(), "-X", "-q", "-c", "select 1"]);
    println!(
        "--schema json over TLS       psql {:>7.0} ms | retort {:>7.0} ms ({:.2}×, goal ≤ 1.2×) {}  [{} catalog statements]",
        p * 1000.0,
        r * 1000.0,
        r / p,
        if r / p <= 1.2 { "OK" } else { "MISSED" },
        script.matches(";\n").count()
    );
    println!(
        "connect + select 1 over TLS  psql {:>7.0} ms | retort {:>7.0} ms",
        pc * 1000.0,
        rc * 1000.0
    );
}

/// The catalog statements of an echo file, with their parameters written in, as a psql script.
fn catalog_script(echo: &str) -> String {
    let mut script = String::new();
    for line in echo.lines().filter(|l| l.contains("[retort]")) {
        let Some((_, rest)) = line.split_once(" | ") else {
            continue;
        };
        let (sql, params) = match rest.split_once(" params=[") {
            Some((sql, p)) => (sql, p.trim_end_matches(']').split(", ").collect::<Vec<_>>()),
            None => (rest, vec![]),
        };
        let mut sql = sql.to_string();
        for (i, p) in params.iter().enumerate().rev() {
            sql = sql.replace(
                &format!("${}", i + 1),
                &format!("'{}'", p.replace('\'', "''")),
            );
        }
        script.push_str(&sql);
        script.push_str(";\n");
    }
    script
}
