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
    /// What the server says each of retort's connections does (None: not asked this time;
    /// an error: why it could not be read).
    pub activity: Option<Result<Vec<ServerConnection>, String>>,
}

/// One of retort's connections as the server lists it (pg_stat_activity, the processlist).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerConnection {
    pub pid: i64,
    /// idle, active, idle in transaction… (PostgreSQL); Sleep, Query… (MySQL's command).
    pub state: String,
    /// Seconds in that state.
    pub for_secs: Option<i64>,
    /// What it runs, or ran last (PostgreSQL), cut short.
    pub query: String,
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
    pub async fn status(&self, with_isolation: bool, with_activity: bool) -> EngineStatus {
        let (session_pid, pool, pool_pids) = match &self.driver {
            Driver::Postgres(d) => (
                Some(d.session_pid()),
                Some(pool_status(d.pool())),
                d.pool_pids(),
            ),
            Driver::MySql(d) => (
                Some(d.session_pid()),
                Some(pool_status(d.pool())),
                d.pool_pids(),
            ),
            Driver::Sqlite(_) => (None, None, Vec::new()),
        };
        let activity = match (with_activity, session_pid) {
            (true, Some(pid)) => Some(self.activity(pid, &pool_pids).await),
            _ => None,
        };
        EngineStatus {
            session_pid,
            pool,
            isolation: match with_isolation {
                true => Some(self.isolation().await),
                false => None,
            },
            activity,
        }
    }

    /// What the server says retort's connections do (the Session's and the pool's), read on
    /// one of the pool's (which is left out: it is busy reading this).
    async fn activity(&self, session: i64, pool: &[i64]) -> Result<Vec<ServerConnection>, String> {
        let sql = match self.info.engine {
            crate::engine::EngineKind::Postgres => {
                "select pid::pg_catalog.text, coalesce(state, ''), \
                 extract(epoch from pg_catalog.now() OPERATOR(pg_catalog.-) state_change)\
                 ::bigint::pg_catalog.text, pg_catalog.left(coalesce(query, ''), 200) \
                 from pg_catalog.pg_stat_activity \
                 where pid::pg_catalog.text OPERATOR(pg_catalog.=) \
                 any(pg_catalog.string_to_array($1, ',')) \
                 and pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() order by pid"
            }
            _ => {
                "select cast(id as char), command, cast(time as char), \
                 left(coalesce(info, ''), 200) from information_schema.processlist \
                 where find_in_set(id, ?) and id <> connection_id() order by id"
            }
        };
        let ids: Vec<String> = (std::iter::once(session).chain(pool.iter().copied()))
            .map(|p| p.to_string())
            .collect();
        let rows = (self.catalog_query(sql, &[ids.join(",")]).await).map_err(|e| e.to_string())?;
        Ok(rows.into_iter().map(server_connection).collect())
    }

    /// The isolation level a new transaction gets (MySQL 8 names it transaction_isolation,
    /// MariaDB before 11.1 tx_isolation); what went wrong when it cannot be read.
    async fn isolation(&self) -> String {
        let tries: &[&str] = match self.info.engine {
            crate::engine::EngineKind::Postgres => {
                &["select pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))"]
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
    /// Session's, committed at once (the course's, in a lesson that says so); the rows it
    /// changed (for a script, the last statement's). In the echo log.
    pub async fn change_elsewhere(&self, sql: &str) -> Result<u64, EngineError> {
        if self.read_only {
            return Err(EngineError::NotSent(
                "--read-only: the course changes nothing".into(),
            ));
        }
        let started = (std::time::Instant::now(), std::time::SystemTime::now());
        let changed = match &self.driver {
            Driver::Sqlite(d) => d.change_elsewhere(sql).await,
            Driver::Postgres(d) => d.pool_execute(sql).await,
            Driver::MySql(d) => d.pool_execute(sql).await,
        };
        let rows = changed.as_ref().ok().copied();
        self.record_own_statement(sql, &[], started, rows, &changed);
        changed
    }
}

fn pool_status<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> PoolStatus {
    PoolStatus {
        size: pool.size(),
        idle: pool.num_idle(),
        max: pool.options().get_max_connections(),
    }
}

/// A row of the server's list of connections: id, state, seconds in it, query.
fn server_connection(row: Vec<Option<String>>) -> ServerConnection {
    let text = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    ServerConnection {
        pid: text(0).parse().unwrap_or(0),
        state: text(1),
        for_secs: text(2).parse().ok(),
        query: text(3),
    }
}
