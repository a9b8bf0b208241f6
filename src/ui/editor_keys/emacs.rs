//! emacs's keys, as readline has them: moving by character, word and line, killing into the
//! yank (Ctrl-K, Ctrl-U, Ctrl-W, Alt-D, Alt-Backspace; kills in a row gather) and yanking it
//! back (Ctrl-Y), Ctrl-T, Alt-U/L/C, Ctrl-_ undo; Ctrl-J is a new line. Keys
//! retort binds everywhere win (Ctrl-S commits, Ctrl-R reloads, Ctrl-O opens the picker,
//! Ctrl-Q quits, Ctrl-C cancels, Ctrl-Space completes); the rest are the TextArea's own.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::readline::{self, Case, is_non_blank, is_word};
use super::{alt, ctrl, ctrl_underscore, newline};

/// Whether the last key killed: kills in a row gather into one yank, as readline's do.
#[derive(Debug, Default)]
pub(super) struct Emacs {
    killing: bool,
}

/// Which way a kill goes: what it takes joins the yank after (forward) or before (backward).
#[derive(Clone, Copy, PartialEq)]
enum Kill {
    Forward,
    Backward,
}

impl Emacs {
    pub(super) fn key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        // a region (Shift-arrows select it): Ctrl-W kills it, Alt-W copies it
        if ed.is_selecting() && (ctrl(key, 'w') || alt(key, 'w')) {
            self.killing = false;
            if ctrl(key, 'w') {
                return ed.cut();
            }
            ed.copy();
            return false;
        }
        let kill = kill_of(key);
        let killing = std::mem::replace(&mut self.killing, kill.is_some());
        let Some(way) = kill else {
            return plain_key(ed, key);
        };
        let before = ed.yank_text();
        ed.set_yank_text("");
        let at_end = ed.cursor().1 == ed.lines()[ed.cursor().0].chars().count();
        let here = readline::cursor(ed);
        let changed = match way {
            Kill::Forward if ctrl(key, 'k') => ed.delete_line_by_end(),
            Kill::Backward if ctrl(key, 'u') => ed.delete_line_by_head(),
            // kill-word, unix-word-rubout, backward-kill-word
            Kill::Forward => readline::kill_to(ed, readline::word_end(ed.lines(), here, is_word)),
            Kill::Backward => {
                let word = if ctrl(key, 'w') {
                    is_non_blank
                } else {
                    is_word
                };
                readline::kill_to(ed, readline::word_start(ed.lines(), here, word))
            }
        };
        let mut killed = ed.yank_text();
        if changed && killed.is_empty() && at_end && ctrl(key, 'k') {
            // Ctrl-K at a line's end took its line break
            killed = "\n".into();
        }
        ed.set_yank_text(match (killing, way) {
            (true, Kill::Forward) => before + &killed,
            (true, Kill::Backward) => killed + &before,
            (false, _) if !changed => before,
            (false, _) => killed,
        });
        changed
    }
}

fn kill_of(key: KeyEvent) -> Option<Kill> {
    let alt_backspace = key.code == KeyCode::Backspace && key.modifiers == KeyModifiers::ALT;
    if ctrl(key, 'k') || alt(key, 'd') {
        Some(Kill::Forward)
    } else if ctrl(key, 'u') || ctrl(key, 'w') || alt_backspace {
        Some(Kill::Backward)
    } else {
        None
    }
}

/// The keys that do not kill.
fn plain_key(ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
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
        _ if newline(key) => {
            ed.insert_newline();
            true
        }
        _ if c('a') => moved(ed, Head),
        _ if c('e') => moved(ed, End),
        _ if c('b') => moved(ed, Back),
        _ if c('f') => moved(ed, Forward),
        _ if c('p') => moved(ed, Up),
        _ if c('n') => moved(ed, Down),
        _ if a('b') => to(ed, |l, at| readline::word_start(l, at, is_word)),
        _ if a('f') => to(ed, |l, at| readline::word_end(l, at, is_word)),
        _ if a('<') => to(ed, |_, _| (0, 0)),
        _ if a('>') => to(ed, |l, _| (l.len() - 1, l[l.len() - 1].chars().count())),
        _ if c('t') => readline::transpose(ed),
        _ if a('u') => readline::change_case(ed, Case::Upper),
        _ if a('l') => readline::change_case(ed, Case::Lower),
        _ if a('c') => readline::change_case(ed, Case::Capital),
        _ if c('y') => ed.paste(),
        _ if c('d') => ed.delete_next_char(),
        _ if c('h') => ed.delete_char(),
        _ if a('_') => ed.redo(),
        _ if c('z') => ed.undo(),
        _ => ed.input(key),
    }
}

/// The cursor to where `place` says from where it is (a selection follows it); no change.
fn to(
    ed: &mut TextArea<'static>,
    place: impl Fn(&[String], readline::Pos) -> readline::Pos,
) -> bool {
    let at = place(ed.lines(), readline::cursor(ed));
    readline::jump(ed, at);
    false
}
