//! The course beside the workbench: the lesson, what the last step did, what to do now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::Model;
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let lines: Vec<Line> = crate::app::course::lines(model)
        .into_iter()
        .map(|(role, text)| Line::styled(text, super::session::style(role)))
        .collect();
    // too long for the place it has: the end (what to do now) stays in sight
    let (width, height) = (
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2),
    );
    let wrapped: usize = (lines.iter())
        .map(|l| wrapped_rows(&l.to_string(), width as usize))
        .sum();
    let hidden = wrapped.saturating_sub(height as usize);
    let title = match hidden {
        0 => " Course · F8 ".to_string(),
        n => format!(" Course · F8 · ↑ {n} lines above: a taller or wider terminal shows them "),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(title);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(hidden).unwrap_or(u16::MAX), 0))
            .block(block),
        area,
    );
}

/// Rows a line takes when wrapped at words to `width` (as the paragraph wraps it, near enough:
/// never fewer).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let (mut rows, mut used) = (1, 0);
    for word in text.split(' ') {
        let w = word.chars().count();
        if used > 0 && used + 1 + w <= width {
            used += 1 + w;
            continue;
        }
        if used > 0 {
            rows += 1;
        }
        // a word longer than the line is broken over rows of its own
        let extra = w.saturating_sub(1) / width;
        rows += extra;
        used = w - extra * width;
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_wraps_at_words() {
        assert_eq!(super::wrapped_rows("", 10), 1);
        assert_eq!(super::wrapped_rows("aaaa bbbb", 10), 1);
        assert_eq!(super::wrapped_rows("aaaa bbbb cc", 10), 2);
        assert_eq!(super::wrapped_rows("aaaaaaaaaaaaaaa", 10), 2);
    }
}
