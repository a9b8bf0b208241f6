//! The course beside the workbench: the lesson, what the last step did, what to do now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::Model;
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let lines: Vec<Line> = crate::app::course::lines(model)
        .into_iter()
        .map(|(role, text)| Line::styled(text, super::session::style(role)))
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(" Course · F8 ");
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}
