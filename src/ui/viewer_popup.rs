//! A cell or a row shown in full, over the editor and results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::theme;
use crate::app::Model;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(view) = model.viewer() else { return };
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(
            format!(" {} ", view.title),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            format!(
                " ↑/↓ PgUp/PgDn Home/End scroll · row {} of {} · Esc close ",
                (view.scroll + 1).min(view.rows.len()),
                view.rows.len()
            ),
            theme::dim(),
        ));
    let height = block.inner(area).height as usize;
    // the rows were wrapped to this width when the view opened or the terminal changed
    let lines: Vec<Line> = (view.scroll..view.scroll + height)
        .map_while(|i| view.row(i))
        .map(|l| Line::raw(l.replace('\t', "    ")))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
