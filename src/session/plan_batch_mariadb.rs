//! MariaDB (10.5 and later): the DELETEs of one table whose own statements are the same text go
//! as one `DELETE … WHERE key IN (…) RETURNING` the text of each row deleted, its key and the
//! values its statement checks:
//!
//! `DELETE FROM t WHERE id IN (?, ?, …) RETURNING HEX(CONVERT(id USING utf8mb4)), HEX(…)`
//!
//! The server matches the keys as `=` does (by the column's collation; a DECIMAL against text as
//! a double), so the answer is the proof: the rows returned must be the rows staged, each once,
//! byte for byte as they were read, exactly as the statement of one row compares them
//! (`Builder::unchanged`: the column's text). A row deleted that was not staged, a row staged
//! and not deleted, a row changed since it was read: the batch is undone to its savepoint and
//! its rows go one at a time to name the one refused. It is a quarter of the time of the
//! derived-table form (`plan_batch_mysql.rs`), which MySQL, without DELETE … RETURNING, keeps.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::{EngineKind, Kind, Value};
use crate::meta::Table;

use super::change::{Change, ChangeKind};
use super::column_type::text_of;
use super::plan_batch_mysql::MOST_PARAMS;
use super::plan_rows::delete_checks as checks;
use super::plan_step::{FEWEST, OneByOne, Proof, Step, StepKind};
use super::sql::Builder;

/// Rows one statement carries at most.
const MOST_ROWS: usize = 10_000;

/// Whether the DELETE of `c` can be proven by the text of the row it returns: the key and every
/// value it checks compare as text on the server too (not a FLOAT's tolerance, a BIT's or a
/// boolean's number, or bytes, whose text is not the value).
pub(super) fn fits(table: &Table, c: &Change) -> bool {
    let ChangeKind::Delete { key, original } = &c.kind else {
        return false;
    };
    let checked = original
        .iter()
        .filter(|(col, _)| checks(table, key, col))
        .map(|(_, v)| v);
    key.values.iter().chain(checked).all(as_text)
}

/// Whether `v` is compared by its text (or is NULL).
fn as_text(v: &Value) -> bool {
    match v {
        Value::Null | Value::Int(_) | Value::UInt(_) => true,
        Value::Text(kind, _) => *kind != Kind::Bit,
        Value::Bool(_) | Value::Float(_) | Value::Bytes(_) => false,
    }
}

/// What a row's column returns when it holds `v`: the hex of its text's UTF-8 bytes (hex, so
/// that no character set of the connection's results can bend it on the way).
fn text(v: &Value) -> Option<String> {
    (!v.is_null()).then(|| {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let text = v.as_ref().display();
        let mut hex = String::with_capacity(text.len() * 2);
        for b in text.bytes() {
            hex.push(char::from(DIGITS[usize::from(b >> 4)]));
            hex.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        hex
    })
}

/// The DELETEs that fit, grouped by the columns their rows return (the key's and those
/// checked), in the order first seen.
#[derive(Default)]
pub(super) struct Groups<'c> {
    groups: Vec<Vec<&'c Change>>,
    index: HashMap<(Vec<&'c str>, Vec<&'c str>), usize>,
}

impl<'c> Groups<'c> {
    /// Adds `c`, a DELETE that `fits`.
    pub(super) fn add(&mut self, table: &Table, c: &'c Change) {
        let ChangeKind::Delete { key, original } = &c.kind else {
            return;
        };
        let shape = (
            key.columns.iter().map(String::as_str).collect(),
            original
                .iter()
                .map(|(col, _)| col.as_str())
                .filter(|col| checks(table, key, col))
                .collect(),
        );
        let next = self.groups.len();
        let i = *self.index.entry(shape).or_insert(next);
        if i == next {
            self.groups.push(Vec::new());
        }
        self.groups[i].push(c);
    }

    /// The steps: a group too small for a batch goes by `one`, row by row.
    pub(super) fn steps(self, table: &Table, one: &impl Fn(&Change) -> Step) -> Vec<Step> {
        let mut out = Vec::new();
        if self.groups.is_empty() {
            return out;
        }
        let shared = Arc::new(table.clone());
        for group in self.groups {
            if group.len() < FEWEST {
                out.extend(group.into_iter().map(one));
                continue;
            }
            let width = match &group[0].kind {
                ChangeKind::Delete { key, .. } => key.columns.len().max(1),
                _ => 1,
            };
            for chunk in group.chunks(MOST_ROWS.min(MOST_PARAMS / width)) {
                out.push(match chunk {
                    [alone] => one(alone),
                    _ => batch(&shared, chunk),
                });
            }
        }
        out
    }
}

/// One DELETE … RETURNING for the changes of `chunk`, of one shape.
fn batch(table: &Arc<Table>, chunk: &[&Change]) -> Step {
    let ChangeKind::Delete { key, original } = &chunk[0].kind else {
        unreachable!("a MariaDB batch of DELETEs takes deletes")
    };
    let mut b = Builder::new(EngineKind::MySql, table);
    let checked: Vec<&str> = original
        .iter()
        .map(|(col, _)| col.as_str())
        .filter(|col| checks(table, key, col))
        .collect();
    let keys: Vec<String> = key.columns.iter().map(|k| b.column(k)).collect();
    let mut tuples = Vec::with_capacity(chunk.len());
    let mut expected = Vec::with_capacity(chunk.len());
    for c in chunk {
        let ChangeKind::Delete { key, original } = &c.kind else {
            unreachable!("a MariaDB batch of DELETEs takes deletes")
        };
        let slots: Vec<String> = key
            .columns
            .iter()
            .zip(&key.values)
            .map(|(col, v)| b.param(col, v.clone()))
            .collect();
        tuples.push(match slots.len() {
            1 => slots.into_iter().next().unwrap_or_default(),
            _ => format!("({})", slots.join(", ")),
        });
        let read = checked.iter().map(|col| {
            original
                .iter()
                .find(|(o, _)| o == col)
                .and_then(|(_, v)| text(v))
        });
        expected.push(key.values.iter().map(text).chain(read).collect());
    }
    let target = match keys.len() {
        1 => keys[0].clone(),
        _ => format!("({})", keys.join(", ")),
    };
    let returned: Vec<String> = key
        .columns
        .iter()
        .map(String::as_str)
        .chain(checked.iter().copied())
        .map(|col| {
            let declared = table
                .columns
                .iter()
                .find(|i| i.name == col)
                .map_or("", |i| i.data_type.as_str());
            format!(
                "HEX({})",
                text_of(EngineKind::MySql, declared, &b.column(col))
            )
        })
        .collect();
    let sql = format!(
        "DELETE FROM {} WHERE {target} IN ({}) RETURNING {}",
        b.name(),
        tuples.join(", "),
        returned.join(", ")
    );
    Step {
        kind: StepKind::Delete,
        table: chunk[0].table.clone(),
        changes: chunk.iter().map(|c| c.id).collect(),
        sql,
        params: b.params,
        expect: chunk.len() as u64,
        rows: Default::default(),
        per_row: Some(OneByOne::Later {
            engine: EngineKind::MySql,
            table: table.clone(),
            changes: Arc::new(chunk.iter().map(|&c| c.clone()).collect()),
        }),
        returning: Vec::new(),
        last_insert_id: None,
        proof: Proof::Returned(Arc::new(expected)),
    }
}
