//! The result grid: only the visible rows and columns are formatted and drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::query::classify::command_tag;
use crate::query::result::{ResultSet, ResultState};
use crate::ui::theme;

use super::grid_layout::{first_shown, grouped, staged_width};
use super::grid_rows::GridFrame;

/// Rows read to fit a column's width to its values.
const SAMPLE_ROWS: usize = 100;
pub use super::cell_text::NULL_MARK;
use super::cell_text::cell_text;
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
    // rows read in a transaction since rolled back may show what was undone
    let extra = match model.results_stale {
        true => Some(format!(
            "{} · STALE: read in a transaction since rolled back, F5 reads again",
            extra.unwrap_or_default()
        )),
        false => extra,
    };
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
        frame.render_widget(
            Paragraph::new(no_result(model)).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    };
    let lines = match &result.state {
        ResultState::Failed(e) => failure(e, &result.sql),
        ResultState::Done(s) if !s.has_result || result.columns.is_empty() => {
            ended_without_rows(s, &result.sql)
        }
        ResultState::Cancelled if result.columns.is_empty() => {
            vec![Line::styled("Cancelled.", theme::dim())]
        }
        _ if result.columns.is_empty() => vec![Line::styled("Running…", theme::dim())],
        _ => return render_grid(frame, inner, result, model, hits),
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// Before the first result: what could not be used at start (configuration, theme, keys), each
/// in full, and how to run a statement.
fn no_result(model: &Model) -> Vec<Line<'static>> {
    let hint = "Type SQL in the editor and press F5 to run the statement under the cursor.";
    let mut lines: Vec<Line> = (model.startup_problems.iter())
        .map(|p| Line::styled(format!("⚠ {p}"), theme::warning()))
        .collect();
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(hint, theme::dim()));
    lines
}

/// The server's error, one Line per line of its message (a Line would drop its newlines and
/// run "[23505]" and "DETAIL:" together), and where in the statement.
fn failure(e: &crate::engine::EngineError, sql: &str) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = format!("ERROR: {e}")
        .lines()
        .map(|l| Line::styled(l.to_string(), theme::danger()))
        .collect();
    if let Some((line, col)) = e.line_and_column(sql) {
        let at = format!("at line {line}, column {col}");
        lines.push(Line::styled(at, theme::dim()));
    }
    lines
}

/// A statement that returned no rows to show: its tag and the rows it affected, its notices.
fn ended_without_rows(s: &crate::engine::StatementSummary, sql: &str) -> Vec<Line<'static>> {
    let ms = s.duration.as_secs_f64() * 1000.0;
    let text = if s.has_result {
        let n = s.rows_returned;
        let plural = if n == 1 { "" } else { "s" };
        format!("({n} row{plural} with no columns, {ms:.1} ms)")
    } else if sql.starts_with('\\') {
        // a backslash command's answer in words: nothing ran on the server
        s.tag.clone().unwrap_or_default()
    } else {
        let tag = (s.tag.clone()).unwrap_or_else(|| command_tag(sql, s.rows_affected));
        let rows = match s.rows_affected {
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        };
        format!("{tag}  ({rows} affected, {ms:.1} ms)")
    };
    let mut lines = vec![Line::styled(text, theme::ok())];
    lines.extend((s.notices.iter()).map(|n| Line::styled(n.clone(), theme::warning())));
    lines
}

/// The row filter being typed, or the one applied with its count.
fn filter_line(model: &Model) -> Option<Line<'static>> {
    let r = model.result()?;
    let (text, typing) = match &model.row_filter {
        Some(t) => (t.with_cursor(), true),
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
        Span::raw(text),
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
    let footer = grid_footer(result);
    let body_rows = area.height.saturating_sub(1 + footer.is_some() as u16) as usize;
    let top = (model.cursors.results_row).saturating_sub(body_rows.saturating_sub(1));
    // staged changes: a gutter marks the row (+ ~ -, not only colour), a changed cell shows
    // its new value, as wide as it is
    let staged = crate::app::session::edit::StagedView::of(model);
    let shown = staged.as_ref().map_or(result.len(), |s| s.shown_len());
    let rows = top..(top + body_rows).min(shown);
    let widths = column_widths(result, model, staged.as_ref(), top..(top + body_rows));
    let gutter: u16 = if staged.is_some() { 2 } else { 0 };
    let room = (area.width as usize).saturating_sub(gutter as usize);
    let first_col = first_shown(&widths, model.cursors.results_col, room);
    let grid = GridFrame {
        result,
        model,
        staged,
        widths,
        first_col,
    };
    let mut lines = Vec::with_capacity(body_rows + 1);
    lines.push(grid.header());
    record_columns(hits, area, &grid, gutter, &rows, shown);
    lines.extend(rows.map(|r| grid.line(r)));
    if let Some(footer) = footer {
        lines.truncate(area.height.saturating_sub(1) as usize);
        lines.push(footer);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Each column's width: from the header, a fixed sample of rows, the rows on screen and their
/// staged values, never narrower than this result has shown before (so numbers far down are
/// not cut to "99…"), then as the user made it wider or narrower. Constant work at any size.
fn column_widths(
    result: &ResultSet,
    model: &Model,
    staged: Option<&crate::app::session::edit::StagedView>,
    on_screen: std::ops::Range<usize>,
) -> Vec<usize> {
    let mut seen = result.widths_seen.borrow_mut();
    seen.resize(result.columns.len(), 0);
    let visible = on_screen.start..on_screen.end.min(result.len());
    let staged_rows = on_screen.start..on_screen.end.min(staged.map_or(0, |s| s.shown_len()));
    (0..result.columns.len())
        .map(|c| {
            let sample = (0..result.len().min(SAMPLE_ROWS))
                .chain(visible.clone())
                .filter_map(|r| result.cell(r, c))
                .map(|v| cell_text(v).width())
                .max()
                .unwrap_or(0)
                .max(seen[c])
                .max(staged.map_or(0, |s| staged_width(s, c, staged_rows.clone())));
            seen[c] = sample;
            let sorted = usize::from(result.spec.sort.is_some_and(|(sc, _)| sc == c));
            let fitted = sample
                .max(result.columns[c].name.width() + sorted)
                .clamp(1, MAX_COL_WIDTH);
            let delta = model.cursors.col_delta.get(&c).copied().unwrap_or(0) as isize;
            (fitted as isize + delta).clamp(1, 200) as usize
        })
        .collect()
}

/// Where each visible column went, and which rows are on screen, for the mouse.
fn record_columns(
    hits: &crate::ui::hit::HitMap,
    area: Rect,
    grid: &GridFrame,
    gutter: u16,
    rows: &std::ops::Range<usize>,
    shown: usize,
) {
    let mut x = area.x + gutter;
    let mut columns = Vec::new();
    for (c, w) in grid.widths.iter().enumerate().skip(grid.first_col) {
        if x >= area.x + area.width {
            break;
        }
        let end = (x as usize + w).min(u16::MAX as usize) as u16;
        columns.push((x, end, c));
        x = end.saturating_add(3);
    }
    *hits.grid.borrow_mut() = Some(crate::ui::hit::GridHit {
        header_y: area.y,
        end_y: area.y + 1 + rows.len() as u16,
        top: rows.start,
        rows: shown,
        columns,
    });
}
