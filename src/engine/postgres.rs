//! PostgreSQL through sqlx: a pool, one pinned session connection for the user's statements
//! (so BEGIN, SET and temporary tables behave), and cancel from a second connection.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Postgres};
use tokio::sync::mpsc;

use super::error::EngineError;
use super::net_driver::NetDriver;
use super::net_session::{NetSession, SessionSpec};
use super::options::ConnectOptions as Options;
use super::postgres_cancel::CancelAddress;
pub use super::postgres_cancel::PgCanceller;
pub use super::postgres_codec::{PgCodec, kind_of_oid};
use super::url::DatabaseUrl;

/// The session, and where a CancelRequest goes: the address the session connected to (a
/// pooler's too).
pub type PgDriver = NetDriver<Postgres, PgCodec, CancelAddress>;

pub struct PgConnected {
    pub driver: PgDriver,
    pub version: String,
    pub database: String,
    pub user: String,
    pub schema: Option<String>,
    pub server_read_only: bool,
    pub identity: String,
}

pub const AUTH_CODES: &[&str] = &["28P01", "28000"];

/// The last column is the backend id; the one before is the cluster's own id (the same on a
/// server and its standbys, another on every other cluster); the one before that says whether
/// the server refuses writes whatever this session does (a standby, or read-only by the
/// administrator's setting). Like every statement of retort's own, it names pg_catalog's
/// functions, types and operators: a schema before pg_catalog on the search_path (a role's or
/// a database's default, or the user's `set search_path`) cannot put its own in their place.
pub const INFO_SQL: &str = "select pg_catalog.current_setting('server_version'), \
     pg_catalog.current_database(), current_user, pg_catalog.current_schema(), \
     (pg_catalog.pg_is_in_recovery() or (select reset_val from pg_catalog.pg_settings \
     where name OPERATOR(pg_catalog.=) 'default_transaction_read_only') \
     OPERATOR(pg_catalog.=) 'on')::pg_catalog.text, \
     (select system_identifier::pg_catalog.text from pg_catalog.pg_control_system()), \
     pg_catalog.pg_backend_pid()";

/// The server's id of a connection.
pub const ID_SQL: &str = "select pg_catalog.pg_backend_pid()";

impl PgDriver {
    pub async fn connect(url: &DatabaseUrl, opts_in: &Options) -> Result<PgConnected, EngineError> {
        let driver_url = url
            .driver_url()
            .ok_or_else(|| EngineError::usage("not a PostgreSQL URL"))?;
        let opts = PgConnectOptions::from_url(driver_url)
            .map_err(|e| EngineError::usage(format!("invalid PostgreSQL URL: {e}")))?
            .application_name("retort")
            // one: the only named statement is the describe of an empty result, which is
            // closed again at once (with none, sqlx would leave it on the server)
            .statement_cache_capacity(1)
            .disable_statement_logging();
        let spec = SessionSpec {
            timeout: opts_in.connect_timeout,
            target: url.connect_target(),
            auth_codes: AUTH_CODES,
            info_sql: INFO_SQL,
            id_sql: ID_SQL,
            // nothing session-level for --read-only: behind a pooler it would stay on a server
            // connection other clients get; each statement runs in a read-only transaction
            init_sql: None,
            log: opts_in.pool_log.clone(),
            warnings_sql: None,
        };
        let cancel_to = CancelAddress::of(&opts);
        let (session, info) = NetSession::open::<PgCodec>(opts, spec).await?;
        let get = |i: usize| info.get(i).cloned().flatten().unwrap_or_default();
        Ok(PgConnected {
            version: get(0),
            database: get(1),
            user: get(2),
            schema: info.get(3).cloned().flatten(),
            server_read_only: get(4) == "true",
            identity: format!("{}|{}|{}", get(5), get(1), get(2)),
            driver: NetDriver::new(session, cancel_to),
        })
    }

    /// `COPY … FROM STDIN` on the session connection, with `data` sent as the client's.
    pub async fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64, EngineError> {
        self.session.copy_in::<PgCodec>(sql, data).await
    }

    /// `COPY … TO STDOUT` on the session connection, its data in chunks.
    pub async fn copy_out(
        &self,
        sql: &str,
        chunks: &mpsc::Sender<Vec<u8>>,
    ) -> Result<u64, EngineError> {
        self.session.copy_out::<PgCodec>(sql, chunks).await
    }

    pub fn canceller(&self) -> PgCanceller {
        PgCanceller::new(
            self.session.pool().clone(),
            self.session.backend_id(),
            self.session.backend_key(),
            self.extra.clone(),
        )
    }
}
