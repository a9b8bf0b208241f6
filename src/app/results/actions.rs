//! The results pane's actions: tabs, the cursor and selection, column widths, sorting and the
//! row filter (computed off the UI thread), the viewer, fetch more and export.

use crate::app::line_input::{LineInput, one_line};
use crate::app::model::{Model, PaneId};
use crate::app::msg::{Action, Command, Handled};
use crate::app::pane_cursor::move_rows;
use crate::query::result::{ResultState, ViewSpec};

pub(crate) fn handle(model: &mut Model, action: Action) -> Handled {
    Handled::Done(match action {
        Action::NextResult | Action::PrevResult => {
            let last = model.results.len().saturating_sub(1);
            model.active_result = match action {
                Action::NextResult => (model.active_result + 1).min(last),
                _ => model.active_result.saturating_sub(1),
            };
            model.cursors.results_row = 0;
            model.cursors.results_col = 0;
            vec![]
        }
        Action::MoveLeft | Action::MoveRight if model.focus != PaneId::Schema => {
            let width = model.result().map_or(0, |r| r.columns.len());
            let col = &mut model.cursors.results_col;
            *col = match action {
                Action::MoveLeft => col.saturating_sub(1),
                _ => (*col + 1).min(width.saturating_sub(1)),
            };
            vec![]
        }
        Action::ViewCell | Action::ViewRecord => view(model, &action),
        Action::ToggleSelection => {
            let anchor = &mut model.cursors.selection_anchor;
            *anchor = match anchor {
                Some(_) => None,
                None => Some(model.cursors.results_row),
            };
            vec![]
        }
        Action::ResizeColumn(delta) => {
            let col = model.cursors.results_col;
            *model.cursors.col_delta.entry(col).or_insert(0) += delta;
            vec![]
        }
        Action::ResizeColumnAt(col, delta) => {
            *model.cursors.col_delta.entry(col).or_insert(0) += delta;
            vec![]
        }
        Action::SelectCell { row, col } => {
            model.focus = PaneId::Results;
            move_rows(model, row as isize - model.cursors.results_row as isize);
            let width = model.result().map_or(0, |r| r.columns.len());
            model.cursors.results_col = col.min(width.saturating_sub(1));
            vec![]
        }
        Action::SortByColumn => sort(model),
        Action::StartRowFilter => {
            model.focus = PaneId::Results;
            let kept = model.result().map(|r| r.spec.filter.as_str());
            model.row_filter = Some(LineInput::new(kept.unwrap_or_default()));
            vec![]
        }
        Action::Cancel if model.focus == PaneId::Results && has_filter(model) => {
            // Esc in the grid drops a kept filter, as in the tree
            let mut spec = model.result().map(|r| r.spec.clone()).unwrap_or_default();
            spec.filter.clear();
            compute_view(model, spec)
        }
        Action::Export(format) => crate::app::overlays::export_prompt::open(model, format),
        Action::FetchMore => super::rerun::fetch_more(model),
        other => return Handled::Pass(other),
    })
}

/// The row filter being typed: Enter keeps it, Esc clears it.
pub(crate) fn row_filter_keys(model: &mut Model, action: Action) -> Handled {
    match action {
        Action::Edit(edit) => {
            if let Some(typed) = model.row_filter.as_mut() {
                typed.apply(&one_line(edit));
            }
            Handled::Done(vec![])
        }
        Action::Accept | Action::Dismiss => {
            let typed = model.row_filter.take().unwrap_or_default();
            let Some(r) = model.result() else {
                return Handled::Done(vec![]);
            };
            let mut spec = r.spec.clone();
            spec.filter = match action {
                Action::Accept => typed.into_string(),
                _ => String::new(),
            };
            Handled::Done(compute_view(model, spec))
        }
        other => Handled::Pass(other),
    }
}

fn has_filter(model: &Model) -> bool {
    model.result().is_some_and(|r| !r.spec.filter.is_empty())
}

/// `v` / `V`: the cell or the row in full.
fn view(model: &mut Model, action: &Action) -> Vec<Command> {
    let (row, col) = (model.cursors.results_row, model.cursors.results_col);
    let staged = crate::app::session::edit::StagedView::of(model);
    let committed = staged.as_ref().and_then(|s| s.committed(row));
    let now = |c: usize| committed?.value(staged.as_ref()?.column(c)?).cloned();
    let view = model.result().and_then(|r| match action {
        Action::ViewCell => crate::app::overlays::viewer::cell_view(r, row, col, &now),
        _ => crate::app::overlays::viewer::record_view(r, row, &now),
    });
    model.set_viewer(view);
    let width = model.viewer_width;
    if let Some(v) = model.viewer_mut() {
        v.rewrap(width);
    }
    vec![]
}

/// Sort by the current column: ascending, descending, then unsorted.
fn sort(model: &mut Model) -> Vec<Command> {
    let col = model.cursors.results_col;
    let Some(r) = model.result() else {
        return vec![];
    };
    let mut spec = r.spec.clone();
    spec.sort = match spec.sort {
        Some((c, false)) if c == col => Some((col, true)),
        Some((c, true)) if c == col => None,
        _ => Some((col, false)),
    };
    compute_view(model, spec)
}

/// Asks for the rows of the shown result in a new order (off the UI thread).
fn compute_view(model: &mut Model, spec: ViewSpec) -> Vec<Command> {
    let Some(r) = model.result() else {
        return vec![];
    };
    if matches!(r.state, ResultState::Streaming) {
        model.warn("Still fetching: sort and filter once the rows are in.");
        return vec![];
    }
    let (id, rows) = (r.id, r.snapshot());
    model.view_generation += 1;
    model.view_pending = true;
    vec![Command::ComputeView {
        id,
        generation: model.view_generation,
        rows,
        spec,
    }]
}
