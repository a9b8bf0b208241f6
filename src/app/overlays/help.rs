//! The help overlay: it scrolls when it does not fit (drawing clamps the scroll), and closes
//! on its own key, Esc or Ctrl-C.

use crate::app::model::{Model, Overlay};
use crate::app::msg::{Action, Handled};

/// Lines a page of help scrolls.
const PAGE: usize = 10;

pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let scroll = &mut model.help_scroll;
    match action {
        Action::MoveDown => *scroll += 1,
        Action::MoveUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += PAGE,
        Action::PageUp => *scroll = scroll.saturating_sub(PAGE),
        Action::Home => *scroll = 0,
        Action::ToggleHelp | Action::Dismiss | Action::Cancel | Action::Interrupt => {
            model.overlay = Overlay::None
        }
        Action::Quit => return Handled::Pass(action),
        _ => {}
    }
    Handled::Done(vec![])
}
