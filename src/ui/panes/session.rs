//! The session pane: staged inserts, edits and deletes will be listed here (the Session
//! capability). Until then it says what the session is and that nothing is staged.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let focused = model.focus == PaneId::Session;
    let block = pane_block(PaneId::Session, focused, None);
    let lines = vec![
        Line::raw("new 0 · dirty 0 · deleted 0"),
        Line::styled("Nothing staged: the unit of work is empty.", theme::dim()),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
