//! The Engine's connections as SQLAlchemy's `pool.status()` would report them: the Session's
//! own connection (its server process id) and the pool of further connections retort keeps for
//! its catalog reads and cancels; and the default isolation level.

use super::{Connection, Driver};
use crate::engine::EngineError;

/// What the Engine holds now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineStatus {
    /// The server's id of the Session's connection (PostgreSQL's backend pid, MySQL's
    /// connection id); None for SQLite, which runs in this process.
    pub session_pid: Option<i64>,
    /// The pool beside it: connections open, idle among them, and at most.
    pub pool: Option<PoolStatus>,
    /// The isolation level a new transaction gets, as the server says it (None: not read this
    /// time; it is read once, when the view opens).
    pub isolation: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStatus {
    pub size: u32,
    pub idle: usize,
    pub max: u32,
}

impl Connection {
    /// The connections held (known in this process: nothing is sent), and with
    /// `with_isolation` the isolation level, read on a pooled connection beside the Session's so
    /// that a statement running there never waits for it.
    pub async fn status(&self, with_isolation: bool) -> EngineStatus {
        let (session_pid, pool) = match &self.driver {
            Driver::Postgres(d) => (Some(d.session_pid()), Some(pool_status(d.pool()))),
            Driver::MySql(d) => (Some(d.session_pid()), Some(pool_status(d.pool()))),
            Driver::Sqlite(_) => (None, None),
        };
        EngineStatus {
            session_pid,
            pool,
            isolation: match with_isolation {
                true => Some(self.isolation().await),
                false => None,
            },
        }
    }

    /// The isolation level a new transaction gets (MySQL 8 names it transaction_isolation,
    /// MariaDB before 11.1 tx_isolation); what went wrong when it cannot be read.
    async fn isolation(&self) -> String {
        let tries: &[&str] = match self.info.engine {
            crate::engine::EngineKind::Postgres => {
                &["select upper(current_setting('transaction_isolation'))"]
            }
            crate::engine::EngineKind::MySql => &[
                "select replace(@@session.transaction_isolation, '-', ' ')",
                "select replace(@@session.tx_isolation, '-', ' ')",
            ],
            // SQLite's transactions are serializable (SQLAlchemy's pysqlite says SERIALIZABLE)
            crate::engine::EngineKind::Sqlite => return "SERIALIZABLE".into(),
        };
        let mut failed = String::new();
        for sql in tries {
            match self.catalog_query(sql, &[]).await {
                Ok(rows) => {
                    let first = rows.into_iter().next().and_then(|r| r.into_iter().next());
                    return first.flatten().unwrap_or_default();
                }
                Err(e) => failed = e.to_string(),
            }
        }
        format!("unknown ({failed})")
    }

    /// A read on another connection than the Session's: what another client sees now (a
    /// pooled connection; for SQLite a connection of its own to the file). In the echo log.
    pub async fn read_elsewhere(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        match &self.driver {
            Driver::Sqlite(d) => {
                let started = (std::time::Instant::now(), std::time::SystemTime::now());
                let read = d.read_elsewhere(sql).await;
                let rows = read.as_ref().ok().map(|r| r.len() as u64);
                self.record_own_statement(sql, &[], started, rows, &read);
                read
            }
            _ => self.catalog_query(sql, &[]).await,
        }
    }

    /// A change made as another client would make it: on another connection than the
    /// Session's, committed at once (the course's, in a lesson that says so). In the echo log.
    pub async fn change_elsewhere(&self, sql: &str) -> Result<(), EngineError> {
        if self.read_only {
            return Err(EngineError::NotSent(
                "--read-only: the course changes nothing".into(),
            ));
        }
        match &self.driver {
            Driver::Sqlite(d) => {
                let started = (std::time::Instant::now(), std::time::SystemTime::now());
                let changed = d.change_elsewhere(sql).await;
                self.record_own_statement(sql, &[], started, None, &changed);
                changed
            }
            _ => self.catalog_query(sql, &[]).await.map(|_| ()),
        }
    }
}

fn pool_status<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> PoolStatus {
    PoolStatus {
        size: pool.size(),
        idle: pool.num_idle(),
        max: pool.options().get_max_connections(),
    }
}
