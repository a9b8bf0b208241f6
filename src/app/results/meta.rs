//! A backslash command run from the editor (`\dt`, `\d users`; `results::run` starts it):
//! its answer from the catalog as a result in the grid, or in a sentence.

use super::finished::query_finished;
use super::run::current_result;
use crate::app::model::{Model, QueryId};
use crate::app::msg::Command;
use crate::engine::{EngineError, StatementSummary};
use crate::meta::describe::{Answer, Listing};
use crate::query::meta_command::MetaCommand;
use crate::query::result::{ResultSet, ResultState};

const EXPANDED: &str = "Expanded display: in the results, r shows the row under the cursor as a \
     record, one line per column.";
const TIMING: &str = "Timing is always on here: the echo log shows each statement's time.";

/// The answer came: its first listing is the statement's result, each further one a result
/// of its own after it, a table's indexes and keys one more; a sentence is said.
pub(crate) fn answered(
    model: &mut Model,
    id: QueryId,
    command: &MetaCommand,
    result: Result<Answer, EngineError>,
) -> Vec<Command> {
    let transaction = model.transaction;
    // the workbench's own words for the display settings psql's users reach for
    let result = match command {
        MetaCommand::Expanded(_) => Ok(Answer::Said(EXPANDED.into())),
        MetaCommand::Timing(_) => Ok(Answer::Said(TIMING.into())),
        _ => result,
    };
    let (summary, said, more) = match result {
        Err(e) => return query_finished(model, id, Err(e), transaction),
        Ok(Answer::Said(text) | Answer::NotFound(text)) => {
            (said_summary(&text), Some(text), Vec::new())
        }
        Ok(Answer::Listings(listings)) => {
            let mut listings = with_footers(listings).into_iter();
            let first = listings.next();
            let summary = match (first, current_result(model, id)) {
                (Some(l), Some(r)) => fill(r, &l),
                _ => said_summary(""),
            };
            (summary, None, listings.collect())
        }
    };
    // the further results come before the next statement of a script
    let sql = current_result(model, id).map(|r| r.sql.clone());
    for listing in more {
        push_listing(model, sql.clone().unwrap_or_default(), &listing);
    }
    let cmds = query_finished(model, id, Ok(summary), transaction);
    if let Some(text) = said {
        model.inform(text);
    }
    cmds
}

/// A listing's footer lines (a table's indexes and foreign keys) as a listing of their own.
fn with_footers(listings: Vec<Listing>) -> Vec<Listing> {
    let mut out = Vec::new();
    for mut l in listings {
        let footer = std::mem::take(&mut l.footer);
        let title = l.title.clone();
        out.push(l);
        if !footer.is_empty() {
            let mut keys = Listing::new(&title, &["Indexes and keys"]);
            keys.rows = footer.into_iter().map(|f| vec![Some(f)]).collect();
            out.push(keys);
        }
    }
    out
}

/// The listing's rows into the statement's result.
fn fill(r: &mut ResultSet, l: &Listing) -> StatementSummary {
    r.columns = l.columns();
    r.push(l.batch());
    StatementSummary {
        has_result: true,
        rows_returned: l.rows.len() as u64,
        ..Default::default()
    }
}

fn said_summary(text: &str) -> StatementSummary {
    StatementSummary {
        tag: Some(text.to_string()),
        ..Default::default()
    }
}

/// A further listing: a finished result of its own after the statement's.
fn push_listing(model: &mut Model, sql: String, l: &Listing) {
    let id = QueryId(model.next_query);
    model.next_query += 1;
    let mut r = ResultSet::new(id, sql);
    let summary = fill(&mut r, l);
    r.state = ResultState::Done(summary);
    model.results.push(r);
}
