//! MySQL and MariaDB through sqlx: a pool, one pinned session connection, `KILL QUERY` to cancel.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::mysql::MySqlConnectOptions;
use sqlx::{ConnectOptions, MySql, MySqlPool};

use super::error::EngineError;
pub use super::mysql_codec::{MySqlCodec, kind_of_type_name, syntax_error_position};
use super::net;
use super::net_driver::NetDriver;
use super::net_session::{NetSession, SessionSpec};
use super::options::ConnectOptions as Options;
use super::url::DatabaseUrl;

pub type MySqlDriver = NetDriver<MySql, MySqlCodec>;

pub struct MySqlConnected {
    pub driver: MySqlDriver,
    pub version: String,
    pub database: String,
    pub user: String,
    pub server_read_only: bool,
    pub identity: String,
}

pub const AUTH_CODES: &[&str] = &["28000"];

/// The last column is the connection id; the one before names the server itself (its host
/// name, port and data directory: MariaDB has no `@@server_uuid`); the one before that is the
/// server's own `read_only`.
pub const INFO_SQL: &str = "select version(), database(), current_user(), @@global.read_only, \
     concat_ws(':', @@hostname, @@port, @@datadir), connection_id()";

impl MySqlDriver {
    pub async fn connect(
        url: &DatabaseUrl,
        opts_in: &Options,
    ) -> Result<MySqlConnected, EngineError> {
        let driver_url = url
            .driver_url()
            .ok_or_else(|| EngineError::usage("not a MySQL URL"))?;
        let mut opts = MySqlConnectOptions::from_url(driver_url)
            .map_err(|e| EngineError::usage(format!("invalid MySQL URL: {e}")))?
            // behave like the mysql client: the server's time zone and SQL mode
            .timezone(None)
            .pipes_as_concat(false)
            .no_engine_substitution(false)
            .disable_statement_logging();
        if !url.has_password()
            && let Ok(pw) = std::env::var("MYSQL_PWD")
        {
            opts = opts.password(&pw);
        }
        let spec = SessionSpec {
            timeout: opts_in.connect_timeout,
            target: url.host_label(),
            auth_codes: AUTH_CODES,
            info_sql: INFO_SQL,
            id_sql: "select connection_id()",
            // nothing session-level for --read-only: behind a pooler it would stay on a server
            // connection other clients get; each statement runs in a read-only transaction
            init_sql: None,
            log: opts_in.pool_log.clone(),
            warnings_sql: Some("show warnings"),
        };
        let (session, info) = NetSession::open::<MySqlCodec>(opts, spec).await?;
        let get = |i: usize| info.get(i).cloned().flatten().unwrap_or_default();
        Ok(MySqlConnected {
            version: get(0),
            database: get(1),
            // current_user() says user@host; the host is in the location already
            user: get(2).split('@').next().unwrap_or_default().to_string(),
            server_read_only: get(3) == "1",
            identity: format!("{}|{}|{}", get(4), get(1), get(2)),
            driver: NetDriver::new(session, ()),
        })
    }

    /// The server's thread id of the session connection (`CONNECTION_ID()`).
    pub fn thread_id(&self) -> i64 {
        self.session
            .backend_id()
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn canceller(&self) -> MySqlCanceller {
        MySqlCanceller {
            pool: self.session.pool().clone(),
            id: self.session.backend_id(),
        }
    }
}

#[derive(Clone)]
pub struct MySqlCanceller {
    pool: MySqlPool,
    id: Arc<AtomicI64>,
}

impl MySqlCanceller {
    /// The statement sent to cancel. KILL takes no placeholder; the id is a number the server
    /// gave retort, never user input.
    pub fn sql(&self) -> String {
        format!("KILL QUERY {}", self.id.load(Ordering::SeqCst))
    }

    pub async fn cancel(&self) -> Result<(), EngineError> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(self.sql()))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(net::map_error::<MySql, MySqlCodec>)
    }
}

#[cfg(test)]
mod tests {
    use super::syntax_error_position;

    #[test]
    fn syntax_errors_are_located_from_the_message() {
        let sql = "select 1\nfrm x where y";
        let msg = "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'frm x where y' at line 2";
        assert_eq!(syntax_error_position(msg, sql), Some(10));
        assert_eq!(syntax_error_position("Table 'x' doesn't exist", sql), None);
    }
}
