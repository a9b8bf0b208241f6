//! Up and down in the focused pane: the tree's selection, the grid's row, the echo log's
//! scroll, the session's change.

use super::PaneId;
use super::model::Model;
use super::schema::actions as tree;
use super::session::edit as session;

/// Moves the focused pane's cursor by `delta` rows, within its length.
pub(super) fn move_rows(model: &mut Model, delta: isize) {
    match model.focus {
        PaneId::Schema => tree::move_selection(model, delta),
        PaneId::Results => {
            let len = session::grid_len(model);
            if len > 0 {
                let cur = model.cursors.results_row as isize;
                model.cursors.results_row =
                    cur.saturating_add(delta).clamp(0, len as isize - 1) as usize;
            }
        }
        PaneId::Echo if model.engine_view => {
            let len = super::engine_view::lines(model).len() as isize;
            let top = model.cursors.engine_top as isize + delta;
            model.cursors.engine_top = top.clamp(0, (len - 1).max(0)) as usize;
        }
        PaneId::Echo => {
            // up scrolls back in time
            let len = model.echo.len();
            let back = model.cursors.echo_back as isize - delta;
            model.cursors.echo_back = back.clamp(0, len.saturating_sub(1) as isize) as usize;
        }
        PaneId::Session => {
            let len = model.session.unit.changes().len();
            let cur = model.session.cursor as isize;
            model.session.cursor =
                cur.saturating_add(delta)
                    .clamp(0, len.saturating_sub(1) as isize) as usize;
        }
        PaneId::Editor => {}
    }
}
