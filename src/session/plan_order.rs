//! The flush plan's order: tables parents first by the catalog's foreign keys (a cycle found
//! is deferred when DEFERRABLE, else broken where its columns may be NULL), and the rows of a
//! self-referencing table parents first.

use crate::engine::Value;
use crate::meta::{ForeignKey, Table};

use super::change::{Cell, Change, TableRef};

/// A foreign key of a table, by the table's index.
pub(super) type TableKey<'c> = (usize, &'c ForeignKey);

/// Tables parents first, by the catalog's foreign keys among them. A foreign key that closes a
/// cycle is returned as deferred when it is DEFERRABLE (checked after the flush's statements),
/// else as broken (table index, key) when its columns may be NULL (SQLAlchemy's post_update).
pub(super) fn dependency_order<'c>(
    tables: &[(&TableRef, &'c Table)],
) -> (Vec<usize>, Vec<TableKey<'c>>, Vec<TableKey<'c>>) {
    let index = |schema: &str, name: &str| {
        tables
            .iter()
            .position(|(t, _)| t.schema == schema && t.name == name)
    };
    let mut state = vec![0u8; tables.len()]; // 0 new, 1 visiting, 2 done
    let mut order = Vec::new();
    let mut broken = Vec::new();
    let mut deferred = Vec::new();
    struct Found<'a, 'c> {
        broken: &'a mut Vec<TableKey<'c>>,
        deferred: &'a mut Vec<TableKey<'c>>,
    }
    fn visit<'c>(
        i: usize,
        tables: &[(&TableRef, &'c Table)],
        index: &dyn Fn(&str, &str) -> Option<usize>,
        state: &mut [u8],
        order: &mut Vec<usize>,
        found: &mut Found<'_, 'c>,
    ) {
        state[i] = 1;
        for fk in &tables[i].1.foreign_keys {
            let Some(j) = index(&fk.ref_schema, &fk.ref_table).filter(|&j| j != i) else {
                continue;
            };
            match state[j] {
                0 => visit(j, tables, index, state, order, found),
                1 if fk.deferrable && fk.name.is_some() => found.deferred.push((i, fk)),
                1 => {
                    let nullable = fk.columns.iter().all(|c| {
                        tables[i]
                            .1
                            .columns
                            .iter()
                            .any(|ci| ci.name == *c && ci.nullable)
                    });
                    if nullable {
                        found.broken.push((i, fk));
                    }
                }
                _ => {}
            }
        }
        state[i] = 2;
        order.push(i);
    }
    let mut found = Found {
        broken: &mut broken,
        deferred: &mut deferred,
    };
    for i in 0..tables.len() {
        if state[i] == 0 {
            visit(i, tables, &index, &mut state, &mut order, &mut found);
        }
    }
    (order, broken, deferred)
}

/// Rows of one table ordered so that a row comes after the row its self-referencing foreign
/// key points at (for inserts; deletes use the reverse). Stable otherwise.
pub(super) fn parents_first<'a>(table: &Table, rows: Vec<&'a Change>) -> Vec<&'a Change> {
    let self_fks: Vec<&ForeignKey> = table
        .foreign_keys
        .iter()
        .filter(|fk| fk.ref_schema == table.schema() && fk.ref_table == table.name())
        .collect();
    if self_fks.is_empty() || rows.len() < 2 {
        return rows;
    }
    let value = |c: &Change, col: &str| -> Option<Value> {
        match c.staged(col) {
            Some(Cell::Value(v)) => Some(v.clone()),
            Some(Cell::Default) => None,
            None => c.original(col).cloned().or_else(|| {
                c.key().and_then(|k| {
                    k.columns
                        .iter()
                        .position(|kc| kc == col)
                        .map(|p| k.values[p].clone())
                })
            }),
        }
    };
    // parent[i] = the row i points at, when it is among these rows
    let parent: Vec<Option<usize>> = rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            self_fks.iter().find_map(|fk| {
                let refs: Option<Vec<Value>> = fk.columns.iter().map(|col| value(c, col)).collect();
                let refs = refs.filter(|r| r.iter().all(|v| !v.is_null()))?;
                rows.iter().enumerate().position(|(j, other)| {
                    j != i
                        && fk
                            .ref_columns
                            .iter()
                            .zip(&refs)
                            .all(|(rc, v)| value(other, rc).is_some_and(|o| o.same_as(v)))
                })
            })
        })
        .collect();
    let mut placed = vec![false; rows.len()];
    let mut out = Vec::with_capacity(rows.len());
    fn place<'a>(
        i: usize,
        rows: &[&'a Change],
        parent: &[Option<usize>],
        placed: &mut [bool],
        depth: usize,
        out: &mut Vec<&'a Change>,
    ) {
        if placed[i] {
            return;
        }
        placed[i] = true;
        if let Some(p) = parent[i]
            && depth < rows.len()
        {
            place(p, rows, parent, placed, depth + 1, out);
        }
        out.push(rows[i]);
    }
    for i in 0..rows.len() {
        place(i, &rows, &parent, &mut placed, 0, &mut out);
    }
    out
}
