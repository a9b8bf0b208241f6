//! The flush plan: a pure function of the staged changes, the catalog and the dialect. Its
//! order is SQLAlchemy's unit of work (design.md §3a): per table in foreign-key order, parents
//! first, the table's UPDATEs, then its INSERTs in the order staged; then the DELETEs, children
//! before parents. A self-referencing table orders its rows parent first; a cycle between tables
//! is broken by its DEFERRABLE foreign key where it has one (`SET CONSTRAINTS … DEFERRED`
//! before the flush's statements, `… IMMEDIATE` after them, so the check is still the flush's),
//! else as SQLAlchemy's `post_update` does it: insert with NULL, then UPDATE.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::engine::{EngineKind, Value};
use crate::meta::{ColumnInfo, ForeignKey, Table};

use super::change::{Cell, Change, ChangeId, ChangeKind, RowKey, TableRef};
use super::dialect::Dialect;
use super::pg_own;
use super::plan_batch::batches;
use super::plan_order::{by_key_value, dependency_order, parents_first};
use super::plan_rows::{delete_step, update_step};
pub use super::plan_step::{OneByOne, Proof, Step, StepKind};
use super::sql::Builder;
use super::unit::{Session, insert_key};

/// The key a new row will have, when it sets every primary-key column.
pub fn key_of_insert(table: &Table, values: &[(String, Cell)]) -> Option<RowKey> {
    insert_key(table, values)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// The keys of the new rows that set their whole primary key: after the flush they are
    /// the rows' identity, as the keys RETURNING gives are for the others.
    pub staged_keys: Vec<(ChangeId, RowKey)>,
    /// New rows of a cycle of foreign keys that go in with these columns NULL and get them by
    /// an UPDATE once the cycle's rows are in (SQLAlchemy's `post_update`).
    pub post_updated: Vec<(ChangeId, Vec<String>)>,
    /// The tables of the plan that cannot roll back (MySQL's MyISAM, Aria…): a statement to
    /// one is written when it runs, and stays whatever becomes of the transaction.
    pub lasting: Vec<TableRef>,
}

/// Why a plan could not be made: the change and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub change: ChangeId,
    pub message: String,
}

/// Rows one INSERT step carries: PostgreSQL sends a column per parameter (unnest) and SQLite
/// runs one prepared statement per row, so neither is bound by the placeholder limit; MySQL's
/// multi-row VALUES stays below 65,535 placeholders.
fn batch_rows(engine: EngineKind, columns: usize) -> usize {
    match engine {
        EngineKind::Postgres | EngineKind::Sqlite => 10_000,
        EngineKind::MySql => 1000.min(65_535 / columns.max(1)),
    }
}

/// The statements that send the session's pending changes. `dialect` is the engine's, or
/// `Dialect::of` the server's (MariaDB returns the keys of a multi-row INSERT, MySQL cannot).
pub fn plan<'c>(
    session: &Session,
    table_of: &dyn Fn(&TableRef) -> Option<&'c Table>,
    dialect: impl Into<Dialect>,
) -> Result<Plan, PlanError> {
    let dialect = dialect.into();
    let engine = dialect.engine;
    let mut by_table: BTreeMap<TableRef, Vec<&Change>> = BTreeMap::new();
    for c in session.pending() {
        by_table.entry(c.table.clone()).or_default().push(c);
    }
    let mut tables: Vec<(&TableRef, &'c Table)> = Vec::new();
    for (t, changes) in &by_table {
        let info = table_of(t).ok_or_else(|| PlanError {
            change: changes[0].id,
            message: format!("{} is not in the catalog (was it dropped?)", t.name),
        })?;
        tables.push((t, info));
    }
    let (order, broken, deferred, stuck) = dependency_order(&tables);
    // only rows inserted into two tables of such a cycle have no order to go in
    let inserting = |i: &usize| by_table[tables[*i].0].iter().any(|c| c.is_insert());
    if let Some(cycle) = stuck
        .iter()
        .find(|cycle| cycle.iter().filter(|i| inserting(i)).count() > 1)
    {
        let names: Vec<&str> = cycle.iter().map(|&i| tables[i].0.name.as_str()).collect();
        let first = cycle.iter().find(|i| inserting(i)).map_or(cycle[0], |i| *i);
        return Err(PlanError {
            change: by_table[tables[first].0][0].id,
            message: format!(
                "the tables {} refer to one another through keys none of which may be NULL or \
                 be deferred: no order can insert their rows (make one key nullable or \
                 DEFERRABLE, or commit them in two steps)",
                names.join(", ")
            ),
        });
    }
    let mut steps = Vec::new();
    let constraints = |when: &str| -> Option<Step> {
        if deferred.is_empty() || engine != EngineKind::Postgres {
            return None;
        }
        let names: Vec<String> = deferred
            .iter()
            .filter_map(|(i, fk)| {
                let name = fk.name.as_deref()?;
                let schema = tables[*i].1.schema();
                Some(format!(
                    "{}.{}",
                    crate::engine::dialect::quote_ident(engine, schema),
                    crate::engine::dialect::quote_ident(engine, name)
                ))
            })
            .collect();
        (!names.is_empty()).then(|| Step {
            kind: StepKind::Constraints,
            table: tables[deferred[0].0].0.clone(),
            changes: Vec::new(),
            sql: format!("SET CONSTRAINTS {} {when}", names.join(", ")),
            params: Vec::new(),
            expect: 0,
            rows: Default::default(),
            per_row: None,
            returning: Vec::new(),
            last_insert_id: None,
            proof: Proof::Count,
        })
    };
    steps.extend(constraints("DEFERRED"));
    let mut post = Vec::new();
    for &ti in &order {
        let (tref, info) = tables[ti];
        let changes = &by_table[tref];
        let mut updates: Vec<&Change> = changes
            .iter()
            .copied()
            .filter(|c| matches!(c.kind, ChangeKind::Update { .. }))
            .collect();
        // by the key's value, as SQLAlchemy orders them (9 before 10)
        updates.sort_by(|a, b| by_key_value(a, b));
        if batches(info) {
            steps.extend(super::plan_batch::steps(dialect, info, &updates, |c| {
                update_step(engine, info, c)
            }));
        } else {
            steps.extend(updates.into_iter().map(|c| update_step(engine, info, c)));
        }
        let inserts: Vec<&Change> = changes.iter().copied().filter(|c| c.is_insert()).collect();
        let inserts = parents_first(info, inserts);
        let nulled: Vec<&ForeignKey> = broken
            .iter()
            .filter(|(t, _)| *t == ti)
            .map(|(_, fk)| *fk)
            .collect();
        insert_steps(dialect, info, &inserts, &nulled, &mut steps, &mut post)?;
    }
    let post_updated = post
        .iter()
        .map(|(s, cols): &(Step, Vec<String>)| (s.changes[0], cols.clone()))
        .collect();
    steps.extend(post.into_iter().map(|(s, _)| s));
    for &ti in order.iter().rev() {
        let (tref, info) = tables[ti];
        let deletes: Vec<&Change> = by_table[tref]
            .iter()
            .copied()
            .filter(|c| c.is_delete())
            .collect();
        let mut deletes = parents_first(info, deletes);
        deletes.reverse();
        if batches(info) {
            steps.extend(super::plan_batch::steps(dialect, info, &deletes, |c| {
                delete_step(engine, info, c)
            }));
        } else {
            steps.extend(deletes.into_iter().map(|c| delete_step(engine, info, c)));
        }
    }
    steps.extend(constraints("IMMEDIATE"));
    let staged_keys = session
        .pending()
        .filter_map(|c| match &c.kind {
            ChangeKind::Insert { values } => Some((c.id, insert_key(table_of(&c.table)?, values)?)),
            _ => None,
        })
        .collect();
    let lasting = tables
        .iter()
        .filter(|(_, info)| !info.relation.rolls_back())
        .map(|(t, _)| (*t).clone())
        .collect();
    Ok(Plan {
        steps,
        staged_keys,
        post_updated,
        lasting,
    })
}

/// The INSERTs of one table: rows with the same columns go in one multi-row statement.
/// Columns of `nulled` foreign keys are sent as NULL and filled in by a later UPDATE.
fn insert_steps(
    dialect: Dialect,
    table: &Table,
    rows: &[&Change],
    nulled: &[&ForeignKey],
    steps: &mut Vec<Step>,
    post: &mut Vec<(Step, Vec<String>)>,
) -> Result<(), PlanError> {
    let engine = dialect.engine;
    let nulled_cols: HashSet<&str> = nulled
        .iter()
        .flat_map(|fk| fk.columns.iter().map(String::as_str))
        .collect();
    let mut group: Vec<(&Change, Vec<(String, Cell)>)> = Vec::new();
    let flush = |group: &mut Vec<(&Change, Vec<(String, Cell)>)>, steps: &mut Vec<Step>| {
        if !group.is_empty() {
            steps.push(multi_insert(dialect, table, group));
            group.clear();
        }
    };
    for c in rows {
        let ChangeKind::Insert { values } = &c.kind else {
            continue;
        };
        let mut sent: Vec<(String, Cell)> = Vec::new();
        let mut later: Vec<(String, Cell)> = Vec::new();
        for (col, cell) in values {
            if *cell == Cell::Default {
                continue;
            }
            if nulled_cols.contains(col.as_str()) && !matches!(cell, Cell::Value(Value::Null)) {
                sent.push((col.clone(), Cell::null()));
                later.push((col.clone(), cell.clone()));
            } else {
                sent.push((col.clone(), cell.clone()));
            }
        }
        sent.sort_by_key(|a| column_pos(table, &a.0));
        let cols_of = |g: &[(String, Cell)]| g.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
        // a table that cannot roll back takes a row per statement: a multi-row INSERT
        // refused half way would keep its first rows
        let most = match table.relation.rolls_back() {
            true => batch_rows(engine, sent.len()),
            false => 1,
        };
        if let Some((_, first)) = group.first()
            && (cols_of(first) != cols_of(&sent) || group.len() >= most || sent.is_empty())
        {
            flush(&mut group, steps);
        }
        if !later.is_empty() {
            let key = insert_key(table, values).ok_or_else(|| PlanError {
                change: c.id,
                message: format!(
                    "{} and another table point at each other: set this row's key so that its \
                     foreign key can be filled in after both are inserted",
                    table.name()
                ),
            })?;
            let mut b = Builder::new(engine, table);
            let sets = b.assignments(&later);
            let wheres = b.key_match(&key);
            let sql = format!("UPDATE {} SET {} WHERE {wheres}", b.name(), sets.join(", "));
            let cols = later.iter().map(|(col, _)| col.clone()).collect();
            post.push((Step::one_row(StepKind::PostUpdate, c, sql, b.params), cols));
        }
        group.push((c, sent));
    }
    flush(&mut group, steps);
    Ok(())
}

fn column_pos(table: &Table, col: &str) -> usize {
    table
        .columns
        .iter()
        .position(|c| c.name == col)
        .unwrap_or(usize::MAX)
}

fn multi_insert(dialect: Dialect, table: &Table, group: &[(&Change, Vec<(String, Cell)>)]) -> Step {
    let engine = dialect.engine;
    let mut b = Builder::new(engine, table);
    let names: Vec<&str> = group[0].1.iter().map(|(c, _)| c.as_str()).collect();
    let cols: Vec<String> = names.iter().map(|c| b.column(c)).collect();
    // the key columns the server fills in come back, as SQLAlchemy fetches them at flush
    let returning: Vec<ColumnInfo> = match &table.primary_key {
        Some(pk)
            if dialect.insert_returning
                && pk.columns.iter().any(|c| !names.contains(&c.as_str())) =>
        {
            pk.columns
                .iter()
                .filter_map(|c| table.columns.iter().find(|i| i.name == *c).cloned())
                .collect()
        }
        _ => Vec::new(),
    };
    let last_insert_id = match &table.primary_key {
        Some(pk)
            if !dialect.insert_returning
                && group.len() == 1
                && pk.columns.len() == 1
                && !names.contains(&pk.columns[0].as_str()) =>
        {
            table
                .columns
                .iter()
                .find(|c| c.name == pk.columns[0] && c.autoincrement)
                .cloned()
        }
        _ => None,
    };
    let returning_sql = if returning.is_empty() {
        String::new()
    } else {
        // as text, the form the session reads its values in (a prepared statement's answer
        // is binary on PostgreSQL and MariaDB)
        let quoted: Vec<String> = returning
            .iter()
            .map(|c| match engine {
                EngineKind::Postgres => format!("{}::{}", b.column(&c.name), pg_own::TEXT),
                EngineKind::MySql => format!("CAST({} AS CHAR)", b.column(&c.name)),
                EngineKind::Sqlite => b.column(&c.name),
            })
            .collect();
        format!(" RETURNING {}", quoted.join(", "))
    };
    let value = |cell: &Cell| match cell {
        Cell::Value(v) => v.clone(),
        // (columns left to their DEFAULT are left out before this)
        Cell::Default => Value::Null,
    };
    // the statement for one row, and each row's values in its order
    let one_row = {
        let mut one = Builder::new(engine, table);
        let ps: Vec<String> = group[0]
            .1
            .iter()
            .map(|(c, cell)| one.cell(c, cell))
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({}){returning_sql}",
            b.name(),
            cols.join(", "),
            ps.join(", ")
        )
    };
    let row_values = || -> Arc<Vec<Vec<Value>>> {
        Arc::new(
            group
                .iter()
                .map(|(_, values)| values.iter().map(|(_, c)| value(c)).collect())
                .collect(),
        )
    };
    let mut rows = Arc::default();
    let mut per_row = None;
    let sql = if cols.is_empty() {
        match engine {
            EngineKind::MySql => format!("INSERT INTO {} () VALUES (){returning_sql}", b.name()),
            _ => format!("INSERT INTO {} DEFAULT VALUES{returning_sql}", b.name()),
        }
    } else if engine == EngineKind::Sqlite {
        // one prepared statement, run once per row
        rows = row_values();
        one_row
    } else if engine == EngineKind::Postgres && group.len() > 1 && b.unnest_fits(&names) {
        // a column per parameter: every row in one statement, however many
        let arrays: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let column: Vec<&Cell> = group.iter().map(|(_, values)| &values[i].1).collect();
                b.array_param(c, &column)
            })
            .collect();
        per_row = Some(OneByOne::Same(one_row, row_values()));
        if returning.is_empty() {
            format!(
                "INSERT INTO {} ({}) SELECT * FROM {}",
                b.name(),
                cols.join(", "),
                pg_own::unnest(&arrays)
            )
        } else {
            // inserted in the order staged, so that the keys come back in that order (as
            // SQLAlchemy's insertmanyvalues relies on for PostgreSQL)
            let aliases: Vec<String> = (1..=names.len()).map(|i| format!("c{i}")).collect();
            format!(
                "INSERT INTO {} ({}) SELECT {} FROM {} WITH ORDINALITY AS u({}, n) \
                 ORDER BY n{returning_sql}",
                b.name(),
                cols.join(", "),
                aliases.join(", "),
                pg_own::unnest(&arrays),
                aliases.join(", ")
            )
        }
    } else {
        if group.len() > 1 {
            per_row = Some(OneByOne::Same(one_row, row_values()));
        }
        let mut tuples = Vec::with_capacity(group.len());
        for (_, values) in group {
            let ps: Vec<String> = values.iter().map(|(c, cell)| b.cell(c, cell)).collect();
            tuples.push(format!("({})", ps.join(", ")));
        }
        format!(
            "INSERT INTO {} ({}) VALUES {}{returning_sql}",
            b.name(),
            cols.join(", "),
            tuples.join(", ")
        )
    };
    Step {
        kind: StepKind::Insert,
        table: group[0].0.table.clone(),
        changes: group.iter().map(|(c, _)| c.id).collect(),
        sql,
        params: b.params,
        expect: group.len() as u64,
        rows,
        per_row,
        returning,
        last_insert_id,
        proof: Proof::Count,
    }
}
