//! The connection picker: search as you type, ↑/↓, Enter switches, Esc closes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::{layout, theme};
use crate::app::overlays::picker::{ConnectionPicker, PasswordPrompt};

pub fn render(frame: &mut Frame, area: Rect, picker: &ConnectionPicker) {
    let rect = layout::centered(
        area,
        area.width.saturating_sub(8).clamp(30, 100),
        area.height.saturating_sub(4).clamp(6, 24),
    );
    frame.render_widget(Clear, rect);
    let found = picker.found();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(
            format!(" Open a connection · {} ", found.len()),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            " type to search · ↑/↓ · Enter switches · Ctrl-N new · Ctrl-E edit · Ctrl-D delete · Esc ",
            theme::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // a configured connection's name the query begins: the rest in dim, Tab takes it
    let rest = (picker.completion())
        .map(|name| {
            name.chars()
                .skip(picker.query.chars().count())
                .collect::<String>()
        })
        .map(|rest| format!("{rest}  (Tab completes)"))
        .unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled("search: ", theme::accent()),
        Span::raw(format!("{}▏", picker.shown_query())),
        Span::styled(rest, theme::dim()),
    ])];
    let height = inner.height.saturating_sub(1) as usize;
    let top = picker.selected.saturating_sub(height.saturating_sub(1));
    let label_width = found
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(8);
    for (i, e) in found.iter().enumerate().skip(top).take(height) {
        let pad = label_width.saturating_sub(e.label.chars().count());
        let line = Line::from(vec![
            Span::raw(format!("{}{}  ", e.label, " ".repeat(pad))),
            Span::styled(e.detail.clone(), theme::dim()),
        ]);
        lines.push(if i == picker.selected {
            line.style(theme::selected())
        } else {
            line
        });
    }
    match picker.typed_target() {
        Some(typed) => lines.push(Line::styled(
            format!("Enter opens {}", typed.detail),
            theme::accent(),
        )),
        None if found.is_empty() => lines.push(Line::styled("nothing matches", theme::dim())),
        None => {}
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The password a connection asked for: dots for what is typed, never the text.
pub fn password(frame: &mut Frame, area: Rect, prompt: &PasswordPrompt) {
    let rect = layout::centered(area, area.width.saturating_sub(8).clamp(30, 80), 6);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(" Password ", theme::title(true)))
        .title_bottom(Line::styled(
            " Enter connects · Esc gives up · it is not stored ",
            theme::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let dots = "•".repeat(prompt.typed.chars().count());
    let lines = vec![
        Line::raw(prompt.label.clone()),
        Line::from(vec![
            Span::styled("password: ", theme::accent()),
            Span::raw(format!("{dots}▏")),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

/// Where the export goes: the path, editable; Enter writes, Esc gives up.
pub fn export(
    frame: &mut Frame,
    area: Rect,
    prompt: &crate::app::overlays::export_prompt::ExportPrompt,
) {
    let rect = layout::centered(area, area.width.saturating_sub(8).clamp(30, 100), 6);
    frame.render_widget(Clear, rect);
    let what = match prompt.format {
        crate::query::format::Format::Json => "JSON",
        crate::query::format::Format::Tsv => "TSV",
        _ => "CSV",
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme::border(true))
        .title(Line::styled(
            format!(" Export to {what} "),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            " Enter writes (a new file only) · Esc gives up · ~/ is your home ",
            theme::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let line = Line::from(vec![
        Span::styled("file: ", theme::accent()),
        Span::raw(prompt.path.with_cursor()),
    ]);
    frame.render_widget(
        Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}
