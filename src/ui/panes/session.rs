//! The Session pane: the staged changes grouped as new / dirty / deleted with the flush plan's
//! SQL, or (t) the teaching view of the same session as SQLAlchemy calls and object states.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::pane_block;
use crate::app::model::SessionTab;
use crate::app::session::view::{self as session_view, Role};
use crate::app::{Model, PaneId};
use crate::ui::theme;

pub(super) fn style(role: Role) -> Style {
    match role {
        Role::Heading => theme::header(),
        Role::New => theme::staged_new(),
        Role::Dirty => theme::staged_dirty(),
        Role::Deleted => theme::danger(),
        Role::Failed => theme::danger(),
        Role::Sql => theme::accent(),
        Role::Note => theme::dim(),
        Role::Plain => Style::new(),
    }
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let focused = model.focus == PaneId::Session;
    let tx = match model.session.tx_since {
        Some(t) if model.transaction.is_open() => {
            format!("· transaction open {}s ", t.elapsed().as_secs())
        }
        _ => String::new(),
    };
    let tab = match model.session.tab {
        SessionTab::Changes => "changes · t",
        SessionTab::Teaching => "SQLAlchemy · t",
    };
    let busy = if model.session.busy {
        " · sending…"
    } else {
        ""
    };
    let block = pane_block(PaneId::Session, focused, Some(format!("{tab} {tx}{busy}")));
    let (lines, cursor_line) = match model.session.tab {
        SessionTab::Changes => session_view::changes(model),
        SessionTab::Teaching => (crate::app::session::teaching::teaching(model), None),
    };
    let mut lines: Vec<Line> = lines
        .into_iter()
        .map(|(role, text)| Line::styled(text, style(role)))
        .collect();
    if let Some(error) = &model.session.journal_error {
        lines.insert(0, Line::styled(format!("⚠ {error}"), theme::danger()));
    }
    let height = area.height.saturating_sub(2) as usize;
    let scroll = match cursor_line {
        Some(at) if focused => {
            if let Some(l) = lines.get_mut(at) {
                *l = l.clone().patch_style(theme::selected());
            }
            at.saturating_sub(height.saturating_sub(2))
        }
        _ => 0,
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0))
            .block(block),
        area,
    );
}
