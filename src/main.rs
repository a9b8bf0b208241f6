//! retort: the command line, the runtime, and the choice of front end (workbench or headless).

use std::io::{BufWriter, IsTerminal, Write};
use std::time::Duration;

use clap::Parser;

use retort::cli::{Cli, resolve_url};
use retort::engine::demo::ensure_demo_database;
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog, EngineError};
use retort::{headless, ui};

fn main() {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("retort: cannot start the runtime: {e}");
            std::process::exit(2);
        }
    };
    let code = runtime.block_on(run(cli));
    // Don't wait for background tasks (a cancelled statement still draining, say).
    runtime.shutdown_timeout(Duration::from_millis(100));
    std::process::exit(code);
}

async fn run(cli: Cli) -> i32 {
    let echo = match &cli.echo {
        Some(path) => match EchoLog::with_file(path) {
            Ok(log) => log,
            Err(e) => {
                return fail(&EngineError::usage(format!(
                    "cannot open echo file {}: {e}",
                    path.display()
                )));
            }
        },
        None => EchoLog::new(),
    };
    let url = match target_url(cli.url.as_deref()) {
        Ok(u) => u,
        Err(e) => return fail(&e),
    };
    let opts = ConnectOptions {
        connect_timeout: Duration::from_secs(cli.connect_timeout.max(1)),
        read_only: cli.read_only,
    };
    let conn = match connect(&url, &opts, echo).await {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    if let Some(format) = cli.schema {
        return headless::schema::print_schema(&conn, format, std::io::stdout().lock()).await;
    }
    let script = match (&cli.execute, &cli.file) {
        (Some(sql), _) => Some(sql.clone()),
        (None, Some(path)) => match read_script(path) {
            Ok(s) => Some(s),
            Err(e) => {
                return fail(&EngineError::usage(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        },
        (None, None) => None,
    };
    match script {
        Some(script) => run_headless(&conn, &script, cli.format).await,
        None => {
            let limits = retort::app::model::Limits {
                max_rows: cli.max_rows,
                // 0 lifts the budget
                max_bytes: match cli.max_result_mb {
                    Some(0) => None,
                    Some(mb) => Some(mb * 1024 * 1024),
                    None => Some(retort::app::model::Limits::default_budget_bytes()),
                },
            };
            ui::run(conn, limits).await
        }
    }
}

fn target_url(arg: Option<&str>) -> Result<DatabaseUrl, EngineError> {
    match resolve_url(arg) {
        Some(raw) => DatabaseUrl::parse(&raw),
        None => {
            let path = ensure_demo_database()?;
            DatabaseUrl::parse(&format!("sqlite:///{}", path.display()))
        }
    }
}

/// Connects; when the server wants a password the URL lacks and a person is at the terminal,
/// asks for it once.
async fn connect(
    url: &DatabaseUrl,
    opts: &ConnectOptions,
    echo: EchoLog,
) -> Result<Connection, EngineError> {
    match Connection::connect(url, opts, echo.clone()).await {
        Err(EngineError::Connect {
            auth_failed: true,
            message,
        }) if !url.has_password()
            && std::io::stdin().is_terminal()
            && std::io::stderr().is_terminal() =>
        {
            let user = url.username().unwrap_or_default();
            let prompt = format!("Password for {user}@{}: ", url.host_label());
            match rpassword::prompt_password(prompt) {
                Ok(pw) if !pw.is_empty() => {
                    Connection::connect(&url.with_password(&pw), opts, echo).await
                }
                _ => Err(EngineError::Connect {
                    message,
                    auth_failed: true,
                }),
            }
        }
        other => other,
    }
}

/// How long a cancelled statement may take to end before retort says it is not confirmed.
const CANCEL_CONFIRM: Duration = Duration::from_secs(3);

async fn run_headless(conn: &Connection, script: &str, format: headless::Format) -> i32 {
    let canceller = conn.canceller();
    let out = BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let run = headless::run_script(conn, script, format, out, std::io::stderr());
    tokio::pin!(run);
    tokio::select! {
        code = &mut run => code,
        _ = tokio::signal::ctrl_c() => {
            // like psql: cancel on the server; then say only what is known: the statement
            // ended, or the server did not confirm that it stopped (behind a pooler, say)
            let sent = tokio::time::timeout(Duration::from_secs(2), canceller.cancel()).await;
            let ended = tokio::time::timeout(CANCEL_CONFIRM, &mut run).await.is_ok();
            let message = match (sent, ended) {
                (_, true) => "retort: cancelled".to_string(),
                (Ok(Ok(())), false) => format!(
                    "retort: cancel sent, but the server has not confirmed that the statement \
                     stopped within {} s; it may still be running",
                    CANCEL_CONFIRM.as_secs()
                ),
                (Ok(Err(e)), false) => format!("retort: the cancel failed ({e}); the statement may still be running"),
                (Err(_), false) => "retort: the cancel could not be sent in time; the statement may still be running".to_string(),
            };
            let _ = writeln!(std::io::stderr(), "{message}");
            130
        }
    }
}

fn fail(e: &EngineError) -> i32 {
    eprintln!("retort: {e}");
    e.exit_code()
}

/// A script file, or standard input for `-` (as `psql -f -`).
fn read_script(path: &std::path::Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path)
    }
}
