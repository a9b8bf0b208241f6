//! The mouse: a click focuses a pane and picks a tree row or a grid cell; a double click opens
//! what was picked (a tree node, a cell's viewer); the wheel scrolls every list, the grid and
//! the editor; dragging a column's border in the grid makes it narrower or wider.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui_textarea::CursorMove;

use super::Workbench;
use crate::app::{Action, PaneId};
use crate::ui::hit::GridSpot;
use crate::ui::layout;

/// Rows a wheel step moves.
const WHEEL_ROWS: isize = 3;
/// Two clicks on one spot within this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

#[derive(Debug, Default)]
pub(super) struct MouseState {
    last_click: Option<(u16, u16, Instant)>,
    /// A grid column's border being dragged, and the x it was at last.
    dragging: Option<(usize, u16)>,
}

impl Workbench {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) {
        if self.model.detail().is_some() {
            match m.kind {
                MouseEventKind::ScrollUp => self.dispatch(Action::MoveUp),
                MouseEventKind::ScrollDown => self.dispatch(Action::MoveDown),
                MouseEventKind::Down(_) => self.dispatch(Action::Dismiss),
                _ => {}
            }
            return;
        }
        let hit = layout::arrange(self.size, &self.model).hit(m.column, m.row);
        match (m.kind, hit) {
            (MouseEventKind::Down(MouseButton::Left), Some(pane)) => {
                let double = self.is_double_click(m.column, m.row);
                self.dispatch(Action::Focus(pane));
                self.click(pane, m.column, m.row, double);
            }
            (MouseEventKind::Drag(MouseButton::Left), _) => {
                if let Some((col, last_x)) = self.mouse.dragging {
                    let delta = i32::from(m.column) - i32::from(last_x);
                    if delta != 0 {
                        self.dispatch(Action::ResizeColumnAt(col, delta as i16));
                        self.mouse.dragging = Some((col, m.column));
                    }
                }
            }
            (MouseEventKind::Up(_), _) => self.mouse.dragging = None,
            (MouseEventKind::ScrollUp | MouseEventKind::ScrollDown, Some(pane)) => {
                let delta = if m.kind == MouseEventKind::ScrollUp {
                    -WHEEL_ROWS
                } else {
                    WHEEL_ROWS
                };
                self.wheel(pane, delta);
            }
            _ => {}
        }
    }

    fn is_double_click(&mut self, x: u16, y: u16) -> bool {
        let now = Instant::now();
        let double = self.mouse.last_click.is_some_and(|(lx, ly, at)| {
            lx == x && ly == y && now.duration_since(at) < DOUBLE_CLICK
        });
        // a third click starts again
        self.mouse.last_click = if double { None } else { Some((x, y, now)) };
        double
    }

    fn click(&mut self, pane: PaneId, x: u16, y: u16, double: bool) {
        match pane {
            // the first click picked it (and the frame since may have scrolled the grid, so
            // the second opens what the first picked)
            PaneId::Schema if double => self.dispatch(Action::Activate),
            PaneId::Results if double => self.dispatch(Action::ViewCell),
            PaneId::Schema => {
                if let Some(row) = self.hits.tree_row(x, y) {
                    self.dispatch(Action::SelectTreeRow(row));
                }
            }
            PaneId::Results => match self.hits.grid_spot(x, y) {
                Some(GridSpot::Cell { row, col }) => {
                    self.dispatch(Action::SelectCell { row, col });
                }
                Some(GridSpot::Border { col }) => self.mouse.dragging = Some((col, x)),
                Some(GridSpot::Header { col }) => {
                    let row = self.model.cursors.results_row;
                    self.dispatch(Action::SelectCell { row, col });
                }
                None => {}
            },
            _ => {}
        }
    }

    fn wheel(&mut self, pane: PaneId, delta: isize) {
        if pane == PaneId::Editor {
            let step = if delta < 0 {
                CursorMove::Up
            } else {
                CursorMove::Down
            };
            for _ in 0..delta.unsigned_abs() {
                self.editor.move_cursor(step);
            }
            return;
        }
        self.dispatch(Action::Focus(pane));
        self.dispatch(Action::ScrollBy(delta));
    }
}
