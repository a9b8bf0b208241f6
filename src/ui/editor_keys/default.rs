//! The default keys: the TextArea's moves and selection (Shift-arrows select…), its deletes
//! (Ctrl-K, Ctrl-W, Alt-D…), with cut, copy and paste as in most editors: Ctrl-X cuts, Ctrl-C
//! copies a selection, Ctrl-V and Ctrl-Y paste what was cut, copied or deleted last; Ctrl-Z,
//! Ctrl-U or Ctrl-_ undo; Alt-Y redoes; Ctrl-J (a line feed) makes a new line.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::{alt, ctrl, ctrl_underscore, newline};

/// Ctrl-C copies a selection while nothing runs (else it cancels, as everywhere); Esc clears
/// a selection while nothing runs.
pub(super) fn first(ed: &mut TextArea<'static>, key: KeyEvent, busy: bool) -> Option<bool> {
    if busy || !ed.is_selecting() {
        return None;
    }
    if ctrl(key, 'c') {
        ed.copy();
        return Some(false);
    }
    if key.code == KeyCode::Esc && key.modifiers.is_empty() {
        ed.cancel_selection();
        return Some(false);
    }
    None
}

/// A key no global binding took. The keys that change text are listed here rather than left
/// to the TextArea's defaults, whose Ctrl-J (a line feed from the terminal) deletes to the
/// start of the line; the rest (moves, selection, typing) are the TextArea's own.
pub(super) fn key(ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let c = |ch| ctrl(key, ch);
    let a = |ch| alt(key, ch);
    let alt_key =
        |code| key.code == code && key.modifiers - KeyModifiers::SHIFT == KeyModifiers::ALT;
    match () {
        _ if newline(key) => {
            ed.insert_newline();
            true
        }
        _ if redo_key(key) || a('y') => ed.redo(),
        _ if c('z') || c('u') || ctrl_underscore(key) => ed.undo(),
        _ if c('x') => ed.cut(),
        _ if c('v') || c('y') => ed.paste(),
        _ if c('k') => ed.delete_line_by_end(),
        _ if c('w') || a('h') || alt_key(KeyCode::Backspace) => ed.delete_word(),
        _ if a('d') || alt_key(KeyCode::Delete) => ed.delete_next_word(),
        _ if c('d') => ed.delete_next_char(),
        _ if c('h') => ed.delete_char(),
        _ => ed.input(key),
    }
}

/// Ctrl-Shift-Z, as terminals report it (upper case, or lower case with Shift).
fn redo_key(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('Z') && key.modifiers.contains(KeyModifiers::CONTROL)
        || key.code == KeyCode::Char('z')
            && key.modifiers == KeyModifiers::CONTROL | KeyModifiers::SHIFT
}
