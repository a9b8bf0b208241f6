//! A statement's end: its result and history, what it changed (the schema, the transaction,
//! how values read), and the next statement of a script.

use super::run::{current_result, run_statement};
use crate::app::model::{Model, QueryId, RunState, TxState};
use crate::app::msg::Command;
use crate::app::schema::actions as tree;
use crate::app::session::edit::journal;
use crate::app::session::send::{set_transaction, user_ended_transaction};
use crate::engine::txn::{TxEffect, transaction_effect};
use crate::engine::{EngineError, StatementSummary};
use crate::query::connection_files::HistoryEntry;
use crate::query::result::{ResultSet, ResultState};

/// A statement ended: its result's state, the history, the transaction as the server now has
/// it, the tree when it changed the schema, and the next statement of a script.
pub(crate) fn query_finished(
    model: &mut Model,
    id: QueryId,
    result: Result<StatementSummary, EngineError>,
    transaction: TxState,
) -> Vec<Command> {
    if !matches!(model.run, RunState::Running { id: running, .. } if running == id) {
        return vec![];
    }
    model.run = RunState::Idle;
    model.notice = None;
    let result = capped_as_done(model, id, result);
    // a statement that ended the transaction well and was no ROLLBACK committed it (COMMIT,
    // or MySQL's implicit commit of DDL)
    let committed = matches!(&result, Ok(s) if s.tag.as_deref() != Some("ROLLBACK"))
        && current_result_ref(model, id)
            .is_some_and(|r| transaction_effect(&r.sql) != TxEffect::Rollback);
    let ended = record(model, id, result);
    let mut cmds = Vec::new();
    if let Some(ended) = &ended {
        cmds.push(Command::RecordHistory(ended.history.clone()));
        if ended.settings_changed {
            hold_changes_read_under_other_settings(model, id);
            cmds.extend(journal(model));
        }
        if let Some(schema) = &ended.load_schema {
            cmds.extend(tree::ensure_schema(model, schema));
        }
    }
    let (ended_tx, implicit) = follow_transaction(model, id, committed, transaction);
    cmds.extend(ended_tx);
    if let Some(ended) = &ended
        && !ended.notices.is_empty()
    {
        model.warn(ended.notices.clone());
    }
    if let Some(said) = implicit {
        model.warn(said);
    }
    let refresh = ended.as_ref().is_some_and(|e| e.refresh);
    if let Some(ended) = ended {
        model.history.push(ended.history);
    }
    super::expanded::show(model, id);
    cmds.extend(next_of_script(model));
    if refresh {
        cmds.extend(tree::refresh(model));
    }
    cmds
}

/// What a finished statement leaves to be done once its result is recorded.
struct Ended {
    history: HistoryEntry,
    /// It changed the schema: the tree is read again.
    refresh: bool,
    /// The schema whose details its rows need (to be edited).
    load_schema: Option<String>,
    /// It changed how values read as text.
    settings_changed: bool,
    /// The server's notices.
    notices: String,
}

/// A capped result was cancelled by retort, not by the user: it ended well.
fn capped_as_done(
    model: &Model,
    id: QueryId,
    result: Result<StatementSummary, EngineError>,
) -> Result<StatementSummary, EngineError> {
    let held = (model.results.iter())
        .find(|r| r.id == id && r.capped)
        .map(|r| r.len() as u64);
    match (result, held) {
        (Err(_), Some(rows)) => Ok(StatementSummary {
            rows_returned: rows,
            has_result: true,
            ..Default::default()
        }),
        (other, _) => other,
    }
}

/// The result's state and its history entry.
fn record(
    model: &mut Model,
    id: QueryId,
    result: Result<StatementSummary, EngineError>,
) -> Option<Ended> {
    let r = current_result(model, id)?;
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
    let mut ended = Ended {
        history: HistoryEntry::new(&r.sql, duration, rows, &outcome),
        refresh: false,
        load_schema: None,
        settings_changed: false,
        notices: String::new(),
    };
    r.state = match result {
        Ok(s) => {
            ended.refresh = !s.has_result && is_ddl(&r.sql);
            // the details of the table the rows came from, so that they can be edited without
            // that schema being opened in the tree first
            ended.load_schema = s.source_table.as_ref().map(|t| t.schema.clone());
            ended.settings_changed = changes_how_values_read(&r.sql);
            ended.notices = s.notices.join(" · ");
            ResultState::Done(s)
        }
        Err(EngineError::Cancelled) => ResultState::Cancelled,
        Err(e) => ResultState::Failed(e),
    };
    Some(ended)
}

/// The transaction as the server now has it: a COMMIT or ROLLBACK of the user's ends the
/// session's; a commit MySQL made by itself is returned, to be said.
fn follow_transaction(
    model: &mut Model,
    id: QueryId,
    committed: bool,
    transaction: TxState,
) -> (Vec<Command>, Option<String>) {
    let was_open = model.transaction.is_open();
    model.read_in_transaction |= transaction.is_open();
    let implicit = implicit_commit(model, id, was_open, committed, transaction);
    set_transaction(model, transaction);
    let mut cmds = Vec::new();
    if (was_open && !transaction.is_open()) || implicit.is_some() {
        user_ended_transaction(model, committed);
        cmds.extend(journal(model));
    }
    (cmds, implicit)
}

/// A script goes on while its statements succeed (like psql's ON_ERROR_STOP), and not while
/// the user is asked whether to cancel it and quit: the answer says whether it goes on.
pub(crate) fn next_of_script(model: &mut Model) -> Vec<Command> {
    let failed = (model.results.last()).is_some_and(|r| !matches!(r.state, ResultState::Done(_)));
    let asked = matches!(&model.overlay, crate::app::model::Overlay::Confirm(p)
        if p.then == crate::app::model::ConfirmThen::CancelThenQuit);
    if failed {
        model.queue.clear();
    } else if asked {
        return vec![];
    } else if let Some(next) = model.queue.pop_front() {
        return run_statement(model, next);
    }
    vec![]
}

/// MySQL / MariaDB commit an open transaction by themselves before a BEGIN (the server then
/// reports a transaction open: the new one) and around DDL: said where it happens, and what
/// was flushed in it is committed, never staged again to be sent twice.
fn implicit_commit(
    model: &Model,
    id: QueryId,
    was_open: bool,
    committed: bool,
    now: crate::app::model::TxState,
) -> Option<String> {
    use crate::engine::txn::{TxEffect, transaction_effect};
    if model.info.engine != crate::engine::EngineKind::MySql || !was_open || !committed {
        return None;
    }
    let sql = &current_result_ref(model, id)?.sql;
    let flushed = model.session.unit.flushed_count();
    let what = match transaction_effect(sql) {
        TxEffect::Begin if now.is_open() => "a BEGIN inside a transaction commits it first",
        TxEffect::None if !now.is_open() => "this statement commits it (DDL and LOCK TABLES do)",
        _ => return None,
    };
    Some(format!(
        "the server committed the open transaction by itself: {what}{}",
        match flushed {
            0 => String::new(),
            n => format!("; the {n} flushed change(s) in it are committed"),
        }
    ))
}

/// Whether a statement changes how the server reads and writes values as text (a date's
/// order, a time zone, money, floats, bytes, the quoting of strings): staged values read
/// before it may name other rows or values after it.
fn changes_how_values_read(sql: &str) -> bool {
    const SETTINGS: &[&str] = &[
        "datestyle",
        "intervalstyle",
        "timezone",
        "time zone",
        "time_zone",
        "lc_monetary",
        "lc_numeric",
        "extra_float_digits",
        "bytea_output",
        "standard_conforming_strings",
        "sql_mode",
        "character_set",
        "names",
        "set_config",
    ];
    let first = crate::engine::txn::first_keyword(sql);
    let lower = sql.to_ascii_lowercase();
    let everything = first == "DISCARD" || (first == "RESET" && lower.contains("all"));
    everything
        || ((matches!(first.as_str(), "SET" | "RESET") || lower.contains("set_config"))
            && SETTINGS.iter().any(|s| lower.contains(s)))
}

/// Staged changes read before such a statement are held: never sent without the user's yes,
/// and said why (a key read as 04/03/2024 under DMY names another day under MDY).
fn hold_changes_read_under_other_settings(model: &mut Model, id: QueryId) {
    let sql = current_result_ref(model, id)
        .map(|r| r.sql.clone())
        .unwrap_or_default();
    let held: Vec<crate::session::ChangeId> = model
        .session
        .unit
        .changes()
        .iter()
        .filter(|c| !c.flushed)
        .map(|c| c.id)
        .collect();
    if held.is_empty() {
        return;
    }
    let shown: String = sql.trim().chars().take(60).collect();
    for &c in &held {
        model.session.unit.mark_failed(
            c,
            crate::session::Failure {
                message: format!(
                    "read before `{shown}`, which changes how values read as text: its key or \
                     values may name another row now; take it back (u) and stage it again from \
                     a fresh query, or send it as it is with a yes"
                ),
                code: None,
            },
        );
    }
    model.session.unit.mark_in_doubt(&held);
}

fn current_result_ref(model: &Model, id: QueryId) -> Option<&ResultSet> {
    model.results.iter().find(|r| r.id == id)
}

pub(crate) fn is_ddl(sql: &str) -> bool {
    matches!(
        crate::query::classify::first_keyword(sql).as_str(),
        "CREATE" | "DROP" | "ALTER" | "RENAME"
    )
}
