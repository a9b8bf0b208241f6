//! Passwords in every form the real servers accept never reach the echo log file nor the
//! history file (issue 16 §2), on PostgreSQL and MariaDB.

use std::time::Duration;

use retort::app::Action;
use retort::engine::DatabaseUrl;

use crate::harness::{Engine, exec_ok, fresh_database, retort, scratch_dir};
use crate::ui_support::{open_at, settle};

/// Runs `statements` headless with `--echo`; the echo file's text.
fn echoed(url: &str, tag: &str, statements: &[String]) -> String {
    let echo = scratch_dir().join(format!("secrets-{tag}-{}.log", std::process::id()));
    for sql in statements {
        let (code, _, err) = retort(&[url, "--echo", echo.to_str().unwrap(), "-e", sql]);
        assert_eq!(code, 0, "{sql}: {err}");
    }
    std::fs::read_to_string(&echo).unwrap()
}

#[test]
fn postgres_accepts_each_form_and_the_echo_log_keeps_none() {
    let url = fresh_database(Engine::Postgres);
    let role = format!("secret_r{}", std::process::id());
    exec_ok(&url, &format!("create role {role}"));
    let forms = [
        format!("alter role {role} password /* c */ 'Sekrit1'"),
        format!("alter role {role} password U&'Sekrit2'"),
        format!("alter role {role} password U&'Sekrit!0033' UESCAPE '!'"),
        format!("alter role {role} password $€$Sekrit4$€$"),
        format!("alter role {role} password E'Sekrit\\x35'"),
        format!("alter role {role} with login password -- c\n 'Sekrit6'"),
    ];
    let log = echoed(&url, "pg", &forms);
    assert!(!log.contains("Sekrit"), "{log}");
    assert_eq!(log.matches("password").count(), forms.len(), "{log}");
    // the server took the last one as a password
    let out = exec_ok(
        &url,
        &format!("select rolpassword is not null as set from pg_authid where rolname = '{role}'"),
    );
    assert!(out.contains('t'), "{out}");
}

#[test]
fn mariadb_accepts_each_form_and_the_echo_log_keeps_none() {
    let url = fresh_database(Engine::MySql);
    let user = format!("'secret_u{}'@'localhost'", std::process::id());
    let forms = [
        format!("create user {user} identified  by 'Sekrit1'"),
        format!("alter user {user} identified\nby 'Sekrit2'"),
        format!("alter user {user} identified /* c */ by 'Sekrit3'"),
        format!("set password for {user} = password(/**/'Sekrit4')"),
    ];
    let log = echoed(&url, "my", &forms);
    assert!(!log.contains("Sekrit"), "{log}");
    // a failed one whose server message quotes the secret
    let echo = scratch_dir().join(format!("secrets-my-failed-{}.log", std::process::id()));
    let sql = format!("alter user {user} identified by 'Sek' 'rit5'");
    let (code, _, _) = retort(&[&url, "--echo", echo.to_str().unwrap(), "-e", &sql]);
    assert_ne!(code, 0);
    let log = std::fs::read_to_string(&echo).unwrap();
    assert!(log.contains("failed") && !log.contains("rit5"), "{log}");
    exec_ok(&url, &format!("drop user {user}"));
}

#[tokio::test]
async fn the_history_file_and_the_echo_log_keep_no_password_on_postgres() {
    let url = fresh_database(Engine::Postgres);
    let role = format!("secret_h{}", std::process::id());
    exec_ok(&url, &format!("create role {role}"));
    let data = tempfile::tempdir().unwrap();
    let parsed = DatabaseUrl::parse(&url).unwrap();
    let (mut wb, mut rx) = open_at(&parsed, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    for sql in [
        format!("alter role {role} password /* c */ 'Sekrit1'"),
        format!("alter role {role} password $€$Sekrit2$€$"),
    ] {
        wb.dispatch(Action::RunStatement(sql));
        // ALTER asks first
        assert!(wb.model.confirm().is_some());
        wb.dispatch(Action::Confirm(true));
        settle(&mut wb, &mut rx).await;
    }
    wb.refresh_echo();
    assert!(
        wb.model.echo.iter().all(|e| !e.sql.contains("Sekrit")),
        "{:?}",
        wb.model.echo
    );
    assert_eq!(wb.model.history.len(), 2);
    assert!(
        wb.model
            .history
            .iter()
            .all(|e| e.redacted && e.outcome == "ok" && !e.sql.contains("Sekrit")),
        "{:?}",
        wb.model.history
    );
    drop(wb);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let history = std::fs::read_dir(data.path().join("history")).unwrap_or_else(|e| {
        let listing: Vec<_> = walk(data.path());
        panic!("{e}: {listing:?}")
    });
    let mut text = String::new();
    for f in history {
        text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.contains("Sekrit"), "{text}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// A failed statement's error (psql's `LINE 1:` with the statement, MariaDB's `near '…'`,
/// cut short) and a column named after its expression never print the secret, on stderr,
/// stdout or in the echo log.
#[test]
fn errors_and_column_names_never_print_the_secret() {
    let long = format!("M12err{}", "x".repeat(150));
    for (engine, statements) in [
        (
            Engine::Postgres,
            vec![
                "alter role r password 'S16err' garbage".to_string(),
                "alter role r password U&'S17bad\\zzzz'".to_string(),
            ],
        ),
        (
            Engine::MySql,
            vec![
                "alter user u@localhost identified by 'M11err' garbage garbage".to_string(),
                format!("alter user u@localhost identified by by '{long}'"),
                "alter user u@localhost identified by 'M23\\' garbage".to_string(),
                "select password('M19fn')".to_string(),
            ],
        ),
    ] {
        let url = fresh_database(engine);
        let echo = scratch_dir().join(format!("errors-echo-{engine:?}-{}", std::process::id()));
        for sql in &statements {
            let (_, out, err) = retort(&[&url, "--echo", echo.to_str().unwrap(), "-e", sql]);
            let log = std::fs::read_to_string(&echo).unwrap_or_default();
            for secret in ["S16err", "S17bad", "M11err", "M12err", "M23", "M19fn"] {
                for (what, text) in [("stdout", &out), ("stderr", &err), ("echo log", &log)] {
                    assert!(!text.contains(secret), "{engine:?} {sql}: {what}: {text}");
                }
            }
        }
    }
}
