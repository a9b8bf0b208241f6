//! The cell editor and the insert form, drawn over the workbench.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{layout, theme};
use crate::app::overlays::cell_editor::CellEdit;
use crate::app::overlays::insert_form::{Choice, InsertForm};
use crate::session::Cell;

const KEYS: &str =
    "Enter stages · Ctrl-N NULL · Ctrl-D DEFAULT · Ctrl-U clears · F4 $EDITOR · Esc closes";

pub fn cell_editor(frame: &mut Frame, area: Rect, edit: &CellEdit) {
    let value = match &edit.special {
        Some(Cell::Default) => Span::styled("DEFAULT", theme::accent()),
        Some(_) => Span::styled("∅ NULL", theme::null()),
        None => Span::raw(edit.text.with_cursor()),
    };
    let mut lines = vec![
        Line::styled(
            format!(
                "was: {}",
                edit.original.chars().take(200).collect::<String>()
            ),
            theme::dim(),
        ),
        Line::from(vec![Span::styled("new: ", theme::header()), value]),
    ];
    if let Some(e) = &edit.error {
        lines.push(Line::styled(format!("✗ {e}"), theme::danger()));
    }
    lines.push(Line::styled(KEYS, theme::dim()));
    let popup = layout::centered(area, 80, 8);
    frame.render_widget(Clear, popup);
    let block = Block::new().borders(Borders::ALL).title(format!(
        " Edit {}.{} ({}) ",
        edit.table.name, edit.column, edit.data_type
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}

pub fn insert_form(frame: &mut Frame, area: Rect, form: &InsertForm) {
    let name_width = form
        .fields
        .iter()
        .map(|f| f.column.chars().count())
        .max()
        .unwrap_or(4)
        .min(30);
    let mut lines = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let selected = i == form.selected;
        let value_style = match (f.choice, &f.locked) {
            (_, Some(_)) | (Choice::Unset, _) => theme::dim(),
            (Choice::Null, _) => theme::null(),
            (Choice::Text, _) => theme::staged_new(),
        };
        let typing = selected && f.locked.is_none() && f.choice == Choice::Text;
        let value = match typing && f.picked.is_none() {
            true => f.text.with_cursor(),
            false if typing => format!("{}▏", f.shown()),
            false => f.shown(),
        };
        let mut spans = vec![
            Span::styled(
                format!(
                    "{} {:<name_width$} ",
                    if selected { "›" } else { " " },
                    f.column
                ),
                if selected {
                    theme::selected()
                } else {
                    theme::header()
                },
            ),
            Span::styled(
                format!("{:<18} ", f.data_type.chars().take(18).collect::<String>()),
                theme::dim(),
            ),
            Span::styled(value, value_style),
        ];
        if let Some(r) = &f.references {
            spans.push(Span::styled(format!("  {r}"), theme::dim()));
        }
        lines.push(Line::from(spans));
    }
    if let Some(e) = &form.error {
        lines.push(Line::styled(format!("✗ {e}"), theme::danger()));
    }
    lines.push(Line::styled(
        "Tab/↓ next · Enter stages the row · Ctrl-N NULL · Ctrl-D leave to the server · Esc",
        theme::dim(),
    ));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = layout::centered(area, 90, height);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" New row of {} ", form.table.name));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
    if let Some(p) = &form.picker {
        picker(frame, popup, p);
    }
}

fn picker(frame: &mut Frame, over: Rect, p: &crate::app::overlays::insert_form::Picker) {
    let area = Rect {
        x: over.x + 4,
        y: over.y + 1,
        width: over.width.saturating_sub(8).min(70),
        height: over.height.saturating_sub(1).max(8),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("find: ", theme::header()),
        Span::raw(p.query.with_cursor()),
    ])];
    match &p.rows {
        None => lines.push(Line::styled("reading the rows…", theme::dim())),
        Some(_) => {
            let shown = p.shown();
            let room = area.height.saturating_sub(4) as usize;
            let top = p.selected.saturating_sub(room.saturating_sub(1));
            for (i, (key, label)) in shown.iter().enumerate().skip(top).take(room) {
                let style = if i == p.selected {
                    theme::selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::styled(format!("{key:>8}  {label}"), style));
            }
            if shown.is_empty() {
                lines.push(Line::styled("no row matches", theme::dim()));
            }
        }
    }
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" Pick {} · Enter picks · Esc ", p.title));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
