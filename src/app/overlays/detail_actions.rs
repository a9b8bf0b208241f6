//! The detail view's actions: scrolling, tabs, closing.

use super::detail::DetailTab;
use crate::app::model::Model;
use crate::app::msg::{Action, Handled};

/// The detail view's keys: scrolling, tabs, closing. A change of tab goes on to the schema
/// as `ShowDetail` (a switch to DDL loads the server's own text); what is not for the view
/// goes on too.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let page = model.page_rows.max(1) as isize;
    let Some(view) = model.detail_mut() else {
        return Handled::Pass(action);
    };
    let lines = view.text.lines().count();
    let scroll =
        |v: usize, d: isize| (v as isize + d).clamp(0, lines.saturating_sub(1) as isize) as usize;
    match action {
        Action::MoveUp => view.scroll = scroll(view.scroll, -1),
        Action::MoveDown => view.scroll = scroll(view.scroll, 1),
        Action::PageUp => view.scroll = scroll(view.scroll, -page),
        Action::PageDown => view.scroll = scroll(view.scroll, page),
        Action::Home => view.scroll = 0,
        Action::End => view.scroll = scroll(0, lines as isize),
        Action::Cancel | Action::Dismiss => model.set_detail(None),
        Action::MoveLeft | Action::MoveRight => {
            let i = DetailTab::ALL
                .iter()
                .position(|t| *t == view.tab)
                .unwrap_or(0);
            let n = DetailTab::ALL.len();
            let next = match action {
                Action::MoveRight => (i + 1) % n,
                _ => (i + n - 1) % n,
            };
            return Handled::Pass(Action::ShowDetail(DetailTab::ALL[next]));
        }
        Action::ShowDetail(_) | Action::Quit => return Handled::Pass(action),
        // nothing acts underneath the view
        _ => {}
    }
    Handled::Done(vec![])
}
