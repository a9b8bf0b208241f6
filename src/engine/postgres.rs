//! PostgreSQL through sqlx: a pool, one pinned session connection for the user's statements
//! (so BEGIN, SET and temporary tables behave), and cancel from a second connection.

use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgErrorPosition, PgRow};
use sqlx::{Column as _, ConnectOptions, Postgres, Row, TypeInfo, ValueRef as _};
use tokio::sync::mpsc;

use super::batch::{Column, RowBatch};
use super::connection::ConnectOptions as Options;
use super::error::{EngineError, StatementError};
use super::events::{QueryEvent, StatementSummary};
use super::net::{self, RowCodec};
use super::net_session::{NetSession, SessionSpec};
use super::postgres_cancel::CancelAddress;
pub use super::postgres_cancel::PgCanceller;
use super::txn::ServerTx;
use super::url::DatabaseUrl;
use super::value::{Kind, decode_pg_hex};

pub struct PgCodec;

impl RowCodec<Postgres> for PgCodec {
    fn backend_key(conn: &sqlx::PgConnection) -> Option<(u32, u32)> {
        Some(conn.backend_key())
    }

    fn server_tx(conn: &sqlx::PgConnection) -> Option<ServerTx> {
        match conn.server_transaction_status() {
            b'I' => Some(ServerTx::Idle),
            b'T' => Some(ServerTx::Open),
            b'E' => Some(ServerTx::Failed),
            _ => None,
        }
    }

    const DESCRIBE_IN_OWN_TRANSACTION: bool = true;

    fn table_origin(col: &sqlx::postgres::PgColumn) -> Option<net::TableOrigin> {
        col.relation_id().map(|oid| net::TableOrigin::Oid(oid.0))
    }

    fn relation_name_sql(oid: u32) -> Option<String> {
        Some(format!(
            "select n.nspname::text, c.relname::text from pg_catalog.pg_class c \
             join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = {oid}"
        ))
    }

    fn column(col: &sqlx::postgres::PgColumn) -> Column {
        let ti = col.type_info();
        let oid = ti.oid().map(|o| o.0).unwrap_or(0);
        let name = ti.name();
        Column {
            name: col.name().to_string(),
            type_name: if name == "?" {
                format!("oid {oid}")
            } else {
                name.to_ascii_lowercase()
            },
            // (user-defined types such as enums are not resolved on the simple protocol: their
            // OID is unknown here, and they keep their text form)
            kind: kind_of_oid(oid),
        }
    }

    fn push_row(row: &PgRow, columns: &[Column], batch: &mut RowBatch) -> Result<(), EngineError> {
        for (i, col) in columns.iter().enumerate() {
            let raw = row
                .try_get_raw(i)
                .map_err(|e| EngineError::Other(format!("reading column {i}: {e}")))?;
            if raw.is_null() {
                batch.push_null();
                continue;
            }
            let bytes = raw.as_bytes().unwrap_or_default();
            match col.kind {
                Kind::Bytes => match decode_pg_hex(bytes) {
                    Some(decoded) => batch.push(Kind::Bytes, &decoded),
                    None => batch.push(Kind::Text, bytes),
                },
                kind => batch.push(kind, bytes),
            }
        }
        Ok(())
    }

    fn statement_error(err: &(dyn sqlx::error::DatabaseError + 'static)) -> StatementError {
        let pg = err.try_downcast_ref::<PgDatabaseError>();
        StatementError {
            message: err.message().to_string(),
            code: err.code().map(|c| c.into_owned()),
            position: pg.and_then(|p| match p.position() {
                Some(PgErrorPosition::Original(n)) => Some(n),
                _ => None,
            }),
            detail: pg.and_then(|p| p.detail().map(str::to_string)),
            hint: pg.and_then(|p| p.hint().map(str::to_string)),
        }
    }

    fn rows_affected(result: &sqlx::postgres::PgQueryResult) -> u64 {
        result.rows_affected()
    }

    /// Every value goes as text; the statement casts it to the column's type (`$1::integer`),
    /// so the server reads it exactly as it would read the literal.
    fn bind(
        query: net::BoundQuery<Postgres>,
        value: &super::value::Value,
    ) -> net::BoundQuery<Postgres> {
        query.bind(value.to_text())
    }

    fn connection_gone(err: &StatementError) -> bool {
        // 57P01-57P05: administrator command, crash or shutdown; class 08: connection exception
        err.code
            .as_deref()
            .is_some_and(|c| c.starts_with("57P") || c.starts_with("08"))
    }
}

/// The logical kind of a built-in PostgreSQL type, by its OID.
pub fn kind_of_oid(oid: u32) -> Kind {
    match oid {
        16 => Kind::Bool,
        20 | 21 | 23 | 26 | 28 | 29 => Kind::Int,
        700 | 701 => Kind::Float,
        1700 => Kind::Decimal,
        790 => Kind::Money,
        25 | 1043 | 1042 | 19 | 18 | 142 => Kind::Text,
        17 => Kind::Bytes,
        1082 => Kind::Date,
        1083 | 1266 => Kind::Time,
        1114 => Kind::Timestamp,
        1184 => Kind::TimestampTz,
        1186 => Kind::Interval,
        2950 => Kind::Uuid,
        114 | 3802 => Kind::Json,
        869 | 650 | 829 | 774 => Kind::Inet,
        1560 | 1562 => Kind::Bit,
        // array types of the built-ins above, and anything declared as an array
        143
        | 199
        | 1000..=1017
        | 1021
        | 1022
        | 1028
        | 1034
        | 1040
        | 1041
        | 1115
        | 1182
        | 1183
        | 1185
        | 1187
        | 1231
        | 1263
        | 1270
        | 2951
        | 3807
        | 651
        | 791 => Kind::Array,
        _ => Kind::Other,
    }
}

pub struct PgDriver {
    session: NetSession<Postgres>,
    /// Where a CancelRequest goes: the address the session connected to (a pooler's too).
    cancel_to: CancelAddress,
}

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
/// administrator's setting).
pub const INFO_SQL: &str = "select current_setting('server_version'), current_database(), \
     current_user, current_schema(), (pg_is_in_recovery() or (select reset_val from pg_settings \
     where name = 'default_transaction_read_only') = 'on')::text, \
     (select system_identifier::text from pg_control_system()), pg_backend_pid()";

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
            target: url.host_label(),
            auth_codes: AUTH_CODES,
            info_sql: INFO_SQL,
            id_sql: "select pg_backend_pid()",
            // nothing session-level for --read-only: behind a pooler it would stay on a server
            // connection other clients get; each statement runs in a read-only transaction
            init_sql: None,
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
            driver: PgDriver { session, cancel_to },
        })
    }

    pub async fn execute(
        &self,
        sql: &str,
        wrap: Option<(&str, &str)>,
        ctx: &net::RunContext,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.session
            .execute::<PgCodec>(sql, wrap, ctx, events)
            .await
    }

    /// A statement with bound parameters, on the session connection.
    pub async fn execute_bound(
        &self,
        sql: &str,
        params: &[super::value::Value],
        want_rows: bool,
    ) -> Result<StatementSummary, EngineError> {
        self.session
            .execute_bound::<PgCodec>(sql, params, want_rows)
            .await
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

    pub async fn catalog_rows(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        self.session.catalog_rows::<PgCodec>(sql, params).await
    }

    /// The user changed session settings (see `NetSession::note_settings`).
    pub fn note_settings(&self, changed: bool) {
        self.session.note_settings(changed);
    }

    /// The server's word on the transaction after the last statement of the session.
    pub fn server_tx(&self) -> Option<ServerTx> {
        self.session.server_tx()
    }

    pub fn canceller(&self) -> PgCanceller {
        PgCanceller::new(
            self.session.pool().clone(),
            self.session.backend_id(),
            self.session.backend_key(),
            self.cancel_to.clone(),
        )
    }
}
