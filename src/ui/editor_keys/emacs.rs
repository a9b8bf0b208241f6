//! emacs's keys, as readline has them: moving by character, word and line, killing into the
//! yank (Ctrl-K, Ctrl-U, Ctrl-W, Alt-D) and yanking it back (Ctrl-Y), Ctrl-_ undo. Keys
//! retort binds everywhere win (Ctrl-S commits, Ctrl-R reloads, Ctrl-O opens the picker,
//! Ctrl-Q quits, Ctrl-C cancels, Ctrl-Space completes); the rest are the TextArea's own.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::{alt, ctrl, ctrl_underscore};

pub(super) fn key(ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
    use CursorMove::*;
    let moved = |ed: &mut TextArea<'static>, m: CursorMove| {
        ed.move_cursor(m);
        false
    };
    if ctrl_underscore(key) {
        return match key.modifiers.contains(KeyModifiers::ALT) {
            true => ed.redo(),
            false => ed.undo(),
        };
    }
    let c = |ch| ctrl(key, ch);
    let a = |ch| alt(key, ch);
    match () {
        _ if c('a') => moved(ed, Head),
        _ if c('e') => moved(ed, End),
        _ if c('b') => moved(ed, Back),
        _ if c('f') => moved(ed, Forward),
        _ if c('p') => moved(ed, Up),
        _ if c('n') => moved(ed, Down),
        _ if a('b') => moved(ed, WordBack),
        _ if a('f') => moved(ed, WordForward),
        _ if a('<') => moved(ed, Top),
        _ if a('>') => moved(ed, Bottom),
        _ if c('k') => ed.delete_line_by_end(),
        _ if c('u') => ed.delete_line_by_head(),
        _ if c('w') => ed.delete_word(),
        _ if a('d') => ed.delete_next_word(),
        _ if c('y') => ed.paste(),
        _ if c('d') => ed.delete_next_char(),
        _ if c('h') => ed.delete_char(),
        _ if a('_') => ed.redo(),
        _ if c('z') => ed.undo(),
        _ if key.code == KeyCode::Backspace && key.modifiers == KeyModifiers::ALT => {
            ed.delete_word()
        }
        _ => ed.input(key),
    }
}
