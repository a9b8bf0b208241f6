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

/// The server's ids of the pool's connections, as each was made (a closed one stays listed:
/// the server's own list of its connections says which are there).
pub(super) type PoolPids = std::sync::Arc<std::sync::Mutex<Vec<i64>>>;

/// The pool beside the session: each new connection's server id noted in `pids`, and, when
/// there is a log, each connection's life told in SQLAlchemy's words: a new connection
/// (connect, then checkout), one taken again (checkout), one given back (checkin).
pub(super) fn pool_events<DB, C>(
    log: &Option<EchoLog>,
    (id_sql, pids): (&'static str, PoolPids),
    options: PoolOptions<DB>,
) -> PoolOptions<DB>
where
    DB: Database,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let on_connect = log.clone();
    let options = options.after_connect(move |conn, _| {
        let (log, pids) = (on_connect.clone(), pids.clone());
        Box::pin(async move {
            let row = net::fetch_text_rows::<DB, C>(conn, id_sql).await.ok();
            let id = row.and_then(|r| r.first()?.first()?.clone()?.parse::<i64>().ok());
            if let Some(id) = id {
                pids.lock().unwrap_or_else(|p| p.into_inner()).push(id);
            }
            if let Some(log) = log {
                let id = id
                    .map(|i| format!(" (server process {i})"))
                    .unwrap_or_default();
                let said = format!("connect: Created new connection in the pool{id}");
                log.pool_event(said, Default::default());
                log.pool_event(CHECKOUT, Default::default());
            }
            Ok(())
        })
    });
    let Some(log) = log.clone() else {
        return options;
    };
    let on_acquire = log.clone();
    options
        .before_acquire(move |_, _| {
            let log = on_acquire.clone();
            Box::pin(async move {
                log.pool_event(CHECKOUT, Default::default());
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

const CHECKOUT: &str = "checkout: Connection checked out from pool";

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
