//! Where the last frame drew what the mouse can point at: the tree's rows and the grid's rows,
//! cells and column borders. The panes write it while drawing; the mouse reads it.

use std::cell::RefCell;

use ratatui::layout::Rect;

#[derive(Debug, Clone, Default)]
pub struct TreeHit {
    /// The rows' area (inside the border, without the filter line).
    pub area: Rect,
    /// The index of the row drawn first.
    pub top: usize,
    pub rows: usize,
}

#[derive(Debug, Clone, Default)]
pub struct GridHit {
    pub header_y: u16,
    /// The last line of rows (exclusive).
    pub end_y: u16,
    /// The row drawn first under the header, and how many rows there are.
    pub top: usize,
    pub rows: usize,
    /// Each visible column: its first x, its end (exclusive, where its border starts), index.
    pub columns: Vec<(u16, u16, usize)>,
}

/// A cell of the grid, or a column's border (to drag), under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridSpot {
    Cell { row: usize, col: usize },
    Border { col: usize },
    Header { col: usize },
}

#[derive(Debug, Default)]
pub struct HitMap {
    pub tree: RefCell<Option<TreeHit>>,
    pub grid: RefCell<Option<GridHit>>,
}

impl HitMap {
    pub fn clear(&self) {
        *self.tree.borrow_mut() = None;
        *self.grid.borrow_mut() = None;
    }

    /// The tree row at (x, y).
    pub fn tree_row(&self, x: u16, y: u16) -> Option<usize> {
        let t = self.tree.borrow();
        let t = t.as_ref()?;
        let inside = x >= t.area.x
            && x < t.area.x + t.area.width
            && y >= t.area.y
            && y < t.area.y + t.area.height;
        let i = t.top + usize::from(y.checked_sub(t.area.y)?);
        (inside && i < t.rows).then_some(i)
    }

    pub fn grid_spot(&self, x: u16, y: u16) -> Option<GridSpot> {
        let g = self.grid.borrow();
        let g = g.as_ref()?;
        if y < g.header_y || y >= g.end_y {
            return None;
        }
        for &(x0, x1, col) in &g.columns {
            // the border "│" sits one cell after the column, in its " │ " separator
            if (x1..x1 + 3).contains(&x) {
                return Some(GridSpot::Border { col });
            }
            if (x0..x1).contains(&x) {
                if y == g.header_y {
                    return Some(GridSpot::Header { col });
                }
                let row = g.top + usize::from(y - g.header_y - 1);
                return (row < g.rows).then_some(GridSpot::Cell { row, col });
            }
        }
        None
    }
}
