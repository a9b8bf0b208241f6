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
    let (host, port) = match info.location.rsplit_once(':') {
        Some((h, p)) if p.parse::<u16>().is_ok() => (h.to_string(), p.to_string()),
        _ => (String::new(), String::new()),
    };
    match host.is_empty() {
        true => {
            let key = match info.engine {
                EngineKind::Postgres => "host",
                _ => "unix_socket",
            };
            out.push(("host", "None".into()));
            out.push(("query", format!("{{{}: {}}}", py(key), py(&info.location))));
        }
        false => {
            out.push(("host", py(&host)));
            out.push(("port", port));
        }
    }
    out.push(("database", py(&info.database)));
    out
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
    match model.is_running() {
        true => format!("{state}, running a statement"),
        false => state,
    }
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
}

/// The view's lines: the connections first (they change), then what the Engine is.
pub fn lines(model: &Model) -> Lines {
    let info = &model.info;
    let mut out: Lines = vec![(
        Role::Heading,
        "The Engine (SQLAlchemy: the URL, the dialect, the connections) · e: back to the log"
            .into(),
    )];
    connections(model, &mut out);
    out.push((
        Role::Note,
        format!(
            "  statements sent so far: {} (each a line of the log, as echo=True prints them)",
            model.echo.len()
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
    out.push((
        Role::Sql,
        format!(
            "engine = create_engine(\"{}\", echo=True)  # connects only when first used",
            url_text(info)
        ),
    ));
    out.push((
        Role::Plain,
        format!("url = make_url(\"{}\")", url_text(info)),
    ));
    for (field, value) in url_fields(info) {
        out.push((Role::Note, format!("    url.{field} = {value}")));
    }
    out
}
