//! Making a server's connections: the Session's, direct, and the pool beside it; each
//! connection's life told in the echo log as SQLAlchemy's pool log tells it (`echo_pool`):
//! connect, checkout, checkin, invalidate, reconnect.

use sqlx::pool::PoolOptions;
use sqlx::{ConnectOptions as _, Database, Executor};

use super::echo::EchoLog;
use super::error::EngineError;
use super::net::{self, RowCodec};
use super::net_session::{Options, SessionSpec};

/// Tells the log, when there is one, of a connection's life.
pub(super) fn tell(log: &Option<EchoLog>, what: String, took: std::time::Duration) {
    if let Some(log) = log {
        log.pool_event(what, took);
    }
}

pub(super) fn session_connected(id: i64) -> String {
    format!("connect: Created new connection for the Session (server process {id})")
}

/// The pool beside the session, its connections' lives told in SQLAlchemy's words: a new
/// connection (connect, then checkout), one taken again (checkout), one given back (checkin).
pub(super) fn pool_events<DB: Database>(
    log: &Option<EchoLog>,
    options: PoolOptions<DB>,
) -> PoolOptions<DB> {
    let Some(log) = log.clone() else {
        return options;
    };
    let (on_connect, on_acquire) = (log.clone(), log.clone());
    options
        .after_connect(move |_, _| {
            let log = on_connect.clone();
            Box::pin(async move {
                log.pool_event(
                    "connect: Created new connection in the pool",
                    Default::default(),
                );
                log.pool_event(
                    "checkout: Connection checked out from pool",
                    Default::default(),
                );
                Ok(())
            })
        })
        .before_acquire(move |_, _| {
            let log = on_acquire.clone();
            Box::pin(async move {
                log.pool_event(
                    "checkout: Connection checked out from pool",
                    Default::default(),
                );
                Ok(true)
            })
        })
        .after_release(move |_, _| {
            let log = log.clone();
            Box::pin(async move {
                log.pool_event(
                    "checkin: Connection being returned to pool",
                    Default::default(),
                );
                Ok(true)
            })
        })
}

/// A direct connection (not through a pool, so that a refused connection or a bad password is
/// reported at once instead of being retried), with the spec's init statement run on it.
pub(super) async fn connect<DB, C>(
    opts: &Options<DB>,
    spec: &SessionSpec,
) -> Result<DB::Connection, EngineError>
where
    DB: Database,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let (timeout, target) = (spec.timeout, &spec.target);
    let mut conn = tokio::time::timeout(timeout, opts.connect())
        .await
        .map_err(|_| {
            EngineError::connect(format!(
                "timed out after {timeout:?} connecting to {target}"
            ))
        })?
        .map_err(|e| net::map_connect_error(e, target, spec.auth_codes))?;
    if let Some(init) = spec.init_sql {
        net::fetch_text_rows::<DB, C>(&mut conn, init).await?;
    }
    Ok(conn)
}
