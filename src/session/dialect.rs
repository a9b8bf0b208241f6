//! What the flush plan must know of the server beyond its engine.

use crate::engine::{EngineKind, ServerInfo};

/// The engine, and whether its INSERT can give back the keys the server filled in
/// (`RETURNING`: PostgreSQL, SQLite, MariaDB from 10.5; MySQL has none and answers with
/// `LAST_INSERT_ID()`, the first row's key only). On MariaDB it also says that a DELETE can
/// return the rows it deleted (a batch's proof, `plan_batch_mariadb.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub engine: EngineKind,
    pub insert_returning: bool,
}

impl From<EngineKind> for Dialect {
    /// The engine's dialect without knowing the server: on the MySQL protocol, MySQL's.
    fn from(engine: EngineKind) -> Self {
        Dialect {
            engine,
            insert_returning: engine != EngineKind::MySql,
        }
    }
}

impl Dialect {
    /// MariaDB 10.5 and later (`INSERT … RETURNING`) told apart from MySQL by the version the
    /// server reports.
    pub fn mariadb() -> Self {
        Dialect {
            engine: EngineKind::MySql,
            insert_returning: true,
        }
    }

    pub fn of(info: &ServerInfo) -> Self {
        if info.engine == EngineKind::MySql && mariadb_with_returning(&info.version) {
            Dialect::mariadb()
        } else {
            Dialect::from(info.engine)
        }
    }
}

/// "10.11.6-MariaDB-0+deb12u1", "11.4.2-MariaDB", or behind some proxies
/// "5.5.5-10.6.12-MariaDB": MariaDB 10.5 or later.
fn mariadb_with_returning(version: &str) -> bool {
    if !version.to_ascii_lowercase().contains("mariadb") {
        return false;
    }
    let version = version.strip_prefix("5.5.5-").unwrap_or(version);
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (10, 5),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::mariadb_with_returning;

    #[test]
    fn mariadb_has_returning_from_10_5_and_mysql_never() {
        assert!(mariadb_with_returning("10.11.19-MariaDB-0+deb12u1"));
        assert!(mariadb_with_returning("10.5.0-MariaDB"));
        assert!(mariadb_with_returning("11.4.2-MariaDB-log"));
        assert!(mariadb_with_returning("5.5.5-10.6.12-MariaDB"));
        assert!(!mariadb_with_returning("10.4.34-MariaDB"));
        assert!(!mariadb_with_returning("5.5.5-10.3.39-MariaDB"));
        assert!(!mariadb_with_returning("8.0.36"));
        assert!(!mariadb_with_returning("8.4.0-0ubuntu0.24.04.1"));
    }
}
