//! Export and fetch-more: what retort may run again by itself. Only a statement proven to be a
//! plain read is ever run again (in a read-only transaction, rolled back); a complete result
//! is exported from the rows held, with nothing sent.

use crate::app::model::Model;
use crate::app::msg::Command;
use crate::app::overlays::export_prompt::ExportRun;
use crate::app::results::run::run_with_limits;
use crate::query::format::Format;
use crate::query::read_proof::prove_read;
use crate::query::result::ResultState;

/// Why the capped result's statement may not run again, if it may not.
fn rerun_refusal(model: &Model, sql: &str) -> Option<String> {
    if model.transaction.is_open() {
        return Some("a transaction is open, and running it again would end it".into());
    }
    prove_read(sql, model.info.engine)
        .err()
        .map(|why| format!("it is not proven to be a plain read ({why})"))
}

/// Whether the result can be exported now; else the status bar says why not.
pub(crate) fn can_export(model: &mut Model) -> bool {
    let Some(r) = model.result() else {
        model.warn("Nothing to export: run a query first.");
        return false;
    };
    let why = if model.export.is_some() {
        "An export is already running."
    } else if matches!(r.state, ResultState::Streaming) {
        "Still fetching: export once the rows are in."
    } else if r.columns.is_empty() {
        "Nothing to export: this statement returned no rows."
    } else {
        return true;
    };
    model.warn(why);
    false
}

/// The result to `path`: from the rows held when they are all of it, else run again (a
/// proven read only), else the rows held, said so.
pub(crate) fn export(model: &mut Model, format: Format, path: std::path::PathBuf) -> Vec<Command> {
    if !can_export(model) {
        return vec![];
    }
    let Some(r) = model.result() else {
        return vec![];
    };
    let (sql, capped) = (r.sql.clone(), r.capped);
    let held = |note: String| Command::ExportHeld {
        note,
        columns: r.columns.clone(),
        rows: r.snapshot(),
        path: path.clone(),
        format,
    };
    let cmd = if !capped {
        held("the result held; nothing was sent to the server".into())
    } else {
        match rerun_refusal(model, &sql) {
            Some(why) => held(format!(
                "only the rows held: the result was capped and its statement was not run again, \
                 since {why}"
            )),
            None => Command::Export {
                sql,
                path: path.clone(),
                format,
            },
        }
    };
    let total = (!capped).then(|| r.len() as u64);
    model.export = Some(ExportRun {
        path,
        rows: 0,
        total,
    });
    vec![cmd]
}

pub(crate) fn fetch_more(model: &mut Model) -> Vec<Command> {
    let Some(r) = model.result().filter(|r| r.capped) else {
        model.warn("This result is complete: there is nothing more to fetch.");
        return vec![];
    };
    if model.is_running() {
        return vec![];
    }
    let (sql, limits) = (r.sql.clone(), r.limits.doubled());
    if let Some(why) = rerun_refusal(model, &sql) {
        model.warn(format!(
            "Not fetched: retort runs a statement again by itself only when it is safe, and {why}."
        ));
        return vec![];
    }
    model.results.clear();
    model.session.committed_rows.clear();
    model.active_result = 0;
    run_with_limits(model, sql, limits, true)
}
