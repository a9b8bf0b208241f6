//! The viewer's actions: scrolling, closing.

use crate::app::model::Model;
use crate::app::msg::{Action, Handled};

/// The viewer's keys: it scrolls, closes, or quits; it takes every other action too.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let page = model.viewer_rows;
    let Some(view) = model.viewer_mut() else {
        return Handled::Pass(action);
    };
    let lines = view.rows.len().max(1);
    match action {
        Action::MoveUp => view.scroll = view.scroll.saturating_sub(1),
        Action::MoveDown => view.scroll = (view.scroll + 1).min(lines - 1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::PageDown => view.scroll = (view.scroll + page).min(lines - 1),
        Action::Home => view.scroll = 0,
        Action::End => view.scroll = lines.saturating_sub(page.max(1)),
        Action::Cancel | Action::Dismiss | Action::ViewCell => model.set_viewer(None),
        Action::Quit => return Handled::Pass(action),
        _ => {}
    }
    Handled::Done(vec![])
}
