//! One connection to a database, whatever the engine: connect, run a statement as a stream of
//! events, cancel it from elsewhere. Every statement lands in the echo log.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::mpsc;

use super::echo::{EchoEntry, EchoLog, Origin, Outcome};
use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::mysql::{self, MySqlCanceller, MySqlDriver};
use super::postgres::{self, PgCanceller, PgDriver};
use super::sqlite::SqliteDriver;
use super::url::{DatabaseUrl, EngineKind};

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

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// The server refuses writes on the session (SQLite opens the file read-only).
    pub read_only: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            read_only: false,
        }
    }
}

enum Driver {
    Postgres(PgDriver),
    MySql(MySqlDriver),
    Sqlite(SqliteDriver),
}

pub struct Connection {
    info: ServerInfo,
    driver: Driver,
    echo: EchoLog,
}

/// Cancels the statement running on a connection, from any task.
#[derive(Clone)]
pub struct Canceller {
    inner: CancelTarget,
    echo: EchoLog,
}

#[derive(Clone)]
enum CancelTarget {
    Postgres(PgCanceller),
    MySql(MySqlCanceller),
    Sqlite(Arc<rusqlite::InterruptHandle>),
}

impl Connection {
    pub async fn connect(
        url: &DatabaseUrl,
        opts: &ConnectOptions,
        echo: EchoLog,
    ) -> Result<Connection, EngineError> {
        let started = Instant::now();
        let location = url.host_label();
        let (driver, info, info_sql) = match url.engine {
            EngineKind::Postgres => {
                let c = PgDriver::connect(url, opts).await?;
                let info = ServerInfo {
                    engine: EngineKind::Postgres,
                    version: c.version,
                    database: c.database,
                    user: c.user,
                    schema: c.schema,
                    location,
                };
                (Driver::Postgres(c.driver), info, postgres::INFO_SQL)
            }
            EngineKind::MySql => {
                let c = MySqlDriver::connect(url, opts).await?;
                let info = ServerInfo {
                    engine: EngineKind::MySql,
                    version: c.version,
                    schema: Some(c.database.clone()).filter(|d| !d.is_empty()),
                    database: c.database,
                    user: c.user,
                    location,
                };
                (Driver::MySql(c.driver), info, mysql::INFO_SQL)
            }
            EngineKind::Sqlite => {
                let target = url
                    .sqlite
                    .as_ref()
                    .ok_or_else(|| EngineError::usage("no SQLite path"))?;
                let c = SqliteDriver::open(target, opts.read_only).await?;
                let info = ServerInfo {
                    engine: EngineKind::Sqlite,
                    version: c.version,
                    database: c.database,
                    user: String::new(),
                    schema: Some("main".into()),
                    location,
                };
                (Driver::Sqlite(c.driver), info, "select sqlite_version()")
            }
        };
        echo.record(EchoEntry {
            at: SystemTime::now(),
            origin: Origin::Internal,
            sql: info_sql.to_string(),
            params: vec![],
            duration: started.elapsed(),
            rows: Some(1),
            outcome: Outcome::Ok,
        });
        Ok(Connection { info, driver, echo })
    }

    pub fn info(&self) -> &ServerInfo {
        &self.info
    }

    pub fn echo(&self) -> &EchoLog {
        &self.echo
    }

    /// Runs one statement of the user's and streams its result to `events`.
    pub async fn execute(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.run(Origin::User, sql, events).await
    }

    /// Runs a statement of the user's on the session (so it sees the session's state) and
    /// returns its rows as text: for small results such as plans.
    pub async fn execute_text_rows(
        &self,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        super::events::collect_text_rows(|tx| async move { self.execute(sql, &tx).await }).await
    }

    /// Runs one of retort's own statements (catalog queries) and returns its rows as text.
    /// On PostgreSQL and MySQL it uses a pooled connection, so it never waits behind the
    /// user's running statement.
    pub async fn query_text_rows(
        &self,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        self.catalog_query(sql, &[]).await
    }

    /// A catalog query with its values bound as parameters (`$1` on PostgreSQL, `?` on MySQL and
    /// SQLite). The statement must select text columns only.
    pub async fn catalog_query(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        let started = Instant::now();
        let at = SystemTime::now();
        let result = match &self.driver {
            Driver::Postgres(d) => d.catalog_rows(sql, params).await,
            Driver::MySql(d) => d.catalog_rows(sql, params).await,
            Driver::Sqlite(d) => d.text_rows(sql, params).await,
        };
        self.echo.record(EchoEntry {
            at,
            origin: Origin::Internal,
            sql: sql.to_string(),
            params: params.to_vec(),
            duration: started.elapsed(),
            rows: result.as_ref().ok().map(|r| r.len() as u64),
            outcome: match &result {
                Ok(_) => Outcome::Ok,
                Err(EngineError::Cancelled) => Outcome::Cancelled,
                Err(e) => Outcome::Failed(e.to_string()),
            },
        });
        result
    }

    async fn run(
        &self,
        origin: Origin,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        let started = Instant::now();
        let at = SystemTime::now();
        let result = match &self.driver {
            Driver::Postgres(d) => d.execute(sql, events).await,
            Driver::MySql(d) => d.execute(sql, events).await,
            Driver::Sqlite(d) => d.execute(sql, events).await,
        };
        let (rows, outcome) = match &result {
            Ok(s) => (
                Some(if s.has_result {
                    s.rows_returned
                } else {
                    s.rows_affected
                }),
                Outcome::Ok,
            ),
            Err(EngineError::Cancelled) => (None, Outcome::Cancelled),
            Err(e) => (None, Outcome::Failed(e.to_string())),
        };
        self.echo.record(EchoEntry {
            at,
            origin,
            sql: sql.to_string(),
            params: vec![],
            duration: started.elapsed(),
            rows,
            outcome,
        });
        result
    }

    pub fn canceller(&self) -> Canceller {
        let inner = match &self.driver {
            Driver::Postgres(d) => CancelTarget::Postgres(d.canceller()),
            Driver::MySql(d) => CancelTarget::MySql(d.canceller()),
            Driver::Sqlite(d) => CancelTarget::Sqlite(d.canceller()),
        };
        Canceller {
            inner,
            echo: self.echo.clone(),
        }
    }
}

impl Canceller {
    /// Asks the server to stop the running statement. Returns once the request is sent.
    pub async fn cancel(&self) -> Result<(), EngineError> {
        let started = Instant::now();
        let at = SystemTime::now();
        let (sql, params, result) = match &self.inner {
            CancelTarget::Postgres(c) => (
                PgCanceller::SQL.to_string(),
                vec![c.pid().to_string()],
                c.cancel().await,
            ),
            CancelTarget::MySql(c) => (c.sql(), vec![], c.cancel().await),
            CancelTarget::Sqlite(h) => {
                h.interrupt();
                ("sqlite3_interrupt()".to_string(), vec![], Ok(()))
            }
        };
        self.echo.record(EchoEntry {
            at,
            origin: Origin::Internal,
            sql,
            params,
            duration: started.elapsed(),
            rows: None,
            outcome: match &result {
                Ok(()) => Outcome::Ok,
                Err(e) => Outcome::Failed(e.to_string()),
            },
        });
        result
    }
}
