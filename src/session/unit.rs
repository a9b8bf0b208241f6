//! The unit of work: staged changes with an identity map keyed by (table, key). It follows
//! SQLAlchemy's Session where that makes sense: two edits of one row are one UPDATE, editing a
//! pending insert changes its INSERT, deleting a pending insert just drops it, setting a value
//! back to its original removes the change, deleting an edited row replaces its UPDATE, and
//! deleting a row then adding one with the same key becomes one UPDATE (the "row switch").

use crate::engine::{EngineKind, Value};
use crate::meta::Table;

use super::change::{Cell, Change, ChangeId, ChangeKind, Failure, RowKey, TableRef};
use super::unit_index::{RowIndex, row_hash};
pub(super) use super::unit_rows::insert_key;
use super::unit_rows::rowid_anchor;

/// A row the user acts on: one read from the table (its key and its columns as read), or a
/// pending insert.
#[derive(Debug, Clone, PartialEq)]
pub enum RowTarget {
    Existing {
        key: RowKey,
        /// The row's columns as they were read (the result's cells, not the staged values).
        row: Vec<(String, Value)>,
    },
    New(ChangeId),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    changes: Vec<Change>,
    next_id: u64,
    /// The identity map's index (built when first asked, kept up by `push`, dropped by any
    /// other change to which rows the changes are of): staging 10,000 changes looked every
    /// earlier one up for each, 3.7 s.
    rows: RowIndex,
}

impl Session {
    pub fn new() -> Self {
        Session::default()
    }

    /// A session with these changes (from the journal).
    pub fn restored(changes: Vec<Change>) -> Self {
        let next_id = changes.iter().map(|c| c.id.0 + 1).max().unwrap_or(0);
        Session {
            changes,
            next_id,
            rows: RowIndex::default(),
        }
    }

    /// Every change, in the order staged.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Changes not yet sent to the server.
    pub fn pending(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.flushed)
    }

    /// Changes sent in the open transaction, not yet committed.
    pub fn flushed_count(&self) -> usize {
        self.changes.iter().filter(|c| c.flushed).count()
    }

    pub fn has_pending(&self) -> bool {
        self.pending().next().is_some()
    }

    pub fn get(&self, id: ChangeId) -> Option<&Change> {
        self.changes.iter().find(|c| c.id == id)
    }

    /// The identity map: the newest change of a row, by table and key (a flushed insert by
    /// the key it was given).
    pub fn of_row(&self, table: &TableRef, key: &RowKey) -> Option<&Change> {
        self.of_row_index(table, key).map(|i| &self.changes[i])
    }

    fn of_row_index(&self, table: &TableRef, key: &RowKey) -> Option<usize> {
        let mut cache = self.rows.0.borrow_mut();
        let index = cache.get_or_insert_with(|| RowIndex::build(&self.changes));
        let i = *index.get(&row_hash(table, key))?;
        let of_row = |c: &Change| c.table == *table && c.identity().is_some_and(|k| k.same(key));
        match self.changes.get(i) {
            Some(c) if of_row(c) => Some(i),
            // another row with the same hash (or none): the newest change of this row
            _ => self.changes.iter().rposition(of_row),
        }
    }

    /// Which rows the changes are of has changed otherwise than by a change pushed.
    fn rows_changed(&mut self) {
        *self.rows.0.get_mut() = None;
    }

    /// Removes the change at `i` (the index is rebuilt when next asked).
    fn remove_at(&mut self, i: usize) -> Change {
        self.rows_changed();
        self.changes.remove(i)
    }

    fn index(&self, id: ChangeId) -> Option<usize> {
        // changes are kept in the order staged, which is the order of their ids
        match self.changes.binary_search_by_key(&id, |c| c.id) {
            Ok(i) => Some(i),
            Err(_) => self.changes.iter().position(|c| c.id == id),
        }
    }

    fn push(&mut self, table: TableRef, kind: ChangeKind) -> ChangeId {
        let id = ChangeId(self.next_id);
        self.next_id += 1;
        self.changes.push(Change {
            id,
            table,
            kind,
            flushed: false,
            failure: None,
            generated: None,
            in_doubt: false,
            anchor: Vec::new(),
        });
        let i = self.changes.len() - 1;
        if let (Some(index), Some(key)) = (self.rows.0.get_mut(), self.changes[i].identity()) {
            index.insert(row_hash(&self.changes[i].table, key), i);
        }
        id
    }

    /// Stages a column's new value. Returns the change it is part of, or None when the value
    /// went back to the original and the change went away.
    pub fn set(
        &mut self,
        table: &Table,
        engine: EngineKind,
        target: &RowTarget,
        column: &str,
        cell: Cell,
    ) -> Result<Option<ChangeId>, String> {
        let tref = TableRef::new(table.schema(), table.name());
        let info = table
            .columns
            .iter()
            .find(|c| c.name == column)
            .ok_or_else(|| format!("{column} is not a column of {}", table.name()))?;
        if info.generated.is_some() {
            return Err(format!(
                "{column} is generated by the database and cannot be set"
            ));
        }
        match target {
            RowTarget::New(id) => {
                if info.autoincrement && table.is_pk(column) {
                    return Err(format!("{column} is given by the database (identity)"));
                }
                let i = self.index(*id).ok_or("that new row is no longer staged")?;
                let ChangeKind::Insert { values } = &mut self.changes[i].kind else {
                    return Err("that row is not a new row".into());
                };
                match values.iter_mut().find(|(c, _)| c == column) {
                    Some((_, v)) => *v = cell,
                    None => values.push((column.to_string(), cell)),
                }
                self.changes[i].failure = None;
                Ok(Some(*id))
            }
            RowTarget::Existing { key, row } => {
                if key.columns.iter().any(|k| k == column) {
                    return Err(format!(
                        "{column} is part of the key that identifies the row: delete the row \
                         and insert a new one instead"
                    ));
                }
                if cell == Cell::Default && engine == EngineKind::Sqlite {
                    return Err("SQLite has no DEFAULT in an UPDATE: type the value".into());
                }
                let read = row
                    .iter()
                    .find(|(c, _)| c == column)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| format!("{column} is not in the row as read"))?;
                let newest = self.of_row_index(&tref, key);
                if let Some(i) = newest.filter(|&i| !self.changes[i].flushed) {
                    let change = &mut self.changes[i];
                    change.failure = None;
                    let ChangeKind::Update { original, new, .. } = &mut change.kind else {
                        return Err("the row is staged for deletion: revert that first (u)".into());
                    };
                    let orig = original
                        .iter()
                        .find(|(c, _)| c == column)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(read);
                    new.retain(|(c, _)| c != column);
                    original.retain(|(c, _)| c != column);
                    if !matches!(&cell, Cell::Value(v) if v.same_as(&orig)) {
                        original.push((column.to_string(), orig));
                        new.push((column.to_string(), cell));
                    }
                    if new.is_empty() {
                        self.remove_at(i);
                        return Ok(None);
                    }
                    return Ok(Some(self.changes[i].id));
                }
                // the row as it now is: as read, or as a flushed change left it
                let orig = match newest.map(|i| &self.changes[i]) {
                    Some(c) if c.is_delete() => {
                        return Err("the row was deleted in the open transaction".into());
                    }
                    // a row a flushed insert made was read after the flush: as it is now
                    Some(c) if c.is_insert() => read,
                    Some(c) => match c.staged(column) {
                        Some(Cell::Value(v)) => v.clone(),
                        Some(Cell::Default) => {
                            return Err(format!(
                                "{column} was set to its DEFAULT in the open transaction: \
                                 run the query again to see its value first"
                            ));
                        }
                        None => read,
                    },
                    None => read,
                };
                if matches!(&cell, Cell::Value(v) if v.same_as(&orig)) {
                    return Ok(None);
                }
                let anchor = rowid_anchor(key, row, column, newest.map(|i| &self.changes[i]));
                let id = self.push(
                    tref,
                    ChangeKind::Update {
                        key: key.clone(),
                        original: vec![(column.to_string(), orig)],
                        new: vec![(column.to_string(), cell)],
                    },
                );
                if let Some(last) = self.changes.last_mut() {
                    last.anchor = anchor;
                }
                Ok(Some(id))
            }
        }
    }

    /// Stages a new row. When its key is that of a row staged for deletion, the two become one
    /// UPDATE of the columns that differ (SQLAlchemy's row switch).
    pub fn insert(
        &mut self,
        table: &Table,
        values: Vec<(String, Cell)>,
    ) -> Result<ChangeId, String> {
        for (c, _) in &values {
            let info = table
                .columns
                .iter()
                .find(|i| i.name == *c)
                .ok_or_else(|| format!("{c} is not a column of {}", table.name()))?;
            if info.generated.is_some() {
                return Err(format!(
                    "{c} is generated by the database and cannot be set"
                ));
            }
        }
        let tref = TableRef::new(table.schema(), table.name());
        if let Some(key) = insert_key(table, &values)
            && let Some(i) = self.of_row_index(&tref, &key)
            && self.changes[i].is_delete()
            && !self.changes[i].flushed
        {
            let ChangeKind::Delete { original, .. } = &self.changes[i].kind else {
                unreachable!("checked to be a delete")
            };
            let (mut orig, mut new) = (Vec::new(), Vec::new());
            for (c, cell) in values {
                if key.columns.contains(&c) {
                    continue;
                }
                let was = original.iter().find(|(o, _)| *o == c).map(|(_, v)| v);
                if let (Some(was), Cell::Value(v)) = (was, &cell)
                    && was.same_as(v)
                {
                    continue;
                }
                orig.push((c.clone(), was.cloned().unwrap_or(Value::Null)));
                new.push((c, cell));
            }
            let id = self.changes[i].id;
            self.changes[i].kind = ChangeKind::Update {
                key,
                original: orig,
                new,
            };
            self.changes[i].failure = None;
            if let ChangeKind::Update { new, .. } = &self.changes[i].kind
                && new.is_empty()
            {
                self.remove_at(i);
            }
            return Ok(id);
        }
        Ok(self.push(tref, ChangeKind::Insert { values }))
    }

    /// Stages a row's deletion; a pending insert is just dropped. Returns the change staged.
    pub fn delete(
        &mut self,
        table: &Table,
        target: &RowTarget,
    ) -> Result<Option<ChangeId>, String> {
        let tref = TableRef::new(table.schema(), table.name());
        match target {
            RowTarget::New(id) => {
                let i = self.index(*id).ok_or("that new row is no longer staged")?;
                if self.changes[i].flushed {
                    return Err("that row was inserted in the open transaction".into());
                }
                self.remove_at(i);
                Ok(None)
            }
            RowTarget::Existing { key, row } => {
                let newest = self.of_row_index(&tref, key);
                let mut original = row.clone();
                if let Some(i) = newest {
                    let c = &self.changes[i];
                    if c.is_delete() {
                        return Ok(Some(c.id));
                    }
                    if c.flushed {
                        // the row now holds what the flush wrote
                        for (col, v) in original.iter_mut() {
                            if let Some(Cell::Value(n)) = c.staged(col) {
                                *v = n.clone();
                            }
                        }
                    } else {
                        let id = c.id;
                        self.changes[i].kind = ChangeKind::Delete {
                            key: key.clone(),
                            original,
                        };
                        self.changes[i].failure = None;
                        return Ok(Some(id));
                    }
                }
                Ok(Some(self.push(
                    tref,
                    ChangeKind::Delete {
                        key: key.clone(),
                        original,
                    },
                )))
            }
        }
    }

    /// Takes one staged change back. Flushed changes are the open transaction's: they go only
    /// with a rollback.
    pub fn revert(&mut self, id: ChangeId) -> Result<Change, String> {
        let i = self.index(id).ok_or("no such change")?;
        if self.changes[i].flushed {
            return Err("already sent in the open transaction: roll back to undo it".into());
        }
        Ok(self.remove_at(i))
    }

    pub fn mark_flushed(&mut self, ids: &[ChangeId]) {
        // which rows the changes are of is as it was: the index stands
        let ids: std::collections::HashSet<ChangeId> = ids.iter().copied().collect();
        for c in self.changes.iter_mut().filter(|c| ids.contains(&c.id)) {
            c.flushed = true;
            c.failure = None;
        }
    }

    /// Notes the keys the server gave flushed inserts.
    pub fn mark_generated(&mut self, keys: &[(ChangeId, RowKey)]) {
        if keys.is_empty() {
            return;
        }
        self.rows_changed();
        for (id, key) in keys {
            if let Some(i) = self.index(*id) {
                self.changes[i].generated = Some(key.clone());
            }
        }
    }

    pub fn mark_failed(&mut self, id: ChangeId, failure: Failure) {
        if let Some(i) = self.index(id) {
            self.changes[i].failure = Some(failure);
        }
    }

    /// Whether a change waits for the user's yes before it is sent again.
    pub fn has_in_doubt(&self) -> bool {
        self.changes.iter().any(|c| c.in_doubt)
    }

    /// Holds these changes back until the user says to send them again.
    pub fn mark_in_doubt(&mut self, ids: &[ChangeId]) {
        let ids: std::collections::HashSet<ChangeId> = ids.iter().copied().collect();
        for c in self.changes.iter_mut().filter(|c| ids.contains(&c.id)) {
            c.in_doubt = true;
        }
    }

    /// The user said yes (or the rows said the commit did not happen): send them as any other.
    pub fn clear_in_doubt(&mut self) {
        for c in &mut self.changes {
            c.in_doubt = false;
        }
    }

    pub fn clear_failures(&mut self) {
        for c in &mut self.changes {
            c.failure = None;
        }
    }

    /// The transaction ended without a commit of ours (rolled back, lost, or a failed flush):
    /// what it had of ours is staged again, so nothing is lost.
    /// A row a flushed insert made is new again: an edit staged on it since goes into its
    /// INSERT, and its deletion drops both (as SQLAlchemy's object, pending again, keeps the
    /// attributes set on it).
    pub fn unflush_all(&mut self) {
        self.rows_changed();
        // (most sessions have no such row: then no change is looked at twice)
        let made = |c: &Change| c.is_insert() && c.flushed && c.generated.is_some();
        let mut i = match self.changes.iter().position(made) {
            Some(first) => first + 1,
            None => self.changes.len(),
        };
        while i < self.changes.len() {
            let c = &self.changes[i];
            let made_by = c.key().and_then(|key| {
                self.changes[..i].iter().rposition(|o| {
                    made(o)
                        && o.table == c.table
                        && o.generated.as_ref().is_some_and(|g| g.same(key))
                })
            });
            let Some(j) = made_by else {
                i += 1;
                continue;
            };
            let later = self.remove_at(i);
            match later.kind {
                ChangeKind::Update { new, .. } => {
                    if let ChangeKind::Insert { values } = &mut self.changes[j].kind {
                        for (column, cell) in new {
                            match values.iter_mut().find(|(c, _)| *c == column) {
                                Some((_, v)) => *v = cell,
                                None => values.push((column, cell)),
                            }
                        }
                    }
                }
                ChangeKind::Delete { .. } => {
                    self.remove_at(j);
                    i -= 1;
                }
                ChangeKind::Insert { .. } => unreachable!("an insert has no key"),
            }
        }
        for c in &mut self.changes {
            c.flushed = false;
            c.generated = None;
        }
    }

    /// The transaction committed: everything flushed is in the database now.
    pub fn committed(&mut self) {
        self.rows_changed();
        self.changes.retain(|c| !c.flushed);
    }

    /// Takes these changes out (the server wrote them: a table that cannot roll back); how
    /// many there were.
    pub fn forget(&mut self, ids: &[ChangeId]) -> usize {
        self.rows_changed();
        let ids: std::collections::HashSet<ChangeId> = ids.iter().copied().collect();
        let before = self.changes.len();
        self.changes.retain(|c| !ids.contains(&c.id));
        before - self.changes.len()
    }

    /// Discards everything (after the user said yes to a rollback).
    pub fn discard(&mut self) {
        self.rows_changed();
        self.changes.clear();
    }
}
