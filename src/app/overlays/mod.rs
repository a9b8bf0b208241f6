//! The overlays: the one modal thing on screen takes the actions first. Each has its own
//! state and file, and a `handle` that takes an action or leaves it to the panes.

pub mod cell_editor;
pub mod completion;
pub mod completion_actions;
pub mod confirm;
pub mod connection_form;
pub mod detail;
mod detail_actions;
pub mod export_prompt;
mod form;
mod help;
pub mod history;
pub mod history_actions;
pub mod insert_form;
pub mod insert_form_actions;
pub mod picker;
pub mod picker_actions;
mod quit;
pub mod viewer;
mod viewer_actions;

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Action, Handled};

/// The action goes to the overlay on screen first; what it does not take goes on.
pub(crate) fn handle(model: &mut Model, action: Action) -> Handled {
    match &model.overlay {
        Overlay::None => Handled::Pass(action),
        Overlay::Help => help::handle(model, action),
        Overlay::Confirm(_) => confirm::handle(model, action),
        Overlay::CellEditor(_) | Overlay::InsertForm(_) => form::handle(model, action),
        Overlay::Viewer(_) => viewer_actions::handle(model, action),
        Overlay::History(_) => history_actions::handle(model, action),
        Overlay::Completion(_) => completion_actions::handle(model, action),
        Overlay::Detail(_) => detail_actions::handle(model, action),
        Overlay::Picker(_) => picker_actions::handle(model, action),
        Overlay::Password(_) => picker_actions::handle_password(model, action),
        Overlay::Export(_) => export_prompt::handle(model, action),
        Overlay::ConnectionForm(_) => connection_form::handle(model, action),
    }
}

/// ↑/↓ in a list of `len` entries.
pub(crate) fn step(selected: usize, len: usize, action: &Action) -> Option<usize> {
    match action {
        Action::MoveUp => Some(selected.saturating_sub(1)),
        Action::MoveDown => Some((selected + 1).min(len.saturating_sub(1))),
        _ => None,
    }
}
