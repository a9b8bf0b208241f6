//! Draws the editor's visible lines itself (design.md §3: ratatui-textarea owns the buffer,
//! cursor, selection and undo; drawing is ours). Work per frame grows with the visible cells,
//! not with the buffer or the length of a line: a 1 MB line costs one walk to the cursor, and
//! a cursor past column 65,535 (where the textarea's own scroll stops) is still shown.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{DataCursor, TextArea};
use unicode_width::UnicodeWidthChar;

use super::highlight::SqlHighlighter;
use super::theme;

/// A stretch of the buffer: (row, char column) of its start and of its end (not included).
pub type Selection = ((usize, usize), (usize, usize));

/// The editor's view state: highlighting cache and scroll (top line, left display column).
#[derive(Default)]
pub struct EditorView {
    pub highlighter: SqlHighlighter,
    scroll: Cell<(usize, usize)>,
    /// The width last drawn at: a wider editor scrolls back left as far as the cursor's line
    /// allows.
    width: Cell<usize>,
    /// The editing keys in use, and what the title says of them (vi's `-- INSERT --`).
    pub mode: crate::config::EditorMode,
    pub label: Option<String>,
    /// vi's visual selection (start, end not included), drawn instead of the TextArea's; set
    /// before each frame.
    pub visual: Cell<Option<Selection>>,
    /// The rows of the statement F5 sends, found when the text or the cursor changes.
    pub statement: super::statement_mark::StatementMark,
}

const TAB: usize = 4;

fn char_width(ch: char, col: usize) -> usize {
    if ch == '\t' {
        TAB - col % TAB
    } else {
        ch.width().unwrap_or(0)
    }
}

/// Printable ASCII only: one byte, one char, one cell each, so positions need no walk.
fn is_simple(line: &str) -> bool {
    line.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The display column of char `col` in `line`.
fn display_col(line: &str, col: usize) -> usize {
    if is_simple(line) {
        return col.min(line.len());
    }
    let mut d = 0;
    for ch in line.chars().take(col) {
        d += char_width(ch, d);
    }
    d
}

/// The new first visible position so that `pos` (and `extent` cells from it) is in a window
/// of `size` starting at `top`.
fn follow(top: usize, pos: usize, extent: usize, size: usize) -> usize {
    let size = size.max(1);
    if pos < top {
        pos
    } else if pos + extent > top + size {
        (pos + extent).saturating_sub(size)
    } else {
        top
    }
}

impl EditorView {
    /// (top line, left display column) as last drawn.
    pub fn scroll(&self) -> (usize, usize) {
        self.scroll.get()
    }

    pub fn render(&self, buf: &mut Buffer, area: Rect, editor: &TextArea<'static>, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let cursor_style = if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        };
        if editor.is_empty() {
            placeholder(buf, area, editor, cursor_style);
            self.scroll.set((0, 0));
            return;
        }
        let lines = editor.lines();
        let DataCursor(row, col) = editor.cursor();
        let (height, width) = (area.height as usize, area.width as usize);
        let cursor_line = lines.get(row).map(String::as_str).unwrap_or("");
        let cursor_dcol = display_col(cursor_line, col);
        let cursor_extent = cursor_line
            .chars()
            .nth(col)
            .map_or(1, |c| char_width(c, cursor_dcol).max(1));
        let (top, mut left) = self.scroll.get();
        if self.width.replace(width) != width {
            // resized: no further right than showing the end of the cursor's line needs (none
            // at all when the whole line fits)
            let line_end = display_col(cursor_line, usize::MAX) + 1;
            left = left.min(line_end.saturating_sub(width));
        }
        let top = follow(top, row, 1, height);
        let left = follow(left, cursor_dcol, cursor_extent, width);
        self.scroll.set((top, left));
        let selection = self.visual.get().or_else(|| editor.selection_range());
        let selected = |r: usize, c: usize| {
            selection.is_some_and(|((r0, c0), (r1, c1))| (r, c) >= (r0, c0) && (r, c) < (r1, c1))
        };
        self.highlighter.for_rows(lines, top, height, |r, colours| {
            let y = area.y + (r - top) as u16;
            let mut tokens = colours.iter().peekable();
            let line = lines[r].as_str();
            // a plain line starts right at the left edge; others are walked from their start
            let skip = if is_simple(line) {
                left.min(line.len())
            } else {
                0
            };
            let (mut dcol, mut chars) = (skip, skip);
            for (rel, ch) in line[skip..].char_indices() {
                let byte = skip + rel;
                if dcol >= left + width {
                    break;
                }
                let w = char_width(ch, dcol);
                if dcol >= left && dcol + w <= left + width {
                    let mut style = Style::new();
                    while tokens.next_if(|(_, range)| range.end <= byte).is_some() {}
                    if let Some((colour, range)) = tokens.peek()
                        && range.contains(&byte)
                    {
                        style = style.fg(*colour);
                    }
                    if selected(r, chars) {
                        style = style.patch(theme::editor_selection());
                    }
                    if r == row && chars == col {
                        style = style.patch(cursor_style);
                    }
                    put(buf, (area.x + (dcol - left) as u16, y), ch, w, style);
                }
                dcol += w;
                chars += 1;
            }
            // the cursor after the last char of its line
            if r == row && chars <= col && dcol >= left && dcol < left + width {
                let x = area.x + (dcol - left) as u16;
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_char(' ').set_style(cursor_style);
                }
            }
        });
    }
}

/// An empty editor: its placeholder, dim, with the cursor on its first cell.
fn placeholder(buf: &mut Buffer, area: Rect, editor: &TextArea<'static>, cursor: Style) {
    let text = editor.placeholder_text();
    buf.set_stringn(area.x, area.y, text, area.width as usize, theme::dim());
    if let Some(cell) = buf.cell_mut((area.x, area.y)) {
        cell.set_style(cursor);
    }
}

/// One character `w` cells wide at `(x, y)`: a tab or a control character as a space, a wide
/// character's further cells blank.
fn put(buf: &mut Buffer, (x, y): (u16, u16), ch: char, w: usize, style: Style) {
    let glyph = if ch == '\t' || ch.is_control() {
        ' '
    } else {
        ch
    };
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_char(glyph).set_style(style);
    }
    for extra in 1..w {
        if let Some(cell) = buf.cell_mut((x + extra as u16, y)) {
            cell.set_char(' ').set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_follows_the_cursor() {
        assert_eq!(follow(0, 5, 1, 10), 0);
        assert_eq!(follow(0, 10, 1, 10), 1);
        assert_eq!(follow(20, 5, 1, 10), 5);
        assert_eq!(display_col("a\tb", 2), 4);
        assert_eq!(display_col("日本", 1), 2);
    }

    #[test]
    fn a_cursor_far_right_in_a_long_line_is_shown() {
        let line = format!("{}END", "x".repeat(100_000));
        let mut editor = TextArea::from([line.as_str()]);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        let view = EditorView::default();
        let area = Rect::new(0, 0, 20, 3);
        let mut buf = Buffer::empty(area);
        view.render(&mut buf, area, &editor, true);
        let row: String = (0..20).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(row.ends_with("END "), "{row:?}");
        assert_eq!(view.scroll().1, 100_003 + 1 - 20);
    }

    #[test]
    fn a_wider_editor_scrolls_back_as_far_as_the_cursors_line_allows() {
        let line = "select * from t where name = 'abc';";
        let mut editor = TextArea::from([line]);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        let view = EditorView::default();
        let draw_at = |editor: &TextArea<'static>, width: u16| {
            let area = Rect::new(0, 0, width, 3);
            let mut buf = Buffer::empty(area);
            view.render(&mut buf, area, editor, true);
            view.scroll().1
        };
        assert_eq!(draw_at(&editor, 20), 36 - 20);
        assert_eq!(draw_at(&editor, 30), 36 - 30, "wider, still too narrow");
        assert_eq!(draw_at(&editor, 80), 0, "the whole line fits");
        // at the same width the scroll stays where the cursor is in sight
        assert_eq!(draw_at(&editor, 20), 36 - 20);
        editor.move_cursor(ratatui_textarea::CursorMove::Jump(0, 20));
        assert_eq!(draw_at(&editor, 20), 36 - 20);
    }
}
