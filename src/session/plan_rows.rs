//! The statement of one UPDATE or DELETE: the row by its key and the values it was read with.

use crate::engine::{EngineKind, Value};
use crate::meta::Table;

use super::change::{Change, ChangeKind};
use super::plan_step::{OneByOne, Step, StepKind};
use super::sql::Builder;

pub(super) fn update_step(engine: EngineKind, table: &Table, c: &Change) -> Step {
    let mut b = Builder::new(engine, table);
    let (sets, wheres) = update_parts(&mut b, c);
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        b.name(),
        sets.join(", "),
        wheres.join(" AND ")
    );
    Step::one_row(StepKind::Update, c, sql, b.params)
}

pub(super) fn delete_step(engine: EngineKind, table: &Table, c: &Change) -> Step {
    let mut b = Builder::new(engine, table);
    let wheres = delete_parts(&mut b, table, c);
    let sql = format!("DELETE FROM {} WHERE {}", b.name(), wheres.join(" AND "));
    Step::one_row(StepKind::Delete, c, sql, b.params)
}

/// The assignments and the conditions of `c`'s UPDATE: its key, and each value it was read
/// with.
pub(super) fn update_parts(b: &mut Builder, c: &Change) -> (Vec<String>, Vec<String>) {
    let ChangeKind::Update { key, original, new } = &c.kind else {
        unreachable!("update_parts takes updates")
    };
    let sets = b.assignments(new);
    let mut wheres = vec![b.key_match(key)];
    for (col, orig) in original {
        wheres.push(b.unchanged(col, orig));
    }
    for (col, read) in &c.anchor {
        if !original.iter().any(|(o, _)| o == col) && !new.iter().any(|(n, _)| n == col) {
            wheres.push(b.unchanged(col, read));
        }
    }
    (sets, wheres)
}

/// The conditions of `c`'s DELETE: its key, and each value of the table's own columns it was
/// read with.
pub(super) fn delete_parts(b: &mut Builder, table: &Table, c: &Change) -> Vec<String> {
    let ChangeKind::Delete { key, original } = &c.kind else {
        unreachable!("delete_parts takes deletes")
    };
    let mut wheres = vec![b.key_match(key)];
    for (col, orig) in original {
        if delete_checks(table, key, col) {
            wheres.push(b.unchanged(col, orig));
        }
    }
    wheres
}

/// Whether a DELETE checks the value read of column `col`: a column of the table's own that
/// is not of the key (the key is matched apart).
pub(super) fn delete_checks(table: &Table, key: &super::change::RowKey, col: &str) -> bool {
    !key.columns.iter().any(|k| k == col) && table.columns.iter().any(|i| i.name == col)
}

/// A step's rows one at a time (a refused batch's fallback): made here, where each row's own
/// statement is.
impl Step {
    /// Each row's own statement and parameters, when the step carries several rows.
    pub fn rows_one_by_one(&self) -> Option<Vec<(String, Vec<Value>)>> {
        let same = |sql: &str, rows: &[Vec<Value>]| {
            rows.iter().map(|r| (sql.to_string(), r.clone())).collect()
        };
        match &self.per_row {
            Some(OneByOne::Same(sql, rows)) => Some(same(sql, rows)),
            Some(OneByOne::Own(each)) => Some(each.to_vec()),
            Some(OneByOne::Later {
                engine,
                table,
                changes,
            }) => Some(
                changes
                    .iter()
                    .map(|c| {
                        let s = match c.is_delete() {
                            true => delete_step(*engine, table, c),
                            false => update_step(*engine, table, c),
                        };
                        (s.sql, s.params)
                    })
                    .collect(),
            ),
            None if self.rows.len() > 1 => Some(same(&self.sql, &self.rows)),
            None => None,
        }
    }
}
