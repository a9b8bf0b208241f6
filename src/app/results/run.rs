//! Running statements: scripts, caps, what a finished statement changes (results, the
//! transaction, the history), and the next statement of a script.

use crate::app::model::{ConfirmThen, Model, PendingConfirm, QueryId, RunState};
use crate::app::msg::{Action, Command, Handled};
use crate::engine::secrets::SECRET_MARKER;
use crate::query::result::ResultSet;
use crate::query::split::{Kind, Statement, split_statements};

/// Clears the results and runs the first statement; the rest wait in the queue.
pub(crate) fn start_script(model: &mut Model, statements: Vec<Statement>) -> Vec<Command> {
    if let Some(why) = model.course.busy_resetting() {
        model.warn(why);
        return vec![];
    }
    // autoflush: staged changes go first, so that the statements see them (SQLAlchemy's
    // Session does the same before a query)
    // — but never before a ROLLBACK, which must always get through (a lost or failed
    // transaction refuses the flush, and what a rollback ends needs no flush)
    let rollback_first = statements.first().is_some_and(|s| {
        crate::engine::txn::transaction_effect(&s.text) == crate::engine::txn::TxEffect::Rollback
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
    model.session.committed_rows.clear();
    model.active_result = 0;
    (model.read_in_transaction, model.results_stale) = (false, false);
    model.cursors.col_delta.clear();
    model.cursors.selection_anchor = None;
    model.queue = statements.into();
    match model.queue.pop_front() {
        Some(first) => run_statement(model, first),
        None => {
            model.warn("Nothing to run: the editor is empty here.");
            vec![]
        }
    }
}

/// Runs one step of a script: SQL is sent (after `\gx`, its result shows expanded); a
/// backslash command (`\dt`) is answered from the catalog, never sent, and one retort does
/// not know stops the script.
pub(crate) fn run_statement(model: &mut Model, step: Statement) -> Vec<Command> {
    let limits = model.limits;
    let ending = match step.kind {
        Kind::Sql(ending) => ending,
        Kind::Command => return run_command(model, step.text),
    };
    let cmds = run_with_limits(model, step.text, limits, false);
    if ending.expanded()
        && let Some(Command::Execute { id, .. }) = cmds.first()
        && let Some(r) = current_result(model, *id)
    {
        r.expanded = true;
    }
    cmds
}

fn run_command(model: &mut Model, text: String) -> Vec<Command> {
    let parsed = crate::query::meta_command::parse(&text)
        .unwrap_or_else(|| Err(format!("{text}: no backslash command")));
    match parsed {
        Ok(command) => {
            let limits = model.limits;
            let id = begin(model, &text, limits);
            vec![Command::MetaCommand { id, command }]
        }
        Err(why) => {
            model.queue.clear();
            model.warn(why);
            vec![]
        }
    }
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
    let id = begin(model, &sql, limits);
    vec![Command::Execute {
        id,
        sql,
        limits,
        rerun,
    }]
}

/// A statement starts: it runs, and its result is the one shown.
pub(crate) fn begin(model: &mut Model, sql: &str, limits: crate::app::model::Limits) -> QueryId {
    let id = QueryId(model.next_query);
    model.next_query += 1;
    model.run = RunState::Running {
        id,
        started: model.now,
        cancel_requested: None,
    };
    model.results.push(ResultSet::new(id, sql.to_string()));
    model.active_result = model.results.len() - 1;
    model.cursors.results_row = 0;
    model.cursors.results_col = 0;
    model.notice = None;
    if let Some(r) = model.results.last_mut() {
        r.limits = limits;
    }
    id
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

/// Runs the statements the texts hold (read as a script: `;`, `\g`, `\gx`, backslash commands
/// anywhere), after a yes for those that need one (a DELETE without WHERE, say).
fn run_script(model: &mut Model, texts: Vec<String>) -> Vec<Command> {
    if texts.iter().any(|s| s.contains(SECRET_MARKER)) {
        model.warn(MARKER_LEFT);
        return vec![];
    }
    if model.is_running() {
        model.warn("A statement is still running: Esc cancels it.");
        return vec![];
    }
    let engine = model.info.engine;
    let statements: Vec<Statement> = (texts.iter())
        .flat_map(|text| split_statements(text, engine))
        .collect();
    let reasons: Vec<(String, &String)> = (statements.iter())
        .filter(|s| matches!(s.kind, Kind::Sql(_)))
        .filter_map(|s| {
            let reason = crate::query::classify::needs_confirmation(&s.text, engine)?;
            Some((reason, &s.text))
        })
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
