//! Headless streaming benchmark: 1,000,000 rows × 10 mixed columns printed as CSV by retort,
//! next to each database's own CLI on the same rows in the same run.
//!
//!   cargo bench --bench headless_stream            (ROWS=200000 for a quicker run)
//!
//! Uses the test harness's throwaway servers (or RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL).
//! Targets (design.md §4): retort ≤ 1.5× `psql -c "copy … to stdout"`; SQLite ≤ 1.5× `sqlite3`;
//! memory flat (peak RSS far below the result's text size).

#[path = "../tests/it/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::{Engine, exec_ok, fresh_database, mysql_socket_and_db};

struct Run {
    seconds: f64,
    peak_rss_mb: f64,
    bytes: u64,
}

/// Runs a command with stdout counted and thrown away; samples its peak RSS from /proc.
fn measure(program: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let counter =
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()).unwrap_or(0));
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            for line in status.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak_kb = peak_kb.max(kb);
                }
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{program} {args:?} failed");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = counter.join().unwrap();
    Run {
        seconds,
        peak_rss_mb: peak_kb as f64 / 1024.0,
        bytes,
    }
}

fn best_of(n: usize, f: impl Fn() -> Run) -> Run {
    (0..n)
        .map(|_| f())
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .unwrap()
}

fn report(label: &str, baseline_label: &str, baseline: &Run, ours: &Run, target: f64) {
    let ratio = ours.seconds / baseline.seconds;
    println!(
        "{label:<28} {baseline_label:<28} {:>6.2} s {:>7.1} MB out {:>6.1} MB RSS | retort {:>6.2} s {:>7.1} MB out {:>6.1} MB RSS | {ratio:.2}× (target ≤ {target}×) {}",
        baseline.seconds,
        baseline.bytes as f64 / 1e6,
        baseline.peak_rss_mb,
        ours.seconds,
        ours.bytes as f64 / 1e6,
        ours.peak_rss_mb,
        if ratio <= target { "OK" } else { "MISSED" }
    );
}

const BENCH_SELECT: &str = "select * from bench";

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` and test discovery
    }
    let rows: u64 = std::env::var("ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let retort = env!("CARGO_BIN_EXE_retort");
    println!("headless streaming, {rows} rows × 10 columns, CSV to a pipe (best of 3)");

    // PostgreSQL
    let pg = fresh_database(Engine::Postgres);
    exec_ok(
        &pg,
        &format!(
            "create table bench as select g as id, g * 2 as n2, md5(g::text) as s1, \
         round((g % 100000)::numeric / 7, 4) as dec, timestamp '2020-01-01' + g * interval '1 second' as ts, \
         g % 2 = 0 as flag, (g % 1000) / 3.0::float8 as f, 'text ' || g as s2, (g * 31) % 100000 as n3, \
         date '2020-01-01' + (g % 3000)::int as d from generate_series(1, {rows}) g"
        ),
    );
    let copy = best_of(3, || {
        measure(
            "psql",
            &[&pg, "-X", "-q", "-c", "copy bench to stdout"],
            &[],
        )
    });
    let ours = best_of(3, || {
        measure(retort, &[&pg, "-e", BENCH_SELECT, "--format", "csv"], &[])
    });
    report("PostgreSQL full fetch", "psql COPY", &copy, &ours, 1.5);
    let psql_a = best_of(1, || {
        measure("psql", &[&pg, "-X", "-A", "-q", "-c", BENCH_SELECT], &[])
    });
    report(
        "PostgreSQL full fetch",
        "psql -A (fetch-all)",
        &psql_a,
        &ours,
        1.5,
    );

    // SQLite
    let path = harness::scratch_dir().join("bench.db");
    let _ = std::fs::remove_file(&path);
    let sqlite_url = format!("sqlite:///{}", path.display());
    exec_ok(
        &sqlite_url,
        &format!(
            "create table bench as with recursive s(g) as (select 1 union all select g + 1 from s where g < {rows}) \
         select g as id, g * 2 as n2, hex(randomblob(16)) as s1, round((g % 100000) / 7.0, 4) as dec, \
         datetime(1577836800 + g, 'unixepoch') as ts, g % 2 = 0 as flag, (g % 1000) / 3.0 as f, \
         'text ' || g as s2, (g * 31) % 100000 as n3, date(1577836800 + (g % 3000) * 86400, 'unixepoch') as d from s"
        ),
    );
    let db = path.display().to_string();
    let sqlite3 = best_of(3, || measure("sqlite3", &["-csv", &db, BENCH_SELECT], &[]));
    let ours = best_of(3, || {
        measure(
            retort,
            &[&sqlite_url, "-e", BENCH_SELECT, "--format", "csv"],
            &[],
        )
    });
    report("SQLite full fetch", "sqlite3 -csv", &sqlite3, &ours, 1.5);

    // MariaDB (no target in design.md; shown for comparison with the mariadb client)
    let my = fresh_database(Engine::MySql);
    exec_ok(
        &my,
        &format!(
            "set session max_recursive_iterations = 100000000; create table bench as with recursive s(g) as (select 1 union all select g + 1 from s where g < {rows}) \
         select g as id, g * 2 as n2, md5(g) as s1, round((g % 100000) / 7, 4) as `dec`, \
         timestamp '2020-01-01 00:00:00' + interval g second as ts, g % 2 = 0 as flag, (g % 1000) / 3e0 as f, \
         concat('text ', g) as s2, (g * 31) % 100000 as n3, date '2020-01-01' + interval (g % 3000) day as d from s"
        ),
    );
    let (socket, dbname) = mysql_socket_and_db(&my);
    let client = best_of(3, || {
        measure(
            "mariadb",
            &[
                "-uroot",
                "-S",
                &socket,
                "--batch",
                "--quick",
                "-e",
                BENCH_SELECT,
                &dbname,
            ],
            &[],
        )
    });
    let ours = best_of(3, || {
        measure(retort, &[&my, "-e", BENCH_SELECT, "--format", "csv"], &[])
    });
    report(
        "MariaDB full fetch",
        "mariadb --batch --quick",
        &client,
        &ours,
        1.5,
    );
}
