//! Throwaway database servers for the tests.
//!
//! PostgreSQL and MariaDB are started from the installed server binaries on a temporary data
//! directory, listening on a unix socket in that directory (and a free loopback port), so tests
//! never touch a real database and never clash with a server already running. A watchdog shell
//! stops each server and removes its directory when the test process ends.
//! `RETORT_TEST_PG_URL` / `RETORT_TEST_MYSQL_URL` point the tests at existing servers instead.
//! A missing server is a failure that says what to install, never a silent pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    MySql,
    Sqlite,
}

pub const ALL: [Engine; 3] = [Engine::Postgres, Engine::MySql, Engine::Sqlite];

static PG: OnceLock<Result<String, String>> = OnceLock::new();
static MY: OnceLock<Result<String, String>> = OnceLock::new();
static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The server URL of an engine's throwaway server (admin database), starting it on first use.
pub fn server_url(engine: Engine) -> String {
    let r = match engine {
        Engine::Postgres => {
            PG.get_or_init(|| std::env::var("RETORT_TEST_PG_URL").or_else(|_| start_postgres()))
        }
        Engine::MySql => {
            MY.get_or_init(|| std::env::var("RETORT_TEST_MYSQL_URL").or_else(|_| start_mariadb()))
        }
        Engine::Sqlite => return "sqlite://".into(),
    };
    match r {
        Ok(url) => url.clone(),
        Err(e) => panic!("{e}"),
    }
}

/// A fresh, empty database on the engine's server; its URL.
pub fn fresh_database(engine: Engine) -> String {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("retort_t{}_{n}", std::process::id());
    match engine {
        Engine::Sqlite => {
            let dir = scratch_dir();
            format!("sqlite:///{}", dir.join(format!("{name}.db")).display())
        }
        Engine::Postgres | Engine::MySql => {
            let server = server_url(engine);
            admin_sql(engine, &server, &format!("create database {name}"));
            replace_database(&server, &name)
        }
    }
}

/// Runs SQL through retort's own headless mode on the admin URL.
fn admin_sql(engine: Engine, server: &str, sql: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_retort"))
        .args([server, "-e", sql])
        .output()
        .expect("run retort");
    assert!(
        out.status.success(),
        "{engine:?} admin statement {sql:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Swaps the database name in a URL (the path part), keeping the query string.
pub fn replace_database(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("url");
    let (before_query, query) = rest
        .split_once('?')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    let authority = before_query.split('/').next().unwrap_or("");
    match query {
        Some(q) => format!("{scheme}://{authority}/{db}?{q}"),
        None => format!("{scheme}://{authority}/{db}"),
    }
}

/// A directory for this test process, removed by the OS temp cleaner (files are small).
pub fn scratch_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("retort-tests-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    })
    .clone()
}

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn find_binary(candidates: &[&str]) -> Option<PathBuf> {
    for c in candidates {
        if let Some(found) = glob_first(c) {
            return Some(found);
        }
    }
    None
}

fn glob_first(pattern: &str) -> Option<PathBuf> {
    if !pattern.contains('*') {
        let p = PathBuf::from(pattern);
        return p.exists().then_some(p);
    }
    let (dir, rest) = pattern.split_once('*')?;
    let cut = dir.rfind('/')? + 1;
    let (parent, prefix) = (Path::new(&dir[..cut]), &dir[cut..]);
    let mut entries: Vec<_> = std::fs::read_dir(parent).ok()?.flatten().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.file_name()));
    entries
        .into_iter()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| PathBuf::from(format!("{}{}", e.path().display(), rest)))
        .find(|p| p.exists())
}

// The watchdog outlives this process on purpose: it is what stops the server afterwards.
#[allow(clippy::zombie_processes)]
/// Starts `server` under a watchdog that stops it (with `stop_signal`) and removes `data`
/// once this test process is gone. The signal goes to the server's own process too, since
/// `runuser` (used to run PostgreSQL and PgBouncer as their user) does not pass it on.
pub(crate) fn spawn_with_watchdog(server: &str, stop_signal: &str, data: &Path) {
    let me = std::process::id();
    let script = format!(
        "{server} >{log} 2>&1 & srv=$!\n\
         while kill -0 {me} 2>/dev/null && kill -0 $srv 2>/dev/null; do sleep 0.5; done\n\
         kill -{stop_signal} $srv 2>/dev/null; pkill -{stop_signal} -P $srv 2>/dev/null; \
         wait $srv; rm -rf '{data}'",
        log = data.with_extension("log").display(),
        data = data.display(),
    );
    Command::new("bash")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server watchdog");
}

pub(crate) fn wait_until(
    what: &str,
    log: &Path,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = std::fs::read_to_string(log).unwrap_or_default();
    Err(format!(
        "{what} did not become ready within 60 s; its log:\n{log}"
    ))
}

fn start_postgres() -> Result<String, String> {
    let bin = find_binary(&["/usr/lib/postgresql/*/bin/postgres"])
        .ok_or("PostgreSQL server binaries not found: install them (apt-get install postgresql) or set RETORT_TEST_PG_URL")?;
    let bindir = bin.parent().expect("bindir").to_path_buf();
    let base = std::env::temp_dir().join(format!("retort-pg-{}", std::process::id()));
    let data = base.join("data");
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let as_user = if is_root() {
        Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&base)
            .status()
            .map_err(|e| e.to_string())?;
        "runuser -u postgres -- "
    } else {
        ""
    };
    let init = Command::new("bash")
        .args([
            "-c",
            &format!(
                "{as_user}{}/initdb -D {} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8",
                bindir.display(),
                data.display()
            ),
        ])
        .output()
        .map_err(|e| e.to_string())?;
    if !init.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr)
        ));
    }
    // a self-signed certificate, so that TLS (sslmode=require) can be tested too
    let cert = Command::new("bash")
        .args([
            "-c",
            &format!(
                "cd {} && {as_user}openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost \
                 -keyout server.key -out server.crt -days 2 && chmod 600 server.key",
                data.display()
            ),
        ])
        .output()
        .map_err(|e| e.to_string())?;
    let ssl = if cert.status.success() {
        "-c ssl=on"
    } else {
        ""
    };
    let port = free_port();
    let server = format!(
        "{as_user}{} -D {} -k {} -p {port} -h 127.0.0.1 {ssl} -c fsync=off -c full_page_writes=off -c synchronous_commit=off",
        bin.display(),
        data.display(),
        base.display()
    );
    spawn_with_watchdog(&server, "INT", &base);
    let url = format!(
        "postgresql://postgres@localhost/postgres?host={}&port={port}",
        base.display()
    );
    let sock = base.join(format!(".s.PGSQL.{port}"));
    wait_until("PostgreSQL", &base.with_extension("log"), || {
        sock.exists()
            && Command::new(bindir.join("pg_isready"))
                .args(["-h", &base.display().to_string(), "-p", &port.to_string()])
                .output()
                .is_ok_and(|o| o.status.success())
    })?;
    Ok(url)
}

fn start_mariadb() -> Result<String, String> {
    let server = find_binary(&["/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/bin/mariadbd"])
        .ok_or("MariaDB server binaries not found: install them (apt-get install mariadb-server) or set RETORT_TEST_MYSQL_URL")?;
    let install = find_binary(&["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"])
        .ok_or("mariadb-install-db not found: install mariadb-server")?;
    let base = std::env::temp_dir().join(format!("retort-my-{}", std::process::id()));
    let data = base.join("data");
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let user = if is_root() { "--user=root" } else { "" };
    let init = Command::new(install)
        .args([
            "--no-defaults",
            &format!("--datadir={}", data.display()),
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ])
        .args((!user.is_empty()).then_some(user))
        .output()
        .map_err(|e| e.to_string())?;
    if !init.status.success() {
        return Err(format!(
            "mariadb-install-db failed: {}",
            String::from_utf8_lossy(&init.stderr)
        ));
    }
    let port = free_port();
    let sock = base.join("mysqld.sock");
    let cmd = format!(
        "{} --no-defaults --datadir={} --socket={} --port={port} --bind-address=127.0.0.1 \
         --pid-file={}/mysqld.pid --innodb-flush-log-at-trx-commit=0 --skip-log-bin \
         --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci {user}",
        server.display(),
        data.display(),
        sock.display(),
        base.display()
    );
    spawn_with_watchdog(&cmd, "TERM", &base);
    let url = format!("mysql://root@localhost/mysql?socket={}", sock.display());
    let probe = url.clone();
    wait_until("MariaDB", &base.with_extension("log"), || {
        sock.exists()
            && Command::new(env!("CARGO_BIN_EXE_retort"))
                .args([probe.as_str(), "-e", "select 1"])
                .output()
                .is_ok_and(|o| o.status.success())
    })?;
    Ok(url)
}

/// Runs the retort binary; returns (exit code, stdout, stderr).
pub fn retort(args: &[&str]) -> (i32, String, String) {
    retort_with_input(args, None)
}

/// Runs the retort binary with `input` on its standard input (None: nothing there).
pub fn retort_with_input(args: &[&str], input: Option<&str>) -> (i32, String, String) {
    retort_in(args, input, &[], None)
}

/// Runs the retort binary with `env` set over the tests' own (an empty value sets it empty)
/// and, when given, in the directory `cwd`.
pub fn retort_in(
    args: &[&str],
    input: Option<&str>,
    env: &[(&str, &str)],
    cwd: Option<&Path>,
) -> (i32, String, String) {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_retort"));
    command
        .args(args)
        .env("RETORT_DATA_DIR", scratch_dir().join("data"))
        .env_remove("DATABASE_URL")
        // the user's own configuration and client files stay out of the tests
        .env("XDG_CONFIG_HOME", scratch_dir().join("no-config"))
        .env_remove("RETORT_CONFIG")
        .env_remove("MYSQL_PWD");
    // nor the libpq environment, which names a database when nothing else does
    for var in LIBPQ_VARS {
        command.env_remove(var);
    }
    command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("run retort");
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(text.as_bytes()).expect("feed retort");
    }
    let out = child.wait_with_output().expect("run retort");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The libpq variables the tests keep out of retort's environment unless they set them.
const LIBPQ_VARS: [&str; 10] = [
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGSYSCONFDIR",
    "PGSSLMODE",
];

/// The database a server URL names.
#[allow(dead_code)]
pub fn database_of(url: &str) -> String {
    let path = url.split('?').next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or_default().to_string()
}

/// Runs SQL on a database through retort and insists that it succeeds.
pub fn exec_ok(url: &str, sql: &str) -> String {
    let (code, out, err) = retort(&[url, "-e", sql]);
    assert_eq!(code, 0, "retort -e {sql:?} on {url} failed: {err}");
    out
}

/// A connection through retort's engine, for tests that drive it directly.
pub async fn connect(url: &str) -> retort::engine::Connection {
    use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog};
    let url = DatabaseUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    Connection::connect(&url, &ConnectOptions::default(), EchoLog::new())
        .await
        .unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
}

/// The unix socket and database name of a MariaDB URL (for the `mariadb` client; the benches
/// use it).
#[allow(dead_code)]
pub fn mysql_socket_and_db(url: &str) -> (String, String) {
    let socket = url
        .split("socket=")
        .nth(1)
        .unwrap_or("/run/mysqld/mysqld.sock")
        .to_string();
    (socket, database_of(url))
}
