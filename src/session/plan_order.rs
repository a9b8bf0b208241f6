//! The flush plan's order: tables parents first by the catalog's foreign keys (every cycle
//! broken at a key that can wait: DEFERRABLE, else nullable, wherever it sits in the cycle),
//! and the rows of a self-referencing table parents first.

use crate::engine::Value;
use crate::meta::{ForeignKey, Table};

use super::change::{Cell, Change, TableRef};

/// A foreign key of a table, by the table's index.
pub(super) type TableKey<'c> = (usize, &'c ForeignKey);

/// Tables parents first, by the catalog's foreign keys among them. Every cycle of keys is
/// broken at a key that can wait: a DEFERRABLE one (returned as deferred: checked after the
/// flush's statements), else one whose columns may be NULL wherever it sits in the cycle
/// (returned as broken: the row is inserted with NULL there and updated after, SQLAlchemy's
/// post_update). A cycle with neither is returned in the last list (its tables' indices): no
/// order can insert its rows.
pub(super) fn dependency_order<'c>(
    tables: &[(&TableRef, &'c Table)],
) -> (
    Vec<usize>,
    Vec<TableKey<'c>>,
    Vec<TableKey<'c>>,
    Vec<Vec<usize>>,
) {
    let index = |schema: &str, name: &str| {
        tables
            .iter()
            .position(|(t, _)| t.schema == schema && t.name == name)
    };
    // i depends on j through the key: j's rows go first
    let mut edges: Vec<(usize, usize, &'c ForeignKey)> = Vec::new();
    for (i, (_, t)) in tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(j) = index(&fk.ref_schema, &fk.ref_table).filter(|&j| j != i) {
                edges.push((i, j, fk));
            }
        }
    }
    let (mut broken, mut deferred, mut stuck) = (Vec::new(), Vec::new(), Vec::new());
    let nullable = |i: usize, fk: &ForeignKey| {
        fk.columns.iter().all(|c| {
            tables[i]
                .1
                .columns
                .iter()
                .any(|ci| ci.name == *c && ci.nullable)
        })
    };
    // break one key of a cycle at a time, until none is left or none can be broken
    while let Some(cycle) = find_cycle(tables.len(), &edges, &stuck) {
        let on_cycle =
            |&(i, j, _): &(usize, usize, &ForeignKey)| cycle.contains(&i) && cycle.contains(&j);
        let pick = edges
            .iter()
            .position(|e| on_cycle(e) && e.2.deferrable && e.2.name.is_some())
            .map(|k| (k, true))
            .or_else(|| {
                edges
                    .iter()
                    .position(|e| on_cycle(e) && nullable(e.0, e.2))
                    .map(|k| (k, false))
            });
        match pick {
            Some((k, true)) => {
                let (i, _, fk) = edges.remove(k);
                deferred.push((i, fk));
            }
            Some((k, false)) => {
                let (i, _, fk) = edges.remove(k);
                broken.push((i, fk));
            }
            None => stuck.push(cycle),
        }
    }
    (topological(tables.len(), &edges), broken, deferred, stuck)
}

/// The tables of one cycle among `edges` (a strongly connected set of more than one table),
/// leaving out cycles already found unbreakable.
fn find_cycle(
    n: usize,
    edges: &[(usize, usize, &ForeignKey)],
    skip: &[Vec<usize>],
) -> Option<Vec<usize>> {
    let reach = |from: usize| {
        let mut seen = vec![false; n];
        let mut todo = vec![from];
        while let Some(x) = todo.pop() {
            for &(i, j, _) in edges {
                if i == x && !seen[j] {
                    seen[j] = true;
                    todo.push(j);
                }
            }
        }
        seen
    };
    let reaches: Vec<Vec<bool>> = (0..n).map(reach).collect();
    (0..n).find_map(|i| {
        let group: Vec<usize> = (0..n).filter(|&j| reaches[i][j] && reaches[j][i]).collect();
        (group.len() > 1 && !skip.contains(&group)).then_some(group)
    })
}

/// Parents first over edges that form no cycle (what is left of a cycle goes in index order).
fn topological(n: usize, edges: &[(usize, usize, &ForeignKey)]) -> Vec<usize> {
    let mut state = vec![0u8; n]; // 0 new, 1 visiting, 2 done
    let mut order = Vec::with_capacity(n);
    fn visit(
        i: usize,
        edges: &[(usize, usize, &ForeignKey)],
        state: &mut [u8],
        order: &mut Vec<usize>,
    ) {
        state[i] = 1;
        for &(from, j, _) in edges {
            if from == i && state[j] == 0 {
                visit(j, edges, state, order);
            }
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..n {
        if state[i] == 0 {
            visit(i, edges, &mut state, &mut order);
        }
    }
    order
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

/// Two changes by their keys' values: numbers as numbers, the rest by their text.
pub(super) fn by_key_value(a: &Change, b: &Change) -> std::cmp::Ordering {
    let values = |c: &Change| c.key().map(|k| k.values.clone()).unwrap_or_default();
    let (va, vb) = (values(a), values(b));
    for (x, y) in va.iter().zip(&vb) {
        let order = compare_values(x, y);
        if order != std::cmp::Ordering::Equal {
            return order;
        }
    }
    va.len().cmp(&vb.len())
}

fn compare_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    let number = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        Value::Float(f) => Some(*f),
        Value::Text(crate::engine::Kind::Decimal, t) => t.parse().ok(),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.to_text().cmp(&b.to_text()),
    }
}
