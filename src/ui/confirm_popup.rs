//! The question retort asks before it acts ("Run this? y/N", quit, discard the journal…):
//! whatever the terminal's size, the line with the keys stays in sight at the bottom of the
//! box, and the question above it is wrapped and, when it cannot fit, cut with "…".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{layout, theme};
use crate::app::model::{ConfirmThen, PendingConfirm};

/// The line that says which key answers what.
fn keys_line(then: &ConfirmThen) -> &'static str {
    match then {
        ConfirmThen::Quit => "Quit anyway?  y = yes   n / Esc = no",
        ConfirmThen::CancelThenQuit => {
            "Cancel it and quit?  y = cancel, then quit   n / Esc = stay"
        }
        ConfirmThen::Run(_) => "Run it?  y = yes   n / Esc = no",
        ConfirmThen::Rollback => "Roll back?  y = yes   n / Esc = no",
        ConfirmThen::DiscardJournal => "Discard them?  y = discard   n / Esc = keep them",
        ConfirmThen::Switch(_) => "Switch?  y = yes   n / Esc = no",
        ConfirmThen::SendInDoubt { .. } => {
            "Send them again?  y = send   n / Esc = keep them staged"
        }
        ConfirmThen::Predict => "Your prediction?  y = yes   n = no",
        ConfirmThen::ResetDemo => "Put them back?  y = yes   n / Esc = go on as it is",
        ConfirmThen::DeleteConnection(..) => "Delete it?  y = delete   n / Esc = keep it",
    }
}

/// `text` in lines of at most `width` cells, broken at spaces (a longer word is broken where
/// it must); the spaces inside a line are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = match line.is_empty() {
            true => word.width(),
            false => line.width() + 1 + word.width(),
        };
        if joined <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.trim_end().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        line = String::new();
        for ch in word.chars() {
            if line.width() + ch.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(ch);
        }
    }
    if !line.trim_end().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The first `rows` of `lines`: when some are left out, the blank ones go first, then the
/// last shown line ends with "…" (cut to make room for it).
fn fit(mut lines: Vec<(String, Style)>, rows: usize, width: usize) -> Vec<(String, Style)> {
    if lines.len() <= rows {
        return lines;
    }
    lines.retain(|(text, _)| !text.is_empty());
    if lines.len() <= rows {
        return lines;
    }
    lines.truncate(rows);
    if let Some((last, _)) = lines.last_mut() {
        while !last.is_empty() && last.width() + 1 > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// "Run this? y/N" and the other questions, over the whole screen.
pub fn render(frame: &mut Frame, area: Rect, pending: &PendingConfirm) {
    // a statement is shown by its first line; a sentence is shown whole, wrapped
    let culprit: String = match pending.then {
        ConfirmThen::Run(_) => (pending.culprit.lines().next().unwrap_or(""))
            .chars()
            .take(70)
            .collect(),
        _ => pending.culprit.clone(),
    };
    let reason = format!("{}.", pending.reason.trim_end_matches('.'));
    let width = area.width.saturating_sub(4).clamp(30, 90).min(area.width);
    let inner = width.saturating_sub(2).max(1) as usize;
    let keys = wrap(keys_line(&pending.then), inner);
    let mut body: Vec<(String, Style)> = Vec::new();
    body.extend(
        wrap(&reason, inner)
            .into_iter()
            .map(|l| (l, theme::warning())),
    );
    body.push((String::new(), Style::new()));
    body.extend(wrap(&culprit, inner).into_iter().map(|l| (l, Style::new())));
    body.push((String::new(), Style::new()));
    let wanted = (body.len() + keys.len() + 2) as u16;
    let popup = layout::centered(area, width, wanted.min(area.height));
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::danger())
        .title(" Confirm ");
    let room = block.inner(popup);
    frame.render_widget(block, popup);
    // the keys first: the bottom rows are theirs, the question has what is left
    let keys_rows = keys.len().min(room.height as usize) as u16;
    let body_rows = room.height - keys_rows;
    let to_line = |(text, style): (String, Style)| Line::styled(text, style);
    let keys_area = Rect::new(room.x, room.y + body_rows, room.width, keys_rows);
    let keys: Vec<Line> = (keys.into_iter())
        .map(|k| to_line((k, theme::header())))
        .collect();
    frame.render_widget(Paragraph::new(keys), keys_area);
    let body = fit(body, body_rows as usize, inner);
    let body_area = Rect::new(room.x, room.y, room.width, body_rows);
    frame.render_widget(
        Paragraph::new(body.into_iter().map(to_line).collect::<Vec<_>>()),
        body_area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_them_inside_a_line() {
        assert_eq!(
            wrap("Discard them?  y = discard   n / Esc = keep them", 28),
            ["Discard them?  y = discard", "n / Esc = keep them"]
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn what_does_not_fit_is_cut_with_an_ellipsis() {
        let plain = |s: &str| (s.to_string(), Style::new());
        let lines = vec![plain("one"), plain(""), plain("two three"), plain("four")];
        let texts = |v: Vec<(String, Style)>| v.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(
            texts(fit(lines.clone(), 4, 9)),
            ["one", "", "two three", "four"]
        );
        assert_eq!(
            texts(fit(lines.clone(), 3, 9)),
            ["one", "two three", "four"]
        );
        assert_eq!(texts(fit(lines, 2, 9)), ["one", "two thre…"]);
    }
}
