//! What the SQLite driver's thread, its statement runner and its guard share: rusqlite's errors
//! as retort's, a column's declared type as a `Kind`, and sending an event to the workbench.

use tokio::sync::mpsc;

use super::error::{EngineError, StatementError};
use super::events::QueryEvent;
use super::value::Kind;

pub(super) fn send(events: &mpsc::Sender<QueryEvent>, ev: QueryEvent) -> Result<(), EngineError> {
    events
        .blocking_send(ev)
        .map_err(|_| EngineError::Other("the result's reader went away".into()))
}

/// The logical kind of a SQLite column from its declared type (SQLite's affinity rules, plus
/// the names people use for dates, booleans, JSON and exact numerics).
pub fn kind_of_decl(decl: &str) -> Kind {
    let d = decl.to_ascii_uppercase();
    let has = |s: &str| d.contains(s);
    if d.is_empty() {
        Kind::Other
    } else if has("BOOL") {
        Kind::Bool
    } else if has("INT") {
        Kind::Int
    } else if has("TIMESTAMPTZ") || has("WITH TIME ZONE") {
        Kind::TimestampTz
    } else if has("DATETIME") || has("TIMESTAMP") {
        Kind::Timestamp
    } else if has("DATE") {
        Kind::Date
    } else if has("TIME") {
        Kind::Time
    } else if has("INTERVAL") {
        Kind::Interval
    } else if has("UUID") {
        Kind::Uuid
    } else if has("JSON") {
        Kind::Json
    } else if has("CHAR") || has("CLOB") || has("TEXT") {
        Kind::Text
    } else if has("BLOB") || has("BINARY") || has("BYTEA") {
        Kind::Bytes
    } else if has("REAL") || has("FLOA") || has("DOUB") {
        Kind::Float
    } else if has("DEC") || has("NUMERIC") || has("MONEY") {
        Kind::Decimal
    } else {
        Kind::Other
    }
}

pub(super) fn map_error(err: rusqlite::Error) -> EngineError {
    use rusqlite::ffi::ErrorCode;
    let code_name = |e: &rusqlite::ffi::Error| match e.code {
        ErrorCode::Unknown => "SQLITE_ERROR".to_string(),
        code => format!("SQLITE_{code:?}").to_ascii_uppercase(),
    };
    match err {
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::OperationInterrupted => {
            EngineError::Cancelled
        }
        rusqlite::Error::SqliteFailure(e, msg) => EngineError::Statement(
            StatementError {
                message: msg.unwrap_or_else(|| e.to_string()),
                code: Some(code_name(&e)),
                position: None,
                detail: None,
                hint: None,
            }
            .bounded(),
        ),
        rusqlite::Error::SqlInputError {
            error,
            msg,
            offset,
            sql,
        } => EngineError::Statement(StatementError {
            message: msg,
            code: Some(code_name(&error)),
            // SQLite counts bytes; positions count characters
            position: usize::try_from(offset)
                .ok()
                .and_then(|o| sql.get(..o))
                .map(|before| before.chars().count() + 1),
            detail: None,
            hint: None,
        }),
        other => EngineError::Other(other.to_string()),
    }
}

/// Every row of `sql` as text (NULL as None).
pub(super) fn text_rows(
    conn: &rusqlite::Connection,
    sql: &str,
) -> Result<Vec<Vec<Option<String>>>, EngineError> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare(sql).map_err(map_error)?;
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |row| {
            (0..n)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        ValueRef::Null => None,
                        ValueRef::Integer(v) => Some(v.to_string()),
                        ValueRef::Real(v) => Some(v.to_string()),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                    })
                })
                .collect()
        })
        .map_err(map_error)?;
    rows.collect::<Result<_, _>>().map_err(map_error)
}
