//! The default keys: the TextArea's own (Ctrl-K, Ctrl-W, Shift-arrows select…), with cut, copy
//! and paste as in most editors: Ctrl-X cuts, Ctrl-C copies a selection, Ctrl-V and Ctrl-Y
//! paste what was cut, copied or deleted last; Ctrl-Z, Ctrl-U or Ctrl-_ undo; Alt-Y redoes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::{alt, ctrl, ctrl_underscore};

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

pub(super) fn key(ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
    let ctrl_shift_z = key.code == KeyCode::Char('Z')
        && key.modifiers.contains(KeyModifiers::CONTROL)
        || key.code == KeyCode::Char('z')
            && key.modifiers == KeyModifiers::CONTROL | KeyModifiers::SHIFT;
    if ctrl_shift_z || alt(key, 'y') {
        ed.redo()
    } else if ctrl(key, 'z') || ctrl(key, 'u') || ctrl_underscore(key) {
        ed.undo()
    } else if ctrl(key, 'x') {
        ed.cut()
    } else if ctrl(key, 'v') || ctrl(key, 'y') {
        ed.paste()
    } else {
        ed.input(key)
    }
}
