//! The statement of one UPDATE or DELETE: the row by its key and the values it was read with.

use crate::engine::EngineKind;
use crate::meta::Table;

use super::change::{Change, ChangeKind};
use super::plan::{Step, StepKind};
use super::sql::Builder;

pub(super) fn update_step(engine: EngineKind, table: &Table, c: &Change) -> Step {
    let ChangeKind::Update { key, original, new } = &c.kind else {
        unreachable!("update_step takes updates")
    };
    let mut b = Builder::new(engine, table);
    let sets = b.assignments(new);
    let mut wheres = vec![b.key_match(key)];
    for (col, orig) in original {
        wheres.push(b.unchanged(col, orig));
    }
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        b.name(),
        sets.join(", "),
        wheres.join(" AND ")
    );
    Step::one_row(StepKind::Update, c, sql, b.params)
}

pub(super) fn delete_step(engine: EngineKind, table: &Table, c: &Change) -> Step {
    let ChangeKind::Delete { key, original } = &c.kind else {
        unreachable!("delete_step takes deletes")
    };
    let mut b = Builder::new(engine, table);
    let mut wheres = vec![b.key_match(key)];
    for (col, orig) in original {
        if !key.columns.contains(col) && table.columns.iter().any(|i| i.name == *col) {
            wheres.push(b.unchanged(col, orig));
        }
    }
    let sql = format!("DELETE FROM {} WHERE {}", b.name(), wheres.join(" AND "));
    Step::one_row(StepKind::Delete, c, sql, b.params)
}
