//! MySQL and MariaDB: the UPDATEs or the DELETEs of one table whose own statements are the
//! same text go as one multi-table statement joined to a derived table of their values,
//!
//! `UPDATE t AS retort_row JOIN (SELECT ? AS c1, ? AS c2 UNION ALL SELECT ?, ? …) AS retort_v
//!  ON <the key and the values read, compared as Builder::unchanged compares> SET …`
//!
//! MySQL has no RETURNING for them, so the proof is the count: the rows are matched by the
//! table's primary key, so that no row of the batch can match two rows of the table, and the
//! connection counts the rows matched (CLIENT_FOUND_ROWS), not the rows changed: a count of n
//! means each of the n rows matched exactly one. Any other count, or an error, undoes the
//! batch and sends its rows one at a time, to name the one refused.

use crate::engine::{EngineKind, Value};
use crate::meta::Table;

use super::change::{Cell, Change, ChangeKind};
use super::plan_rows::{delete_parts, update_parts};
use super::plan_step::{Proof, Step, one_by_one};
use super::sql::Builder;

/// Text or bytes longer than this go row by row: MariaDB cuts a value of 64 KiB or more that
/// travels through a derived table to its length modulo 65,536, with no warning.
const LONGEST_VALUE: usize = 32 * 1024;

/// Placeholders one statement may carry (the protocol counts them in 16 bits).
pub(super) const MOST_PARAMS: usize = 65_535;
/// Rows one statement carries at most.
const MOST_ROWS: usize = 2_000;

/// Whether change `c` may go in a batch: it finds its row by the table's primary key and sets
/// values (DEFAULT has no place in a derived table).
pub(super) fn fits(table: &Table, c: &Change) -> bool {
    let (key, new) = match &c.kind {
        ChangeKind::Update { key, new, .. } => (key, Some(new)),
        ChangeKind::Delete { key, .. } => (key, None),
        ChangeKind::Insert { .. } => return false,
    };
    let Some(pk) = &table.primary_key else {
        return false;
    };
    // a batch refused is undone to its savepoint: a table that cannot roll back (MyISAM,
    // Aria) would keep what the batch did before it was refused
    if !table
        .relation
        .storage
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("InnoDB"))
    {
        return false;
    }
    let within = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x));
    !key.columns.is_empty()
        && key.columns.len() == pk.columns.len()
        && within(&key.columns, &pk.columns)
        && within(&pk.columns, &key.columns)
        && new.is_none_or(|n| n.iter().all(|(_, cell)| matches!(cell, Cell::Value(_))))
        && values(c).all(short)
}

/// The rows as a UNION of one SELECT per row (MariaDB's rows of VALUES, faster to read, take
/// the types of their first row when prepared: "Data too long for column 'c1' at row 2").
fn rows_of_selects(width: usize, count: usize) -> String {
    let named: Vec<String> = (1..=width).map(|n| format!("? AS c{n}")).collect();
    let plain = vec!["?"; width].join(", ");
    let mut rows = format!("SELECT {}", named.join(", "));
    for _ in 1..count {
        rows.push_str(" UNION ALL SELECT ");
        rows.push_str(&plain);
    }
    rows
}

/// Every value change `c` binds: its key, the values it was read with, those it sets.
fn values(c: &Change) -> impl Iterator<Item = &Value> {
    let (key, original, new) = match &c.kind {
        ChangeKind::Update { key, original, new } => (Some(key), &original[..], &new[..]),
        ChangeKind::Delete { key, original } => (Some(key), &original[..], &[][..]),
        ChangeKind::Insert { values } => (None, &[][..], &values[..]),
    };
    let keys = key.into_iter().flat_map(|k| k.values.iter());
    let read = original.iter().map(|(_, v)| v);
    let set = new.iter().filter_map(|(_, cell)| match cell {
        Cell::Value(v) => Some(v),
        Cell::Default => None,
    });
    keys.chain(read).chain(set)
}

/// Whether a value can travel through a derived table whole.
fn short(v: &Value) -> bool {
    match v {
        Value::Text(_, t) => t.len() < LONGEST_VALUE,
        Value::Bytes(b) => b.len() < LONGEST_VALUE,
        _ => true,
    }
}

/// The batches of `group` (changes whose own statements are one text), each within the
/// protocol's limit of placeholders.
pub(super) fn batches(table: &Table, group: &[(&Change, Step)]) -> Vec<Step> {
    let width = group[0].1.params.len().max(1);
    let size = MOST_ROWS.min(MOST_PARAMS / width).max(1);
    group
        .chunks(size)
        .map(|chunk| match chunk {
            [(_, alone)] => alone.clone(),
            _ => batch(table, chunk),
        })
        .collect()
}

fn batch(table: &Table, chunk: &[(&Change, Step)]) -> Step {
    let first = chunk[0].0;
    let mut b = Builder::joined(EngineKind::MySql, table);
    let update = matches!(first.kind, ChangeKind::Update { .. });
    let (sets, wheres) = match update {
        true => update_parts(&mut b, first),
        false => (Vec::new(), delete_parts(&mut b, table, first)),
    };
    let width = b.params.len();
    let rows = rows_of_selects(width, chunk.len());
    let joined = format!(
        "{} AS retort_row JOIN ({rows}) AS retort_v ON {}",
        b.name(),
        wheres.join(" AND ")
    );
    let sql = match update {
        true => format!("UPDATE {joined} SET {}", sets.join(", ")),
        false => format!("DELETE retort_row FROM {joined}"),
    };
    Step {
        changes: chunk.iter().map(|(c, _)| c.id).collect(),
        sql,
        params: chunk.iter().flat_map(|(_, s)| s.params.clone()).collect(),
        expect: chunk.len() as u64,
        per_row: Some(one_by_one(chunk)),
        proof: Proof::Count,
        ..chunk[0].1.clone()
    }
}
