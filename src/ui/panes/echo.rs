//! The echo log pane: every statement retort sent, newest at the bottom.

use std::time::UNIX_EPOCH;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::engine::{EchoEntry, Origin, Outcome};
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let focused = model.focus == PaneId::Echo;
    let block = pane_block(PaneId::Echo, focused, Some(format!("{}", model.echo.len())));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let end = model.echo.len().saturating_sub(model.cursors.echo_back);
    let start = end.saturating_sub(height);
    let lines: Vec<Line> = model.echo[start..end].iter().map(entry_line).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn entry_line(e: &EchoEntry) -> Line<'static> {
    let secs = e.at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let clock = format!("{:02}:{:02}:{:02} ", secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let ms = e.duration.as_secs_f64() * 1000.0;
    let timing = format!("{ms:>8.1} ms ");
    let rows = match e.rows {
        Some(r) => format!("{r:>6} rows "),
        None => "           ".to_string(),
    };
    let (mark, style) = match &e.outcome {
        Outcome::Ok => ("✓ ", theme::ok()),
        Outcome::Failed(_) => ("✗ ", theme::danger()),
        Outcome::Cancelled => ("⊘ ", theme::warning()),
    };
    let sql_style = if e.origin == Origin::Internal { theme::dim() } else { ratatui::style::Style::new() };
    let mut sql: String = e.sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if !e.params.is_empty() {
        sql.push_str(&format!("  -- [{}]", e.params.join(", ")));
    }
    Line::from(vec![
        Span::styled(clock, theme::dim()),
        Span::styled(mark, style),
        Span::styled(timing, theme::dim()),
        Span::styled(rows, theme::dim()),
        Span::styled(sql, sql_style),
    ])
}
