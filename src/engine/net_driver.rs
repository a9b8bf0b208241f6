//! One driver for the network engines (PostgreSQL, MySQL/MariaDB): the session connection and
//! its pool (`NetSession`) with the engine's row codec fixed in the type, so that a statement
//! goes from `Connection` to the session in one step. What only one engine has (PostgreSQL's
//! cancel address, COPY; MySQL's thread id) is in that engine's own `impl` block.

use std::marker::PhantomData;

use sqlx::{Database, Encode, Executor, IntoArguments, Type};
use tokio::sync::mpsc;

use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::net::{self, RowCodec};
use super::net_session::NetSession;
use super::txn::ServerTx;
use super::value::Value;

/// `DB`'s session through codec `C`, with what the engine keeps beside it (`E`).
pub struct NetDriver<DB: Database, C, E = ()> {
    pub(super) session: NetSession<DB>,
    pub(super) extra: E,
    codec: PhantomData<fn() -> C>,
}

impl<DB, C, E> NetDriver<DB, C, E>
where
    DB: Database + sqlx::database::HasStatementCache,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    C: RowCodec<DB>,
{
    pub(super) fn new(session: NetSession<DB>, extra: E) -> Self {
        NetDriver {
            session,
            extra,
            codec: PhantomData,
        }
    }

    /// A statement of the user's on the session connection, its rows streamed to `events`.
    pub async fn execute(
        &self,
        sql: &str,
        wrap: Option<(&str, &str)>,
        ctx: &net::RunContext,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.session.execute::<C>(sql, wrap, ctx, events).await
    }

    /// A statement with bound parameters, on the session connection.
    pub async fn execute_bound(
        &self,
        sql: &str,
        params: &[Value],
        want_rows: bool,
    ) -> Result<StatementSummary, EngineError> {
        self.session
            .execute_bound::<C>(sql, params, want_rows)
            .await
    }

    /// One of retort's own catalog queries, beside the session, its rows as text; `prelude`
    /// runs first in its transaction (a `SET LOCAL`).
    pub async fn catalog_rows(
        &self,
        sql: &str,
        params: &[String],
        prelude: Option<&str>,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        self.session.catalog_rows::<C>(sql, params, prelude).await
    }

    /// A change on one of the pool's connections, committed at once (autocommit), as another
    /// client would make it; the rows it changed.
    pub async fn pool_execute(&self, sql: &str) -> Result<u64, EngineError> {
        let pool = self.session.pool();
        let mut conn = pool.acquire().await.map_err(net::map_error::<DB, C>)?;
        let query = sqlx::query::<DB>(sqlx::AssertSqlSafe(sql.to_owned())).persistent(false);
        let done = (query.execute(&mut *conn).await).map_err(net::map_error::<DB, C>)?;
        Ok(C::rows_affected(&done))
    }

    /// The user changed session settings (see `NetSession::note_settings`).
    pub fn note_settings(&self, changed: bool) {
        self.session.note_settings(changed);
    }

    /// The server's id of the Session's connection.
    pub fn session_pid(&self) -> i64 {
        (self.session.backend_id()).load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The pool of further connections beside the Session's.
    pub fn pool(&self) -> &sqlx::Pool<DB> {
        self.session.pool()
    }

    /// The server's ids of the pool's connections.
    pub fn pool_pids(&self) -> Vec<i64> {
        self.session.pool_pids()
    }

    /// The server's word on the transaction after the last statement of the session.
    pub fn server_tx(&self) -> Option<ServerTx> {
        self.session.server_tx()
    }
}
