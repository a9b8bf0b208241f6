//! What retort knows about the server it is connected to, and how it tells one database from
//! another.

use super::super::url::{EngineKind, SqliteTarget};

/// What retort knows about the server after connecting. Never holds the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    pub engine: EngineKind,
    pub version: String,
    pub database: String,
    pub user: String,
    pub schema: Option<String>,
    /// host:port, socket path or file, for the status bar.
    pub location: String,
    /// The server itself refuses writes (a hot standby, `default_transaction_read_only` or
    /// `read_only` set by the administrator, a SQLite file that cannot be written).
    pub server_read_only: bool,
    /// The session was opened with `--read-only`.
    pub read_only_session: bool,
    /// What tells this database apart from every other for the files retort keeps of it (the
    /// session journal, history, buffer): a SQLite file's canonical absolute path; a server's
    /// own id (PostgreSQL `system_identifier`; MySQL/MariaDB host name, port and data
    /// directory as the server reports them), so that two tunnels on one local port to two
    /// servers never share a journal.
    pub identity: String,
    /// The URL's query parameters (sslmode, options, a socket's host), passwords left out:
    /// the `connect_args` of the `create_engine` line that connects the same way.
    pub options: Vec<(String, String)>,
}

/// A SQLite database's identity: its file's canonical absolute path (two `sqlite:///app.db` from
/// two directories are two databases; a symlink and its target are one).
pub(super) fn sqlite_identity(target: &SqliteTarget) -> String {
    match target {
        SqliteTarget::File(p) => std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        _ => ":memory:".into(),
    }
}

impl ServerInfo {
    /// "MariaDB" when a MySQL-protocol server says so.
    pub fn engine_label(&self) -> &'static str {
        if self.engine == EngineKind::MySql && self.version.to_ascii_lowercase().contains("mariadb")
        {
            "MariaDB"
        } else {
            self.engine.label()
        }
    }

    /// The version number alone, e.g. "15.4" or "10.11.6".
    pub fn short_version(&self) -> &str {
        self.version
            .split(['-', ' '])
            .next()
            .unwrap_or(&self.version)
    }
}
