//! The table detail view (Table · DDL · Model), drawn over the editor and results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::theme;
use crate::app::Model;
use crate::app::overlays::detail::DetailTab;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(view) = model.detail() else { return };
    frame.render_widget(Clear, area);
    let mut title = vec![Span::raw(" ")];
    for tab in DetailTab::ALL {
        let style = if tab == view.tab {
            theme::selected()
        } else {
            theme::dim()
        };
        title.push(Span::styled(format!(" {} ", tab.label()), style));
        title.push(Span::raw(" "));
    }
    title.push(Span::styled(
        format!("{}.{} ", view.schema, view.table),
        theme::title(true),
    ));
    if view.tab == DetailTab::Ddl {
        let from = if view.from_server {
            "from the server "
        } else {
            "reconstructed "
        };
        title.push(Span::styled(from, theme::dim()));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::from(title))
        .title_bottom(Line::styled(
            " ←/→ tab · ↑/↓ scroll · Esc close ",
            theme::dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = view
        .text
        .lines()
        .skip(view.scroll)
        .take(inner.height as usize)
        .map(|l| Line::raw(l.to_string()))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
