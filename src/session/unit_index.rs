//! The identity map's index: the newest change of each row, by table and key, built when
//! first asked and kept up by the Session (`unit.rs`).

use std::collections::HashMap;

use super::change::{Change, RowKey, TableRef};

/// The newest change of each row, by table and key (see `Session::of_row_index`).
#[derive(Debug, Clone, Default)]
pub(super) struct RowIndex(
    pub(super) std::cell::RefCell<Option<HashMap<(TableRef, String), usize>>>,
);

impl PartialEq for RowIndex {
    /// A cache: two sessions with the same changes are the same, whatever it holds.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A key as the index holds it.
pub(super) fn row_id(key: &RowKey) -> String {
    format!("{:?}{:?}", key.columns, key.values)
}

impl RowIndex {
    /// The index of `changes`: the newest change of each row.
    pub(super) fn build(changes: &[Change]) -> HashMap<(TableRef, String), usize> {
        let mut index = HashMap::with_capacity(changes.len());
        for (i, c) in changes.iter().enumerate() {
            if let Some(k) = c.identity() {
                index.insert((c.table.clone(), row_id(k)), i);
            }
        }
        index
    }
}
