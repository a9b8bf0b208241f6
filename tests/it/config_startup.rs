//! A configured connection's startup statements (as psql's `~/.psqlrc`), run on the session
//! connection once it is made: their settings hold for the user's statements, each is in the
//! echo log as retort's own, a failing one is said and stops nothing, and `--read-only`'s
//! proof holds for them as for the user's.

use crate::harness::{Engine, exec_ok, fresh_database, retort_in, scratch_dir};

/// retort on the connection `shop` of a configuration naming `url` and these startup
/// statements (and `extra` lines); the echo file's text besides the run's.
fn run_shop(
    url: &str,
    startup: &[&str],
    extra: &str,
    args: &[&str],
) -> (i32, String, String, String) {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = scratch_dir().join(format!("startup-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    let list: Vec<String> = startup.iter().map(|s| format!("{s:?}")).collect();
    let config = dir.join("retort.toml");
    std::fs::write(
        &config,
        format!(
            "[connections.shop]\nurl = {url:?}\nstartup = [{}]\n{extra}",
            list.join(", ")
        ),
    )
    .unwrap();
    let echo = dir.join("echo.log");
    let _ = std::fs::remove_file(&echo);
    let (config, echo_arg) = (config.display().to_string(), echo.display().to_string());
    let mut all = vec!["shop", "--config", &config, "--echo", &echo_arg];
    all.extend(args);
    let (code, out, err) = retort_in(&all, None, &[], None);
    let log = std::fs::read_to_string(&echo).unwrap_or_default();
    (code, out, err, log)
}

#[test]
fn startup_statements_set_the_session_up_on_postgresql_and_a_failing_one_stops_the_script() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create schema app; create table app.t (x int); insert into app.t values (7)",
    );
    let sql = "show search_path; show statement_timeout; select x from t";
    let good = ["set search_path to app", "set statement_timeout = '5s'"];
    let (code, out, err, _) = run_shop(&url, &good, "", &["-e", sql, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "search_path\napp\nstatement_timeout\n5s\nx\n7\n");
    // one fails (a role not taken, a setting unknown): the script runs nothing, rights or
    // tables other than configured are never used
    let startup = [
        "set search_path to app",
        "set no_such_setting = 1",
        "set statement_timeout = '5s'",
    ];
    let (code, out, err, log) = run_shop(&url, &startup, "", &["-e", sql, "--format", "csv"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("startup statement 2 (set no_such_setting = 1) failed")
            && err.contains("no_such_setting")
            && err.contains("the script was not run"),
        "{err}"
    );
    assert!(
        !err.contains("startup statement 1") && !err.contains("statement 3"),
        "{err}"
    );
    // each is in the echo log as retort's own, the user's statements as theirs
    for s in startup {
        assert!(log.contains(s), "{s}: {log}");
    }
    let own = |s: &str| {
        log.lines()
            .any(|l| l.contains("[retort]") && l.ends_with(s))
    };
    assert!(
        own("set search_path to app") && own("set statement_timeout = '5s'"),
        "{log}"
    );
    assert!(
        !log.lines().any(|l| l.contains("[user]")),
        "nothing of the script was sent: {log}"
    );
}

#[test]
fn startup_statements_set_the_session_up_on_mariadb() {
    let url = fresh_database(Engine::MySql);
    let startup = ["set session wait_timeout = 1234", "set @greeting = 'hi'"];
    let sql = "select @@session.wait_timeout as w, @greeting as g";
    let (code, out, err, log) = run_shop(&url, &startup, "", &["-e", sql, "--format", "csv"]);
    assert_eq!((code, out.as_str()), (0, "w,g\n1234,hi\n"), "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(
        log.lines()
            .any(|l| l.contains("[retort]") && l.ends_with("set @greeting = 'hi'"))
    );
}

#[test]
fn under_read_only_a_startup_statement_must_be_a_proven_read_or_an_allowed_setting() {
    let url = fresh_database(Engine::Postgres);
    let startup = [
        "set search_path to app, public",
        "create table planted (x int)",
        "select 1",
    ];
    // read-only from the connection's configuration, and from the flag
    for (extra, flag) in [("read_only = true\n", None), ("", Some("--read-only"))] {
        let mut args = vec!["-e", "show search_path", "--format", "csv"];
        args.extend(flag);
        let (code, out, err, _) = run_shop(&url, &startup, extra, &args);
        // the CREATE is refused, so the session is not as configured: no script either
        assert_eq!((code, out.as_str()), (1, ""), "{err}");
        assert!(err.contains("the script was not run"), "{err}");
        assert!(
            err.contains("startup statement 2 (") && err.contains("--read-only"),
            "{err}"
        );
        // a setting on --read-only's list is no refusal
        assert!(!err.contains("startup statement 1 ("), "{err}");
        assert!(!err.contains("startup statement 3"), "{err}");
        // the settings alone set the session up, as psql's ~/.psqlrc would
        let settings = [
            "set search_path to app, public",
            "set statement_timeout = '5s'",
        ];
        let (code, out, err, _) = run_shop(&url, &settings, extra, &args);
        assert_eq!(
            (code, out.as_str()),
            (0, "search_path\n\"app, public\"\n"),
            "{err}"
        );
    }
    let there = exec_ok(&url, "select to_regclass('planted') is null as absent");
    assert!(
        there.contains('t'),
        "the refused CREATE was not sent: {there}"
    );
}

/// Startup statements run once per connection made: when the server drops it and retort makes
/// it again, the next statement is refused and names them, never run without them.
#[tokio::test]
async fn a_startup_setting_lost_with_the_connection_is_named_not_silently_dropped() {
    use retort::engine::EngineError;
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create schema app; create table app.t (x int)");
    let conn = crate::harness::connect(&url).await;
    let startup = ["set search_path to app".to_string()];
    let failed = retort::query::startup::run_startup(&conn, &startup).await;
    assert!(failed.is_empty(), "{failed:?}");
    let id = crate::trust_transaction::backend_pid(&conn).await;
    crate::trust_transaction::kill_session(Engine::Postgres, &url, &id);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut answer = crate::trust_transaction::run(&conn, "select x from t").await;
    for _ in 0..3 {
        if !matches!(answer, Err(EngineError::ConnectionLost(_))) {
            break;
        }
        answer = crate::trust_transaction::run(&conn, "select x from t").await;
    }
    let err = answer.unwrap_err();
    assert!(
        matches!(err, EngineError::SettingsLost(_))
            && err.to_string().contains("set search_path to app"),
        "{err}"
    );
}

/// A URL typed in the picker (or picked from the recent list) that is also a configured
/// connection's takes its safety but never its startup statements: they run only for a
/// connection opened by its name.
#[test]
fn a_typed_url_never_runs_a_configured_connections_startup_statements() {
    use retort::app::overlays::picker::PickTarget;
    let url = "postgresql://app@db.example/shop";
    let toml = format!(
        "[connections.destr]\nurl = \"{url}\"\nstartup = [\"drop table t\"]\n\
         [connections.ro]\nurl = \"{url}\"\nread_only = true\n"
    );
    let settings: retort::config::Settings = toml::from_str(&toml).unwrap();
    let current = retort::engine::DatabaseUrl::parse("sqlite://").unwrap();
    let typed = "postgresql://app:secret@db.example/shop".to_string();
    let resolved = retort::launch::resolve_pick(
        &settings,
        &current,
        &Default::default(),
        PickTarget::Url(typed),
    )
    .unwrap();
    assert!(resolved.named.startup.is_empty(), "{:?}", resolved.named);
    assert_eq!(
        resolved.named.read_only,
        Some(true),
        "the safest of the connections"
    );
    // by its name, its statements are the configuration's
    let named = retort::launch::resolve_pick(
        &settings,
        &current,
        &Default::default(),
        PickTarget::Named("destr".into()),
    )
    .unwrap();
    assert_eq!(named.named.startup, ["drop table t"]);
}
