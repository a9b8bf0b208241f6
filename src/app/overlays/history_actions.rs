//! The history popup's actions: searching, choosing, and running the chosen statement again.

use crate::app::line_input::one_line;
use crate::app::model::Model;
use crate::app::msg::{Action, Handled};
use crate::query::connection_files::{HistoryEntry, search};

/// The history entry under the popup's cursor.
pub fn selected_entry(model: &Model) -> Option<&HistoryEntry> {
    let popup = model.history_popup()?;
    search(&model.history, &popup.query)
        .get(popup.selected)
        .copied()
}

pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let found = model
        .history_popup()
        .map_or(0, |p| search(&model.history, &p.query).len());
    let Some(popup) = model.history_popup_mut() else {
        return Handled::Pass(action);
    };
    if let Some(selected) = super::step(popup.selected, found, &action) {
        popup.selected = selected;
        return Handled::Done(vec![]);
    }
    match action {
        Action::Edit(edit) => {
            popup.query.apply(&one_line(edit));
            popup.selected = 0;
        }
        Action::Dismiss => model.set_history_popup(None),
        Action::Accept => return run_selected(model),
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// Enter: the chosen statement runs again, unless the history kept it without its password.
fn run_selected(model: &mut Model) -> Handled {
    let Some(entry) = selected_entry(model).cloned() else {
        return Handled::Done(vec![]);
    };
    model.set_history_popup(None);
    if entry.is_redacted() {
        // the front end has put it in the editor, marked
        model.warn(REDACTED_ENTRY);
        return Handled::Done(vec![]);
    }
    Handled::Pass(Action::RunStatement(entry.sql))
}

/// Why Enter on a redacted history entry edits it instead of running it.
const REDACTED_ENTRY: &str = "Not run: the history keeps that statement without its password. It is in \
     the editor with <secret redacted: type it again> in its place: type the password there, then F5.";
