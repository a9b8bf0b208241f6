//! Running statements: scripts, caps, what a finished statement changes (results, the
//! transaction, the history), and the next statement of a script.

use std::time::Instant;

use super::model::{Model, QueryId, RunState, TxState};
use super::msg::Command;
use super::results::{ResultSet, ResultState};
use super::tree_update as tree;
use crate::engine::EngineError;

/// Clears the results and runs the first statement; the rest wait in the queue.
pub(super) fn start_script(model: &mut Model, statements: Vec<String>) -> Vec<Command> {
    model.results.clear();
    model.active_result = 0;
    model.cursors.col_delta.clear();
    model.cursors.selection_anchor = None;
    model.queue = statements
        .into_iter()
        .filter(|s| !crate::query::split::is_blank(s))
        .collect();
    match model.queue.pop_front() {
        Some(first) => run_statement(model, first),
        None => {
            model.notice = Some("Nothing to run: the editor is empty here.".into());
            vec![]
        }
    }
}

pub(super) fn run_statement(model: &mut Model, sql: String) -> Vec<Command> {
    let limits = model.limits;
    run_with_limits(model, sql, limits)
}

pub(super) fn run_with_limits(
    model: &mut Model,
    sql: String,
    limits: super::model::Limits,
) -> Vec<Command> {
    if crate::query::split::is_blank(&sql) {
        model.notice = Some("Nothing to run: the editor is empty here.".into());
        return vec![];
    }
    let id = QueryId(model.next_query);
    model.next_query += 1;
    model.run = RunState::Running {
        id,
        started: Instant::now(),
        cancel_requested: false,
    };
    model.results.push(ResultSet::new(id, sql.clone()));
    model.active_result = model.results.len() - 1;
    model.cursors.results_row = 0;
    model.cursors.results_col = 0;
    model.notice = None;
    if let Some(r) = model.results.last_mut() {
        r.limits = limits;
    }
    vec![Command::Execute { id, sql, limits }]
}

pub(super) fn query_finished(
    model: &mut Model,
    id: QueryId,
    result: Result<crate::engine::StatementSummary, EngineError>,
) -> Vec<Command> {
    if !matches!(model.run, RunState::Running { id: running, .. } if running == id) {
        return vec![];
    }
    model.run = RunState::Idle;
    model.notice = None;
    let mut refresh = false;
    let engine = model.info.engine;
    let mut transaction = model.transaction;
    let mut cmds = Vec::new();
    let mut model_history_push = None;
    // a capped result was cancelled by retort, not by the user: it ended well
    let held = model
        .results
        .iter()
        .find(|r| r.id == id && r.capped)
        .map(|r| r.len() as u64);
    let result = match (result, held) {
        (Err(_), Some(rows)) => Ok(crate::engine::StatementSummary {
            rows_affected: 0,
            rows_returned: rows,
            has_result: true,
            duration: Default::default(),
        }),
        (other, _) => other,
    };
    if let Some(r) = current_result(model, id) {
        transaction = next_transaction(transaction, &r.sql, result.is_ok(), engine);
        let (rows, outcome, duration) = match &result {
            Ok(s) => (
                Some(if s.has_result {
                    s.rows_returned
                } else {
                    s.rows_affected
                }),
                "ok".to_string(),
                s.duration,
            ),
            Err(EngineError::Cancelled) => (None, "cancelled".to_string(), Default::default()),
            Err(e) => (None, e.to_string(), Default::default()),
        };
        let entry = crate::query::store::HistoryEntry::new(&r.sql, duration, rows, &outcome);
        cmds.push(Command::RecordHistory(entry.clone()));
        model_history_push = Some(entry);
        r.state = match result {
            Ok(s) => {
                refresh = !s.has_result && is_ddl(&r.sql);
                ResultState::Done {
                    rows_affected: s.rows_affected,
                    has_result: s.has_result,
                    duration: s.duration,
                }
            }
            Err(EngineError::Cancelled) => ResultState::Cancelled,
            Err(e) => ResultState::Failed(e),
        };
    }
    model.transaction = transaction;
    if let Some(entry) = model_history_push {
        model.history.push(entry);
    }
    // a script goes on while its statements succeed (like psql's ON_ERROR_STOP)
    let failed = model
        .results
        .last()
        .is_some_and(|r| !matches!(r.state, ResultState::Done { .. }));
    if failed {
        model.queue.clear();
    } else if let Some(next) = model.queue.pop_front() {
        cmds.extend(run_statement(model, next));
    }
    if refresh {
        cmds.extend(tree::refresh(model));
    }
    cmds
}

/// The transaction after a statement ran (read from the statements the user ran).
fn next_transaction(
    now: TxState,
    sql: &str,
    ok: bool,
    engine: crate::engine::EngineKind,
) -> TxState {
    use crate::query::classify::{TxEffect, transaction_effect};
    match (transaction_effect(sql), ok) {
        (TxEffect::End, _) => TxState::Idle,
        (TxEffect::Begin, true) => TxState::Open,
        (_, false) if now == TxState::Open && engine == crate::engine::EngineKind::Postgres => {
            TxState::Aborted
        }
        // MySQL commits implicitly before DDL
        (_, true) if engine == crate::engine::EngineKind::MySql && is_ddl(sql) => TxState::Idle,
        _ => now,
    }
}

pub(super) fn is_ddl(sql: &str) -> bool {
    matches!(
        crate::query::classify::first_keyword(sql).as_str(),
        "CREATE" | "DROP" | "ALTER" | "RENAME"
    )
}

pub(super) fn current_result(model: &mut Model, id: QueryId) -> Option<&mut ResultSet> {
    model.results.iter_mut().find(|r| r.id == id)
}
