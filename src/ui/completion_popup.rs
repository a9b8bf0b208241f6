//! Completion candidates, drawn just below the editor's cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::{DataCursor, TextArea};
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::app::Model;
use crate::query::complete::CandidateKind;

const SHOWN: usize = 8;

pub fn render(
    frame: &mut Frame,
    editor_area: Rect,
    model: &Model,
    editor: &TextArea<'static>,
    (top, left): (usize, usize),
) {
    let Some(popup) = model.completion() else {
        return;
    };
    let inner = Block::new().borders(Borders::ALL).inner(editor_area);
    let DataCursor(row, col) = editor.cursor();
    let x = inner.x + col.saturating_sub(left).min(u16::MAX as usize) as u16;
    let y = inner.y + row.saturating_sub(top).min(u16::MAX as usize) as u16 + 1;
    let items = &popup.completion.candidates;
    let width = items
        .iter()
        .map(|c| c.text.width() + c.detail.width() + 6)
        .max()
        .unwrap_or(10)
        .min(60) as u16;
    let height = items.len().min(SHOWN) as u16 + 2;
    let area = frame.area();
    let rect = Rect {
        x: x.min(area.width.saturating_sub(width)),
        y: if y + height <= area.height {
            y
        } else {
            y.saturating_sub(height + 1)
        },
        width: width.min(area.width),
        height: height.min(area.height),
    };
    let first = popup.selected.saturating_sub(SHOWN - 1);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(SHOWN)
        .map(|(i, c)| {
            let icon = match c.kind {
                CandidateKind::Table => "▦ ",
                CandidateKind::View => "◫ ",
                CandidateKind::Column => "· ",
                CandidateKind::Keyword => "  ",
            };
            let line = Line::from(vec![
                Span::styled(icon, theme::dim()),
                Span::raw(c.text.clone()),
                Span::styled(format!("  {}", c.detail), theme::dim()),
            ]);
            // offered while typing, nothing is chosen until ↓ or Tab
            if i == popup.selected && !popup.auto {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
