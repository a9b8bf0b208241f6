//! What the session's commits wrote to rows a held result shows, as SQLAlchemy's identity map
//! keeps an object's committed state: each row (found by its key as read) with the values its
//! UPDATEs set, as sent and counted by the server, or deleted. The grid shows the rows as
//! they now are, and a later edit of one is checked against them, not against the values read
//! before the commit (which would make the next edit conflict with the user's own commit).
//! A value the server chose (`DEFAULT`) is not known here: such a row must be read again.

use super::change::{Cell, Change, ChangeKind, RowKey, TableRef};
use crate::engine::Value;

/// One row a commit changed.
#[derive(Debug, Clone, PartialEq)]
pub struct CommittedRow {
    pub table: TableRef,
    /// Its key as the held result read it.
    pub read_key: RowKey,
    /// The columns the commits set, with the values sent.
    pub values: Vec<(String, Value)>,
    /// Columns set to their DEFAULT: the server chose the value, not known here.
    pub unknown: Vec<String>,
    pub deleted: bool,
    /// Not found when read back after the commit: deleted since, by someone else.
    pub gone: bool,
}

impl CommittedRow {
    /// The committed value of `column`, when a commit set it to one known here.
    pub fn value(&self, column: &str) -> Option<&Value> {
        (self.values.iter())
            .find(|(c, _)| c == column)
            .map(|(_, v)| v)
    }

    /// Its key now (a commit may have changed a key column).
    pub fn current_key(&self) -> RowKey {
        let mut key = self.read_key.clone();
        for (column, value) in key.columns.iter().zip(key.values.iter_mut()) {
            if let Some(now) = self.value(column) {
                *value = now.clone();
            }
        }
        key
    }

    /// Why it cannot be edited as shown, if it cannot.
    pub fn not_editable(&self) -> Option<String> {
        if self.deleted {
            return Some("your commit deleted this row".into());
        }
        if self.gone {
            return Some(
                "this row was not found after your commit: someone else deleted it, or \
                 changed its key; F5 reads again"
                    .into(),
            );
        }
        (!self.unknown.is_empty()).then(|| {
            format!(
                "your commit set {} to the column's DEFAULT, which the server chose: F5 reads \
                 the row again",
                self.unknown.join(", ")
            )
        })
    }
}

/// The rows the session's commits changed since the results shown were read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommittedRows(Vec<CommittedRow>);

impl CommittedRows {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The results are read again: what they show is the database's own.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// A committed change: an UPDATE's values, a DELETE (an INSERT's row is in no result
    /// read before it).
    pub fn record(&mut self, change: &Change) {
        let Some(key) = change.key() else { return };
        let i = match self.position_now(&change.table, key) {
            Some(i) => i,
            None => {
                self.0.push(CommittedRow {
                    table: change.table.clone(),
                    read_key: key.clone(),
                    values: Vec::new(),
                    unknown: Vec::new(),
                    deleted: false,
                    gone: false,
                });
                self.0.len() - 1
            }
        };
        let row = &mut self.0[i];
        match &change.kind {
            ChangeKind::Update { new, .. } => {
                for (column, cell) in new {
                    row.values.retain(|(c, _)| c != column);
                    row.unknown.retain(|c| c != column);
                    match cell {
                        Cell::Value(v) => row.values.push((column.clone(), v.clone())),
                        Cell::Default => row.unknown.push(column.clone()),
                    }
                }
            }
            ChangeKind::Delete { .. } => row.deleted = true,
            ChangeKind::Insert { .. } => {}
        }
    }

    /// The row a result read as `read_key`, when a commit changed it.
    pub fn of(&self, table: &TableRef, read_key: &RowKey) -> Option<&CommittedRow> {
        (self.0.iter()).find(|r| r.table == *table && r.read_key.same(read_key))
    }

    /// The row whose key is now `key`.
    fn position_now(&self, table: &TableRef, key: &RowKey) -> Option<usize> {
        (self.0.iter())
            .position(|r| r.table == *table && !r.deleted && !r.gone && r.current_key().same(key))
    }
}

/// How the rows a commit changed are read back from the table (SQLAlchemy refreshes an expired
/// object when it is next used): the shown columns of each row still there, by its key now.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBack {
    pub table: TableRef,
    pub key_columns: Vec<String>,
    pub columns: Vec<String>,
    pub sql: String,
    pub params: Vec<Value>,
}

impl CommittedRows {
    /// The keys now of `table`'s committed rows that are still there.
    pub fn keys_of(&self, table: &TableRef) -> Vec<RowKey> {
        (self.0.iter())
            .filter(|r| r.table == *table && !r.deleted && !r.gone)
            .map(CommittedRow::current_key)
            .collect()
    }

    /// The rows as the table holds them after the commit (`rows`: each row's key now and its
    /// columns' values, read back), over the values sent: what the server made of them
    /// (rounding, padding, a trigger) is what the grid shows and a next edit checks. A row
    /// not found is no longer there (deleted since, by someone else).
    pub fn read_back(&mut self, table: &TableRef, rows: &[(RowKey, Vec<(String, Value)>)]) {
        for row in (self.0.iter_mut()).filter(|r| r.table == *table && !r.deleted && !r.gone) {
            let now = row.current_key();
            match rows.iter().find(|(k, _)| k.same(&now)) {
                Some((_, values)) => {
                    for (column, value) in values {
                        row.values.retain(|(c, _)| c != column);
                        row.unknown.retain(|c| c != column);
                        row.values.push((column.clone(), value.clone()));
                    }
                }
                None => row.gone = true,
            }
        }
    }
}

#[cfg(test)]
#[path = "committed_tests.rs"]
mod tests;
