//! What the two sqlx drivers (PostgreSQL, MySQL) share: streaming a statement over the simple
//! (text) protocol into row batches, and mapping sqlx errors.

use std::time::Instant;

use futures_util::TryStreamExt;
use sqlx::{AssertSqlSafe, Database, Either, Executor, Row, SqlSafeStr, Statement as _};
use tokio::sync::mpsc;

use super::batch::{Column, Columns, RowBatch};
use super::error::{EngineError, StatementError};
use super::events::{QueryEvent, SourceTable, StatementSummary};
use super::value::Value;

/// Keys `schema.table` U+001F `column`, as `RowCodec::origin` makes them: the columns that
/// hold JSON though the protocol says LONGTEXT (MariaDB).
pub type JsonColumns = std::sync::Arc<std::collections::HashSet<String>>;

/// The per-engine part of decoding rows.
pub trait RowCodec<DB: Database> {
    fn column(col: &DB::Column) -> Column;
    /// Appends every cell of `row` to `batch`.
    fn push_row(row: &DB::Row, columns: &[Column], batch: &mut RowBatch)
    -> Result<(), EngineError>;
    /// Engine-specific details of a server error (position, detail, hint).
    fn statement_error(err: &(dyn sqlx::error::DatabaseError + 'static)) -> StatementError;
    /// Whether this server error means the connection is gone (terminated, server shutdown).
    fn connection_gone(err: &StatementError) -> bool;
    fn rows_affected(result: &DB::QueryResult) -> u64;
    /// Finds the error's position in the statement when the server says it in words only.
    fn locate(_err: &mut StatementError, _sql: &str) {}
    /// Binds one value as a statement parameter.
    fn bind(query: BoundQuery<DB>, value: &Value) -> BoundQuery<DB>;
    /// Whether describing a statement outside a transaction needs one of its own: the parse
    /// and the close of a prepared statement then stay on one server behind a
    /// transaction-pooling proxy (PgBouncer). MySQL's BEGIN would commit an implicit
    /// transaction (`autocommit = 0`), and no proxy splits its prepare.
    const DESCRIBE_IN_OWN_TRANSACTION: bool = false;
    /// The server's own word on the transaction after the last statement on `conn`.
    fn server_tx(_conn: &DB::Connection) -> Option<super::txn::ServerTx> {
        None
    }
    /// The key a protocol-level cancel names (PostgreSQL's BackendKeyData: process, secret).
    fn backend_key(_conn: &DB::Connection) -> Option<(u32, u32)> {
        None
    }
    /// The warning count the server gave with the last statement on `conn`, where the
    /// protocol carries one (MySQL's OK/EOF packet).
    fn warning_count(_conn: &DB::Connection) -> Option<u16> {
        None
    }
    /// The table a result column comes from, as the protocol says it.
    fn table_origin(_col: &DB::Column) -> Option<TableOrigin> {
        None
    }
    /// A catalog query naming the relation of this id: rows of schema, name.
    fn relation_name_sql(_oid: u32) -> Option<String> {
        None
    }
    /// A text column's origin as `schema.table` U+001F `column`, where the protocol names it.
    fn origin(_col: &DB::Column) -> Option<String> {
        None
    }
}

/// Where the protocol says a result column comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableOrigin {
    /// PostgreSQL's RowDescription: the table's OID.
    Oid(u32),
    /// MySQL's column definition: schema and table.
    Named(SourceTable),
}

/// The one table all of `columns` come from, if they all come from one.
fn common_origin<DB: Database, C: RowCodec<DB>>(columns: &[DB::Column]) -> Option<TableOrigin> {
    let mut origins = columns.iter().map(C::table_origin);
    let first = origins.next()??;
    origins.all(|o| o.as_ref() == Some(&first)).then_some(first)
}

/// The table a result's origin names, by name (a catalog query on the same connection for an
/// OID).
async fn source_table<DB, C>(conn: &mut DB::Connection, origin: TableOrigin) -> Option<SourceTable>
where
    DB: Database,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    match origin {
        TableOrigin::Named(t) => Some(t),
        TableOrigin::Oid(oid) => {
            let sql = C::relation_name_sql(oid)?;
            let rows = fetch_text_rows::<DB, C>(conn, &sql).await.ok()?;
            let row = rows.into_iter().next()?;
            match (
                row.first().cloned().flatten(),
                row.get(1).cloned().flatten(),
            ) {
                (Some(schema), Some(table)) => Some(SourceTable { schema, table }),
                _ => None,
            }
        }
    }
}

/// What a statement's run needs to know of the session.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// A transaction is open (for describing an empty result).
    pub in_transaction: bool,
    /// Text columns that hold JSON, by origin (MariaDB).
    pub json_columns: Option<JsonColumns>,
}

impl RunContext {
    pub fn new(in_transaction: bool) -> Self {
        RunContext {
            in_transaction,
            json_columns: None,
        }
    }

    /// `col` as the result shows it: JSON where the catalog says its origin holds JSON.
    fn column<DB: Database, C: RowCodec<DB>>(&self, col: &DB::Column) -> Column {
        let mut c = C::column(col);
        if let Some(json) = &self.json_columns
            && c.kind == super::value::Kind::Text
            && C::origin(col).is_some_and(|o| json.contains(&o))
        {
            c.kind = super::value::Kind::Json;
        }
        c
    }
}

/// A statement with its parameters bound.
pub type BoundQuery<DB> = sqlx::query::Query<'static, DB, <DB as Database>::Arguments>;

/// Runs one statement text on `conn` and streams its rows to `events`.
pub async fn stream_statement<DB, C>(
    conn: &mut DB::Connection,
    sql: &str,
    ctx: &RunContext,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError>
where
    DB: Database + sqlx::database::HasStatementCache,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let started = Instant::now();
    let mut columns: Option<Columns> = None;
    let mut origin: Option<TableOrigin> = None;
    let mut batch = RowBatch::new(0);
    let mut summary = StatementSummary::default();
    {
        let mut stream = sqlx::raw_sql(AssertSqlSafe(sql.to_owned())).fetch_many(&mut *conn);
        let located = |e: sqlx::Error| match map_error::<DB, C>(e) {
            EngineError::Statement(mut se) => {
                if se.position.is_none() {
                    C::locate(&mut se, sql);
                }
                EngineError::Statement(se)
            }
            other => other,
        };
        while let Some(item) = stream.try_next().await.map_err(located)? {
            match item {
                Either::Right(row) => {
                    let cols = match &columns {
                        Some(c) => c,
                        None => {
                            let cols: Columns = row
                                .columns()
                                .iter()
                                .map(|c| ctx.column::<DB, C>(c))
                                .collect();
                            origin = common_origin::<DB, C>(row.columns());
                            batch = RowBatch::new(cols.len());
                            send(events, QueryEvent::Columns(cols.clone())).await?;
                            columns.insert(cols)
                        }
                    };
                    C::push_row(&row, cols, &mut batch)?;
                    summary.rows_returned += 1;
                    if batch.is_full() {
                        send(events, QueryEvent::Rows(batch.take())).await?;
                    }
                }
                Either::Left(result) => {
                    summary.rows_affected += C::rows_affected(&result);
                }
            }
        }
    }
    if !batch.is_empty() {
        send(events, QueryEvent::Rows(batch.take())).await?;
    }
    if columns.is_none() && super::txn::may_return_rows(sql) {
        // An empty result: the simple protocol gave no row to read the columns from.
        if let Some((cols, from)) = describe_columns::<DB, C>(conn, sql, ctx).await {
            send(events, QueryEvent::Columns(cols.clone())).await?;
            columns = Some(cols);
            origin = from;
        }
    }
    if let Some(origin) = origin {
        summary.source_table = source_table::<DB, C>(conn, origin).await;
    }
    summary.has_result = columns.is_some();
    if summary.has_result {
        // A SELECT reports its row count as "affected" on some engines.
        summary.rows_affected = 0;
    }
    summary.duration = started.elapsed();
    Ok(summary)
}

/// The columns a statement returns, from a prepared statement that is closed again at once,
/// so that nothing named stays on the server (a pooler may hand that server to another client).
async fn describe_columns<DB, C>(
    conn: &mut DB::Connection,
    sql: &str,
    ctx: &RunContext,
) -> Option<(Columns, Option<TableOrigin>)>
where
    DB: Database + sqlx::database::HasStatementCache,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let own = C::DESCRIBE_IN_OWN_TRANSACTION && !ctx.in_transaction;
    if own {
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await.ok()?;
    }
    let cols = conn
        .prepare(AssertSqlSafe(sql.to_owned()).into_sql_str())
        .await
        .ok()
        .map(|stmt| {
            let cols = stmt
                .columns()
                .iter()
                .map(|c| ctx.column::<DB, C>(c))
                .collect::<Columns>();
            (cols, common_origin::<DB, C>(stmt.columns()))
        });
    let _ = sqlx::Connection::clear_cached_statements(&mut *conn).await;
    if own {
        let _ = sqlx::raw_sql("COMMIT").execute(&mut *conn).await;
    }
    cols.filter(|(c, _)| !c.is_empty())
}

async fn send(events: &mpsc::Sender<QueryEvent>, ev: QueryEvent) -> Result<(), EngineError> {
    events
        .send(ev)
        .await
        .map_err(|_| EngineError::Other("the result's reader went away".into()))
}

/// Maps a sqlx error met while a statement ran.
pub fn map_error<DB: Database, C: RowCodec<DB>>(err: sqlx::Error) -> EngineError {
    match err {
        sqlx::Error::Database(db) => {
            // a cancel stays the server's words here: only the connection knows whether
            // retort asked for it (`Connection::own_cancel`)
            let err = C::statement_error(db.as_ref()).bounded();
            if C::connection_gone(&err) {
                EngineError::ConnectionLost(err.message)
            } else {
                EngineError::Statement(err)
            }
        }
        sqlx::Error::Io(e) => EngineError::ConnectionLost(e.to_string()),
        sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
            EngineError::ConnectionLost("the connection pool is closed".into())
        }
        sqlx::Error::PoolTimedOut => {
            EngineError::ConnectionLost("timed out waiting for a free connection".into())
        }
        sqlx::Error::Protocol(m) => EngineError::ConnectionLost(format!("protocol error: {m}")),
        other => EngineError::Other(other.to_string()),
    }
}

/// Maps a sqlx error met while connecting; `target` names the server without the password.
pub fn map_connect_error(err: sqlx::Error, target: &str, auth_codes: &[&str]) -> EngineError {
    match err {
        sqlx::Error::Database(db) => {
            let auth_failed = db.code().is_some_and(|c| auth_codes.contains(&c.as_ref()));
            EngineError::Connect {
                message: format!("{target}: {}", db.message()),
                auth_failed,
            }
        }
        sqlx::Error::Io(e) => EngineError::connect(format!("could not connect to {target}: {e}")),
        sqlx::Error::Tls(e) => EngineError::connect(format!("TLS with {target} failed: {e}")),
        sqlx::Error::PoolTimedOut => {
            EngineError::connect(format!("timed out connecting to {target}"))
        }
        sqlx::Error::Configuration(e) => {
            EngineError::usage(format!("invalid connection option: {e}"))
        }
        other => EngineError::connect(format!("could not connect to {target}: {other}")),
    }
}

/// Runs a catalog query of retort's own and returns its rows as text (NULL as None).
pub async fn fetch_text_rows<DB, C>(
    conn: &mut DB::Connection,
    sql: &str,
) -> Result<Vec<Vec<Option<String>>>, EngineError>
where
    DB: Database,
    C: RowCodec<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    let rows = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
        .fetch_all(&mut *conn)
        .await
        .map_err(map_error::<DB, C>)?;
    rows_as_text::<DB, C>(&rows)
}

/// Rows as text cells (NULL as None).
pub fn rows_as_text<DB: Database, C: RowCodec<DB>>(
    rows: &[DB::Row],
) -> Result<Vec<Vec<Option<String>>>, EngineError> {
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    // one column list and one scratch batch for all rows
    let cols: Vec<Column> = first.columns().iter().map(C::column).collect();
    let mut batch = RowBatch::new(cols.len());
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        C::push_row(row, &cols, &mut batch)?;
        out.push(
            batch
                .row(0)
                .map(|v| (!v.is_null()).then(|| v.display()))
                .collect(),
        );
        batch.clear();
    }
    Ok(out)
}
