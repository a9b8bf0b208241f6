//! The Session in the workbench: staging where the user is (a cell of the grid, its rows, the
//! insert form's row). Sending it is `session_send`, the journal `session_journal`.

use crate::engine::Value;
use crate::meta::Table;
use crate::query::source::{self, RowSource};
use crate::session::committed::CommittedRow;
use crate::session::{RowKey, RowTarget, TableRef};

use super::source_cache::SourceKey;
use crate::app::model::Model;
use crate::app::msg::Command;

fn source_key(model: &Model) -> SourceKey {
    let result = model.results.get(model.active_result);
    SourceKey {
        result: result.map(|r| r.id),
        done: result.is_some_and(|r| matches!(r.state, crate::query::result::ResultState::Done(_))),
        generation: model.catalog_generation,
        details: model.catalog.loaded().map_or(0, |c| {
            c.details
                .values()
                .filter(|d| matches!(d, crate::app::schema::catalog::SchemaDetails::Loaded(_)))
                .count()
        }),
    }
}

/// The table behind the shown result, and its rows' source; or why its rows are read-only.
pub fn result_source(model: &Model) -> Result<(RowSource, Table), String> {
    let key = source_key(model);
    if let Some((k, answer)) = &*model.source_cache.borrow()
        && *k == key
    {
        return answer.clone();
    }
    let answer = find_result_source(model);
    *model.source_cache.borrow_mut() = Some((key, answer.clone()));
    answer
}

fn find_result_source(model: &Model) -> Result<(RowSource, Table), String> {
    let engine = model.info.engine;
    let result = model
        .results
        .get(model.active_result)
        .ok_or("no result to edit: run a query or preview a table (p in the tree)")?;
    if result.columns.is_empty() {
        return Err("this statement returned no rows to edit".into());
    }
    let target = source::single_table(&result.sql, engine)
        .map_err(|why| format!("read-only result: {why}"))?;
    let catalog = model
        .catalog
        .loaded()
        .ok_or("the schema is still loading: try again in a moment")?;
    // the table as the server resolved it for this run (search path, USE, a temporary table)
    let resolved = match &result.state {
        crate::query::result::ResultState::Done(s) => s.source_table.clone(),
        _ => None,
    };
    if engine != crate::engine::EngineKind::Sqlite {
        server_read_the_target(resolved.as_ref(), &target, engine)?;
    }
    let schema = match (&resolved, &target.schema) {
        (Some(t), _) => catalog
            .schemas
            .iter()
            .find(|name| **name == t.schema)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "read-only result: {}.{} is not in the catalog (a temporary table?)",
                    t.schema, t.table
                )
            })?,
        (None, Some(s)) => catalog
            .schemas
            .iter()
            .find(|name| s.matches(name, engine))
            .cloned()
            .ok_or_else(|| format!("no schema {} in the catalog", s.text))?,
        (None, None) => model.info.schema.clone().unwrap_or_default(),
    };
    let details = catalog
        .schema_details(&schema)
        .ok_or("the table's details are still loading: try again in a moment")?;
    let table = details
        .tables
        .iter()
        .find(|t| match &resolved {
            Some(r) => t.name() == r.table,
            None => target.table.matches(t.name(), engine),
        })
        .ok_or_else(|| {
            format!(
                "read-only result: {} is not a table of {schema}",
                target.table.text
            )
        })?;
    let src = source::resolve(&result.columns, table, engine)
        .map_err(|why| format!("read-only result: {why}"))?;
    // each column read is checked by its text, and the key finds the row by it
    if let Some(why) = table.read_lossily(&src.columns) {
        return Err(format!("read-only result: {why}"));
    }
    Ok((src, table.clone()))
}

/// A network server says which table a result's rows came from: it must be the one the
/// statement names (not another one a search path, USE or a temporary table resolved to).
fn server_read_the_target(
    resolved: Option<&crate::engine::SourceTable>,
    target: &source::TableTarget,
    engine: crate::engine::EngineKind,
) -> Result<(), String> {
    match resolved {
        Some(t) if !target.table.matches(&t.table, engine) => Err(format!(
            "read-only result: the server read {}.{}, not {}",
            t.schema, t.table, target.table.text
        )),
        Some(_) => Ok(()),
        None => Err(
            "read-only result: the server did not say which table these rows \
                     come from (a result cut at its row cap: run it again to edit them; or, \
                     on MySQL, text read in another character set than utf8mb4 after SET \
                     NAMES, which may have lost characters)"
                .into(),
        ),
    }
}

/// What the grid draws over the shown result: the staged change of a row, found by its key.
pub struct StagedView<'m> {
    source: RowSource,
    table: TableRef,
    model: &'m Model,
    /// Pending inserts of the table, drawn after the result's rows.
    pub new_rows: Vec<&'m crate::session::Change>,
}

impl<'m> StagedView<'m> {
    /// None when nothing is staged or the result is not one table's rows.
    pub fn of(model: &'m Model) -> Option<StagedView<'m>> {
        if model.session.unit.is_empty() && model.session.committed_rows.is_empty() {
            return None;
        }
        let (source, table) = result_source(model).ok()?;
        let table = table_ref(&table);
        Some(StagedView {
            new_rows: new_rows(model, &table),
            table,
            source,
            model,
        })
    }

    /// The rows the grid shows: the result's, then the pending inserts.
    pub fn shown_len(&self) -> usize {
        self.model.result().map_or(0, |r| r.len()) + self.new_rows.len()
    }

    /// The pending insert shown at grid row `row`, past the result's rows.
    pub fn new_row(&self, row: usize) -> Option<&'m crate::session::Change> {
        let len = self.model.result()?.len();
        row.checked_sub(len)
            .and_then(|i| self.new_rows.get(i).copied())
    }

    /// The change staged for grid row `row`, if any (found by the key the row has now).
    pub fn change(&self, row: usize) -> Option<&'m crate::session::Change> {
        if let Some(c) = self.new_row(row) {
            return Some(c);
        }
        let key = read_key(self.model, &self.source, row)?;
        let key = match self.model.session.committed_rows.of(&self.table, &key) {
            Some(committed) => committed.current_key(),
            None => key,
        };
        self.model.session.unit.of_row(&self.table, &key)
    }

    /// What commits wrote to grid row `row` since it was read, if anything.
    pub fn committed(&self, row: usize) -> Option<&'m CommittedRow> {
        let committed = &self.model.session.committed_rows;
        if committed.is_empty() || row >= self.model.result()?.len() {
            return None;
        }
        committed.of(&self.table, &read_key(self.model, &self.source, row)?)
    }

    /// The table column a result column shows.
    pub fn column(&self, col: usize) -> Option<&str> {
        self.source.columns.get(col).map(String::as_str)
    }
}

/// Grid row `row`'s key as the result read it.
fn read_key(model: &Model, src: &RowSource, row: usize) -> Option<RowKey> {
    let result = model.result()?;
    Some(RowKey {
        columns: src.key_names(),
        values: src.key_of(|k| result.cell(row, k).map(Value::from))?,
    })
}

/// Why grid row `row` cannot be edited as shown: a commit deleted it, or set a value the
/// server chose.
pub fn committed_refusal(model: &Model, src: &RowSource, row: usize) -> Option<String> {
    let key = read_key(model, src, row)?;
    let table = TableRef::new(&src.schema, &src.table);
    model
        .session
        .committed_rows
        .of(&table, &key)?
        .not_editable()
}

/// Pending inserts (not yet sent) of a table, in the order staged.
fn new_rows<'m>(model: &'m Model, table: &TableRef) -> Vec<&'m crate::session::Change> {
    model
        .session
        .unit
        .pending()
        .filter(|c| c.is_insert() && c.table == *table)
        .collect()
}

/// How many rows the grid shows: the result's, and the pending inserts of its table.
pub fn grid_len(model: &Model) -> usize {
    match StagedView::of(model) {
        Some(v) => v.shown_len(),
        None => model.result().map_or(0, |r| r.len()),
    }
}

/// The grid row `row` (shown order) as the session addresses it.
pub fn row_target(model: &Model, src: &RowSource, row: usize) -> Option<RowTarget> {
    let result = model.result()?;
    if let Some(i) = row.checked_sub(result.len()) {
        let table = TableRef::new(&src.schema, &src.table);
        return new_rows(model, &table).get(i).map(|c| RowTarget::New(c.id));
    }
    let mut cells: Vec<Value> = (0..result.columns.len())
        .map(|c| result.cell(row, c).map(Value::from))
        .collect::<Option<_>>()?;
    // the row as the session's commits left it, not as read before them
    let table = TableRef::new(&src.schema, &src.table);
    let read = read_key(model, src, row)?;
    if let Some(committed) = model.session.committed_rows.of(&table, &read) {
        committed.not_editable().map_or(Some(()), |_| None)?;
        for (cell, column) in cells.iter_mut().zip(&src.columns) {
            if let Some(now) = committed.value(column) {
                *cell = now.clone();
            }
        }
    }
    Some(RowTarget::Existing {
        key: RowKey {
            columns: src.key_names(),
            values: src.key.iter().map(|&k| cells[k].clone()).collect(),
        },
        row: src.columns.iter().cloned().zip(cells).collect(),
    })
}

pub(crate) fn table_ref(t: &Table) -> TableRef {
    TableRef::new(t.schema(), t.name())
}

/// While a flush, commit or rollback is on its way, nothing may be staged: what the server
/// answers for must be exactly what was sent.
pub fn refuse_while_busy(model: &mut Model) -> bool {
    if let Some(why) = model.course.busy_resetting() {
        model.warn(why);
        return true;
    }
    if model.session.busy {
        model.warn("the session is sending its changes: stage more when it has answered");
    }
    model.session.busy
}

pub(crate) fn catalog_table(model: &Model, t: &TableRef) -> Option<Table> {
    model.catalog.loaded()?.table(&t.schema, &t.name).cloned()
}

/// `d` in the grid: stage the deletion of the current row, or of the marked rows.
pub fn delete_rows(model: &mut Model) -> Vec<Command> {
    if refuse_while_busy(model) {
        return vec![];
    }
    let (src, table) = match result_source(model) {
        Ok(s) => s,
        Err(why) => return notice(model, why),
    };
    let (first, last) = model
        .selected_rows()
        .unwrap_or((model.cursors.results_row, model.cursors.results_row));
    let mut staged = 0;
    for row in first..=last {
        if let Some(why) = committed_refusal(model, &src, row) {
            return notice(model, why);
        }
        let Some(target) = row_target(model, &src, row) else {
            continue;
        };
        match model.session.unit.delete(&table, &target) {
            Ok(_) => staged += 1,
            Err(why) => return notice(model, why),
        }
    }
    model.cursors.selection_anchor = None;
    model.inform(format!(
        "staged the deletion of {staged} row(s) of {} — u takes one back",
        table.name()
    ));
    journal(model)
}

/// `u`: take back the staged change of the grid row under the cursor, or of the Session
/// pane's cursor.
pub fn revert(model: &mut Model, from_pane: bool) -> Vec<Command> {
    if refuse_while_busy(model) {
        return vec![];
    }
    let id = if from_pane {
        model
            .session
            .unit
            .changes()
            .get(model.session.cursor)
            .map(|c| c.id)
    } else {
        let Ok((src, table)) = result_source(model) else {
            return notice(model, "no staged change here".into());
        };
        let row = model.cursors.results_row;
        row_target(model, &src, row).and_then(|t| match t {
            RowTarget::Existing { key, .. } => model
                .session
                .unit
                .of_row(&table_ref(&table), &key)
                .map(|c| c.id),
            RowTarget::New(id) => Some(id),
        })
    };
    let Some(id) = id else {
        return notice(model, "no staged change here".into());
    };
    match model.session.unit.revert(id) {
        Ok(c) => {
            model.inform(format!("took back the change of {}", c.table.name));
            let len = model.session.unit.changes().len();
            model.session.cursor = model.session.cursor.min(len.saturating_sub(1));
            journal(model)
        }
        Err(why) => notice(model, why),
    }
}

/// The staged changes as they now are, to the journal (before the screen shows them).
pub fn journal(model: &mut Model) -> Vec<Command> {
    let journal = &mut model.session.journal;
    if !journal.open {
        return vec![];
    }
    journal.sent += 1;
    vec![Command::WriteJournal {
        seq: journal.sent,
        changes: model.session.unit.changes().to_vec(),
    }]
}

pub(crate) fn notice(model: &mut Model, text: String) -> Vec<Command> {
    model.warn(text);
    vec![]
}
