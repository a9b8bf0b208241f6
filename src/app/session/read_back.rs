//! After a commit, the rows it changed that the shown result holds are read back from the
//! table (as SQLAlchemy refreshes an expired object when it is next used): the grid then shows
//! what the server made of the values sent (a NUMERIC rounded, a CHAR padded, a trigger's
//! change), and a next edit checks against that. The SELECT is retort's own, a read, on the
//! session connection (its settings: the values read as the grid's own were), in the echo log.

use crate::app::model::Model;
use crate::app::msg::Command;
use crate::engine::{Kind, Value, ValueRef};
use crate::session::committed::ReadBack;
use crate::session::{RowKey, TableRef};

use super::edit::{catalog_table, result_source, table_ref};

/// The read back of the shown result's rows a commit changed, if it holds any.
pub(crate) fn after_commit(model: &Model) -> Vec<Command> {
    if model.session.committed_rows.is_empty() {
        return vec![];
    }
    let Ok((src, table)) = result_source(model) else {
        return vec![];
    };
    let tref = table_ref(&table);
    let keys = model.session.committed_rows.keys_of(&tref);
    let Some(first) = keys.first() else {
        return vec![];
    };
    let Some(table) = catalog_table(model, &tref) else {
        return vec![];
    };
    let (sql, params) =
        crate::session::sql::read_back_sql(model.info.engine, &table, &src.columns, &keys);
    vec![Command::ReadBack(ReadBack {
        table: tref,
        key_columns: first.columns.clone(),
        columns: src.columns.clone(),
        sql,
        params,
    })]
}

/// The rows read back (as text, key columns first), over the values the commit sent. When
/// they could not be read, the grid keeps the values sent, and says so.
pub(crate) fn read(
    model: &mut Model,
    rb: ReadBack,
    rows: Result<Vec<Vec<Option<String>>>, String>,
) -> Vec<Command> {
    let rows = match rows {
        Ok(rows) => rows,
        Err(why) => {
            model.warn(format!(
                "the committed rows could not be read back ({why}): the grid shows the values \
                 sent; F5 reads them again"
            ));
            return vec![];
        }
    };
    let kinds: Vec<Kind> = (rb.key_columns.iter().chain(&rb.columns))
        .map(|c| shown_kind(model, &rb.table, c))
        .collect();
    let n = rb.key_columns.len();
    // a key held as bytes is not matched from its text: the values sent stay shown
    if kinds[..n].contains(&Kind::Bytes) {
        return vec![];
    }
    let read: Vec<(RowKey, Vec<(String, Value)>)> = (rows.iter())
        .map(|row| {
            let value = |i: usize| match row.get(i).cloned().flatten() {
                None => Value::Null,
                Some(text) => Value::from(ValueRef::decode(kinds[i], text.as_bytes())),
            };
            let key = RowKey {
                columns: rb.key_columns.clone(),
                values: (0..n).map(value).collect(),
            };
            let values = (rb.columns.iter().enumerate())
                .filter(|(i, _)| kinds[n + i] != Kind::Bytes)
                .map(|(i, c)| (c.clone(), value(n + i)))
                .collect();
            (key, values)
        })
        .collect();
    model.session.committed_rows.read_back(&rb.table, &read);
    vec![]
}

/// The kind the shown result gives `column` (its first value that is not NULL), so that a
/// value read back as text is held as the grid's own are (a number stays a number).
fn shown_kind(model: &Model, table: &TableRef, column: &str) -> Kind {
    let Some(result) = model.result() else {
        return Kind::Text;
    };
    let Ok((src, _)) = result_source(model) else {
        return Kind::Text;
    };
    if src.schema != table.schema || src.table != table.name {
        return Kind::Text;
    }
    let Some(col) = src.columns.iter().position(|c| c == column) else {
        return Kind::Text;
    };
    (0..result.len().min(1000))
        .filter_map(|r| result.cell(r, col))
        .map(|v| v.kind())
        .find(|k| *k != Kind::Null)
        .unwrap_or(Kind::Text)
}
