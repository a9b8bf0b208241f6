//! MySQL's and MariaDB's row codec: columns and values into retort's typed batches (with the
//! protocol's collation, so that a lossy result is known), errors into retort's, parameters
//! bound.

use sqlx::mysql::{MySqlDatabaseError, MySqlRow};
use sqlx::{Column as _, MySql, Row, TypeInfo, ValueRef as _};

use super::batch::{Column, RowBatch};
use super::error::{EngineError, StatementError};
use super::net::{self, RowCodec};
use super::txn::ServerTx;
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
