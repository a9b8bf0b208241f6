//! vi's edits on the TextArea: ranges of characters or of whole lines deleted, yanked or
//! changed into a register; puts; and undo as snapshots of the text, so that one change (`cw`
//! and what was typed after it) is one undo.

use ratatui_textarea::{CursorMove, TextArea};

use super::words::{Pos, first_non_blank};

/// What `d`, `c`, `y` and `x` last took, and whether as whole lines.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub text: String,
    pub linewise: bool,
}

/// The text and the cursor before a change.
#[derive(Debug, Clone)]
pub struct Snapshot {
    lines: Vec<String>,
    cursor: Pos,
}

/// Undo and redo: the text before each change.
#[derive(Debug, Default)]
pub struct Snapshots {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The size of the text the undo snapshots hold.
    bytes: usize,
}

/// How many changes `u` can take back, and how much text their snapshots may hold (the
/// oldest go first).
const KEPT: usize = 200;
const KEPT_BYTES: usize = 64 << 20;

fn size(s: &Snapshot) -> usize {
    s.lines.iter().map(|l| l.len() + 1).sum()
}

fn snapshot(ed: &TextArea<'static>) -> Snapshot {
    Snapshot {
        lines: ed.lines().to_vec(),
        cursor: cursor(ed),
    }
}

impl Snapshots {
    /// A change starts: the text as it is can be gone back to.
    pub fn begin(&mut self, ed: &TextArea<'static>) {
        self.push_undo(snapshot(ed));
        self.redo.clear();
        while self.undo.len() > KEPT || self.bytes > KEPT_BYTES && self.undo.len() > 1 {
            self.bytes -= size(&self.undo.remove(0));
        }
    }

    fn push_undo(&mut self, s: Snapshot) {
        self.bytes += size(&s);
        self.undo.push(s);
    }

    fn pop_undo(&mut self) -> Option<Snapshot> {
        let s = self.undo.pop()?;
        self.bytes -= size(&s);
        Some(s)
    }

    /// A change ends; whether it changed the text (one that did not is no undo step).
    pub fn end(&mut self, ed: &TextArea<'static>) -> bool {
        let same = self.undo.last().is_some_and(|s| s.lines == ed.lines());
        if same {
            self.pop_undo();
        }
        !same
    }

    /// `u`; whether there was a change to take back.
    pub fn undo(&mut self, ed: &mut TextArea<'static>) -> bool {
        let Some(before) = self.pop_undo() else {
            return false;
        };
        self.redo.push(snapshot(ed));
        restore(ed, before);
        true
    }

    /// Ctrl-R; whether there was an undo to take back.
    pub fn redo(&mut self, ed: &mut TextArea<'static>) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        self.push_undo(snapshot(ed));
        restore(ed, after);
        true
    }
}

/// The text of a snapshot back in the editor (its placeholder and yank kept).
fn restore(ed: &mut TextArea<'static>, snap: Snapshot) {
    let mut fresh = TextArea::new(snap.lines);
    fresh.set_placeholder_text(ed.placeholder_text().to_string());
    fresh.set_yank_text(ed.yank_text());
    jump(&mut fresh, snap.cursor);
    *ed = fresh;
}

pub fn cursor(ed: &TextArea<'static>) -> Pos {
    let c = ed.cursor();
    (c.0, c.1)
}

pub fn jump(ed: &mut TextArea<'static>, (row, col): Pos) {
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    ed.move_cursor(CursorMove::Jump(at(row), at(col)));
}

pub fn line_len(ed: &TextArea<'static>, row: usize) -> usize {
    ed.lines().get(row).map_or(0, |l| l.chars().count())
}

/// To the first non-blank character of `row`.
pub fn to_first_non_blank(ed: &mut TextArea<'static>, row: usize) {
    let col = ed.lines().get(row).map_or(0, |l| first_non_blank(l));
    jump(ed, (row, col));
}

/// In normal mode the cursor is on a character, not after the last.
pub fn clamp(ed: &mut TextArea<'static>) {
    let (row, col) = cursor(ed);
    let len = line_len(ed, row);
    if len > 0 && col >= len {
        jump(ed, (row, len - 1));
    }
}

/// The characters from `start` up to `end` (not included): yanked, or cut (`cut`).
pub fn take_chars(ed: &mut TextArea<'static>, start: Pos, end: Pos, cut: bool) -> Register {
    jump(ed, start);
    ed.start_selection();
    jump(ed, end);
    if cut {
        ed.cut();
    } else {
        ed.copy();
    }
    ed.cancel_selection();
    jump(ed, start);
    Register {
        text: if start == end {
            String::new()
        } else {
            ed.yank_text()
        },
        linewise: false,
    }
}

/// Lines `first..=last` as a linewise register.
pub fn lines_register(ed: &TextArea<'static>, first: usize, last: usize) -> Register {
    Register {
        text: ed.lines()[first..=last].join("\n"),
        linewise: true,
    }
}

/// Lines `first..=last` emptied of their text, left as one empty line (`cc`).
pub fn empty_lines(ed: &mut TextArea<'static>, first: usize, last: usize) {
    let end = (last, line_len(ed, last));
    take_chars(ed, (first, 0), end, true);
}

/// Lines `first..=last` gone (`dd`); the cursor on the line after them.
pub fn delete_lines(ed: &mut TextArea<'static>, first: usize, last: usize) {
    let count = ed.lines().len();
    empty_lines(ed, first, last);
    if last + 1 < count {
        ed.delete_next_char();
        to_first_non_blank(ed, first);
    } else if first > 0 {
        ed.delete_char();
        to_first_non_blank(ed, first - 1);
    }
}

/// `p` (after the cursor, or below its line) and `P` (before, above), `count` times.
pub fn put(ed: &mut TextArea<'static>, reg: &Register, before: bool, count: usize) {
    let (row, col) = cursor(ed);
    if reg.linewise {
        let block = vec![reg.text.as_str(); count].join("\n");
        if before {
            jump(ed, (row, 0));
            ed.insert_str(format!("{block}\n"));
            to_first_non_blank(ed, row);
        } else {
            ed.move_cursor(CursorMove::End);
            ed.insert_str(format!("\n{block}"));
            to_first_non_blank(ed, row + 1);
        }
        return;
    }
    if reg.text.is_empty() {
        return;
    }
    if !before && line_len(ed, row) > 0 {
        jump(ed, (row, col + 1));
    }
    ed.insert_str(reg.text.repeat(count));
    ed.move_cursor(CursorMove::Back);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_keeps_at_most_its_count_and_its_bytes_of_snapshots() {
        let mut history = Snapshots::default();
        let small = TextArea::from(["select 1"]);
        for _ in 0..KEPT + 10 {
            history.begin(&small);
        }
        assert_eq!(history.undo.len(), KEPT);
        let line = "x".repeat(1 << 20);
        let big = TextArea::from([line.as_str()]);
        for _ in 0..80 {
            history.begin(&big);
        }
        assert!(history.bytes <= KEPT_BYTES, "{}", history.bytes);
        assert!(history.undo.len() >= 60, "{}", history.undo.len());
        let sum: usize = history.undo.iter().map(size).sum();
        assert_eq!(sum, history.bytes);
    }
}
