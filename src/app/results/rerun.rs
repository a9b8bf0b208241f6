//! Export and fetch-more: what retort may run again by itself. Only a statement proven to be a
//! plain read is ever run again (in a read-only transaction, rolled back); a complete result
//! is exported from the rows held, with nothing sent.

use crate::app::model::Model;
use crate::app::msg::Command;
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

pub(crate) fn export(model: &mut Model, format: Format) -> Vec<Command> {
    let Some(r) = model.result() else {
        model.warn("Nothing to export: run a query first.");
        return vec![];
    };
    if model.export.is_some() {
        model.warn("An export is already running.");
        return vec![];
    }
    if matches!(r.state, ResultState::Streaming) {
        model.warn("Still fetching: export once the rows are in.");
        return vec![];
    }
    if r.columns.is_empty() {
        model.warn("Nothing to export: this statement returned no rows.");
        return vec![];
    }
    let ext = match format {
        Format::Json => "json",
        Format::Tsv => "tsv",
        Format::Csv | Format::Table => "csv",
    };
    let stamp = model
        .wall
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let path = model
        .export_dir
        .join(format!("retort-export-{stamp}.{ext}"));
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
    model.export = Some((path, 0));
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
    model.active_result = 0;
    run_with_limits(model, sql, limits, true)
}
