//! The Engine as SQLAlchemy names it (issue 19 §1, a first part): the URL as `make_url` splits
//! it, the `create_engine(…)` line that connects the same way, the dialect, the server and the
//! Session's connection. Drawn in the echo pane (`e`), beside the log of what the Engine sent.

use crate::engine::EngineKind;
use crate::engine::connection::ServerInfo;

use super::model::{Model, TxState};
use super::session::view::{Lines, Role};

/// SQLAlchemy's driver name for the engine: the dialect and the DBAPI it would use.
fn drivername(engine: EngineKind) -> &'static str {
    match engine {
        EngineKind::Postgres => "postgresql+psycopg",
        EngineKind::MySql => "mysql+pymysql",
        EngineKind::Sqlite => "sqlite",
    }
}

fn py(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `make_url(…)`'s fields: drivername, username, password (never shown), host, port,
/// database, query (a unix socket goes in the query, as SQLAlchemy's drivers take it).
fn url_fields(info: &ServerInfo) -> Vec<(&'static str, String)> {
    let mut out = vec![("drivername", py(drivername(info.engine)))];
    if info.engine == EngineKind::Sqlite {
        out.push(("database", py(&info.location)));
        return out;
    }
    out.push(("username", py(&info.user)));
    out.push(("password", "'***' (never shown)".into()));
    // host:port, a host alone, or a socket's path
    let (host, port) = match info.location.rsplit_once(':') {
        _ if info.location.starts_with('/') => (String::new(), String::new()),
        Some((h, p)) if p.parse::<u16>().is_ok() => (h.to_string(), p.to_string()),
        _ => (info.location.clone(), "None".to_string()),
    };
    let mut query = connect_args(info);
    if host.is_empty() {
        let key = match info.engine {
            EngineKind::Postgres => "host",
            _ => "unix_socket",
        };
        if !query.iter().any(|(k, _)| k == key) {
            query.push((key.into(), info.location.clone()));
        }
        out.push(("host", "None".into()));
    } else {
        out.push(("host", py(&host)));
        out.push(("port", port));
    }
    out.push(("database", py(&info.database)));
    if !query.is_empty() {
        out.push(("query", py_dict(&query)));
    }
    out
}

/// The URL's parameters as the DBAPI takes them (pymysql calls the socket `unix_socket`).
fn connect_args(info: &ServerInfo) -> Vec<(String, String)> {
    (info.options.iter())
        .map(|(k, v)| match (info.engine, k.as_str()) {
            (EngineKind::MySql, "socket") => ("unix_socket".to_string(), v.clone()),
            _ => (k.clone(), v.clone()),
        })
        .collect()
}

/// A Python dict of text keys and values.
fn py_dict(pairs: &[(String, String)]) -> String {
    let items: Vec<String> = (pairs.iter())
        .map(|(k, v)| format!("{}: {}", py(k), py(v)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// The `create_engine(…)` line that connects as retort does: the echo log on, the Session's
/// connection and a pool of up to three beside it, the URL's parameters as connect_args.
fn create_engine_line(info: &ServerInfo) -> String {
    let mut args = vec![format!("\"{}\"", url_text(info)), "echo=True".into()];
    if info.engine != EngineKind::Sqlite {
        args.push("pool_size=1, max_overflow=3".into());
    }
    if !info.options.is_empty() {
        args.push(format!("connect_args={}", py_dict(&connect_args(info))));
    }
    format!(
        "engine = create_engine({})  # connects only when first used",
        args.join(", ")
    )
}

/// The URL as text, the password written `***`.
fn url_text(info: &ServerInfo) -> String {
    let scheme = drivername(info.engine);
    match info.engine {
        EngineKind::Sqlite => format!("{scheme}:///{}", info.location),
        _ if info.location.starts_with('/') => format!(
            "{scheme}://{}:***@/{}?{}={}",
            info.user,
            info.database,
            match info.engine {
                EngineKind::Postgres => "host",
                _ => "unix_socket",
            },
            info.location
        ),
        _ => format!(
            "{scheme}://{}:***@{}/{}",
            info.user, info.location, info.database
        ),
    }
}

fn transaction(model: &Model) -> String {
    let since = model
        .session
        .tx_since
        .map(|t| {
            format!(
                " for {} s",
                model.now.saturating_duration_since(t).as_secs()
            )
        })
        .unwrap_or_default();
    let state = match model.transaction {
        TxState::Idle => "idle: no transaction open (autocommit until BEGIN)".to_string(),
        TxState::Open => format!("in a transaction{since}"),
        TxState::Aborted => format!("in a failed transaction{since}: only ROLLBACK gets through"),
        TxState::Lost => "lost: the server dropped it; made again at the next statement".into(),
    };
    match (running(model), model.transaction) {
        (Some(what), TxState::Idle) => format!("active, in autocommit, {what}"),
        (Some(what), _) => format!("{state}, {what}"),
        (None, _) => state,
    }
}

/// What the Session's connection runs now, and for how long.
fn running(model: &Model) -> Option<String> {
    let super::model::RunState::Running { id, started, .. } = &model.run else {
        return None;
    };
    let secs = model.now.saturating_duration_since(*started).as_secs();
    let sql = (model.results.iter())
        .find(|r| r.id == *id)
        .map(|r| r.sql.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let sql: String = match sql.chars().count() > 60 {
        true => sql.chars().take(60).chain(['…']).collect(),
        false => sql,
    };
    Some(format!("running for {secs} s: {sql}"))
}

/// The Session's connection and the pool beside it, as `engine.pool.status()` would say.
fn connections(model: &Model, out: &mut Lines) {
    let status = model.engine_status.as_ref();
    let pid = match status.and_then(|s| s.session_pid) {
        Some(pid) => format!(", server process {pid}"),
        None if model.info.engine == EngineKind::Sqlite => ", in this process".into(),
        None => String::new(),
    };
    out.push((
        Role::Plain,
        format!("  the Session's connection{pid}: {}", transaction(model)),
    ));
    match status.and_then(|s| s.pool) {
        Some(p) => out.push((
            Role::Plain,
            format!(
                "  pool beside it (catalog reads, cancels): size {} of at most {} · {} idle · \
                 {} checked out",
                p.size,
                p.max,
                p.idle,
                (p.size as usize).saturating_sub(p.idle)
            ),
        )),
        None if model.info.engine == EngineKind::Sqlite => out.push((
            Role::Note,
            "  SQLite: one connection, on a thread of its own (SQLAlchemy's pysqlite uses a \
             QueuePool of file connections)"
                .into(),
        )),
        None => {}
    }
    server_list(model, out);
}

/// Each of retort's connections as the server lists them (pg_stat_activity, the processlist),
/// read after each statement while the view is open.
fn server_list(model: &Model, out: &mut Lines) {
    let status = model.engine_status.as_ref();
    let Some(activity) = status.and_then(|s| s.activity.as_ref()) else {
        return;
    };
    let connections = match activity {
        Ok(c) => c,
        Err(e) => {
            out.push((
                Role::Note,
                format!("  the server's list could not be read: {e}"),
            ));
            return;
        }
    };
    let session = status.and_then(|s| s.session_pid);
    out.push((
        Role::Note,
        "  as the server lists them (one more of the pool's reads this list):".into(),
    ));
    for c in connections {
        let whose = match Some(c.pid) == session {
            true => "the Session's",
            false => "the pool's",
        };
        let since = c
            .for_secs
            .map(|s| format!(" for {s} s"))
            .unwrap_or_default();
        let query = c.query.split_whitespace().collect::<Vec<_>>().join(" ");
        let query: String = match query.chars().count() > 60 {
            true => query.chars().take(60).chain(['…']).collect(),
            false => query,
        };
        let idle = c.state.starts_with("idle") || c.state == "Sleep";
        let runs = match (query.is_empty(), idle) {
            (true, _) => String::new(),
            (false, true) => format!(", last ran: {query}"),
            (false, false) => format!(": {query}"),
        };
        out.push((
            Role::Plain,
            format!("    process {} ({whose}): {}{since}{runs}", c.pid, c.state),
        ));
    }
}

/// The view's lines: the connections first (they change), then what the Engine is.
pub fn lines(model: &Model) -> Lines {
    let info = &model.info;
    let mut out: Lines = vec![(
        Role::Heading,
        "The Engine (SQLAlchemy: the URL, the dialect, the connections) · ↑↓ scroll · e: the log"
            .into(),
    )];
    connections(model, &mut out);
    let sent = (model.echo.iter())
        .filter(|e| e.origin != crate::engine::Origin::Pool)
        .count();
    out.push((
        Role::Note,
        format!(
            "  statements sent so far: {sent} (each a line of the log, as echo=True prints \
             them; the connections' lives are lines too, as echo_pool=True prints them)"
        ),
    ));
    let dialect = drivername(info.engine).split('+').collect::<Vec<_>>();
    out.push((
        Role::Plain,
        format!(
            "engine.dialect.name = {}, driver = {} · server {} {}",
            py(dialect[0]),
            py(dialect.get(1).copied().unwrap_or("pysqlite")),
            info.engine_label(),
            info.short_version()
        ),
    ));
    if let Some(level) = model
        .engine_status
        .as_ref()
        .and_then(|s| s.isolation.as_ref())
    {
        out.push((
            Role::Plain,
            format!("isolation level: {level} (create_engine(..., isolation_level=...))"),
        ));
    }
    if let Some(schema) = &info.schema {
        out.push((
            Role::Plain,
            format!("default schema: {schema} (inspect(engine).default_schema_name)"),
        ));
    }
    let read_only = match (info.server_read_only, info.read_only_session) {
        (true, _) => "the server refuses writes (read-only)",
        (false, true) => "this session is read-only (--read-only)",
        (false, false) => "writes allowed",
    };
    out.push((Role::Plain, read_only.into()));
    out.push((Role::Sql, create_engine_line(info)));
    out.push((
        Role::Plain,
        format!("url = make_url(\"{}\")", url_text(info)),
    ));
    for (field, value) in url_fields(info) {
        out.push((Role::Note, format!("    url.{field} = {value}")));
    }
    out
}
