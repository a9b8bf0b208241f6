//! The overlays: the one modal thing on screen takes the keys first. Each has its own state
//! and file; the keys of the cell editor, the insert form and the detail view are here.

pub mod confirm;
pub mod detail;
pub mod insert_form;
pub mod picker;
pub mod viewer;

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Action, Command};
use crate::app::overlays::confirm::quit;
use crate::app::overlays::detail::DetailTab;
use crate::app::schema::actions as tree;
use crate::app::session::edit as session;
use crate::session::Cell;

/// Keys of the cell editor and the insert form.
pub(super) fn overlay_action(model: &mut Model, action: Action) -> Vec<Command> {
    use crate::app::overlays::insert_form::Choice;
    match (&mut model.overlay, action) {
        (Overlay::InsertForm(f), Action::CloseOverlay | Action::Cancel) if f.picker.is_some() => {
            f.picker = None
        }
        (_, Action::CloseOverlay | Action::Cancel) => model.overlay = Overlay::None,
        (Overlay::InsertForm(_), Action::OverlayPick) => {
            return crate::app::overlays::insert_form::open_picker(model);
        }
        // the picker belongs to the insert form: the cell editor says so instead of nothing
        (Overlay::CellEditor(e), Action::OverlayPick) => {
            e.error = Some(
                "Ctrl-P picks a foreign key's row in the insert form (a): here, type the key"
                    .into(),
            );
        }
        (_, Action::Quit) => return quit(model),
        (Overlay::CellEditor(_), Action::OverlayAccept) => return session::accept_cell(model),
        (Overlay::InsertForm(_), Action::OverlayAccept) => {
            return crate::app::overlays::insert_form::accept(model);
        }
        (Overlay::CellEditor(e), Action::OverlayInput(c)) => {
            if e.special.take().is_some() {
                e.text.clear();
            }
            e.text.push(c);
            e.error = None;
        }
        (Overlay::CellEditor(e), Action::OverlayPaste(t)) => {
            e.special = None;
            e.text.push_str(&t);
        }
        (Overlay::CellEditor(e), Action::OverlayBackspace) => {
            // on NULL or DEFAULT, Backspace goes back to the text
            let text = e.special.take().is_none();
            e.text.truncate(if text {
                e.text.char_indices().last().map_or(0, |(i, _)| i)
            } else {
                e.text.len()
            });
        }
        (Overlay::CellEditor(e), Action::OverlayNull) => e.special = Some(Cell::null()),
        (Overlay::CellEditor(e), Action::OverlayClear) => {
            e.special = None;
            e.text.clear();
        }
        (Overlay::InsertForm(f), Action::OverlayClear) => f.clear(),
        (Overlay::CellEditor(e), Action::OverlayDefault) => e.special = Some(Cell::Default),
        (Overlay::InsertForm(f), Action::OverlayInput(c)) => f.input(c),
        (Overlay::InsertForm(f), Action::OverlayPaste(t)) => f.paste(&t),
        (Overlay::InsertForm(f), Action::OverlayBackspace) => f.backspace(),
        (Overlay::InsertForm(f), Action::OverlayNull) => f.set(Choice::Null),
        (Overlay::InsertForm(f), Action::OverlayDefault) => f.set(Choice::Unset),
        (Overlay::InsertForm(f), Action::OverlayNext | Action::MoveDown) => f.move_by(1),
        (Overlay::InsertForm(f), Action::OverlayPrev | Action::MoveUp) => f.move_by(-1),
        _ => {}
    }
    vec![]
}

/// Keys while the detail view is open: scrolling, tabs, closing. True when handled here.
/// The detail view's keys: None when the action is not for it, else the commands it needs (a
/// tab switch to DDL loads the server's own text).
pub(super) fn detail_action(model: &mut Model, action: &Action) -> Option<Vec<Command>> {
    let page = model.page_rows.max(1);
    let view = model.detail_mut()?;
    let lines = view.text.lines().count();
    let scroll =
        |v: usize, d: isize| (v as isize + d).clamp(0, lines.saturating_sub(1) as isize) as usize;
    match action {
        Action::MoveUp => view.scroll = scroll(view.scroll, -1),
        Action::MoveDown => view.scroll = scroll(view.scroll, 1),
        Action::PageUp => view.scroll = scroll(view.scroll, -(page as isize)),
        Action::PageDown => view.scroll = scroll(view.scroll, page as isize),
        Action::Home => view.scroll = 0,
        Action::End => view.scroll = scroll(0, lines as isize),
        Action::Cancel | Action::CloseDetail | Action::CloseOverlay => model.set_detail(None),
        Action::MoveLeft | Action::MoveRight => {
            let i = DetailTab::ALL
                .iter()
                .position(|t| *t == view.tab)
                .unwrap_or(0);
            let n = DetailTab::ALL.len();
            let next = if matches!(action, Action::MoveRight) {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            let tab = DetailTab::ALL[next];
            return Some(tree::show_detail(model, tab));
        }
        Action::ShowDetail(tab) => return Some(tree::show_detail(model, *tab)),
        _ => return None,
    }
    Some(vec![])
}
