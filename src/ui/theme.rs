//! Semantic styles: panes ask for a role, not a colour.

use ratatui::style::{Color, Modifier, Style};

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn title(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::Gray)
    }
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn null() -> Style {
    Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::ITALIC)
}

pub fn danger() -> Style {
    Style::new().fg(Color::Red)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn status_bar() -> Style {
    Style::new().bg(Color::Rgb(30, 30, 46)).fg(Color::Gray)
}

pub fn accent() -> Style {
    Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD)
}

pub fn current_cell() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// Rows marked for copying.
pub fn marked() -> Style {
    Style::new().bg(Color::Rgb(40, 60, 90))
}

/// Text selected in the editor.
pub fn editor_selection() -> Style {
    Style::new().bg(Color::Rgb(60, 70, 100))
}

/// A staged new row (the marker `+` says it without colour).
pub fn staged_new() -> Style {
    Style::new().fg(Color::Green)
}

/// A staged changed cell (marked `~`).
pub fn staged_dirty() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// A row staged for deletion (marked `-`, crossed out).
pub fn staged_deleted() -> Style {
    Style::new()
        .fg(Color::Red)
        .add_modifier(Modifier::CROSSED_OUT)
}
