//! The user's session connection to a PostgreSQL or MySQL server: one pinned connection (so
//! BEGIN, SET and temporary tables behave), made again on the next statement when the server
//! went away, with the server's id for it kept where a canceller can read it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use sqlx::pool::PoolOptions;
use sqlx::{
    AssertSqlSafe, ConnectOptions, Connection, Database, Encode, Executor, IntoArguments, Pool,
    Type,
};
use tokio::sync::{Mutex, mpsc};

use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::net::{self, RowCodec};

type Options<DB> = <<DB as Database>::Connection as Connection>::Options;

pub struct NetSession<DB: Database> {
    opts: Options<DB>,
    /// Further connections (catalog work, cancel), made when first needed.
    pool: Pool<DB>,
    conn: Mutex<Option<DB::Connection>>,
    backend_id: Arc<AtomicI64>,
    timeout: Duration,
    target: String,
    auth_codes: &'static [&'static str],
    /// Returns the server's id of this connection (pg_backend_pid(), connection_id()).
    id_sql: &'static str,
}

impl<DB> NetSession<DB>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    /// Connects and runs `info_sql` (whose last column must be the connection id).
    pub async fn open<C: RowCodec<DB>>(
        opts: Options<DB>,
        timeout: Duration,
        target: String,
        auth_codes: &'static [&'static str],
        info_sql: &'static str,
        id_sql: &'static str,
    ) -> Result<(Self, Vec<Option<String>>), EngineError> {
        let mut conn = connect(&opts, timeout, &target, auth_codes).await?;
        let info = net::fetch_text_rows::<DB, C>(&mut conn, info_sql)
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
        let pool = PoolOptions::<DB>::new()
            .max_connections(3)
            .min_connections(0)
            .acquire_timeout(timeout)
            .connect_lazy_with(opts.clone());
        let session = NetSession {
            opts,
            pool,
            conn: Mutex::new(Some(conn)),
            backend_id: Arc::new(AtomicI64::new(id)),
            timeout,
            target,
            auth_codes,
            id_sql,
        };
        Ok((session, info))
    }

    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// Runs one of retort's own catalog queries on a pooled connection, beside the session,
    /// with its values bound as parameters. Catalog queries select text columns only.
    pub async fn catalog_rows<C: RowCodec<DB>>(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError>
    where
        String: for<'t> Encode<'t, DB> + Type<DB>,
        DB::Arguments: IntoArguments<DB>,
    {
        let mut conn = self.pool.acquire().await.map_err(net::map_error::<DB, C>)?;
        if params.is_empty() {
            return net::fetch_text_rows::<DB, C>(&mut conn, sql).await;
        }
        let mut query = sqlx::query::<DB>(AssertSqlSafe(sql.to_owned()));
        for p in params {
            query = query.bind(p.clone());
        }
        let rows = query
            .fetch_all(&mut *conn)
            .await
            .map_err(net::map_error::<DB, C>)?;
        net::rows_as_text::<DB, C>(&rows)
    }

    /// The server's id of the current session connection, for cancelling from elsewhere.
    pub fn backend_id(&self) -> Arc<AtomicI64> {
        self.backend_id.clone()
    }

    pub async fn execute<C: RowCodec<DB>>(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        let mut slot = self.conn.lock().await;
        if slot.is_none() {
            let mut conn = connect(&self.opts, self.timeout, &self.target, self.auth_codes)
                .await
                .map_err(|e| EngineError::ConnectionLost(format!("reconnecting failed: {e}")))?;
            let row = net::fetch_text_rows::<DB, C>(&mut conn, self.id_sql).await?;
            let id = row.first().and_then(|r| r.first()).cloned().flatten();
            self.backend_id.store(
                id.and_then(|s| s.parse().ok()).unwrap_or(0),
                Ordering::SeqCst,
            );
            *slot = Some(conn);
        }
        let Some(conn) = slot.as_mut() else {
            return Err(EngineError::ConnectionLost("no connection".into()));
        };
        let result = net::stream_statement::<DB, C>(conn, sql, events).await;
        if matches!(result, Err(EngineError::ConnectionLost(_))) {
            // the next statement connects again
            *slot = None;
        }
        result
    }
}

/// A direct connection (not through a pool, so that a refused connection or a bad password is
/// reported at once instead of being retried).
async fn connect<O>(
    opts: &O,
    timeout: Duration,
    target: &str,
    auth_codes: &[&str],
) -> Result<O::Connection, EngineError>
where
    O: ConnectOptions,
    O::Connection: Sized,
{
    tokio::time::timeout(timeout, opts.connect())
        .await
        .map_err(|_| {
            EngineError::connect(format!(
                "timed out after {timeout:?} connecting to {target}"
            ))
        })?
        .map_err(|e| net::map_connect_error(e, target, auth_codes))
}
