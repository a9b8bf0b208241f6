//! SQLite statements as the worker thread runs them: one prepared statement per row of a
//! batch (its RETURNING rows kept when asked), and a statement streaming its rows in batches.

use std::time::Instant;

use rusqlite::Connection;
use rusqlite::types::ValueRef as SqlValue;
use tokio::sync::mpsc;

use super::batch::{Column, Columns, RowBatch};
use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
use super::sqlite_convert::{kind_of_decl, map_error, send};
use super::value::{Kind, Value, write_float};

/// A bound parameter as SQLite stores it.
struct Param<'a>(&'a Value);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => V::Null,
            Value::Bool(b) => V::Integer(*b as i64),
            Value::Int(i) => V::Integer(*i),
            Value::UInt(u) => match i64::try_from(*u) {
                Ok(i) => V::Integer(i),
                Err(_) => return Ok(ToSqlOutput::Owned(u.to_string().into())),
            },
            Value::Float(f) => V::Real(*f),
            Value::Text(_, t) => V::Text(t.as_bytes()),
            Value::Bytes(b) => V::Blob(b),
        }))
    }
}

pub(super) fn run_many(
    conn: &Connection,
    sql: &str,
    rows: &[Vec<Value>],
    returning: bool,
) -> Result<StatementSummary, EngineError> {
    let started = Instant::now();
    let mut stmt = conn.prepare(sql).map_err(map_error)?;
    let mut summary = StatementSummary::default();
    for row in rows {
        let params = rusqlite::params_from_iter(row.iter().map(Param));
        if !returning {
            let affected = stmt.execute(params).map_err(map_error)? as u64;
            summary.rows_affected += affected;
            summary.per_run.push(affected);
            continue;
        }
        let width = stmt.column_count();
        let mut out = stmt.query(params).map_err(map_error)?;
        while let Some(r) = out.next().map_err(map_error)? {
            let cells = (0..width)
                .map(|i| match r.get_ref(i) {
                    Ok(SqlValue::Null) | Err(_) => None,
                    Ok(SqlValue::Integer(n)) => Some(n.to_string()),
                    Ok(SqlValue::Real(f)) => {
                        let mut t = String::new();
                        write_float(&mut t, f);
                        Some(t)
                    }
                    Ok(SqlValue::Text(t)) => Some(String::from_utf8_lossy(t).into_owned()),
                    Ok(SqlValue::Blob(b)) => Some(String::from_utf8_lossy(b).into_owned()),
                })
                .collect();
            summary.returned.push(cells);
            summary.rows_affected += 1;
        }
    }
    summary.duration = started.elapsed();
    Ok(summary)
}

pub(super) fn run_statement(
    conn: &Connection,
    sql: &str,
    params: &[Value],
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    let started = Instant::now();
    let mut stmt = conn.prepare(sql).map_err(map_error)?;
    let mut summary = StatementSummary {
        has_result: stmt.column_count() > 0,
        ..Default::default()
    };
    if !summary.has_result {
        // the statement's own changes (sqlite3_changes keeps the last DML's count through a
        // COMMIT or a CREATE)
        // (sqlite3_changes counts the rows the statement itself touched, not cascades, but
        // keeps the last count through a COMMIT: total_changes tells whether this one did any)
        let before = conn.total_changes();
        let direct = stmt
            .execute(rusqlite::params_from_iter(params.iter().map(Param)))
            .map_err(map_error)? as u64;
        summary.rows_affected = if conn.total_changes() > before {
            direct
        } else {
            0
        };
        summary.duration = started.elapsed();
        return Ok(summary);
    }
    let columns: Columns = stmt
        .columns()
        .iter()
        .map(|c| {
            let decl = c.decl_type().unwrap_or("");
            Column {
                name: c.name().to_string(),
                type_name: decl.to_ascii_lowercase(),
                kind: kind_of_decl(decl),
            }
        })
        .collect();
    send(events, QueryEvent::Columns(columns.clone()))?;
    let mut batch = RowBatch::new(columns.len());
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter().map(Param)))
        .map_err(map_error)?;
    let mut text = String::new();
    while let Some(row) = rows.next().map_err(map_error)? {
        for (i, col) in columns.iter().enumerate() {
            match row.get_ref(i).map_err(map_error)? {
                SqlValue::Null => batch.push_null(),
                SqlValue::Integer(n) => {
                    let kind = if col.kind == Kind::Bool {
                        Kind::Bool
                    } else {
                        Kind::Int
                    };
                    batch.push(kind, itoa::Buffer::new().format(n).as_bytes());
                }
                SqlValue::Real(f) => {
                    text.clear();
                    write_float(&mut text, f);
                    batch.push(Kind::Float, text.as_bytes());
                }
                SqlValue::Text(t) => {
                    let kind = match col.kind {
                        Kind::Int | Kind::Float | Kind::Bool | Kind::Bytes => Kind::Text,
                        k => k,
                    };
                    batch.push(kind, t);
                }
                SqlValue::Blob(b) => batch.push(Kind::Bytes, b),
            }
        }
        summary.rows_returned += 1;
        if batch.is_full() {
            send(events, QueryEvent::Rows(batch.take()))?;
        }
    }
    if !batch.is_empty() {
        send(events, QueryEvent::Rows(batch.take()))?;
    }
    drop(rows);
    if !stmt.readonly() {
        summary.rows_affected = conn.changes();
    }
    summary.duration = started.elapsed();
    Ok(summary)
}
