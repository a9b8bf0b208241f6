//! The command line: the demo, exit statuses, clear messages, never a password.

use std::time::{Duration, Instant};

use crate::harness::{Engine, fresh_database, retort, server_url};

#[test]
fn the_demo_answers_when_asked_for() {
    let (code, out, err) = retort(&[
        "--demo",
        "-e",
        "select count(*) from users",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "count(*)\n40\n");
    let (_, out, _) = retort(&[
        "--demo",
        "-e",
        "select count(*) from posts p join users u on u.id = p.user_id",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "count(*)\n200\n");
    // -c, as psql spells it
    let (code, out, err) = retort(&["--demo", "-c", "select 1 as one", "--format", "csv"]);
    assert_eq!((code, out.as_str()), (0, "one\n1\n"), "{err}");
}

#[test]
fn bad_urls_are_usage_errors_with_status_2() {
    for url in [
        "oracle://scott@db/orcl",
        "not a url",
        "postgresql://[broken",
    ] {
        let (code, out, err) = retort(&[url, "-e", "select 1"]);
        assert_eq!(code, 2, "{url}: {err}");
        assert!(out.is_empty());
        assert!(
            err.starts_with("retort: ") && err.lines().count() == 1,
            "{url}: one clear sentence: {err}"
        );
    }
}

#[test]
fn unreachable_servers_fail_fast_with_status_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for url in [
        format!("postgresql://app:sekrit@127.0.0.1:{port}/shop"),
        format!("mysql://app:sekrit@127.0.0.1:{port}/shop"),
    ] {
        let started = Instant::now();
        let (code, _, err) = retort(&[&url, "-e", "select 1"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{url}: {:?}",
            started.elapsed()
        );
        assert!(
            err.contains("could not connect") && err.contains("refused"),
            "{err}"
        );
        assert!(!err.contains("sekrit"), "the password never shows: {err}");
    }
}

#[test]
fn wrong_password_and_missing_database_are_clear() {
    let my = server_url(Engine::MySql);
    let wrong = my.replace("root@", "root:wrong-pass@");
    let (code, _, err) = retort(&[&wrong, "-e", "select 1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Access denied"), "{err}");
    assert!(!err.contains("wrong-pass"), "{err}");
    let pg = server_url(Engine::Postgres);
    let missing = crate::harness::replace_database(&pg, "no_such_db");
    let (code, _, err) = retort(&[&missing, "-e", "select 1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn script_files_and_command_tags() {
    let url = fresh_database(Engine::Postgres);
    let path = crate::harness::scratch_dir().join("script.sql");
    std::fs::write(
        &path,
        "create table t (id int, body text);\ninsert into t values (1, 'a;b'), (2, $$c;d$$);\n\
         create function f() returns int as $$ begin return 1; end; $$ language plpgsql;\nselect f();",
    )
    .unwrap();
    let (code, out, err) = retort(&[&url, "-f", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("CREATE TABLE") && out.contains("INSERT 0 2") && out.contains("(1 row)"),
        "{out}"
    );
}

#[test]
fn the_echo_file_logs_statements_without_secrets() {
    let url = fresh_database(Engine::Postgres).replace("postgres@", "postgres:hunter2@");
    let path = crate::harness::scratch_dir().join("echo.log");
    let (code, _, err) = retort(&[
        &url,
        "--echo",
        path.to_str().unwrap(),
        "-e",
        "create role echo_probe; alter role echo_probe password 'topsecret'; select 1",
    ]);
    assert_eq!(code, 0, "{err}");
    let log = std::fs::read_to_string(&path).unwrap();
    assert!(
        log.contains("select 1") && log.contains("[user]") && log.contains("[retort]"),
        "{log}"
    );
    assert!(log.contains(" ms"), "durations are logged: {log}");
    assert!(
        !log.contains("topsecret") && !log.contains("hunter2"),
        "{log}"
    );
}

#[test]
fn table_output_streams_large_results_in_flat_memory() {
    // 300,000 rows through the table format: widths come from the first rows, the rest stream
    let (code, out, err) = retort(&[
        "sqlite://",
        "-e",
        "with recursive s(n) as (select 1 union all select n + 1 from s where n < 300000) select n, 'row ' || n from s",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("(300000 rows)\n\n"),
        "{}",
        &out[out.len().saturating_sub(100)..]
    );
    assert_eq!(out.lines().count(), 300000 + 4);
}

#[test]
fn mysql_pwd_supplies_a_missing_password() {
    let my = server_url(Engine::MySql);
    crate::harness::exec_ok(
        &my,
        "create user if not exists 'pwuser'@'localhost' identified by 'pw-secret'; grant all on *.* to 'pwuser'@'localhost'",
    );
    let url = my.replace("root@", "pwuser@");
    let (code, _, err) = retort(&[&url, "-e", "select 1"]);
    assert_eq!(code, 2, "without a password the login fails: {err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_retort"))
        .args([
            url.as_str(),
            "-e",
            "select current_user()",
            "--format",
            "csv",
        ])
        .env("MYSQL_PWD", "pw-secret")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("pwuser@localhost"));
}

#[test]
fn a_lost_connection_is_reported_and_the_next_statement_reconnects() {
    use retort::engine::EngineError;
    let url = fresh_database(Engine::Postgres);
    let admin = server_url(Engine::Postgres);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let (tx, _rx) = tokio::sync::mpsc::channel(16);
        let run = conn.execute("select pg_sleep(20), 'retort-lost-probe'", &tx);
        let kill = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let sql = "select pg_terminate_backend(pid) from pg_stat_activity where query like '%retort-lost-probe%' and pid <> pg_backend_pid()";
            tokio::task::spawn_blocking(move || crate::harness::exec_ok(&admin, sql)).await.unwrap();
        };
        let (result, ()) = tokio::join!(run, kill);
        match result {
            Err(EngineError::ConnectionLost(msg)) | Err(EngineError::Other(msg)) => assert!(!msg.is_empty()),
            Err(EngineError::Statement(e)) => assert!(e.message.contains("terminat"), "{e:?}"),
            other => panic!("expected a lost connection, got {other:?}"),
        }
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let again = conn.execute("select 7", &tx).await;
        drop(tx);
        assert!(again.is_ok(), "reconnected: {again:?}");
        let mut got = None;
        while let Some(ev) = rx.recv().await {
            if let retort::engine::QueryEvent::Rows(b) = ev {
                got = Some(b.cell(0, 0).display());
            }
        }
        assert_eq!(got.as_deref(), Some("7"));
    });
}

#[test]
fn tls_is_used_when_the_url_asks_for_it() {
    let server = server_url(Engine::Postgres);
    let port = server
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("port="))
        .expect("the throwaway server URL names its port");
    let probe = "select ssl from pg_stat_ssl where pid = pg_backend_pid()";
    for (mode, want) in [("require", "true"), ("disable", "false")] {
        let url = format!("postgresql://postgres@127.0.0.1:{port}/postgres?sslmode={mode}");
        let (code, out, err) = retort(&[&url, "-e", probe, "--format", "csv"]);
        assert_eq!(
            code, 0,
            "sslmode={mode}: {err} (is openssl installed for the test server's certificate?)"
        );
        assert_eq!(out.lines().nth(1), Some(want), "sslmode={mode}: {out}");
    }
}

#[test]
fn a_server_that_never_answers_times_out_with_status_2() {
    // a loopback listener that accepts connections and never says a word
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _keep = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(4) {
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(10));
    });
    for scheme in ["postgresql", "mysql"] {
        let url = format!("{scheme}://app@127.0.0.1:{port}/shop");
        let started = Instant::now();
        let (code, _, err) = retort(&[&url, "--connect-timeout", "1", "-e", "select 1"]);
        assert_eq!(code, 2, "{scheme}: {err}");
        assert!(err.contains("timed out"), "{scheme}: {err}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{scheme}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn read_only_sessions_refuse_writes_on_every_engine() {
    for engine in crate::harness::ALL {
        let url = fresh_database(engine);
        crate::harness::exec_ok(&url, "create table t (a int)");
        let (code, _, err) = retort(&[&url, "--read-only", "-e", "insert into t values (1)"]);
        assert_eq!(code, 1, "{engine:?}: {err}");
        let lower = err.to_lowercase();
        assert!(
            lower.contains("read-only")
                || lower.contains("read only")
                || lower.contains("readonly"),
            "{engine:?}: {err}"
        );
        let (code, out, err) = retort(&[
            &url,
            "--read-only",
            "-e",
            "select count(*) from t",
            "--format",
            "csv",
        ]);
        assert_eq!(code, 0, "{engine:?}: reads still work: {err}");
        assert!(out.ends_with("0\n"), "{engine:?}: {out}");
    }
}

#[test]
fn completions_and_the_man_page_come_from_the_same_flags_as_help() {
    let (code, help, _) = crate::harness::retort(&["--help"]);
    assert_eq!(code, 0);
    let flags: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-'))
        .filter(|w| !w.contains('<'))
        .collect();
    assert!(
        flags.contains(&"--read-only") && flags.contains(&"--config"),
        "{help}"
    );
    assert!(help.contains("Examples: retort shop"), "{help}");
    let execute = help.lines().find(|l| l.contains("--execute")).unwrap_or("");
    assert!(
        execute.contains("[alias: -c]"),
        "-c is named beside -e: {execute}"
    );
    let (code, bash, _) = crate::harness::retort(&["completions", "bash"]);
    assert_eq!(code, 0);
    let dir = crate::harness::scratch_dir();
    let file = dir.join("retort.bash");
    std::fs::write(&file, &bash).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .unwrap();
    assert!(syntax.success(), "the bash completion does not parse");
    let (_, zsh, _) = crate::harness::retort(&["completions", "zsh"]);
    let (_, fish, _) = crate::harness::retort(&["completions", "fish"]);
    let (_, man, _) = crate::harness::retort(&["man"]);
    assert!(zsh.starts_with("#compdef retort"), "{zsh}");
    assert!(man.contains(".TH retort 1"), "{man}");
    assert!(
        man.contains("\\-c is the same flag"),
        "the man page names -c"
    );
    for section in [
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"EXIT STATUS\"",
        "DATABASE_URL",
        "RETORT_DATA_DIR",
        "MYSQL_PWD",
        "EDITOR",
        "recent\\-connections.txt",
        "demo\\-v1.db",
        "course.json",
        "journals/",
        "\n130\n",
        "\n101\n",
    ] {
        assert!(man.contains(section), "man lacks {section}");
    }
    // the files it names are those retort makes: what a demo run leaves in the data directory
    let (code, _, err) = crate::harness::retort(&["--demo", "-e", "select 1"]);
    assert_eq!(code, 0, "{err}");
    let data = crate::harness::scratch_dir().join("data");
    let made: Vec<String> = (std::fs::read_dir(&data).unwrap().flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.contains("tmp"))
        .collect();
    assert!(made.iter().any(|n| n.ends_with(".db")), "{made:?}");
    for name in made {
        assert!(man.contains(&name.replace('-', "\\-")), "man lacks {name}");
    }
    for flag in &flags {
        let bare = flag.trim_start_matches('-');
        assert!(bash.contains(flag), "bash lacks {flag}");
        assert!(zsh.contains(flag), "zsh lacks {flag}");
        assert!(fish.contains(&format!("-l {bare}")), "fish lacks {flag}");
        assert!(man.contains(&bare.replace('-', "\\-")), "man lacks {flag}");
    }
    let (code, _, err) = crate::harness::retort(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("bash, zsh or fish"), "{err}");
}

#[test]
fn a_user_with_no_host_connects_to_the_socket_named_in_the_query() {
    // README's own form, as libpq takes it: postgresql://user@/db?host=/path
    let url = fresh_database(Engine::Postgres).replace("@localhost/", "@/");
    assert!(url.contains("@/") && url.contains("host=/"), "{url}");
    let (code, out, err) = retort(&[&url, "-e", "select 7 as seven", "--format", "csv"]);
    assert_eq!((code, out.as_str()), (0, "seven\n7\n"), "{err}");
}
