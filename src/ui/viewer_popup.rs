//! A cell or a row shown in full, over the editor and results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::theme;
use crate::app::Model;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(view) = &model.viewer else { return };
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(
            format!(" {} ", view.title),
            theme::title(true),
        ))
        .title_bottom(Line::styled(" ↑/↓ scroll · Esc close ", theme::dim()));
    let lines: Vec<Line> = view
        .text
        .lines()
        .skip(view.scroll)
        .map(|l| Line::raw(l.to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}
