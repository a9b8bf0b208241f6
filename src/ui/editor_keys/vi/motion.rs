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
    /// `W` `B` `E`: as `w` `b` `e` over runs of non-blank characters.
    BigWordForward,
    BigWordBack,
    BigWordEnd,
    /// `f` `t` `F` `T` (and `;` `,`): to the count'th `ch` on the line, forward or `back`, onto
    /// it or next to it (`till`).
    Find {
        ch: char,
        back: bool,
        till: bool,
    },
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
        KeyCode::Char('W') => BigWordForward,
        KeyCode::Char('B') => BigWordBack,
        KeyCode::Char('E') => BigWordEnd,
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
    w.big = matches!(motion, BigWordForward | BigWordBack | BigWordEnd);
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
        WordForward | BigWordForward => (repeat(&mut w, &|w, p| w.forward(p)), Kind::Exclusive),
        WordBack | BigWordBack => (repeat(&mut w, &|w, p| w.back(p)), Kind::Exclusive),
        WordEnd | BigWordEnd => (repeat(&mut w, &|w, p| w.end(p, false)), Kind::Inclusive),
        Find { ch, back, till } => find(lines, from, (ch, back, till), count),
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

/// `f` and the others: the count'th `ch` on the line; forward onto it or before it
/// (inclusive), back onto it or after it (exclusive); nowhere when the line has too few.
fn find(
    lines: &[String],
    (row, col): Pos,
    (ch, back, till): (char, bool, bool),
    count: usize,
) -> (Pos, Kind) {
    let chars: Vec<char> = lines
        .get(row)
        .map_or_else(Vec::new, |l| l.chars().collect());
    let is = |k: &usize| chars[*k] == ch;
    let hit = match back {
        false => (col + 1..chars.len()).filter(is).nth(count - 1),
        true => (0..col.min(chars.len())).rev().filter(is).nth(count - 1),
    };
    match (hit, back) {
        (None, _) => ((row, col), Kind::Exclusive),
        (Some(k), false) => ((row, k - usize::from(till)), Kind::Inclusive),
        (Some(k), true) => ((row, k + usize::from(till)), Kind::Exclusive),
    }
}

/// `cw` (`cW`: `big`) on a word changes to its end, not to the next word's start; `count`
/// words.
pub fn change_word_end(lines: &[String], from: Pos, count: usize, big: bool) -> Pos {
    let mut w = Walker::new(lines);
    w.big = big;
    (1..count).fold(w.end(from, true), |p, _| w.end(p, false))
}

/// Whether the character under the cursor is blank (or there is none).
pub fn on_blank(lines: &[String], at: Pos) -> bool {
    Walker::new(lines)
        .char_at(at)
        .is_none_or(char::is_whitespace)
}
