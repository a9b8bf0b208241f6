//! The help overlay, generated from the keymap so that it cannot drift.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

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
        Scope::Overlay => 5,
    });
    out
}

pub fn render(frame: &mut Frame, area: Rect) {
    let entries = help_lines();
    let key_width = entries
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .max()
        .unwrap_or(10);
    let help_width = entries
        .iter()
        .map(|(_, h, _)| h.chars().count())
        .max()
        .unwrap_or(30);
    let mut lines = Vec::new();
    let mut last_scope = None;
    for (keys, help, scope) in &entries {
        if last_scope != Some(*scope) {
            if last_scope.is_some() {
                lines.push(Line::raw(""));
            }
            let heading = match scope {
                Scope::Global => "Everywhere",
                Scope::Panes => "In the panes (not the editor)",
                Scope::Schema => "In the schema tree",
                Scope::Results => "In the results",
                Scope::Session => "In the Session pane",
                Scope::Overlay => "In the cell editor and the insert form",
            };
            lines.push(Line::styled(heading, theme::header()));
            last_scope = Some(*scope);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}  "), theme::accent()),
            Span::raw(*help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click a pane to focus it.  Esc or F1 closes.",
        theme::dim(),
    ));
    // one column when it fits, else two side by side
    let column_width = (key_width + help_width + 5) as u16;
    let columns = if lines.len() as u16 + 2 <= area.height {
        1
    } else {
        2
    };
    let per_column = lines.len().div_ceil(columns);
    let popup = layout::centered(
        area,
        column_width * columns as u16 + 2,
        per_column as u16 + 2,
    );
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(" Keys ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    for (i, chunk) in lines.chunks(per_column).enumerate() {
        let x = inner.x + column_width * i as u16;
        let rect = Rect {
            x,
            width: column_width.min(inner.right().saturating_sub(x)),
            ..inner
        };
        frame.render_widget(Paragraph::new(chunk.to_vec()), rect);
    }
}
