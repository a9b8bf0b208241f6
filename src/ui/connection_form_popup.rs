//! The picker's form for a configured connection: name, URL (a password typed in it is shown
//! as *** and never written), read-only; Tab moves, Enter saves, Esc goes back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::{layout, theme};
use crate::app::overlays::connection_form::ConnectionForm;
use crate::engine::url::redact_url_text;

pub fn render(frame: &mut Frame, area: Rect, form: &ConnectionForm) {
    let rect = layout::centered(area, area.width.saturating_sub(8).clamp(30, 100), 10);
    frame.render_widget(Clear, rect);
    let title = match &form.editing {
        Some(name) => format!(" Edit the connection {name} "),
        None => " New connection ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(title, theme::title(true)))
        .title_bottom(Line::styled(
            " Tab next field · y/n read-only · Enter saves to config.toml · Esc back ",
            theme::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let read_only = match form.read_only {
        true => "yes",
        false => "no",
    };
    let mut lines = vec![
        field(form, 0, "name:      ", form.name.as_str().to_string()),
        field(form, 1, "URL:       ", redact_url_text(form.url.as_str())),
        field(form, 2, "read-only: ", read_only.to_string()),
        Line::styled(
            "no password here: password_command, ~/.pgpass or a prompt give it",
            theme::dim(),
        ),
    ];
    if form.saving {
        lines.push(Line::styled("saving…", theme::accent()));
    }
    if let Some(why) = &form.error {
        lines.push(Line::styled(format!("not saved: {why}"), theme::warning()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// One field: its label, its text, the cursor when it has the keys.
fn field(form: &ConnectionForm, index: usize, label: &str, text: String) -> Line<'static> {
    let focused = form.field == index;
    let cursor = if focused { "▏" } else { "" };
    let line = Line::from(vec![
        Span::styled(label.to_string(), theme::accent()),
        Span::raw(format!("{text}{cursor}")),
    ]);
    match focused {
        true => line.style(theme::selected()),
        false => line,
    }
}
