//! vi's motions: where each key moves the cursor, and whether an operator over it takes the
//! characters up to it (exclusive), through it (inclusive) or whole lines.

use crossterm::event::{KeyCode, KeyEvent};

use super::words::{Pos, Walker, first_non_blank};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Motion {
    Left,
    Right,
    Down,
    Up,
    WordForward,
    WordBack,
    WordEnd,
    LineStart,
    FirstNonBlank,
    LineEnd,
    FirstLine,
    LastLine,
    /// `%`: the bracket matching the first one at or after the cursor on its line.
    Bracket,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Exclusive,
    Inclusive,
    Linewise,
}

/// The motion of a key without a prefix (`gg` is read by the caller).
pub fn parse(key: KeyEvent) -> Option<Motion> {
    use Motion::*;
    Some(match key.code {
        KeyCode::Char('h') | KeyCode::Left | KeyCode::Backspace => Left,
        KeyCode::Char('l') | KeyCode::Right | KeyCode::Char(' ') => Right,
        KeyCode::Char('j') | KeyCode::Down => Down,
        KeyCode::Char('k') | KeyCode::Up => Up,
        KeyCode::Char('w') => WordForward,
        KeyCode::Char('b') => WordBack,
        KeyCode::Char('e') => WordEnd,
        KeyCode::Char('0') | KeyCode::Home => LineStart,
        KeyCode::Char('^') => FirstNonBlank,
        KeyCode::Char('$') | KeyCode::End => LineEnd,
        KeyCode::Char('G') => LastLine,
        KeyCode::Char('%') => Bracket,
        _ => return None,
    })
}

/// Where `motion` done `count` times from `from` ends, and its kind; `explicit` is the count
/// as typed (`5G` goes to line 5, `G` to the last).
pub fn target(
    lines: &[String],
    from: Pos,
    motion: Motion,
    count: usize,
    explicit: Option<usize>,
) -> (Pos, Kind) {
    use Motion::*;
    let (row, col) = from;
    let last = lines.len().saturating_sub(1);
    let mut w = Walker::new(lines);
    let on_row = |w: &mut Walker, r: usize| (r, col.min(w.len(r).saturating_sub(1)));
    let first = |r: usize| (r, lines.get(r).map_or(0, |l| first_non_blank(l)));
    let repeat = |w: &mut Walker, step: &dyn Fn(&mut Walker, Pos) -> Pos| {
        (0..count).fold(from, |p, _| step(w, p))
    };
    match motion {
        Left => ((row, col.saturating_sub(count)), Kind::Exclusive),
        Right => ((row, (col + count).min(w.len(row))), Kind::Exclusive),
        Down => (on_row(&mut w, (row + count).min(last)), Kind::Linewise),
        Up => (on_row(&mut w, row.saturating_sub(count)), Kind::Linewise),
        WordForward => (repeat(&mut w, &|w, p| w.forward(p)), Kind::Exclusive),
        WordBack => (repeat(&mut w, &|w, p| w.back(p)), Kind::Exclusive),
        WordEnd => (repeat(&mut w, &|w, p| w.end(p, false)), Kind::Inclusive),
        LineStart => ((row, 0), Kind::Exclusive),
        FirstNonBlank => (first(row), Kind::Exclusive),
        LineEnd => {
            let r = (row + count - 1).min(last);
            ((r, w.len(r)), Kind::Inclusive)
        }
        FirstLine => (
            first(explicit.unwrap_or(1).saturating_sub(1).min(last)),
            Kind::Linewise,
        ),
        LastLine => (
            first(explicit.map_or(last, |n| n.saturating_sub(1).min(last))),
            Kind::Linewise,
        ),
        // no bracket: nowhere, and an operator takes nothing
        Bracket => match super::objects::match_bracket(lines, from) {
            Some(to) => (to, Kind::Inclusive),
            None => (from, Kind::Exclusive),
        },
    }
}

/// `cw` on a word changes to its end, not to the next word's start; `count` words.
pub fn change_word_end(lines: &[String], from: Pos, count: usize) -> Pos {
    let mut w = Walker::new(lines);
    (1..count).fold(w.end(from, true), |p, _| w.end(p, false))
}

/// Whether the character under the cursor is blank (or there is none).
pub fn on_blank(lines: &[String], at: Pos) -> bool {
    Walker::new(lines)
        .char_at(at)
        .is_none_or(char::is_whitespace)
}
