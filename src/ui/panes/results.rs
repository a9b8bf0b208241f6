//! The result grid: only the visible rows and columns are formatted and drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::engine::ValueRef;
use crate::query::classify::command_tag;
use crate::query::result::{ResultSet, ResultState};
use crate::ui::theme;

use super::grid_layout::{first_shown, grouped, staged_width};

/// Rows read to fit a column's width to its values.
const SAMPLE_ROWS: usize = 100;
pub use super::cell_text::NULL_MARK;
use super::cell_text::{cell_text, pad};
const MAX_COL_WIDTH: usize = 40;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, hits: &crate::ui::hit::HitMap) {
    let focused = model.focus == PaneId::Results;
    // where the cursor is, as a reader of a long result wants to know (row 1,234 of 1,000,000)
    let extra = model.result().map(|r| match r.len() {
        0 => "0 rows".to_string(),
        1 => "1 row".to_string(),
        n => format!(
            "row {} of {} rows",
            grouped(model.cursors.results_row.min(n - 1) + 1),
            grouped(n)
        ),
    });
    let block = pane_block(PaneId::Results, focused, extra);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(line) = filter_line(model)
        && inner.height > 2
    {
        let bottom = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(line), bottom);
        inner.height -= 1;
    }
    if model.results.len() > 1 && inner.height > 2 {
        frame.render_widget(
            Paragraph::new(tab_strip(model, inner.width as usize)),
            Rect { height: 1, ..inner },
        );
        inner.y += 1;
        inner.height -= 1;
    }
    let Some(result) = model.result() else {
        let hint = "Type SQL in the editor and press F5 to run the statement under the cursor.";
        // what could not be used at start (configuration, theme, keys), each in full
        let mut lines: Vec<Line> = model
            .startup_problems
            .iter()
            .map(|p| Line::styled(format!("⚠ {p}"), theme::warning()))
            .collect();
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(hint, theme::dim()));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    };
    match &result.state {
        ResultState::Failed(e) => {
            // one Line per line of the message: a Line would drop its newlines and run
            // "[23505]" and "DETAIL:" together
            let mut lines: Vec<Line> = format!("ERROR: {e}")
                .lines()
                .map(|l| Line::styled(l.to_string(), theme::danger()))
                .collect();
            if let Some((line, col)) = e.line_and_column(&result.sql) {
                lines.push(Line::styled(
                    format!("at line {line}, column {col}"),
                    theme::dim(),
                ));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        ResultState::Done(s) if !s.has_result || result.columns.is_empty() => {
            let ms = s.duration.as_secs_f64() * 1000.0;
            let text = if s.has_result {
                let n = s.rows_returned;
                format!(
                    "({n} row{} with no columns, {ms:.1} ms)",
                    if n == 1 { "" } else { "s" }
                )
            } else {
                let tag = s
                    .tag
                    .clone()
                    .unwrap_or_else(|| command_tag(&result.sql, s.rows_affected));
                format!("{tag}  ({} rows affected, {ms:.1} ms)", s.rows_affected)
            };
            let mut lines = vec![Line::styled(text, theme::ok())];
            lines.extend(
                s.notices
                    .iter()
                    .map(|n| Line::styled(n.clone(), theme::warning())),
            );
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        _ if result.columns.is_empty() => {
            let text = match result.state {
                ResultState::Cancelled => "Cancelled.",
                _ => "Running…",
            };
            frame.render_widget(Paragraph::new(Line::styled(text, theme::dim())), inner);
        }
        _ => render_grid(frame, inner, result, model, hits),
    }
}

/// The row filter being typed, or the one applied with its count.
fn filter_line(model: &Model) -> Option<Line<'static>> {
    let r = model.result()?;
    let (text, typing) = match &model.row_filter {
        Some(t) => (t.to_string(), true),
        None if !r.spec.filter.is_empty() => (r.spec.filter.clone(), false),
        None => return None,
    };
    let count = if typing {
        String::new()
    } else {
        format!("  {} of {} rows", r.len(), r.fetched())
    };
    Some(Line::from(vec![
        Span::styled("/", theme::accent()),
        Span::raw(format!("{text}{}", if typing { "▏" } else { "" })),
        Span::styled(count, theme::dim()),
    ]))
}

/// A last line saying why the rows stop short: a cap, or a cancel.
fn grid_footer(result: &ResultSet) -> Option<Line<'static>> {
    if result.capped {
        let cap = match (result.limits.max_rows, result.limits.max_bytes) {
            (Some(r), _) if result.fetched() as u64 >= r => format!("{r}-row cap"),
            (_, Some(b)) => format!("{} MB memory budget", b / (1024 * 1024)),
            _ => "cap".into(),
        };
        let text = if result.cap_ran_on {
            format!(
                "first {} rows held: the {cap} stopped holding rows; the statement may write, so \
                 it was not cancelled: it ran to its end and the rows past the cap were dropped",
                result.len()
            )
        } else {
            format!(
                "first {} rows: the {cap} stopped the fetch and cancelled it on the server · \
                 Shift-M fetches more",
                result.len()
            )
        };
        return Some(Line::styled(text, theme::warning()));
    }
    matches!(result.state, ResultState::Cancelled).then(|| {
        Line::styled(
            "Cancelled: the rows above arrived before the cancel.",
            theme::warning(),
        )
    })
}

/// One tab per statement of the last run: its number, first words and how it ended. Scrolled
/// so that the active tab is always in view (‹ marks tabs hidden on the left).
fn tab_strip(model: &Model, width: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let tabs: Vec<(String, ratatui::style::Style)> = model
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let words: String = r
                .sql
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let mark = match r.state {
                ResultState::Streaming => "…",
                ResultState::Done(_) => "",
                ResultState::Failed(_) => " ✗",
                ResultState::Cancelled => " ⊘",
            };
            let style = if i == model.active_result {
                theme::selected()
            } else {
                theme::dim()
            };
            (format!(" {} {words}{mark} ", i + 1), style)
        })
        .collect();
    const HINT: &str = " [ ] switch";
    // the hint goes where the tabs leave room; the tabs themselves must fit
    let room = width.saturating_sub(2);
    let active = model.active_result.min(tabs.len().saturating_sub(1));
    let mut start = 0;
    while start < active
        && tabs[start..=active]
            .iter()
            .map(|(t, _)| t.width() + 1)
            .sum::<usize>()
            > room
    {
        start += 1;
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("‹ ", theme::dim()));
    }
    for (text, style) in tabs.into_iter().skip(start) {
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(HINT, theme::dim()));
    Line::from(spans)
}

fn render_grid(
    frame: &mut Frame,
    area: Rect,
    result: &ResultSet,
    model: &Model,
    hits: &crate::ui::hit::HitMap,
) {
    if area.height == 0 {
        return;
    }
    let cols = result.columns.len();
    let footer = grid_footer(result);
    let body_rows = area.height.saturating_sub(1 + footer.is_some() as u16) as usize;
    let cursor = model.cursors.results_row;
    let top = cursor.saturating_sub(body_rows.saturating_sub(1));
    // widths from the header, a fixed sample of rows and the rows on screen, never narrower
    // than what this result has shown before (so numbers far down are not cut to "99…"):
    // constant work at any result size
    let mut seen = result.widths_seen.borrow_mut();
    seen.resize(cols, 0);
    let visible = top..(top + body_rows).min(result.len());
    // staged changes: a gutter marks the row (+ ~ -, not only colour), a changed cell shows
    // its new value, as wide as it is
    let staged = crate::app::session::edit::StagedView::of(model);
    let shown = staged.as_ref().map_or(result.len(), |s| s.shown_len());
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            let sample = (0..result.len().min(SAMPLE_ROWS))
                .chain(visible.clone())
                .filter_map(|r| result.cell(r, c))
                .map(|v| cell_text(v).width())
                .max()
                .unwrap_or(0)
                .max(seen[c])
                .max(
                    staged
                        .as_ref()
                        .map_or(0, |s| staged_width(s, c, top..(top + body_rows).min(shown))),
                );
            seen[c] = sample;
            let fitted = sample
                .max(
                    result.columns[c].name.width()
                        + usize::from(result.spec.sort.is_some_and(|(sc, _)| sc == c)),
                )
                .clamp(1, MAX_COL_WIDTH);
            let delta = model.cursors.col_delta.get(&c).copied().unwrap_or(0) as isize;
            (fitted as isize + delta).clamp(1, 200) as usize
        })
        .collect();
    drop(seen);
    let mut lines = Vec::with_capacity(body_rows + 1);
    let mut header = Vec::new();
    let room = (area.width as usize).saturating_sub(if staged.is_some() { 2 } else { 0 });
    let first_col = first_shown(&widths, model.cursors.results_col, room);
    if staged.is_some() {
        header.push(Span::raw("  "));
    }
    for (c, w) in widths.iter().enumerate().skip(first_col) {
        let name = match result.spec.sort {
            Some((sc, desc)) if sc == c => {
                format!("{}{}", result.columns[c].name, if desc { "▼" } else { "▲" })
            }
            _ => result.columns[c].name.clone(),
        };
        header.push(Span::styled(pad(&name, *w, false), theme::header()));
        header.push(Span::styled(" │ ", theme::dim()));
    }
    lines.push(Line::from(header));
    // where each visible column went, for the mouse
    let mut x = area.x + if staged.is_some() { 2 } else { 0 };
    let mut columns = Vec::new();
    for (c, w) in widths.iter().enumerate().skip(first_col) {
        if x >= area.x + area.width {
            break;
        }
        let end = (x as usize + w).min(u16::MAX as usize) as u16;
        columns.push((x, end, c));
        x = end.saturating_add(3);
    }
    *hits.grid.borrow_mut() = Some(crate::ui::hit::GridHit {
        header_y: area.y,
        end_y: area.y + 1 + (top + body_rows).min(shown).saturating_sub(top) as u16,
        top,
        rows: shown,
        columns,
    });
    for r in top..(top + body_rows).min(shown) {
        let mut spans = Vec::new();
        let change = staged.as_ref().and_then(|s| s.change(r));
        if let Some(new) = staged.as_ref().and_then(|s| s.new_row(r)) {
            // a pending insert: its staged values, the rest left to the server
            spans.push(Span::styled("+ ", theme::staged_new()));
            for (c, w) in widths.iter().enumerate().skip(first_col) {
                let col = staged.as_ref().and_then(|s| s.column(c)).unwrap_or("");
                let (text, style) = match new.staged(col) {
                    Some(crate::session::Cell::Value(v)) if v.is_null() => {
                        ("∅ NULL".to_string(), theme::null())
                    }
                    Some(crate::session::Cell::Value(v)) => {
                        (cell_text(v.as_ref()), theme::staged_new())
                    }
                    Some(crate::session::Cell::Default) | None => {
                        ("(default)".to_string(), theme::dim())
                    }
                };
                spans.push(Span::styled(pad(&text, *w, false), style));
                spans.push(Span::styled(" │ ", theme::dim()));
            }
            let line = Line::from(spans);
            lines.push(if r == cursor && model.focus == PaneId::Results {
                line.style(theme::selected())
            } else {
                line
            });
            continue;
        }
        if staged.is_some() {
            let (mark, style) = match change {
                Some(c) if c.is_delete() => ("- ", theme::staged_deleted()),
                // a row a flushed insert made, read back in the open transaction
                Some(c) if c.is_insert() => ("+ ", theme::staged_new()),
                Some(_) => ("~ ", theme::staged_dirty()),
                None => ("  ", Style::new()),
            };
            spans.push(Span::styled(mark, style));
        }
        for (c, w) in widths.iter().enumerate().skip(first_col) {
            let v = result.cell(r, c).unwrap_or(ValueRef::Null);
            let new = change.filter(|ch| !ch.is_insert()).and_then(|ch| {
                let col = staged.as_ref()?.column(c)?;
                ch.staged(col)
            });
            let (text, style, right) = match new {
                Some(cell) => (
                    match cell {
                        crate::session::Cell::Value(nv) if nv.is_null() => "∅ NULL".to_string(),
                        crate::session::Cell::Value(nv) => cell_text(nv.as_ref()),
                        crate::session::Cell::Default => "DEFAULT".to_string(),
                    },
                    theme::staged_dirty(),
                    v.kind().is_numeric(),
                ),
                None if change.is_some_and(|ch| ch.is_delete()) => {
                    (cell_text(v), theme::staged_deleted(), v.kind().is_numeric())
                }
                None => (
                    cell_text(v),
                    if v.is_null() {
                        theme::null()
                    } else if v.kind().is_numeric() {
                        theme::number()
                    } else {
                        Style::new()
                    },
                    v.kind().is_numeric(),
                ),
            };
            spans.push(Span::styled(pad(&text, *w, right), style));
            spans.push(Span::styled(" │ ", theme::dim()));
        }
        if r == cursor
            && model.focus == PaneId::Results
            && let Some(first) = spans.get_mut(usize::from(staged.is_some()))
        {
            // the current cell: the first visible column of the current row
            first.style = first.style.patch(theme::current_cell());
        }
        let line = Line::from(spans);
        let marked = model
            .selected_rows()
            .is_some_and(|(a, b)| (a..=b).contains(&r));
        lines.push(if r == cursor && model.focus == PaneId::Results {
            line.style(theme::selected())
        } else if marked {
            line.style(theme::marked())
        } else {
            line
        });
    }
    if let Some(footer) = footer {
        lines.truncate(area.height.saturating_sub(1) as usize);
        lines.push(footer);
    }
    frame.render_widget(Paragraph::new(lines), area);
}
