//! The user's session connection to a PostgreSQL or MySQL server: one pinned connection (so
//! BEGIN, SET and temporary tables behave), made again on the next statement when the server
//! went away, with the server's id for it kept where a canceller can read it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::pool::PoolOptions;
use sqlx::{AssertSqlSafe, Connection, Database, Encode, Executor, IntoArguments, Pool, Type};
use tokio::sync::{Mutex, mpsc};

use super::echo::EchoLog;
use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::net::{self, RowCodec};
use super::net_connect::{PoolPids, connect, pool_events, session_connected, tell};
use super::postgres_cancel::pack_key;
use super::txn::{ServerTx, ServerTxCell};
use super::value::Value;

pub(super) type Options<DB> = <<DB as Database>::Connection as Connection>::Options;

/// What a bound statement gave: its result, or the rows it returned.
enum Bound<DB: Database> {
    Done(DB::QueryResult),
    Rows(Vec<DB::Row>),
}

/// How to open (and re-open) a session connection.
pub struct SessionSpec {
    pub timeout: Duration,
    /// host:port or socket, for messages (never the password).
    pub target: String,
    /// SQLSTATEs that mean "wrong password", so that the caller may ask for one.
    pub auth_codes: &'static [&'static str],
    /// Run once after connecting; its last column must be the connection id.
    pub info_sql: &'static str,
    /// Returns the server's id of this connection (pg_backend_pid(), connection_id()).
    pub id_sql: &'static str,
    /// Run on every new session connection (read-only mode, say).
    pub init_sql: Option<&'static str>,
    /// Run after each statement when the server keeps its warnings for the asking (MySQL's
    /// SHOW WARNINGS): rows of level, code, message.
    pub warnings_sql: Option<&'static str>,
    /// Where connects, checkouts, checkins and invalidations are told (the echo log).
    pub log: Option<EchoLog>,
}

pub struct NetSession<DB: Database> {
    opts: Options<DB>,
    spec: SessionSpec,
    /// Further connections (catalog work, cancel), made when first needed.
    pool: Pool<DB>,
    conn: Mutex<Option<DB::Connection>>,
    backend_id: Arc<AtomicI64>,
    /// The protocol's cancel key of the session connection (process << 32 | secret), 0 when
    /// the protocol has none.
    backend_key: Arc<AtomicU64>,
    /// The server's word on the transaction after the last statement on `conn`.
    server_tx: ServerTxCell,
    /// The user changed session settings on `conn`: a replacement would not have them.
    keeps_settings: std::sync::atomic::AtomicBool,
    /// The server's ids of the pool's connections.
    pool_pids: PoolPids,
}

impl<DB> NetSession<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    /// Connects and runs the spec's `info_sql`; returns its row.
    pub async fn open<C: RowCodec<DB>>(
        opts: Options<DB>,
        spec: SessionSpec,
    ) -> Result<(Self, Vec<Option<String>>), EngineError> {
        let timeout = spec.timeout;
        let started = std::time::Instant::now();
        let mut conn = connect::<DB, C>(&opts, &spec).await?;
        let info = net::fetch_text_rows::<DB, C>(&mut conn, spec.info_sql)
            .await?
            .into_iter()
            .next()
            .unwrap_or_default();
        let id = info
            .last()
            .cloned()
            .flatten()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let key = pack_key(C::backend_key(&conn));
        tell(&spec.log, session_connected(id), started.elapsed());
        let pool_pids = PoolPids::default();
        let noted = (spec.id_sql, pool_pids.clone());
        let pool = pool_events::<DB, C>(&spec.log, noted, PoolOptions::<DB>::new())
            .max_connections(3)
            .min_connections(0)
            .acquire_timeout(timeout)
            .connect_lazy_with(opts.clone());
        let session = NetSession {
            opts,
            spec,
            pool,
            conn: Mutex::new(Some(conn)),
            backend_id: Arc::new(AtomicI64::new(id)),
            backend_key: Arc::new(AtomicU64::new(key)),
            server_tx: ServerTxCell::default(),
            keeps_settings: Default::default(),
            pool_pids,
        };
        Ok((session, info))
    }

    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// The server's ids of the connections the pool made.
    pub fn pool_pids(&self) -> Vec<i64> {
        self.pool_pids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Runs one of retort's own catalog queries on a pooled connection, beside the session,
    /// with its values bound as parameters. Catalog queries select text columns only.
    pub async fn catalog_rows<C: RowCodec<DB>>(
        &self,
        sql: &str,
        params: &[String],
        prelude: Option<&str>,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError>
    where
        String: for<'t> Encode<'t, DB> + Type<DB>,
        DB::Arguments: IntoArguments<DB>,
        DB: sqlx::database::HasStatementCache,
    {
        let mut conn = self.pool.acquire().await.map_err(net::map_error::<DB, C>)?;
        if params.is_empty() {
            return net::fetch_text_rows::<DB, C>(&mut conn, sql).await;
        }
        // unnamed statements: named ones outlive the transaction and clash behind a
        // transaction-pooling proxy (PgBouncer)
        let mut query = sqlx::query::<DB>(AssertSqlSafe(sql.to_owned())).persistent(false);
        for p in params {
            query = query.bind(p.clone());
        }
        // inside a transaction, so that a transaction-pooling proxy keeps the statement's
        // parse and its execution on one server connection
        let mut tx = sqlx::Connection::begin(&mut *conn)
            .await
            .map_err(net::map_error::<DB, C>)?;
        if let Some(prelude) = prelude {
            let set = sqlx::raw_sql(AssertSqlSafe(prelude.to_owned()));
            set.execute(&mut *tx)
                .await
                .map_err(net::map_error::<DB, C>)?;
        }
        let rows = query
            .fetch_all(&mut *tx)
            .await
            .map_err(net::map_error::<DB, C>)?;
        tx.commit().await.map_err(net::map_error::<DB, C>)?;
        net::rows_as_text::<DB, C>(&rows)
    }

    /// Runs one statement with bound parameters on the session connection (unnamed, so that a
    /// transaction-pooling proxy has nothing to clash with), inside whatever transaction the
    /// session has open. Returns the rows it affected, and with `want_rows` the rows it
    /// returned (RETURNING), as text.
    pub async fn execute_bound<C: RowCodec<DB>>(
        &self,
        sql: &str,
        params: &[Value],
        want_rows: bool,
    ) -> Result<StatementSummary, EngineError>
    where
        DB::Arguments: IntoArguments<DB>,
        DB: sqlx::database::HasStatementCache,
    {
        let mut slot = self.conn.lock().await;
        let conn = self.connected::<C>(&mut slot).await?;
        let started = std::time::Instant::now();
        let (result, notices) = if params.is_empty() {
            // BEGIN, SAVEPOINT, COMMIT, ROLLBACK: the simple protocol, one message and one
            // answer. The extended one syncs between its parse and its execution, and outside
            // a transaction a transaction-pooling proxy (PgBouncer) may hand the execution to
            // another server ("unnamed prepared statement does not exist").
            let run = async {
                let raw = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()));
                if want_rows {
                    raw.fetch_all(&mut *conn).await.map(Bound::<DB>::Rows)
                } else {
                    raw.execute(&mut *conn).await.map(Bound::<DB>::Done)
                }
            };
            super::notices::collect(run).await
        } else {
            let mut query = sqlx::query::<DB>(AssertSqlSafe(sql.to_owned())).persistent(false);
            for p in params {
                query = C::bind(query, p);
            }
            let run = async {
                if want_rows {
                    let rows = query.fetch_all(&mut *conn).await?;
                    Ok(Bound::Rows(rows))
                } else {
                    query.execute(&mut *conn).await.map(Bound::Done)
                }
            };
            super::notices::collect(run).await
        };
        let mut result = result.map_err(net::map_error::<DB, C>);
        if result.is_ok()
            && C::warning_count(conn).is_some_and(|n| n > 0)
            && let Some(show) = self.spec.warnings_sql
            && let Ok(rows) = net::fetch_text_rows::<DB, C>(conn, show).await
            && let Some(err) = coerced(&rows)
        {
            result = Err(err);
        }
        self.after_statement::<C, _>(&mut slot, &result).await;
        let (rows_affected, returned) = match result? {
            Bound::Done(done) => (C::rows_affected(&done), Vec::new()),
            Bound::Rows(rows) => (rows.len() as u64, net::rows_as_text::<DB, C>(&rows)?),
        };
        Ok(StatementSummary {
            rows_affected,
            returned,
            duration: started.elapsed(),
            notices,
            ..Default::default()
        })
    }

    /// The server's id of the current session connection, for cancelling from elsewhere.
    pub fn backend_id(&self) -> Arc<AtomicI64> {
        self.backend_id.clone()
    }

    /// The protocol's cancel key of the current session connection (see `unpack_key`).
    pub fn backend_key(&self) -> Arc<AtomicU64> {
        self.backend_key.clone()
    }

    /// Runs one statement on the session connection, connecting again first when the server
    /// dropped it. With `wrap`, the statement runs between `wrap.0` and `wrap.1` (a read-only
    /// transaction and its rollback), with no other statement in between.
    pub async fn execute<C: RowCodec<DB>>(
        &self,
        sql: &str,
        wrap: Option<(&str, &str)>,
        ctx: &net::RunContext,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError>
    where
        DB: sqlx::database::HasStatementCache,
    {
        let mut slot = self.conn.lock().await;
        let conn = self.connected::<C>(&mut slot).await?;
        let warnings_sql = self.spec.warnings_sql;
        let run = async {
            if let Some((before, _)) = wrap {
                net::fetch_text_rows::<DB, C>(conn, before).await?;
            }
            let mut ran = {
                let mut ctx = ctx.clone();
                ctx.in_transaction |= wrap.is_some();
                net::stream_statement::<DB, C>(conn, sql, &ctx, events).await
            };
            // the server's warnings, asked for before a wrapping ROLLBACK would clear them
            // only when the server counted some: SHOW WARNINGS resets ROW_COUNT()
            if let (Ok(summary), Some(show)) = (&mut ran, warnings_sql)
                && C::warning_count(conn) != Some(0)
                && let Ok(rows) = net::fetch_text_rows::<DB, C>(conn, show).await
            {
                summary.warnings_asked = true;
                summary.notices.extend(rows.into_iter().map(|r| {
                    let cell = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
                    format!("{} {}: {}", cell(0), cell(1), cell(2))
                }));
            }
            match wrap {
                Some((_, after)) => match net::fetch_text_rows::<DB, C>(conn, after).await {
                    Err(e @ EngineError::ConnectionLost(_)) => Err(e),
                    _ => ran,
                },
                None => ran,
            }
        };
        let (mut result, notices) = super::notices::collect(run).await;
        match &mut result {
            Ok(summary) => {
                // the server's notices first, in the order they came
                let warnings = std::mem::take(&mut summary.notices);
                summary.notices = notices;
                summary.notices.extend(warnings);
            }
            Err(EngineError::ConnectionLost(why)) if !notices.is_empty() => {
                result = Err(lost_after_words(why, &notices));
            }
            Err(_) => {}
        }
        self.after_statement::<C, _>(&mut slot, &result).await;
        result
    }

    /// The session connection is gone: told as SQLAlchemy's pool tells an invalidation.
    fn invalidate(&self, slot: &mut Option<DB::Connection>, why: &str) {
        if slot.take().is_some() {
            let id = self.backend_id.load(Ordering::SeqCst);
            let said = format!(
                "invalidate: Invalidate connection of the Session (server process {id}) \
                 (reason: {why}); the next statement connects again"
            );
            tell(&self.spec.log, said, std::time::Duration::ZERO);
        }
    }

    /// Notes that the session connection now holds settings the user changed; a connection
    /// made in its place refuses the next statement (see `connected`).
    pub fn note_settings(&self, changed: bool) {
        self.keeps_settings.store(changed, Ordering::SeqCst);
    }

    /// The server's word on the transaction after the last statement of the session.
    pub fn server_tx(&self) -> Option<ServerTx> {
        self.server_tx.get()
    }

    /// Notes what the server says of the transaction; a lost connection is made again by the
    /// next statement. The server's status comes with its last message of the statement
    /// (ReadyForQuery), which sqlx leaves unread after an error: it is read first.
    async fn after_statement<C: RowCodec<DB>, T>(
        &self,
        slot: &mut Option<DB::Connection>,
        result: &Result<T, EngineError>,
    ) {
        if let Err(EngineError::ConnectionLost(why)) = result {
            self.invalidate(slot, why);
        }
        if let Some(conn) = slot.as_mut()
            && let Err(e) = conn.flush().await
        {
            self.invalidate(slot, &e.to_string());
        }
        self.server_tx.set(slot.as_ref().and_then(C::server_tx));
    }
}

impl<DB> NetSession<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    /// The session connection, made again first when the server dropped it. When the old one
    /// held settings the user changed, the new one is kept but the statement is refused: it
    /// would run without them (as another role, on another search_path, in autocommit).
    async fn connected<'s, C: RowCodec<DB>>(
        &self,
        slot: &'s mut Option<DB::Connection>,
    ) -> Result<&'s mut DB::Connection, EngineError> {
        if slot.is_none() {
            let started = std::time::Instant::now();
            let mut conn = connect::<DB, C>(&self.opts, &self.spec)
                .await
                .map_err(|e| EngineError::ConnectionLost(format!("reconnecting failed: {e}")))?;
            let row = net::fetch_text_rows::<DB, C>(&mut conn, self.spec.id_sql).await?;
            let id = row.first().and_then(|r| r.first()).cloned().flatten();
            let id = id.and_then(|s| s.parse().ok()).unwrap_or(0);
            self.backend_id.store(id, Ordering::SeqCst);
            let said = format!("reconnect: {}", session_connected(id));
            tell(&self.spec.log, said, started.elapsed());
            self.backend_key
                .store(pack_key(C::backend_key(&conn)), Ordering::SeqCst);
            *slot = Some(conn);
            self.server_tx.set(Some(ServerTx::Idle));
            if self.keeps_settings.swap(false, Ordering::SeqCst) {
                return Err(EngineError::SettingsLost(String::new()));
            }
        }
        slot.as_mut()
            .ok_or_else(|| EngineError::ConnectionLost("no connection".into()))
    }
}

/// A connection that dropped after the server had spoken: its words are passed on. When they
/// say the work was committed already (a synchronous standby that never answered: "already
/// committed locally"), the outcome is unknown, never "connection lost" alone.
fn lost_after_words(why: &str, notices: &[String]) -> EngineError {
    let said = notices.join(" · ");
    if said.to_ascii_lowercase().contains("committed locally") {
        return EngineError::CommitUnknown(format!(
            "the connection dropped ({why}) after the server said: {said} — the statement's \
             work may be committed: whether it is, is unknown; look at the data to see"
        ));
    }
    EngineError::ConnectionLost(format!("{why}; before that the server said: {said}"))
}

impl NetSession<sqlx::Postgres> {
    /// Runs `COPY … FROM STDIN` on the session connection with `data` as what the client
    /// sends; returns the rows the server took.
    pub async fn copy_in<C: RowCodec<sqlx::Postgres>>(
        &self,
        sql: &str,
        data: &[u8],
    ) -> Result<u64, EngineError> {
        let mut slot = self.conn.lock().await;
        let conn = self.connected::<C>(&mut slot).await?;
        let result = async {
            let mut copy = conn
                .copy_in_raw(sql)
                .await
                .map_err(net::map_error::<sqlx::Postgres, C>)?;
            // in pieces the server takes as they come
            for piece in data.chunks(64 * 1024) {
                copy.send(piece)
                    .await
                    .map_err(net::map_error::<sqlx::Postgres, C>)?;
            }
            copy.finish()
                .await
                .map_err(net::map_error::<sqlx::Postgres, C>)
        }
        .await;
        self.after_statement::<C, _>(&mut slot, &result).await;
        result
    }

    /// Runs `COPY … TO STDOUT` on the session connection and hands its data on in chunks, as
    /// the server sends them. Returns the bytes sent. When the reader goes away the caller
    /// cancels the statement on the server, which ends the stream.
    pub async fn copy_out<C: RowCodec<sqlx::Postgres>>(
        &self,
        sql: &str,
        chunks: &mpsc::Sender<Vec<u8>>,
    ) -> Result<u64, EngineError> {
        use futures_util::TryStreamExt;
        let mut slot = self.conn.lock().await;
        let conn = self.connected::<C>(&mut slot).await?;
        let result = async {
            let mut stream = conn
                .copy_out_raw(sql)
                .await
                .map_err(net::map_error::<sqlx::Postgres, C>)?;
            let mut sent = 0u64;
            let mut reader_gone = false;
            while let Some(chunk) = stream
                .try_next()
                .await
                .map_err(net::map_error::<sqlx::Postgres, C>)?
            {
                sent += chunk.len() as u64;
                // keep reading after the reader left: the stream must end for the connection
                // to be usable again (the caller's cancel ends it soon)
                if !reader_gone && chunks.send(chunk.to_vec()).await.is_err() {
                    reader_gone = true;
                }
            }
            Ok(sent)
        }
        .await;
        self.after_statement::<C, _>(&mut slot, &result).await;
        result
    }
}

/// MySQL warnings that mean a value was not stored as sent (non-strict `sql_mode`): cut short,
/// out of range, incorrect, NULL made a default. A bound statement that caused one failed.
const COERCED: &[&str] = &[
    "1048", "1261", "1262", "1263", "1264", "1265", "1292", "1366", "1406",
];

/// MySQL's warning that a character had no utf8mb4 form and became '?' (cp1250's 0x81).
const UNCONVERTED: &str = "1977";

/// The first `SHOW WARNINGS` row (level, code, message) that says a value was changed.
fn coerced(rows: &[Vec<Option<String>>]) -> Option<EngineError> {
    let row = rows.iter().find(|r| {
        let level = r.first().cloned().flatten().unwrap_or_default();
        let code = r.get(1).cloned().flatten().unwrap_or_default();
        level != "Note" && (COERCED.contains(&code.as_str()) || code == UNCONVERTED)
    })?;
    let cell = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    let why = match cell(1) == UNCONVERTED {
        true => "a value has no utf8mb4 form, so the row cannot be checked against what was read",
        false => "the server would store another value than the one staged",
    };
    Some(EngineError::Statement(super::error::StatementError {
        message: format!("{} ({why})", cell(2)),
        code: Some(cell(1)),
        position: None,
        detail: None,
        hint: None,
    }))
}
