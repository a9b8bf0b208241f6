//! PostgreSQL's row codec: its columns and values into retort's typed batches, its errors into
//! retort's, and its parameters bound.

use sqlx::postgres::{PgDatabaseError, PgErrorPosition, PgRow};
use sqlx::{Column as _, Postgres, Row, TypeInfo, ValueRef as _};

use super::batch::{Column, RowBatch};
use super::error::{EngineError, StatementError};
use super::net::{self, RowCodec};
use super::txn::ServerTx;
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
            "select n.nspname::pg_catalog.text, c.relname::pg_catalog.text \
             from pg_catalog.pg_class c join pg_catalog.pg_namespace n \
             on n.oid OPERATOR(pg_catalog.=) c.relnamespace \
             where c.oid OPERATOR(pg_catalog.=) {oid}::pg_catalog.oid"
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
