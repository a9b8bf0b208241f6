//! One connection to a database, whatever the engine: connect, run a statement as a stream of
//! events, cancel it from elsewhere. Every statement lands in the echo log.

use std::time::{Duration, Instant, SystemTime};

use tokio::sync::mpsc;

use super::cancel::{CancelTarget, Canceller};
use super::echo::{EchoEntry, EchoLog, Origin, Outcome};
use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::mysql::{self, MySqlDriver};
use super::net::RunContext;
use super::postgres::{self, PgDriver};
use super::sqlite::SqliteDriver;
use super::txn::{self, TxStatus};
use super::url::{DatabaseUrl, EngineKind};

mod bound;
mod cancels;
mod catalog;
mod commit_truth;
mod copy;
mod info;
use commit_truth::EndNote::NotEnding;
mod json_columns;
mod lost;
mod settings;
mod status;
pub use status::{EngineStatus, PoolStatus, ServerConnection};

pub use bound::render_param;
pub use info::ServerInfo;
use info::sqlite_identity;
pub use json_columns::JsonColumns;

pub use super::options::ConnectOptions;

enum Driver {
    Postgres(PgDriver),
    MySql(MySqlDriver),
    Sqlite(SqliteDriver),
}

/// Whose statement `run` sends: the echo log's origin, and whether a session setting it
/// changes is kept as the user's (named when a reconnect loses it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Who {
    User,
    /// retort's own reads on the session connection.
    Own,
    /// The configuration's startup statements: retort's own, settings kept as the user's.
    Startup,
}

impl Who {
    fn origin(self) -> Origin {
        match self {
            Who::User => Origin::User,
            Who::Own | Who::Startup => Origin::Internal,
        }
    }

    fn keeps_settings(self) -> bool {
        self != Who::Own
    }
}

pub struct Connection {
    info: ServerInfo,
    driver: Driver,
    echo: EchoLog,
    read_only: bool,
    /// The session's transaction, as the statements run on it left it.
    tx: std::sync::Mutex<TxStatus>,
    /// MariaDB's JSON columns (`schema.table` and column), read when first needed and again
    /// after DDL: its protocol calls them LONGTEXT.
    json_columns: json_columns::Cache,
    /// Session settings the user changed on the session connection (statements, redacted).
    settings: std::sync::Mutex<Vec<String>>,
    /// Cancels retort asked for (see `Canceller`).
    cancels: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Lost settings that one of retort's own statements met first, said to the user's next.
    kept_refusal: std::sync::Mutex<Option<String>>,
}

impl Connection {
    pub async fn connect(
        url: &DatabaseUrl,
        opts: &ConnectOptions,
        echo: EchoLog,
    ) -> Result<Connection, EngineError> {
        let started = Instant::now();
        let location = url.host_label();
        let opts = &ConnectOptions {
            pool_log: Some(echo.clone()),
            ..opts.clone()
        };
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
                    server_read_only: c.server_read_only,
                    read_only_session: opts.read_only,
                    identity: c.identity,
                    options: url.shown_options(),
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
                    server_read_only: c.server_read_only,
                    read_only_session: opts.read_only,
                    identity: c.identity,
                    options: url.shown_options(),
                };
                (Driver::MySql(c.driver), info, mysql::INFO_SQL)
            }
            EngineKind::Sqlite => {
                let target = url
                    .sqlite
                    .as_ref()
                    .ok_or_else(|| EngineError::usage("no SQLite path"))?;
                let c = SqliteDriver::open(target, opts.read_only).await?;
                echo.pool_event(
                    "connect: Created new connection for the Session (to the file, on a \
                     thread of its own)",
                    started.elapsed(),
                );
                let info = ServerInfo {
                    engine: EngineKind::Sqlite,
                    version: c.version,
                    database: c.database,
                    user: String::new(),
                    schema: Some("main".into()),
                    location,
                    server_read_only: c.server_read_only,
                    read_only_session: opts.read_only,
                    identity: sqlite_identity(target),
                    options: Vec::new(),
                };
                (Driver::Sqlite(c.driver), info, "select sqlite_version()")
            }
        };
        echo.record(EchoEntry {
            notices: Vec::new(),
            at: SystemTime::now(),
            origin: Origin::Internal,
            sql: info_sql.to_string(),
            params: vec![],
            duration: started.elapsed(),
            rows: Some(1),
            outcome: Outcome::Ok,
        });
        Ok(Connection {
            info,
            driver,
            echo,
            read_only: opts.read_only,
            tx: Default::default(),
            json_columns: Default::default(),
            settings: Default::default(),
            cancels: Default::default(),
            kept_refusal: Default::default(),
        })
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
        self.run(Who::User, sql, None, false, events).await
    }

    /// Runs a statement as the user's run, sent by `who`: the user, or the connection's
    /// startup statements (the configuration's `startup`, as psql's `~/.psqlrc`), marked
    /// retort's own in the echo log. A session setting either changes is kept as the user's
    /// are: a reconnect that loses it makes the next statement say so.
    pub async fn execute_as(
        &self,
        who: Who,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.run(who, sql, None, false, events).await
    }

    /// As `execute_proven_read`, sent by `who` (under `--read-only`).
    pub async fn execute_proven_read_as(
        &self,
        who: Who,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.read_only_run(who, sql, true, events).await
    }

    /// Runs a statement of the user's on the session (so it sees the session's state) and
    /// returns its rows as text: for small results such as plans.
    pub async fn execute_text_rows(
        &self,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        super::events::collect_text_rows(|tx| async move { self.execute(sql, &tx).await }).await
    }

    /// Runs one of retort's own reads on the session connection, inside its transaction (the
    /// id of the open transaction, say), and returns its rows as text.
    pub async fn session_text_rows(
        &self,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        super::events::collect_text_rows(|tx| async move {
            self.run(Who::Own, sql, None, false, &tx).await
        })
        .await
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

    /// One of retort's own statements into the echo log (greyed as its own), with its time,
    /// its rows and how it ended.
    fn record_own_statement<T>(
        &self,
        sql: &str,
        params: &[String],
        (started, at): (Instant, SystemTime),
        rows: Option<u64>,
        result: &Result<T, EngineError>,
    ) {
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::Internal,
            sql: sql.to_string(),
            params: params.to_vec(),
            duration: started.elapsed(),
            rows,
            outcome: Outcome::of(result),
        });
    }

    /// Whether the session was opened with `--read-only`.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The session's transaction as the statements run on it left it.
    pub fn transaction(&self) -> TxStatus {
        *self.tx.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_transaction(&self, status: TxStatus) {
        *self.tx.lock().unwrap_or_else(|e| e.into_inner()) = status;
    }

    /// Runs a statement in a read-only transaction that is rolled back afterwards, so that
    /// nothing it does (a function that writes, a changed setting) stays. Refused inside an
    /// open transaction, which this would end.
    pub async fn execute_read_only(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.read_only_run(Who::User, sql, false, events).await
    }

    /// As `execute_read_only`, for a statement proven to be a read: on SQLite it is prepared
    /// under the read guard, so SQLite's own parser has the last word.
    pub async fn execute_proven_read(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.read_only_run(Who::User, sql, true, events).await
    }

    /// Whether SQLite's own parser proves `sql` a read (prepared under the read guard, not
    /// run); elsewhere there is nothing to ask here.
    pub async fn sqlite_prove_read(&self, sql: &str) -> Result<(), String> {
        match &self.driver {
            Driver::Sqlite(d) => d.prove_read(sql).await,
            _ => Ok(()),
        }
    }

    async fn read_only_run(
        &self,
        who: Who,
        sql: &str,
        guarded: bool,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        if self.transaction().is_open() {
            return Err(EngineError::NotSent(
                "a transaction is open: end it (COMMIT or ROLLBACK) first, since running this \
                 in a read-only transaction of its own would end yours"
                    .into(),
            ));
        }
        let wrap = match self.info.engine {
            EngineKind::Sqlite => ("pragma query_only = 1", "pragma query_only = 0"),
            _ => ("start transaction read only", "rollback"),
        };
        self.run(who, sql, Some(wrap), guarded, events).await
    }

    async fn run(
        &self,
        who: Who,
        sql: &str,
        wrap: Option<(&str, &str)>,
        guarded: bool,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        let before = self.transaction();
        let effect = txn::transaction_effect(sql);
        if before == TxStatus::Lost {
            return self.after_lost_transaction(sql, effect);
        }
        if who == Who::User && wrap.is_none() {
            self.refusal_kept_for_the_user()?;
        }
        let cancels = self.cancels_asked();
        let started = Instant::now();
        let at = SystemTime::now();
        let (note, unsent) = match wrap {
            None => match self.note_before_end(before, sql, effect).await {
                Ok(note) => (note, None),
                Err(dropped) => (NotEnding, Some(dropped)),
            },
            Some(_) => (NotEnding, None),
        };
        if let Some((begin, _)) = wrap {
            self.record_internal(begin, at);
        }
        let mut result = match &self.driver {
            // the connection dropped before the statement could be sent
            _ if let Some(dropped) = unsent => Err(dropped),
            Driver::Postgres(d) => {
                let ctx = RunContext::new(before.is_open());
                d.execute(sql, wrap, &ctx, events).await
            }
            Driver::MySql(d) => {
                let ctx = RunContext {
                    in_transaction: before.is_open(),
                    json_columns: self.json_columns(sql).await,
                };
                d.execute(sql, wrap, &ctx, events).await
            }
            Driver::Sqlite(d) => match wrap {
                None => d.execute(sql, events).await,
                Some((begin, end)) => {
                    let collect = |s| async move { d.text_rows(s, &[]).await };
                    collect(begin).await?;
                    let ran = if guarded {
                        d.execute_guarded(sql, events).await
                    } else {
                        d.execute(sql, events).await
                    };
                    let _ = collect(end).await;
                    ran
                }
            },
        };
        result = self.own_cancel(cancels, result);
        result = self.follow_settings(sql, who.keeps_settings() && wrap.is_none(), result);
        if wrap.is_none() {
            result = self
                .follow_transaction(before, sql, effect, note, result)
                .await;
        }
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
            notices: result
                .as_ref()
                .map(|s| s.notices.clone())
                .unwrap_or_default(),
            at,
            origin: who.origin(),
            sql: sql.to_string(),
            params: vec![],
            duration: started.elapsed(),
            rows,
            outcome,
        });
        if result.as_ref().is_ok_and(|s| s.warnings_asked) {
            self.record_internal("show warnings", SystemTime::now());
        }
        if let Some((_, end)) = wrap {
            self.record_internal(end, SystemTime::now());
        }
        result
    }

    fn record_internal(&self, sql: &str, at: SystemTime) {
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::Internal,
            sql: sql.to_string(),
            params: vec![],
            duration: Duration::ZERO,
            rows: None,
            outcome: Outcome::Ok,
        });
    }

    /// The server's own word on the session's transaction after the last statement.
    pub(super) fn server_tx(&self) -> Option<txn::ServerTx> {
        match &self.driver {
            Driver::Postgres(d) => d.server_tx(),
            Driver::MySql(d) => d.server_tx(),
            Driver::Sqlite(d) => d.server_tx(),
        }
    }

    pub fn canceller(&self) -> Canceller {
        let inner = match &self.driver {
            Driver::Postgres(d) => CancelTarget::Postgres(d.canceller()),
            Driver::MySql(d) => CancelTarget::MySql(d.canceller()),
            Driver::Sqlite(d) => CancelTarget::Sqlite(d.canceller()),
        };
        Canceller::new(inner, self.echo.clone(), self.cancels.clone())
    }
}
