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
    if model.engine_view {
        let lines: Vec<Line> = crate::app::engine_view::lines(model)
            .into_iter()
            .map(|(role, text)| Line::styled(text, super::session::style(role)))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        return;
    }
    let height = inner.height as usize;
    let end = model.echo.len().saturating_sub(model.cursors.echo_back);
    let start = end.saturating_sub(height);
    let lines: Vec<Line> = model.echo[start..end].iter().map(entry_line).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn entry_line(e: &EchoEntry) -> Line<'static> {
    let secs =
        e.at.duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
    let clock = format!(
        "{:02}:{:02}:{:02} ",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    );
    let ms = e.duration.as_secs_f64() * 1000.0;
    let mut stats = format!("  · {ms:.1} ms");
    match e.rows {
        Some(1) => stats.push_str(" · 1 row"),
        Some(r) => stats.push_str(&format!(" · {r} rows")),
        None => {}
    }
    let (mark, style) = match &e.outcome {
        Outcome::Ok => ("✓ ", theme::ok()),
        Outcome::Failed(_) => ("✗ ", theme::danger()),
        Outcome::Cancelled => ("⊘ ", theme::warning()),
    };
    if let Outcome::Failed(msg) = &e.outcome {
        stats.push_str(&format!(" · {}", msg.lines().next().unwrap_or("")));
    }
    let sql_style = if e.origin == Origin::Internal {
        theme::dim()
    } else {
        ratatui::style::Style::new()
    };
    let mut sql: String = e.sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if !e.params.is_empty() {
        sql.push_str(&format!("  -- [{}]", e.params.join(", ")));
    }
    let notices: String = e.notices.iter().map(|n| format!(" · {n}")).collect();
    // the statement first: in a narrow pane it matters more than the figures
    Line::from(vec![
        Span::styled(clock, theme::dim()),
        Span::styled(mark, style),
        Span::styled(sql, sql_style),
        Span::styled(stats, theme::dim()),
        Span::styled(notices, theme::warning()),
    ])
}
