//! Headless mode under a closed pipe, a script on stdin, odd results.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Engine, exec_ok, fresh_database, retort, scratch_dir};

#[test]
fn a_closed_pipe_ends_at_once_and_stops_the_statement_on_the_server() {
    let url = fresh_database(Engine::Postgres);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_retort"))
        .args([
            url.as_str(),
            "-e",
            "select g, repeat('x', 100) from generate_series(1, 50000000) g",
            "--format",
            "csv",
        ])
        .env("RETORT_DATA_DIR", scratch_dir().join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // read the first line, then close the pipe, as `| head -1` does
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let _ = std::io::Read::read(&mut out, &mut first).unwrap();
    drop(out);
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "retort hung on a closed pipe");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "a closed pipe ends quietly");
    assert!(started.elapsed() < Duration::from_secs(15));
    // the statement no longer runs on the server
    let parsed = url::Url::parse(&url).unwrap();
    let db = parsed.path().trim_start_matches('/');
    let query = format!(
        "select count(*) from pg_stat_activity where datname = '{db}' and state = 'active' \
         and query like '%generate_series(1, 50000000)%' and pid <> pg_backend_pid()"
    );
    // the backend may take a moment to notice; it must not keep streaming
    let mut active = String::new();
    for _ in 0..20 {
        active = exec_ok(&url, &query);
        if active.contains(" 0\n") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(active.contains(" 0\n"), "still running: {active}");
}

#[test]
fn a_script_can_come_from_standard_input() {
    let url = fresh_database(Engine::Sqlite);
    let mut child = Command::new(env!("CARGO_BIN_EXE_retort"))
        .args([url.as_str(), "-f", "-", "--format", "csv"])
        .env("RETORT_DATA_DIR", scratch_dir().join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"create table t (a int);\ninsert into t values (7);\nselect a from t;\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a\n7\n");
}

#[test]
fn a_select_that_fails_midway_claims_no_row_count() {
    let url = fresh_database(Engine::Postgres);
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "select 1 / (g - 3) from generate_series(1, 5) g",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("division by zero"), "{err}");
    assert!(
        !out.contains("rows)"),
        "no footer for a failed statement: {out}"
    );
}

#[test]
fn a_result_without_columns_reports_its_rows() {
    let url = fresh_database(Engine::Postgres);
    let (code, out, err) = retort(&[&url, "-e", "select from generate_series(1, 3)"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(3 rows)"), "{out}");
}

#[test]
fn notices_and_warnings_reach_stderr_and_the_echo_log() {
    let url = fresh_database(Engine::Postgres);
    let echo = scratch_dir().join(format!("notices-{}.log", std::process::id()));
    let (code, out, err) = retort(&[
        &url,
        "--echo",
        echo.to_str().unwrap(),
        "-e",
        "do $$ begin raise warning 'careful: %', 42; end $$; commit",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("DO"), "{out}");
    assert!(err.contains("WARNING:  careful: 42"), "{err}");
    assert!(
        err.contains("WARNING:  there is no transaction in progress"),
        "{err}"
    );
    let log = std::fs::read_to_string(&echo).unwrap();
    assert!(log.contains("careful: 42"), "{log}");

    let my = fresh_database(Engine::MySql);
    exec_ok(&my, "create table t (a tinyint)");
    let (code, _, err) = retort(&[&my, "-e", "insert ignore into t values (1000)"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Warning 1264") && err.contains("Out of range"),
        "{err}"
    );
}

#[test]
fn copy_to_stdout_streams_and_copy_from_an_empty_stdin_copies_nothing() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (a int, b text); insert into t values (1, 'x'), (2, null)",
    );
    let (code, out, err) = retort(&[&url, "-e", "copy t to stdout with (format csv)"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "1,x\n2,\n");
    // standard input is empty here: nothing is copied, and the script goes on
    let (code, out, err) = retort(&[&url, "-e", "copy t from stdin; select 41 + 1 as n"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("COPY 0") && out.contains("42"), "{out}");
    // the connection survives: a script goes on after a COPY
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "copy (select 7) to stdout; select count(*) from t",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "7\ncount\n2\n");
}

#[test]
fn a_server_that_refuses_writes_is_shown_as_such() {
    let url = fresh_database(Engine::Postgres);
    let parsed = url::Url::parse(&url).unwrap();
    let db = parsed.path().trim_start_matches('/').to_string();
    exec_ok(
        &url,
        &format!("alter database {db} set default_transaction_read_only = on"),
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let info = rt.block_on(async { crate::harness::connect(&url).await.info().clone() });
    assert!(info.server_read_only);
    let other = fresh_database(Engine::Postgres);
    let info = rt.block_on(async { crate::harness::connect(&other).await.info().clone() });
    assert!(!info.server_read_only);
}

#[test]
fn a_url_password_is_never_repeated_in_an_error() {
    let (code, _, err) = retort(&["sqlite://user:hunter2@host/x.db", "-e", "select 1"]);
    assert_eq!(code, 2);
    assert!(!err.contains("hunter2") && err.contains("***"), "{err}");
}

#[test]
fn mysql_warnings_survive_the_read_only_transaction() {
    let my = fresh_database(Engine::MySql);
    let (code, _, err) = retort(&[&my, "--read-only", "-e", "select cast('12abc' as signed)"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Warning 1292"), "{err}");
}

/// retort with `input` on its standard input.
fn retort_fed(args: &[&str], input: &str) -> (i32, String, String) {
    crate::harness::retort_with_input(args, Some(input))
}

#[test]
fn copy_from_stdin_takes_its_data_from_the_script_or_standard_input_as_psql_does() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    crate::harness::exec_ok(&url, "create table ct (id int primary key, name text)");
    // in a script: the data follows the statement, up to a line \.
    let dir = crate::harness::scratch_dir().join("copy-in");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("load.sql");
    std::fs::write(
        &script,
        "copy ct from stdin;\n1\tone\n2\ttwo; not SQL\n\\.\n\
         copy ct (id, name) from stdin with (format csv);\n3,\"th;ree\"\n\\.\n\
         select count(*) as n from ct;\n",
    )
    .unwrap();
    let (code, out, err) = retort(&[&url, "-f", script.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("n\n3\n"), "{out}");
    // -e: the data comes on standard input; the script goes on after it
    let (code, out, err) = retort_fed(
        &[
            &url,
            "-e",
            "copy ct from stdin; select name from ct where id = 5",
            "--format",
            "csv",
        ],
        "4\tfour\n5\tfive\n\\.\nnot data\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "name\nfive\n");
    // -f -: the script is standard input, so the data is in it
    let (code, out, err) = retort_fed(
        &[&url, "-f", "-", "--format", "csv"],
        "copy ct from stdin;\n6\tsix\n\\.\nselect count(*) as n from ct;\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "n\n6\n");
    // bad data: the server's error, and nothing of that COPY is in
    let (code, _, err) = retort_fed(&[&url, "-e", "copy ct from stdin"], "7\tseven\nx\ty\n");
    assert_ne!(code, 0);
    assert!(
        err.contains("invalid input syntax for type integer"),
        "{err}"
    );
    // --read-only: not sent
    let (code, _, err) = retort_fed(&[&url, "--read-only", "-e", "copy ct from stdin"], "8\tx\n");
    assert_ne!(code, 0);
    assert!(err.contains("--read-only"), "{err}");
    let n = crate::harness::exec_ok(&url, "select count(*) from ct");
    assert!(n.contains(" 6\n") || n.contains("6\n"), "{n}");
}

/// Values, column names, notices and error text that hold terminal controls (ESC sequences
/// that retitle the window or write the clipboard, BEL) reach the terminal escaped in the
/// table format and on stderr; CSV keeps the data as it is.
#[test]
fn terminal_controls_from_the_server_are_shown_escaped() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let (code, out, err) = crate::harness::retort(&[
        &url,
        "-e",
        "select E'\\x1b]0;pwned\\x07' as \"t\x1b[2J\"; \
         do $$ begin raise notice '%', E'\\x1b]52;c;cHduZWQ=\\x07'; end $$; \
         select 1/0 as \"\x1b[31m\"",
    ]);
    assert_eq!(code, 1, "{err}");
    for (what, text) in [("stdout", &out), ("stderr", &err)] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{what}: {text:?}"
        );
    }
    assert!(out.contains("\\x1b]0;pwned\\x07"), "{out}");
    assert!(err.contains("\\x1b]52;c;"), "{err}");
    let (_, out, _) =
        crate::harness::retort(&[&url, "--format", "csv", "-e", "select E'\\x1b' as x"]);
    assert!(
        out.contains('\u{1b}'),
        "CSV is data, kept as it is: {out:?}"
    );
}

/// A server's 3 MB error message is kept to 16 KB (it made each keypress of the workbench
/// redraw all of it), and says how much more there was.
#[test]
fn a_huge_error_message_is_kept_bounded_and_says_so() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let (code, _, err) = crate::harness::retort(&[
        &url,
        "-e",
        "do $$ begin raise exception '%', repeat('x', 3000000); end $$",
    ]);
    assert_eq!(code, 1);
    assert!(err.len() < 20_000, "{} bytes on stderr", err.len());
    assert!(
        err.contains("goes on for") && err.contains("more bytes"),
        "{}",
        &err[err.len() - 200..]
    );
}
