//! Running statements: scripts, caps, what a finished statement changes (results, the
//! transaction, the history), and the next statement of a script.

use crate::app::model::{ConfirmThen, Model, PendingConfirm, QueryId, RunState};
use crate::app::msg::{Action, Command, Handled};
use crate::app::schema::actions as tree;
use crate::engine::EngineError;
use crate::engine::secrets::SECRET_MARKER;
use crate::query::result::{ResultSet, ResultState};

/// Clears the results and runs the first statement; the rest wait in the queue.
pub(crate) fn start_script(model: &mut Model, statements: Vec<String>) -> Vec<Command> {
    // autoflush: staged changes go first, so that the statements see them (SQLAlchemy's
    // Session does the same before a query)
    // — but never before a ROLLBACK, which must always get through (a lost or failed
    // transaction refuses the flush, and what a rollback ends needs no flush)
    let rollback_first = statements.first().is_some_and(|s| {
        crate::engine::txn::transaction_effect(s) == crate::engine::txn::TxEffect::Rollback
    });
    if model.session.autoflush
        && model.session.unit.has_pending()
        && !model.info.read_only_session
        && !rollback_first
    {
        return crate::app::session::send::flush(
            model,
            Some(crate::app::msg::AfterFlush::Run(statements)),
        );
    }
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
            model.warn("Nothing to run: the editor is empty here.");
            vec![]
        }
    }
}

pub(crate) fn run_statement(model: &mut Model, sql: String) -> Vec<Command> {
    let limits = model.limits;
    run_with_limits(model, sql, limits, false)
}

/// Starts a statement; `rerun` when retort runs it again by itself (fetch more).
pub(crate) fn run_with_limits(
    model: &mut Model,
    sql: String,
    limits: crate::app::model::Limits,
    rerun: bool,
) -> Vec<Command> {
    if crate::query::split::is_blank(&sql) {
        model.warn("Nothing to run: the editor is empty here.");
        return vec![];
    }
    let id = QueryId(model.next_query);
    model.next_query += 1;
    model.run = RunState::Running {
        id,
        started: model.now,
        cancel_requested: None,
    };
    model.results.push(ResultSet::new(id, sql.clone()));
    model.active_result = model.results.len() - 1;
    model.cursors.results_row = 0;
    model.cursors.results_col = 0;
    model.notice = None;
    if let Some(r) = model.results.last_mut() {
        r.limits = limits;
    }
    vec![Command::Execute {
        id,
        sql,
        limits,
        rerun,
    }]
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
    let flushed = model
        .session
        .unit
        .changes()
        .iter()
        .filter(|c| c.flushed)
        .count();
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

pub(crate) fn query_finished(
    model: &mut Model,
    id: QueryId,
    result: Result<crate::engine::StatementSummary, EngineError>,
    transaction: crate::app::model::TxState,
) -> Vec<Command> {
    if !matches!(model.run, RunState::Running { id: running, .. } if running == id) {
        return vec![];
    }
    model.run = RunState::Idle;
    model.notice = None;
    let mut refresh = false;
    let mut cmds = Vec::new();
    let mut model_history_push = None;
    let mut notices = String::new();
    let mut load_schema = None;
    let mut settings_changed = false;
    // a capped result was cancelled by retort, not by the user: it ended well
    let held = model
        .results
        .iter()
        .find(|r| r.id == id && r.capped)
        .map(|r| r.len() as u64);
    let result = match (result, held) {
        (Err(_), Some(rows)) => Ok(crate::engine::StatementSummary {
            rows_returned: rows,
            has_result: true,
            ..Default::default()
        }),
        (other, _) => other,
    };
    // a statement that ended the transaction well and was no ROLLBACK committed it (COMMIT,
    // or MySQL's implicit commit of DDL)
    let committed = matches!(&result, Ok(s) if s.tag.as_deref() != Some("ROLLBACK"))
        && current_result(model, id).is_some_and(|r| {
            crate::engine::txn::transaction_effect(&r.sql) != crate::engine::txn::TxEffect::Rollback
        });
    if let Some(r) = current_result(model, id) {
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
        let entry =
            crate::query::connection_files::HistoryEntry::new(&r.sql, duration, rows, &outcome);
        cmds.push(Command::RecordHistory(entry.clone()));
        model_history_push = Some(entry);
        r.state = match result {
            Ok(s) => {
                refresh = !s.has_result && is_ddl(&r.sql);
                // the details of the table the rows came from, so that they can be edited
                // without that schema being opened in the tree first
                if let Some(t) = &s.source_table {
                    load_schema = Some(t.schema.clone());
                }
                settings_changed = changes_how_values_read(&r.sql);
                if !s.notices.is_empty() {
                    notices = s.notices.join(" · ");
                }
                ResultState::Done(s)
            }
            Err(EngineError::Cancelled) => ResultState::Cancelled,
            Err(e) => ResultState::Failed(e),
        };
    }
    if settings_changed {
        hold_changes_read_under_other_settings(model, id);
        cmds.extend(crate::app::session::edit::journal(model));
    }
    if let Some(schema) = load_schema {
        cmds.extend(tree::ensure_schema(model, &schema));
    }
    let was_open = model.transaction.is_open();
    let implicit = implicit_commit(model, id, was_open, committed, transaction);
    crate::app::session::send::set_transaction(model, transaction);
    if (was_open && !transaction.is_open()) || implicit.is_some() {
        crate::app::session::send::user_ended_transaction(model, committed);
        cmds.extend(crate::app::session::edit::journal(model));
    }
    if !notices.is_empty() {
        model.warn(notices);
    }
    if let Some(said) = implicit {
        model.warn(said);
    }
    if let Some(entry) = model_history_push {
        model.history.push(entry);
    }
    // a script goes on while its statements succeed (like psql's ON_ERROR_STOP)
    let failed = model
        .results
        .last()
        .is_some_and(|r| !matches!(r.state, ResultState::Done(_)));
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

pub(crate) fn is_ddl(sql: &str) -> bool {
    matches!(
        crate::query::classify::first_keyword(sql).as_str(),
        "CREATE" | "DROP" | "ALTER" | "RENAME"
    )
}

pub(crate) fn current_result(model: &mut Model, id: QueryId) -> Option<&mut ResultSet> {
    model.results.iter_mut().find(|r| r.id == id)
}

/// Running and stopping: statements, scripts, plans, Esc and Ctrl-C.
pub(crate) fn handle(model: &mut Model, action: Action) -> Handled {
    Handled::Done(match action {
        Action::RunStatement(sql) => run_script(model, vec![sql]),
        Action::RunScript(statements) => run_script(model, statements),
        Action::Explain(sql) => explain(model, sql),
        Action::Cancel if model.session.busy => {
            // a flush or commit waiting on the server (a row lock another session holds):
            // cancelled there as a query is; its statements are rolled back, nothing is lost
            model.session.cancel_asked = true;
            model.inform("Cancelling the session's statement on the server…");
            vec![Command::Cancel]
        }
        Action::Interrupt if model.is_running() => return handle(model, Action::Cancel),
        Action::Cancel if model.is_running() => {
            if let RunState::Running {
                cancel_requested, ..
            } = &mut model.run
            {
                *cancel_requested = Some(model.now);
            }
            model.inform("Cancelling on the server…");
            vec![Command::Cancel]
        }
        Action::Interrupt => {
            model.warn("Nothing to cancel: Ctrl-Q quits.");
            vec![]
        }
        other => return Handled::Pass(other),
    })
}

/// Runs the statements, after a yes for those that need one (a DELETE without WHERE, say).
fn run_script(model: &mut Model, statements: Vec<String>) -> Vec<Command> {
    if statements.iter().any(|s| s.contains(SECRET_MARKER)) {
        model.warn(MARKER_LEFT);
        return vec![];
    }
    if model.is_running() {
        model.warn("A statement is still running: Esc cancels it.");
        return vec![];
    }
    let engine = model.info.engine;
    let reasons: Vec<(String, &String)> = statements
        .iter()
        .filter_map(|s| crate::query::classify::needs_confirmation(s, engine).map(|r| (r, s)))
        .collect();
    let Some((first_reason, culprit)) = reasons.first() else {
        return start_script(model, statements);
    };
    let reason = match statements.len() {
        1 => first_reason.clone(),
        _ => format!(
            "this script has {} such statements: {first_reason}",
            reasons.len()
        ),
    };
    let culprit = culprit.to_string();
    model.ask(PendingConfirm {
        then: ConfirmThen::Run(statements),
        reason,
        culprit,
    });
    vec![]
}

fn explain(model: &mut Model, sql: String) -> Vec<Command> {
    if crate::query::split::is_blank(&sql) {
        model.warn("Nothing to explain: the editor is empty here.");
        return vec![];
    }
    model.inform("explaining…");
    vec![Command::Explain { sql }]
}

/// Why a statement that still holds the marker does not run.
const MARKER_LEFT: &str = "Not run: <secret redacted: type it again> stands where a password was: \
     type the password there first.";
