//! The help overlay, generated from the keymap so that it cannot drift.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::keymap::{BINDINGS, Scope, key_label};
use super::{layout, theme};

/// One line per command: all keys that do it, and what it does.
pub fn help_lines() -> Vec<(String, &'static str, Scope)> {
    let mut out: Vec<(String, &'static str, Scope)> = Vec::new();
    for b in BINDINGS {
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
    let mut lines = vec![Line::styled("Everywhere", theme::header())];
    let mut last_scope = Scope::Global;
    for (keys, help, scope) in &entries {
        if *scope != last_scope {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "In the panes (not the editor)",
                theme::header(),
            ));
            last_scope = *scope;
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
    let width = (key_width + 50) as u16;
    let popup = layout::centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(" Keys ");
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
