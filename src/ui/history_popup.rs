//! The history popup: executed statements of this connection, newest first, searched as you type.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::{layout, theme};
use crate::app::Model;
use crate::query::connection_files::search;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(popup) = model.history_popup() else {
        return;
    };
    let rect = layout::centered(
        area,
        area.width.saturating_sub(8).max(40),
        area.height.saturating_sub(4).max(8),
    );
    frame.render_widget(Clear, rect);
    let found = search(&model.history, &popup.query);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(
            format!(" History · {} of {} ", found.len(), model.history.len()),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            " type to search · ↑/↓ · Enter runs again (a redacted one opens to edit) · Tab edits · Esc closes ",
            theme::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![Line::from(vec![
        Span::styled("search: ", theme::accent()),
        Span::raw(popup.query.with_cursor()),
    ])];
    let height = inner.height.saturating_sub(1) as usize;
    let top = popup.selected.saturating_sub(height.saturating_sub(1));
    for (i, e) in found.iter().enumerate().skip(top).take(height) {
        let secs = e.at;
        let clock = format!(
            "{:02}:{:02}:{:02}",
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60
        );
        let rows = e.rows.map(|r| format!(" · {r} rows")).unwrap_or_default();
        let outcome_style = if e.outcome == "ok" {
            theme::ok()
        } else {
            theme::danger()
        };
        let sql: String = e.sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = Line::from(vec![
            Span::styled(
                format!("{clock} {:>7} ms{rows} ", e.duration_ms),
                theme::dim(),
            ),
            Span::styled(if e.outcome == "ok" { "✓ " } else { "✗ " }, outcome_style),
            Span::raw(sql),
        ]);
        lines.push(if i == popup.selected {
            line.style(theme::selected())
        } else {
            line
        });
    }
    if found.is_empty() {
        let said = match model.history.is_empty() {
            true => "nothing yet: statements you run appear here",
            false => "no statement matches",
        };
        lines.push(Line::styled(said, theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
