//! vi's small edits in normal mode: `r` replaces characters, `~` switches their case, `J`
//! joins lines; and text objects after an operator (`diw`, `ci"`, `ya(`).

use ratatui_textarea::TextArea;

use super::edit::{cursor, jump, line_len, take_chars};
use super::{Op, Vi, objects};

/// A character in the other case (ß stays ß: it has no single upper-case form).
fn switch_case(c: char) -> String {
    match c {
        c if c.is_lowercase() => c.to_uppercase().collect(),
        c if c.is_uppercase() => c.to_lowercase().collect(),
        c => c.to_string(),
    }
}

impl Vi {
    /// `r`: the `count` characters from the cursor become `c` (none if the line is shorter).
    pub(super) fn replace_chars(
        &mut self,
        ed: &mut TextArea<'static>,
        c: char,
        count: usize,
    ) -> bool {
        let (row, col) = cursor(ed);
        if col + count > line_len(ed, row) {
            return false;
        }
        self.history.begin(ed);
        take_chars(ed, (row, col), (row, col + count), true);
        ed.insert_str(c.to_string().repeat(count));
        jump(ed, (row, col + count - 1));
        self.finish(ed)
    }

    /// `~`: the case of `count` characters switched; the cursor after them.
    pub(super) fn switch_case(&mut self, ed: &mut TextArea<'static>, count: usize) -> bool {
        let (row, col) = cursor(ed);
        let end = (col + count).min(line_len(ed, row));
        if col >= end {
            return false;
        }
        self.history.begin(ed);
        let taken = take_chars(ed, (row, col), (row, end), true);
        ed.insert_str(taken.text.chars().map(switch_case).collect::<String>());
        jump(ed, (row, end));
        self.finish(ed)
    }

    /// `J`: `count` lines (at least two) made one, a space where each break was (none before a
    /// `)` or after an empty line), the next line's indent dropped.
    pub(super) fn join(&mut self, ed: &mut TextArea<'static>, count: usize) -> bool {
        self.history.begin(ed);
        for _ in 1..count.max(2) {
            let row = cursor(ed).0;
            if row + 1 >= ed.lines().len() {
                break;
            }
            let len = line_len(ed, row);
            jump(ed, (row, len));
            ed.delete_next_char();
            let rest: Vec<char> = ed.lines()[row].chars().skip(len).collect();
            let blanks = rest.iter().take_while(|c| c.is_whitespace()).count();
            take_chars(ed, (row, len), (row, len + blanks), true);
            if len > 0 && rest.get(blanks).is_some_and(|&c| c != ')') {
                ed.insert_char(' ');
            }
            jump(ed, (row, len));
        }
        self.finish(ed)
    }

    /// An operator over a text object (`iw`, `a"`, `i(`…); nothing when there is none here.
    pub(super) fn op_object(
        &mut self,
        ed: &mut TextArea<'static>,
        op: Op,
        c: char,
        inner: bool,
    ) -> bool {
        match objects::object(ed.lines(), cursor(ed), c, inner) {
            Some((start, end)) => self.op_chars(ed, op, start, end),
            None => false,
        }
    }
}
