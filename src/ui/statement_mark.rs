//! Which statement F5 will send, shown before it is sent: a bar in the editor's left border
//! along the rows of the statement under the cursor. The buffer is split again only when its
//! text changes; a cursor that moves only picks among the statements already found.

use std::cell::RefCell;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::{DataCursor, TextArea};

use super::theme;
use crate::engine::EngineKind;
use crate::query::split::{Statement, editor_statements, pick};

/// The glyph drawn over the left border beside the statement's rows.
pub const BAR: &str = "▐";

#[derive(Default)]
pub struct StatementMark {
    found: RefCell<Option<Found>>,
}

/// The statements of one text, and the rows the one under one cursor covers.
struct Found {
    lines: Vec<String>,
    engine: EngineKind,
    /// Where each line starts in the text joined with newlines.
    line_starts: Vec<usize>,
    statements: Vec<Statement>,
    cursor: (usize, usize),
    rows: Option<Range<usize>>,
}

impl Found {
    fn new(editor: &TextArea<'static>, engine: EngineKind) -> Found {
        let lines = editor.lines().to_vec();
        let line_starts = lines
            .iter()
            .scan(0, |at, line| {
                let start = *at;
                *at += line.len() + 1;
                Some(start)
            })
            .collect();
        let statements = editor_statements(&lines.join("\n"), engine);
        Found {
            lines,
            engine,
            line_starts,
            statements,
            cursor: (usize::MAX, 0),
            rows: None,
        }
    }

    fn holds(&self, editor: &TextArea<'static>, engine: EngineKind) -> bool {
        self.engine == engine && self.lines == editor.lines()
    }

    /// The rows (end not included) of the statement under the cursor at (row, char column).
    fn rows_at(&self, (row, col): (usize, usize)) -> Option<Range<usize>> {
        let line = self.lines.get(row)?;
        let in_line = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
        let st = pick(&self.statements, self.line_starts[row] + in_line)?;
        let row_of = |offset: usize| self.line_starts.partition_point(|s| *s <= offset) - 1;
        Some(row_of(st.start)..row_of(st.after.max(st.start + 1) - 1) + 1)
    }
}

impl StatementMark {
    /// The rows (end not included) of the statement F5 sends from the editor's cursor.
    pub fn rows(&self, editor: &TextArea<'static>, engine: EngineKind) -> Option<Range<usize>> {
        let mut found = self.found.borrow_mut();
        if !found.as_ref().is_some_and(|f| f.holds(editor, engine)) {
            *found = Some(Found::new(editor, engine));
        }
        let found = found.as_mut()?;
        let DataCursor(row, col) = editor.cursor();
        if found.cursor != (row, col) {
            found.rows = found.rows_at((row, col));
            found.cursor = (row, col);
        }
        found.rows.clone()
    }
}

/// Draws the bar on the left border (`border_x`) beside the visible rows of `rows`; `text` is
/// the area the editor's lines are drawn in, its first row showing line `top`.
pub fn draw(
    buf: &mut Buffer,
    border_x: u16,
    text: Rect,
    top: usize,
    rows: Range<usize>,
    focused: bool,
) {
    let style = match focused {
        true => theme::accent(),
        false => theme::dim(),
    };
    let visible = top..top + text.height as usize;
    for row in rows.start.max(visible.start)..rows.end.min(visible.end) {
        let y = text.y + (row - top) as u16;
        if let Some(cell) = buf.cell_mut((border_x, y)) {
            cell.set_symbol(BAR).set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str], cursor: (u16, u16)) -> Option<Range<usize>> {
        let mut editor = TextArea::from(lines.iter().copied());
        editor.move_cursor(ratatui_textarea::CursorMove::Jump(cursor.0, cursor.1));
        StatementMark::default().rows(&editor, EngineKind::Sqlite)
    }

    #[test]
    fn the_rows_of_the_statement_under_the_cursor() {
        let delete = [
            "delete from log where id > 0",
            "",
            "  and id = 2;",
            "select 1",
        ];
        assert_eq!(rows(&delete, (0, 0)), Some(0..3));
        assert_eq!(rows(&delete, (3, 2)), Some(3..4));
        // on the blank line between two statements: the one above
        let two = ["select 1", "", "select 2"];
        assert_eq!(rows(&two, (1, 0)), Some(0..1));
        assert_eq!(rows(&two, (2, 0)), Some(2..3));
        assert_eq!(rows(&["", "  "], (0, 0)), None);
    }

    #[test]
    fn a_changed_text_or_cursor_is_read_again() {
        let mut editor = TextArea::from(["select 1", "", "select 2"]);
        let mark = StatementMark::default();
        assert_eq!(mark.rows(&editor, EngineKind::Sqlite), Some(0..1));
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        assert_eq!(mark.rows(&editor, EngineKind::Sqlite), Some(2..3));
        // a continuation typed after the blank line: the statement grows
        editor.move_cursor(ratatui_textarea::CursorMove::Head);
        editor.insert_str("and 1 = 1 ");
        assert_eq!(mark.rows(&editor, EngineKind::Sqlite), Some(0..3));
    }
}
