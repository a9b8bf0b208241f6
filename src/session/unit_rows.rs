//! What a staged row is known by: the key a new row will have, and the other values of a
//! row found by SQLite's rowid.

use crate::engine::Value;
use crate::meta::Table;

use super::change::{Cell, Change, RowKey};

/// The key a new row will have, when it sets every primary-key column to a value.
pub(super) fn insert_key(table: &Table, values: &[(String, Cell)]) -> Option<RowKey> {
    let pk = table.primary_key.as_ref()?;
    let vals = pk
        .columns
        .iter()
        .map(|k| match values.iter().find(|(c, _)| c == k) {
            Some((_, Cell::Value(v))) if !v.is_null() => Some(v.clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(RowKey {
        columns: pk.columns.clone(),
        values: vals,
    })
}

/// The other values of a row found by SQLite's rowid, as it now is (a flushed change's values
/// over those read), to be checked with the edit: a rowid alone can come to name another row.
pub(super) fn rowid_anchor(
    key: &RowKey,
    row: &[(String, Value)],
    column: &str,
    newest: Option<&Change>,
) -> Vec<(String, Value)> {
    if key.columns != ["rowid"] {
        return Vec::new();
    }
    row.iter()
        .filter(|(c, _)| c != column && c != "rowid")
        .map(|(c, v)| match newest.and_then(|n| n.staged(c)) {
            Some(Cell::Value(now)) => (c.clone(), now.clone()),
            _ => (c.clone(), v.clone()),
        })
        .collect()
}
