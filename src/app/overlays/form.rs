//! The keys of the cell editor and the insert form: they take every action while open.

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Action, Command, Handled};
use crate::app::overlays::confirm::quit;
use crate::app::session::cell_edit;
use crate::session::Cell;

/// Keys of the cell editor and the insert form: every action stops here.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    Handled::Done(form_action(model, action))
}

fn form_action(model: &mut Model, action: Action) -> Vec<Command> {
    use crate::app::overlays::insert_form::Choice;
    match (&mut model.overlay, action) {
        (Overlay::InsertForm(f), Action::Dismiss | Action::Cancel) if f.picker.is_some() => {
            f.picker = None
        }
        (_, Action::Dismiss | Action::Cancel) => model.overlay = Overlay::None,
        (Overlay::InsertForm(_), Action::OverlayPick) => {
            return crate::app::overlays::insert_form_actions::open_picker(model);
        }
        // the picker belongs to the insert form: the cell editor says so instead of nothing
        (Overlay::CellEditor(e), Action::OverlayPick) => {
            e.error = Some(
                "Ctrl-P picks a foreign key's row in the insert form (a): here, type the key"
                    .into(),
            );
        }
        (_, Action::Quit) => return quit(model),
        (Overlay::CellEditor(_), Action::Accept) => return cell_edit::accept_cell(model),
        (Overlay::InsertForm(_), Action::Accept) => {
            return crate::app::overlays::insert_form_actions::accept(model);
        }
        (Overlay::CellEditor(e), Action::Edit(edit)) => e.edit(&edit),
        (Overlay::CellEditor(e), Action::OverlayNull) => e.special = Some(Cell::null()),
        (Overlay::CellEditor(e), Action::OverlayDefault) => e.special = Some(Cell::Default),
        (Overlay::InsertForm(f), Action::Edit(edit)) => f.edit(&edit),
        (Overlay::InsertForm(f), Action::OverlayNull) => f.set(Choice::Null),
        (Overlay::InsertForm(f), Action::OverlayDefault) => f.set(Choice::Unset),
        (Overlay::InsertForm(f), Action::OverlayNext | Action::MoveDown) => f.move_by(1),
        (Overlay::InsertForm(f), Action::OverlayPrev | Action::MoveUp) => f.move_by(-1),
        _ => {}
    }
    vec![]
}
