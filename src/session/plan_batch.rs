//! The UPDATEs and the DELETEs of one table whose own statements are the same text (the same
//! columns set, the same columns checked, compared the same way) go together, with every
//! guarantee of the statement per row kept: each row is matched by its key and by the values
//! it was read with, and the server's answer proves each row matched exactly once, else the
//! batch is undone and its rows go one at a time to name the one refused.
//! - PostgreSQL: one statement over arrays (`unnest`), compared NULL-safe in each type's own
//!   terms (as `Builder::unchanged` compares; pg_catalog's `=` for its types, `pg_own`); it
//!   returns the ordinal of each row it matched (as text: a bound statement's answer comes in
//!   the binary format).
//! - SQLite: the one statement prepared once and run for every row in one call, each run
//!   counted.
//! - MySQL: a multi-table statement joined to the rows' values (`plan_batch_mysql.rs`);
//!   MariaDB's DELETEs: one `DELETE … IN (…) RETURNING` the rows deleted (`plan_batch_mariadb.rs`).
//!
//! 10,000 staged deletes were 10,000 statements (50× one `DELETE … = any(…)` on PostgreSQL).

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::{EngineKind, Value};
use crate::meta::Table;

use super::change::{Cell, Change, ChangeKind};
use super::column_type::{PgCompare, cast_type, pg_compare};
use super::dialect::Dialect;
use super::pg_own::{self, TEXT};
use super::plan_batch_mariadb as mariadb;
use super::plan_step::{FEWEST, OneByOne, Proof, Step, StepKind};
use super::sql::Builder;

/// The changes of `changes` (all UPDATEs or all DELETEs of `table`, in plan order) as steps:
/// batches where they fit, else one step each by `one`. A batch carries changes whose own
/// statements are the same text, so that it can always fall back to them, one at a time, to
/// name the row the server refused.
pub(super) fn steps(
    dialect: Dialect,
    table: &Table,
    changes: &[&Change],
    one: impl Fn(&Change) -> Step,
) -> Vec<Step> {
    match dialect.engine {
        EngineKind::Postgres => by_shape(table, changes, one),
        _ => by_text(dialect, table, changes, one),
    }
}

/// PostgreSQL: the changes grouped by shape (its statement over arrays compares NULLs and
/// values alike). A change's own statement is made only when it goes alone, or when its batch
/// falls back to them: 10,000 made up front were most of the plan's time.
fn by_shape(table: &Table, changes: &[&Change], one: impl Fn(&Change) -> Step) -> Vec<Step> {
    let mut out = Vec::new();
    let mut groups: Vec<(Shape, Vec<&Change>)> = Vec::new();
    let mut index: HashMap<Shape, usize> = HashMap::new();
    for &c in changes {
        let Some(s) = shape(table, c) else {
            out.push(one(c));
            continue;
        };
        match index.get(&s) {
            Some(&i) => groups[i].1.push(c),
            None => {
                index.insert(s.clone(), groups.len());
                groups.push((s, vec![c]));
            }
        }
    }
    for (shape, members) in groups {
        match members.len() < FEWEST {
            true => out.extend(members.into_iter().map(&one)),
            false => out.push(batch(table, &shape, &members)),
        }
    }
    out
}

/// MySQL and SQLite: the changes whose own statements are the same text.
fn by_text(
    dialect: Dialect,
    table: &Table,
    changes: &[&Change],
    one: impl Fn(&Change) -> Step,
) -> Vec<Step> {
    let mut out = Vec::new();
    let mut groups: Vec<Vec<(&Change, Step)>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let engine = dialect.engine;
    // MariaDB's DELETEs are grouped by the columns they return, before any row's own
    // statement is made (it is made when the batch falls back to it)
    let returning = engine == EngineKind::MySql && dialect.insert_returning;
    let mut returned = mariadb::Groups::default();
    for &c in changes {
        let mysql = engine == EngineKind::MySql;
        if mysql && !super::plan_batch_mysql::fits(table, c) {
            out.push(one(c));
            continue;
        }
        if returning && mariadb::fits(table, c) {
            returned.add(table, c);
            continue;
        }
        let step = one(c);
        match index.get(&step.sql) {
            Some(&i) => groups[i].push((c, step)),
            None => {
                index.insert(step.sql.clone(), groups.len());
                groups.push(vec![(c, step)]);
            }
        }
    }
    out.extend(returned.steps(table, &one));
    for group in groups {
        if group.len() < FEWEST {
            out.extend(group.into_iter().map(|(_, s)| s));
            continue;
        }
        match engine {
            EngineKind::MySql => out.extend(super::plan_batch_mysql::batches(table, &group)),
            _ => out.push(each_run(&group)),
        }
    }
    out
}

/// SQLite: the changes' one statement, prepared once and run for each row in one call, each
/// run counted.
fn each_run(group: &[(&Change, Step)]) -> Step {
    let sql = group[0].1.sql.clone();
    let rows = Arc::new(group.iter().map(|(_, s)| s.params.clone()).collect());
    Step {
        changes: group.iter().map(|(c, _)| c.id).collect(),
        sql,
        params: Vec::new(),
        expect: group.len() as u64,
        rows,
        proof: Proof::EachRun,
        ..group[0].1.clone()
    }
}

/// What a batch's rows share: the key's columns, the columns set (UPDATE) and the columns
/// whose read values are checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Shape {
    delete: bool,
    key: Vec<String>,
    set: Vec<String>,
    checked: Vec<String>,
}

fn shape(table: &Table, c: &Change) -> Option<Shape> {
    let known = |col: &str| table.columns.iter().any(|i| i.name == col);
    let (delete, key, set, checked) = match &c.kind {
        ChangeKind::Delete { key, original } => (
            true,
            key,
            Vec::new(),
            original
                .iter()
                .filter(|(col, _)| super::plan_rows::delete_checks(table, key, col))
                .map(|(col, _)| col.clone())
                .collect::<Vec<_>>(),
        ),
        ChangeKind::Update { key, original, new } => {
            // DEFAULT cannot travel in an array
            if new.iter().any(|(_, cell)| matches!(cell, Cell::Default)) {
                return None;
            }
            (
                false,
                key,
                new.iter().map(|(col, _)| col.clone()).collect(),
                original.iter().map(|(col, _)| col.clone()).collect(),
            )
        }
        ChangeKind::Insert { .. } => return None,
    };
    let every: Vec<&str> = key
        .columns
        .iter()
        .chain(&set)
        .chain(&checked)
        .map(String::as_str)
        .collect();
    // an array column would be flattened by unnest; a key of no column is no key
    let b = Builder::new(EngineKind::Postgres, table);
    if key.columns.is_empty() || !every.iter().all(|c| known(c)) || !b.unnest_fits(&every) {
        return None;
    }
    Some(Shape {
        delete,
        key: key.columns.clone(),
        set,
        checked,
    })
}

/// The value of `col` that change `c` carries in the part `part` of its shape.
fn value_of(c: &Change, part: Part, col: &str) -> Value {
    let found = match (&c.kind, part) {
        (ChangeKind::Delete { key, .. } | ChangeKind::Update { key, .. }, Part::Key) => key
            .columns
            .iter()
            .position(|k| k == col)
            .map(|i| key.values[i].clone()),
        (ChangeKind::Update { new, .. }, Part::Set) => {
            new.iter()
                .find(|(k, _)| k == col)
                .and_then(|(_, cell)| match cell {
                    Cell::Value(v) => Some(v.clone()),
                    Cell::Default => None,
                })
        }
        (ChangeKind::Delete { original, .. } | ChangeKind::Update { original, .. }, Part::Read) => {
            original
                .iter()
                .find(|(k, _)| k == col)
                .map(|(_, v)| v.clone())
        }
        _ => None,
    };
    found.unwrap_or(Value::Null)
}

#[derive(Clone, Copy)]
enum Part {
    Key,
    Set,
    Read,
}

/// PostgreSQL: one statement for the changes of `group` (their shape is the first's).
fn batch(table: &Table, shape: &Shape, members: &[&Change]) -> Step {
    let mut b = Builder::new(EngineKind::Postgres, table);
    let mut arrays = Vec::new();
    let mut names = Vec::new();
    let mut wheres = Vec::new();
    let mut sets = Vec::new();
    let declared = |col: &str| {
        table
            .columns
            .iter()
            .find(|i| i.name == col)
            .map(|i| i.base_type.clone().unwrap_or_else(|| i.data_type.clone()))
            .unwrap_or_default()
    };
    let mut column = |b: &mut Builder, part: Part, col: &str, cast: Option<String>| {
        let cells: Vec<Cell> = members
            .iter()
            .map(|c| Cell::Value(value_of(c, part, col)))
            .collect();
        let refs: Vec<&Cell> = cells.iter().collect();
        let alias = format!("c{}", names.len());
        arrays.push(match cast {
            None => b.array_param(col, &refs),
            Some(ty) => b.typed_array_param(&refs, &ty),
        });
        names.push(alias.clone());
        format!("retort_v.{alias}")
    };
    for col in &shape.key {
        let v = column(&mut b, Part::Key, col, None);
        let eq = pg_own::eq_for(&cast_type(&declared(col)));
        wheres.push(format!("retort_row.{} {eq} {v}", b.column(col)));
    }
    for col in &shape.set {
        let v = column(&mut b, Part::Set, col, None);
        sets.push(format!("{} = {v}", b.column(col)));
    }
    for col in &shape.checked {
        let is_float = members
            .iter()
            .any(|c| matches!(value_of(c, Part::Read, col), Value::Float(_)));
        let declared = declared(col);
        let name = format!("retort_row.{}", b.column(col));
        let (lhs, cast) = match (is_float, pg_compare(&declared)) {
            (true, _) => (name, cast_type(&declared)),
            (false, PgCompare::Own(ty)) => (name, ty.to_string()),
            (false, PgCompare::Text) => (format!("{name}::{TEXT}"), TEXT.to_string()),
        };
        let v = column(&mut b, Part::Read, col, Some(cast.clone()));
        wheres.push(pg_own::not_distinct(&lhs, &v, &cast));
    }
    let source = format!(
        "{} WITH ORDINALITY AS retort_v({}, n)",
        pg_own::unnest(&arrays),
        names.join(", ")
    );
    let sql = if shape.delete {
        format!(
            "DELETE FROM {} AS retort_row USING {source} WHERE {} RETURNING retort_v.n::pg_catalog.text",
            b.name(),
            wheres.join(" AND ")
        )
    } else {
        format!(
            "UPDATE {} AS retort_row SET {} FROM {source} WHERE {} RETURNING retort_v.n::pg_catalog.text",
            b.name(),
            sets.join(", "),
            wheres.join(" AND ")
        )
    };
    Step {
        kind: if shape.delete {
            StepKind::Delete
        } else {
            StepKind::Update
        },
        table: members[0].table.clone(),
        changes: members.iter().map(|c| c.id).collect(),
        sql,
        params: b.params,
        expect: members.len() as u64,
        rows: Default::default(),
        per_row: Some(OneByOne::Later {
            engine: EngineKind::Postgres,
            table: Arc::new(table.clone()),
            changes: Arc::new(members.iter().map(|c| (*c).clone()).collect()),
        }),
        returning: Vec::new(),
        last_insert_id: None,
        proof: Proof::Ordinals,
    }
}

/// Whether a table's UPDATEs and DELETEs may go in batches: when no key of the table refers
/// to the table itself (those go row by row, parents and children in order).
pub(super) fn batches(table: &Table) -> bool {
    !table
        .foreign_keys
        .iter()
        .any(|fk| fk.ref_schema == table.schema() && fk.ref_table == table.name())
}
