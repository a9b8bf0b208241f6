//! The identity map's index: the newest change of each row, by a hash of its table and key,
//! built when first asked and kept up by the Session (`unit.rs`). It holds no text: 10,000
//! keys as strings took milliseconds to build and to drop at every commit.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};

use super::change::{Change, RowKey, TableRef};

/// The newest change of each row, by `row_hash` (see `Session::of_row_index`, which checks
/// the change found and looks further when two rows share a hash).
#[derive(Debug, Clone, Default)]
pub(super) struct RowIndex(pub(super) std::cell::RefCell<Option<HashMap<u64, usize>>>);

impl PartialEq for RowIndex {
    /// A cache: two sessions with the same changes are the same, whatever it holds.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Feeds what is written to a hasher, so that a value's text is hashed without being kept.
struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// A row as the index knows it: its table and key, hashed (values by their exact text).
pub(super) fn row_hash(table: &TableRef, key: &RowKey) -> u64 {
    use std::fmt::Write;
    let mut w = HashWriter(DefaultHasher::new());
    let _ = write!(
        w,
        "{:?}\u{0}{:?}\u{0}{:?}{:?}",
        table.schema, table.name, key.columns, key.values
    );
    w.0.finish()
}

impl RowIndex {
    /// The index of `changes`: the newest change of each row.
    pub(super) fn build(changes: &[Change]) -> HashMap<u64, usize> {
        let mut index = HashMap::with_capacity(changes.len());
        for (i, c) in changes.iter().enumerate() {
            if let Some(k) = c.identity() {
                index.insert(row_hash(&c.table, k), i);
            }
        }
        index
    }
}
