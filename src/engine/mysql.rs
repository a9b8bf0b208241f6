//! MySQL and MariaDB through sqlx: a pool, one pinned session connection, `KILL QUERY` to cancel.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::mysql::{MySqlConnectOptions, MySqlDatabaseError, MySqlRow};
use sqlx::{Column as _, ConnectOptions, MySql, MySqlPool, Row, TypeInfo, ValueRef as _};
use tokio::sync::mpsc;

use super::batch::{Column, RowBatch};
use super::connection::ConnectOptions as Options;
use super::error::{EngineError, StatementError};
use super::events::{QueryEvent, StatementSummary};
use super::net::{self, RowCodec};
use super::net_session::{NetSession, SessionSpec};
use super::txn::ServerTx;
use super::url::DatabaseUrl;
use super::value::{Kind, Value};

pub struct MySqlCodec;

impl RowCodec<MySql> for MySqlCodec {
    fn server_tx(conn: &sqlx::MySqlConnection) -> Option<ServerTx> {
        Some(if conn.server_in_transaction() {
            ServerTx::Open
        } else {
            ServerTx::Idle
        })
    }

    fn origin(col: &sqlx::mysql::MySqlColumn) -> Option<String> {
        match col.origin() {
            sqlx::ColumnOrigin::Table(t) => Some(format!("{}\u{1f}{}", t.table, t.name)),
            _ => None,
        }
    }

    fn warning_count(conn: &sqlx::MySqlConnection) -> Option<u16> {
        Some(conn.last_warning_count())
    }

    fn table_origin(col: &sqlx::mysql::MySqlColumn) -> Option<net::TableOrigin> {
        // text sent in another character set than utf8mb4 (after SET NAMES latin1) may have
        // lost characters ('k😀' read as 'k?'): such a row cannot be found again by its values
        if !in_utf8mb4(col.type_info()) {
            return None;
        }
        col.table_origin().map(|(schema, table)| {
            net::TableOrigin::Named(super::events::SourceTable {
                schema: schema.to_string(),
                table: table.to_string(),
            })
        })
    }

    fn column(col: &sqlx::mysql::MySqlColumn) -> Column {
        let ti = col.type_info();
        let name = ti.name();
        let kind = match kind_of_type_name(name) {
            // sqlx calls every column with a `_bin` collation binary (JSON on MariaDB, say);
            // only the `binary` character set (63) really holds bytes.
            Kind::Bytes if !has_binary_charset(ti) => Kind::Text,
            kind => kind,
        };
        Column {
            name: col.name().to_string(),
            type_name: name.to_ascii_lowercase(),
            kind,
        }
    }

    fn push_row(
        row: &MySqlRow,
        columns: &[Column],
        batch: &mut RowBatch,
    ) -> Result<(), EngineError> {
        for (i, col) in columns.iter().enumerate() {
            let raw = row
                .try_get_raw(i)
                .map_err(|e| EngineError::Other(format!("reading column {i}: {e}")))?;
            if raw.is_null() {
                batch.push_null();
                continue;
            }
            let bytes: &[u8] = row.try_get_unchecked(i).unwrap_or_default();
            match col.kind {
                Kind::Bit => batch.push_with(Kind::Bit, |out| {
                    let v = bytes.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
                    out.extend_from_slice(format!("{v:b}").as_bytes());
                }),
                Kind::Text if std::str::from_utf8(bytes).is_err() => batch.push(Kind::Bytes, bytes),
                kind => batch.push(kind, bytes),
            }
        }
        Ok(())
    }

    fn statement_error(err: &(dyn sqlx::error::DatabaseError + 'static)) -> StatementError {
        let my = err.try_downcast_ref::<MySqlDatabaseError>();
        StatementError {
            message: err.message().to_string(),
            code: my
                .map(|m| m.number().to_string())
                .or_else(|| err.code().map(|c| c.into_owned())),
            position: None,
            detail: my.and_then(|m| m.code().map(|s| format!("SQLSTATE {s}"))),
            hint: None,
        }
    }

    fn rows_affected(result: &sqlx::mysql::MySqlQueryResult) -> u64 {
        result.rows_affected()
    }

    fn bind(query: net::BoundQuery<MySql>, value: &Value) -> net::BoundQuery<MySql> {
        match value {
            Value::Null => query.bind(None::<String>),
            Value::Bool(b) => query.bind(*b as i64),
            Value::Int(i) => query.bind(*i),
            Value::UInt(u) => query.bind(*u),
            Value::Float(f) => query.bind(*f),
            // a BIT(n) value as the number its digits spell: as text, '1' would store 0x31
            Value::Text(Kind::Bit, t) => match u64::from_str_radix(t, 2) {
                Ok(n) => query.bind(n),
                Err(_) => query.bind(t.clone()),
            },
            Value::Text(_, t) => query.bind(t.clone()),
            Value::Bytes(b) => query.bind(b.clone()),
        }
    }

    fn locate(err: &mut StatementError, sql: &str) {
        err.position = syntax_error_position(&err.message, sql);
    }

    fn connection_gone(err: &StatementError) -> bool {
        // ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN, ER_NEW_ABORTING_CONNECTION
        matches!(err.code.as_deref(), Some("1927" | "1053" | "1184"))
    }
}

/// MySQL says where a syntax error is in words: "… near 'frm x' at line 2". The quoted text is
/// the statement from the error on; returns its 1-based character position.
pub fn syntax_error_position(message: &str, sql: &str) -> Option<usize> {
    let near = message.find("near '")? + 6;
    let at = message.rfind("' at line ")?;
    let snippet = message.get(near..at)?;
    let line: usize = message[at + 10..].trim().parse().ok()?;
    let line_start: usize = sql
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let probe: String = snippet.chars().take(20).collect();
    let byte = if probe.is_empty() {
        sql.len()
    } else {
        line_start + sql.get(line_start..)?.find(&probe)?
    };
    Some(sql[..byte].chars().count() + 1)
}

/// sqlx keeps the collation id private; its Debug form is the one way to read it.
fn has_binary_charset(ti: &sqlx::mysql::MySqlTypeInfo) -> bool {
    collation_id(ti) == Some(BINARY)
}

/// The `binary` character set's collation: bytes, never converted (and every number).
const BINARY: u16 = 63;

/// The collation a column's values were sent in (the protocol's column definition: the
/// connection's `character_set_results`, unless that is NULL).
fn collation_id(ti: &sqlx::mysql::MySqlTypeInfo) -> Option<u16> {
    let debug = format!("{ti:?}");
    let (_, rest) = debug.split_once("collation: Collation(")?;
    rest.split(')').next()?.parse().ok()
}

/// Whether a column's values came whole: bytes, or text in utf8mb4. The utf8mb4 collations of
/// the protocol's registry (MySQL's and MariaDB's; an id not known here counts as another
/// character set, so that its result is read-only rather than wrongly editable).
fn in_utf8mb4(ti: &sqlx::mysql::MySqlTypeInfo) -> bool {
    match collation_id(ti) {
        Some(id) => {
            id == BINARY
                || matches!(id, 45 | 46 | 224..=247 | 255..=323 | 608..=610 | 1069 | 1070)
                || matches!(id, 1248 | 1270 | 2304..=2559)
        }
        None => false,
    }
}

/// The logical kind of a MySQL column type, by the name sqlx gives it.
pub fn kind_of_type_name(name: &str) -> Kind {
    match name {
        "BOOLEAN" => Kind::Bool,
        "TINYINT" | "SMALLINT" | "INT" | "MEDIUMINT" | "BIGINT" => Kind::Int,
        n if n.ends_with(" UNSIGNED") => Kind::UInt,
        "FLOAT" | "DOUBLE" => Kind::Float,
        "DECIMAL" => Kind::Decimal,
        "DATE" => Kind::Date,
        "TIME" => Kind::Time,
        "DATETIME" | "TIMESTAMP" => Kind::Timestamp,
        "YEAR" => Kind::Year,
        "BIT" => Kind::Bit,
        "ENUM" => Kind::Enum,
        "SET" => Kind::Set,
        "JSON" => Kind::Json,
        "BINARY" | "VARBINARY" | "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" | "GEOMETRY" => {
            Kind::Bytes
        }
        "NULL" => Kind::Null,
        _ => Kind::Text,
    }
}

pub struct MySqlDriver {
    session: NetSession<MySql>,
}

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
            driver: MySqlDriver { session },
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
            .execute::<MySqlCodec>(sql, wrap, ctx, events)
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
            .execute_bound::<MySqlCodec>(sql, params, want_rows)
            .await
    }

    pub async fn catalog_rows(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        self.session.catalog_rows::<MySqlCodec>(sql, params).await
    }

    /// The user changed session settings (see `NetSession::note_settings`).
    pub fn note_settings(&self, changed: bool) {
        self.session.note_settings(changed);
    }

    /// The server's word on the transaction after the last statement of the session.
    pub fn server_tx(&self) -> Option<ServerTx> {
        self.session.server_tx()
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
