//! The help overlay, generated from the keymap so that it cannot drift.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::editor_keys::{EditorMode, help_lines as editor_lines};
use super::keymap::{Scope, active, key_label};
use super::{layout, theme};

/// One line per command: all keys that do it, and what it does.
pub fn help_lines() -> Vec<(String, &'static str, Scope)> {
    let mut out: Vec<(String, &'static str, Scope)> = Vec::new();
    for b in active().iter() {
        let label = key_label(b);
        match out
            .iter_mut()
            .find(|(_, help, scope)| *help == b.help && *scope == b.scope)
        {
            Some(entry) => {
                entry.0.push_str(" / ");
                entry.0.push_str(&label);
            }
            None => out.push((label, b.help, b.scope)),
        }
    }
    // Global bindings first, then the panes', then the tree's (a stable sort keeps the order).
    out.sort_by_key(|(_, _, scope)| match scope {
        Scope::Global => 0,
        Scope::Panes => 1,
        Scope::Schema => 2,
        Scope::Results => 3,
        Scope::Session => 4,
        Scope::Echo => 5,
        Scope::Overlay => 6,
        Scope::Popup => 7,
        Scope::Prompt => 8,
    });
    out
}

/// The keys, the editor's in `mode` among them.
pub fn render(frame: &mut Frame, area: Rect, scroll: usize, mode: EditorMode) {
    let entries = help_lines();
    let editor = editor_lines(mode);
    let widest = |f: fn(&(String, &str, Scope)) -> usize| entries.iter().map(f).max();
    let editor_keys = editor.1.iter().map(|(k, _)| k.chars().count()).max();
    let editor_help = editor.1.iter().map(|(_, h)| h.chars().count()).max();
    let key_width = widest(|(k, _, _)| k.chars().count())
        .max(editor_keys)
        .unwrap_or(10);
    let help_width = widest(|(_, h, _)| h.chars().count())
        .max(editor_help)
        .unwrap_or(30);
    let lines = help_text(&entries, editor, key_width);
    // as many columns side by side as the terminal has room for; what still does not fit
    // scrolls (↑/↓, PgUp/PgDn), every column together
    let column_width = (key_width + help_width + 5) as u16;
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let fit = usize::from(area.width.saturating_sub(2) / column_width.max(1)).max(1);
    let columns = lines.len().div_ceil(rows).clamp(1, fit);
    let per_column = lines.len().div_ceil(columns);
    let shown_rows = per_column.min(rows);
    let scroll = scroll.min(per_column - shown_rows);
    let popup = layout::centered(
        area,
        column_width * columns as u16 + 2,
        shown_rows as u16 + 2,
    );
    frame.render_widget(Clear, popup);
    let title = if per_column > shown_rows {
        format!(
            " Keys · ↑/↓ scroll · {}/{} ",
            scroll + shown_rows,
            per_column
        )
    } else {
        " Keys ".to_string()
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    for (i, chunk) in lines.chunks(per_column).enumerate() {
        let x = inner.x + column_width * i as u16;
        let rect = Rect {
            x,
            width: column_width.min(inner.right().saturating_sub(x)),
            ..inner
        };
        let visible: Vec<Line> = chunk
            .iter()
            .skip(scroll)
            .take(shown_rows)
            .cloned()
            .collect();
        frame.render_widget(Paragraph::new(visible), rect);
    }
}

type EditorLines = (&'static str, &'static [(&'static str, &'static str)]);

/// One key's line: its keys, what it does.
fn key_line(keys: &str, help: &str, key_width: usize) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {keys:<key_width$}  "), theme::accent()),
        Span::raw(help.to_string()),
    ])
}

/// The bindings under a heading per scope (the editor's keys after the panes'), then
/// the mouse.
fn help_text(
    entries: &[(String, &str, Scope)],
    (heading_text, editor): EditorLines,
    key_width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut last_scope = None;
    let mut editor_shown = false;
    for (keys, help, scope) in entries {
        if last_scope != Some(*scope) {
            if last_scope.is_some() {
                lines.push(Line::raw(""));
            }
            if !editor_shown && !matches!(scope, Scope::Global | Scope::Panes) {
                editor_shown = true;
                lines.push(Line::styled(heading_text, theme::header()));
                lines.extend(editor.iter().map(|(k, h)| key_line(k, h, key_width)));
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(heading(*scope), theme::header()));
            last_scope = Some(*scope);
        }
        lines.push(key_line(keys, help, key_width));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Typed lines (a cell, a field, a filter, a search, a path) edit as readline's: ←/→, \
         Home/End or Ctrl-A/E, Alt-B/F by words, Delete, Ctrl-W, Ctrl-K, Ctrl-U.",
        theme::dim(),
    ));
    lines.push(Line::styled(
        "Mouse: click to focus and pick, double-click opens, the wheel scrolls, drag a \
         column's border.  Esc or F1 closes.",
        theme::dim(),
    ));
    lines
}

fn heading(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere",
        Scope::Panes => "In the panes (not the editor)",
        Scope::Schema => "In the schema tree",
        Scope::Results => "In the results",
        Scope::Session => "In the Session pane",
        Scope::Echo => "In the echo log",
        Scope::Overlay => "In the cell editor and the insert form",
        Scope::Popup => "In pop-up lists and typed filters",
        Scope::Prompt => "When asked",
    }
}
