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
        let top = u16::try_from(model.cursors.engine_top).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .scroll((top, 0)),
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

/// Characters of a statement a line shows, and values.
const SHOWN_CHARS: usize = 400;
const SHOWN_PARAMS: usize = 20;

/// The statement on one line, its runs of white space made one space, cut at `most`
/// characters (with … when cut).
fn one_line(sql: &str, most: usize) -> String {
    let mut out = String::with_capacity(most.min(sql.len()) + 3);
    let mut count = 0;
    for word in sql.split_whitespace() {
        if count >= most {
            out.push('…');
            return out;
        }
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        for ch in word.chars() {
            if count >= most {
                out.push('…');
                return out;
            }
            out.push(ch);
            count += 1;
        }
    }
    out
}

fn clock(e: &EchoEntry) -> String {
    let secs =
        e.at.duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
    format!(
        "{:02}:{:02}:{:02} ",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// A connection's life (connect, checkout, checkin, invalidate): not a statement, so no
/// mark of success, rows or figures but a connect's time.
fn pool_line(e: &EchoEntry) -> Line<'static> {
    let took = match e.duration.is_zero() {
        true => String::new(),
        false => format!("  · {:.1} ms", e.duration.as_secs_f64() * 1000.0),
    };
    Line::from(vec![
        Span::styled(clock(e), theme::dim()),
        Span::styled("◦ ", theme::dim()),
        Span::styled(format!("pool {}", e.sql), theme::dim().italic()),
        Span::styled(took, theme::dim()),
    ])
}

/// A statement of the Session's flush that should have matched a row and matched none.
fn matched_nothing(e: &EchoEntry) -> bool {
    let verb = e.sql.trim_start().get(..6).unwrap_or("");
    e.origin == Origin::Session
        && e.rows == Some(0)
        && (verb.eq_ignore_ascii_case("update") || verb.eq_ignore_ascii_case("delete"))
}

pub fn entry_line(e: &EchoEntry) -> Line<'static> {
    if e.origin == Origin::Pool {
        return pool_line(e);
    }
    let clock = clock(e);
    let ms = e.duration.as_secs_f64() * 1000.0;
    let mut stats = format!("  · {ms:.1} ms");
    match e.rows {
        Some(1) => stats.push_str(" · 1 row"),
        Some(r) => stats.push_str(&format!(" · {r} rows")),
        None => {}
    }
    let (mark, style) = match &e.outcome {
        // a flush's UPDATE or DELETE that matched no row: it ran, and the flush failed on it
        Outcome::Ok if matched_nothing(e) => {
            stats.push_str(" · matched no row");
            ("! ", theme::warning())
        }
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
    // a line shows a screen's width at most: a batch's 10,000 placeholders and values are
    // not joined on every frame
    let mut sql = one_line(&e.sql, SHOWN_CHARS);
    if !e.params.is_empty() {
        let shown: Vec<&str> = e
            .params
            .iter()
            .take(SHOWN_PARAMS)
            .map(String::as_str)
            .collect();
        sql.push_str(&format!("  -- [{}", shown.join(", ")));
        if e.params.len() > SHOWN_PARAMS {
            sql.push_str(&format!(", … {} values in all", e.params.len()));
        }
        sql.push(']');
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

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_statement_is_one_line_cut_at_what_a_screen_shows() {
        assert_eq!(one_line("select  1\n  from t", 400), "select 1 from t");
        assert_eq!(one_line("select 1 from t", 8), "select 1…");
        let many = format!(
            "delete from t where id in ({})",
            vec!["?"; 10_000].join(", ")
        );
        assert_eq!(one_line(&many, 400).chars().count(), 401);
    }
}
