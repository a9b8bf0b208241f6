//! A statement ended with `\gx` (or the mysql client's `\G`) in the editor: its result shown
//! as psql's expanded display, a record per row and one line per column, in the viewer over the
//! grid (Esc closes it; the grid keeps the rows).

use crate::app::model::{Model, Overlay, QueryId};
use crate::app::overlays::viewer::TextView;
use crate::query::format::{Format, ResultPrinter};
use crate::query::result::{ResultSet, ResultState};

/// Opens the records of result `id` when its statement asked for them and it has rows to show.
pub(crate) fn show(model: &mut Model, id: QueryId) {
    let Some(r) = model.results.iter().find(|r| r.id == id) else {
        return;
    };
    let wanted = r.expanded && !r.columns.is_empty() && matches!(r.state, ResultState::Done(_));
    // another popup open (a question, the history) keeps its place
    if !wanted || !matches!(model.overlay, Overlay::None | Overlay::Viewer(_)) {
        return;
    }
    let title = format!("{} row(s), one line per column (\\gx)", r.len());
    let mut view = TextView::new(title, records(r));
    view.rewrap(model.viewer_width);
    model.set_viewer(Some(view));
}

/// The rows held, as `-[ RECORD n ]` blocks of `column | value` lines.
fn records(r: &ResultSet) -> String {
    let mut printer = ResultPrinter::new(Format::Table, Vec::new());
    printer.set_expanded(true);
    let written = printer.start(r.columns.clone()).and_then(|()| {
        for batch in r.snapshot().batches() {
            printer.rows(batch)?;
        }
        printer.finish()
    });
    let text = String::from_utf8_lossy(&printer.into_inner()).into_owned();
    match written {
        Ok(()) => text,
        Err(e) => format!("{text}\n(cannot show the records: {e})"),
    }
}
