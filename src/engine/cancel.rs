//! Cancelling the statement running on a connection, from any task: PostgreSQL's
//! `pg_cancel_backend`, MySQL's `KILL QUERY`, SQLite's interrupt. Each cancel lands in the
//! echo log.

use std::time::{Instant, SystemTime};

use super::echo::{EchoEntry, EchoLog, Origin, Outcome};
use super::error::EngineError;
use super::mysql::MySqlCanceller;
use super::postgres::PgCanceller;

/// Cancels the statement running on a connection, from any task.
#[derive(Clone)]
pub struct Canceller {
    inner: CancelTarget,
    echo: EchoLog,
    /// How many cancels retort asked for on this connection: a statement cancelled while it
    /// did not grow was cancelled by someone else (a timeout, an administrator), and says so.
    requested: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

#[derive(Clone)]
pub(super) enum CancelTarget {
    Postgres(PgCanceller),
    MySql(MySqlCanceller),
    Sqlite(super::sqlite::SqliteCanceller),
}

impl Canceller {
    pub(super) fn new(
        inner: CancelTarget,
        echo: EchoLog,
        requested: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Self {
        Canceller {
            inner,
            echo,
            requested,
        }
    }

    /// Asks the server to stop the running statement. Returns once the request is sent.
    pub async fn cancel(&self) -> Result<(), EngineError> {
        self.requested
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let started = Instant::now();
        let at = SystemTime::now();
        let (sql, params, result) = match &self.inner {
            CancelTarget::Postgres(c) => (c.sql(), vec![], c.cancel().await),
            CancelTarget::MySql(c) => (c.sql(), vec![], c.cancel().await),
            CancelTarget::Sqlite(h) => {
                h.cancel();
                ("sqlite3_interrupt()".to_string(), vec![], Ok(()))
            }
        };
        self.echo.record(EchoEntry {
            notices: Vec::new(),
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
