//! vi's insert mode: typing, Ctrl-W / Ctrl-U / Ctrl-H, Ctrl-J (a new line), and Esc back to normal mode, where an
//! insert with a count (`3ix`, `2o`) is typed that many times.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::edit::{clamp, cursor, jump, line_len, to_first_non_blank};
use super::{Pending, Vi, ViMode};

/// A key typed in insert mode; whether the text changed.
fn type_key(ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl = key.modifiers == KeyModifiers::CONTROL;
    match key.code {
        KeyCode::Char('w') if ctrl => ed.delete_word(),
        KeyCode::Char('u') if ctrl => ed.delete_line_by_head(),
        KeyCode::Char('h') if ctrl => ed.delete_char(),
        // a line feed (typed, or pasted without bracketed paste), as vim's Ctrl-J
        KeyCode::Char('j' | 'm') if ctrl => {
            ed.insert_newline();
            true
        }
        KeyCode::Up
        | KeyCode::Down
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End
        | KeyCode::PageUp
        | KeyCode::PageDown => ed.input(key),
        _ => ed.input_without_shortcuts(key),
    }
}

impl Vi {
    pub(super) fn insert_key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        self.keys.push(key);
        type_key(ed, key)
    }

    /// Into insert mode: the change goes on until Esc.
    pub(super) fn enter_insert(&mut self, repeatable: bool) {
        self.mode = ViMode::Insert;
        self.repeatable = repeatable;
    }

    /// i a I A o O: insert mode at the place each names; with a count, what is typed goes in
    /// that many times.
    pub(super) fn insert_at(&mut self, ed: &mut TextArea<'static>, c: char, count: usize) -> bool {
        self.history.begin(ed);
        let (row, col) = cursor(ed);
        match c {
            'a' if line_len(ed, row) > 0 => jump(ed, (row, col + 1)),
            'I' => to_first_non_blank(ed, row),
            'A' => ed.move_cursor(CursorMove::End),
            'o' => {
                ed.move_cursor(CursorMove::End);
                ed.insert_newline();
            }
            'O' => {
                ed.move_cursor(CursorMove::Head);
                ed.insert_newline();
                ed.move_cursor(CursorMove::Up);
            }
            _ => {}
        }
        self.insert_times = (count > 1).then_some((count, c));
        self.enter_insert(true);
        matches!(c, 'o' | 'O')
    }

    /// Esc in insert mode: what was typed again for a count; back to normal, the cursor on
    /// the last character typed; the insert is one undo step and what `.` repeats.
    pub(super) fn leave_insert(&mut self, ed: &mut TextArea<'static>) -> bool {
        self.type_again(ed);
        self.mode = ViMode::Normal;
        self.pending = Pending::default();
        let changed = self.history.end(ed);
        if self.repeatable {
            self.keys
                .push(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            self.last = Some((self.change_count, std::mem::take(&mut self.keys)));
        }
        let (row, col) = cursor(ed);
        if col > 0 {
            jump(ed, (row, col - 1));
        }
        clamp(ed);
        changed
    }

    /// `3ix`: the keys typed since the command, twice more (each time on a line of its own
    /// for `o` and `O`).
    fn type_again(&mut self, ed: &mut TextArea<'static>) {
        let Some((times, command)) = self.insert_times.take() else {
            return;
        };
        let Some(at) = self
            .keys
            .iter()
            .position(|k| k.code == KeyCode::Char(command))
        else {
            return;
        };
        let typed: Vec<KeyEvent> = self.keys[at + 1..].to_vec();
        for _ in 1..times {
            if matches!(command, 'o' | 'O') {
                ed.insert_newline();
            }
            for &key in &typed {
                type_key(ed, key);
            }
        }
    }
}
