//! retort: the command line, the runtime, and the choice of front end (workbench or headless).
// rustc 1.95 needs more than the default 128 to lay out the workbench's async `run` future
#![recursion_limit = "256"]

use std::io::{BufWriter, IsTerminal, Write};
use std::time::Duration;

use clap::Parser;

use retort::cli::Cli;
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog, EngineError};
use retort::{config, launch};
use retort::{headless, ui};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(text) = retort::cli::generated_text(&args) {
        match text {
            Ok(t) => {
                let _ = std::io::stdout().write_all(t.as_bytes());
                std::process::exit(0);
            }
            Err(e) => {
                eprintln!("retort: {e}");
                std::process::exit(2);
            }
        }
    }
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
    let explicit = cli.config.is_some() || std::env::var_os("RETORT_CONFIG").is_some();
    let config_path = config::config_path(cli.config.as_deref());
    let config = config::load(config_path.clone(), explicit);
    if let Some(problem) = &config.problem {
        eprintln!("retort: config {problem}");
    }
    let settings = &config.settings;
    let env_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let target = match cli.demo || cli.learn {
        true => Ok(config::Target::Demo),
        false => settings.target(
            cli.url.as_deref(),
            env_url,
            launch::client_env().names_a_database(),
        ),
    };
    let headless = cli.execute.is_some() || cli.file.is_some() || cli.schema.is_some();
    if headless && !cli.demo && matches!(target, Ok(config::Target::Demo)) {
        return fail(&EngineError::usage(no_database_named()));
    }
    let resolved = match target.map_err(EngineError::usage).and_then(launch::resolve) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let overrides = launch::Overrides {
        read_only: cli.read_only,
        connect_timeout: cli.connect_timeout,
        max_rows: cli.max_rows,
        max_result_mb: cli.max_result_mb,
    };
    let (url, named) = (resolved.url, resolved.named);
    let opts = launch::connect_options(settings, &named, &overrides);
    let conn = match connect(&url, &opts, echo.clone()).await {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let startup = retort::query::startup::run_startup(&conn, &named.startup).await;
    if headless {
        // said, and nothing else stops (as psql goes on after a failing ~/.psqlrc line)
        for failure in &startup {
            eprintln!("retort: {failure}");
        }
    }
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
        Some(script) => {
            // COPY … FROM STDIN reads standard input, unless the script itself came from it
            let stdin_free = cli.file.as_deref().is_none_or(|f| f.as_os_str() != "-");
            run_headless(&conn, &script, cli.format, stdin_free).await
        }
        None => {
            let data = retort::engine::demo::data_dir();
            launch::remember(data.as_deref(), &url);
            let start = ui::StartOptions {
                limits: launch::limits(settings, &named, &overrides),
                autoflush: launch::autoflush(settings, &named),
                problems: (config.problem.iter().map(|p| format!("config {p}")))
                    .chain(startup)
                    .collect(),
                theme: settings.theme.clone(),
                keys: settings.key_overrides(),
                settings: settings.clone(),
                config_path,
                overrides,
                url: url.clone(),
                named: named.clone(),
                echo,
                learn: cli.learn,
            };
            ui::run(conn, start).await
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

async fn run_headless(
    conn: &Connection,
    script: &str,
    format: headless::Format,
    stdin_free: bool,
) -> i32 {
    let canceller = conn.canceller();
    let out = BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let input = stdin_free.then(std::io::stdin);
    let run = headless::run_script_with_input(conn, script, format, out, std::io::stderr(), input);
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

/// Why a headless run without a database does not fall back to the demo, and what names one.
fn no_database_named() -> String {
    "no database named: a script never runs on the bundled demo by default; give a URL, a \
     libpq connection string or a configured connection's name, set DATABASE_URL, the \
     configuration's default or PGHOST/PGDATABASE/PGSERVICE, or pass --demo"
        .to_string()
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
