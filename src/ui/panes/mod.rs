//! The panes. Each is a pure function of the model (and the editor's buffer) to a region.

mod cell_text;
pub mod course;
pub mod echo;
pub mod editor;
mod grid_layout;
mod grid_rows;
pub mod results;
pub mod schema;
pub mod session;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use super::theme;
use crate::app::PaneId;

/// The framed block of a pane, with its title and the key that focuses it.
pub fn pane_block(pane: PaneId, focused: bool, extra: Option<String>) -> Block<'static> {
    let n = PaneId::ALL
        .iter()
        .position(|p| *p == pane)
        .map_or(0, |i| i + 1);
    let mut title = vec![
        Span::styled(format!(" {} ", pane.title()), theme::title(focused)),
        Span::styled(format!("Alt-{n} "), theme::dim()),
    ];
    if let Some(extra) = extra {
        title.push(Span::styled(format!("{extra} "), theme::dim()));
    }
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(theme::border(focused))
        .title(Line::from(title))
}
