//! readline's edits on the whole buffer, for the emacs keys: its words (letters and digits;
//! anything else separates them, `_` `.` `,` and line breaks included), moving and killing by
//! them (Alt-F, Alt-B, Alt-D, Alt-Backspace), Ctrl-W's whitespace-delimited word, the case of
//! a word (Alt-U, Alt-L, Alt-C) and Ctrl-T's transposed characters. A line break counts as
//! one character between its lines, so that the moves and kills go on across lines as
//! emacs's do.

use ratatui_textarea::{CursorMove, TextArea};

/// (row, character column) in the buffer.
pub type Pos = (usize, usize);

/// A character of one of readline's words.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// A character of the word Ctrl-W kills (unix-word-rubout): anything but whitespace.
pub fn is_non_blank(c: char) -> bool {
    !c.is_whitespace()
}

/// Where a word of `word` characters ends forward of `pos` (readline's forward-word): past
/// any others, line breaks too, then past the word; the buffer's end if none.
pub fn word_end(lines: &[String], (mut r, mut c): Pos, word: fn(char) -> bool) -> Pos {
    let mut inside = false;
    loop {
        for ch in lines[r].chars().skip(c) {
            if word(ch) {
                inside = true;
            } else if inside {
                return (r, c);
            }
            c += 1;
        }
        // the line break, a separator
        if inside || r + 1 >= lines.len() {
            return (r, c);
        }
        (r, c) = (r + 1, 0);
    }
}

/// Where a word of `word` characters starts back from `pos` (readline's backward-word): back
/// past any others, line breaks too, then past the word; the buffer's start if none.
pub fn word_start(lines: &[String], (mut r, mut c): Pos, word: fn(char) -> bool) -> Pos {
    let mut inside = false;
    loop {
        let before: Vec<char> = lines[r].chars().take(c).collect();
        for &ch in before.iter().rev() {
            if word(ch) {
                inside = true;
            } else if inside {
                return (r, c);
            }
            c -= 1;
        }
        if inside || r == 0 {
            return (r, 0);
        }
        r -= 1;
        c = lines[r].chars().count();
    }
}

/// The characters from `from` to `to` (not included), a line break counting as one.
fn distance(lines: &[String], from: Pos, to: Pos) -> usize {
    if from.0 == to.0 {
        return to.1.saturating_sub(from.1);
    }
    let first = lines[from.0].chars().count() - from.1 + 1;
    let middle: usize = (from.0 + 1..to.0)
        .map(|r| lines[r].chars().count() + 1)
        .sum();
    first + middle + to.1
}

/// The text from `from` to `to` (not included), line breaks as `\n`.
fn text(lines: &[String], from: Pos, to: Pos) -> String {
    let mut out = String::new();
    for (r, line) in lines.iter().enumerate().take(to.0 + 1).skip(from.0) {
        let start = if r == from.0 { from.1 } else { 0 };
        let line = line.chars().skip(start);
        match r == to.0 {
            true => out.extend(line.take(to.1.saturating_sub(start))),
            false => {
                out.extend(line);
                out.push('\n');
            }
        }
    }
    out
}

pub fn jump(ed: &mut TextArea<'static>, (row, col): Pos) {
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    ed.move_cursor(CursorMove::Jump(at(row), at(col)));
}

pub fn cursor(ed: &TextArea<'static>) -> Pos {
    let c = ed.cursor();
    (c.0, c.1)
}

/// Deletes from the cursor to `to`, either way; what it took becomes the yank (the TextArea's
/// own deletes do the same). Whether it deleted anything.
pub fn kill_to(ed: &mut TextArea<'static>, to: Pos) -> bool {
    ed.cancel_selection();
    let here = cursor(ed);
    let (from, to) = (here.min(to), here.max(to));
    jump(ed, from);
    let n = distance(ed.lines(), from, to);
    n > 0 && ed.delete_str(n)
}

/// The text from `from` to `to` becomes `new` (the cursor after it); the yank is kept.
fn replace(ed: &mut TextArea<'static>, from: Pos, to: Pos, new: &str) -> bool {
    let n = distance(ed.lines(), from, to);
    if text(ed.lines(), from, to) == new {
        jump(ed, to);
        return false;
    }
    let yank = ed.yank_text();
    jump(ed, from);
    ed.delete_str(n);
    ed.insert_str(new);
    ed.set_yank_text(yank);
    true
}

/// What Alt-U, Alt-L and Alt-C do to a word.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Case {
    Upper,
    Lower,
    Capital,
}

/// Alt-U / Alt-L / Alt-C: the text from the cursor to the end of its word (readline's
/// upcase-word, downcase-word, capitalize-word), the cursor after it.
pub fn change_case(ed: &mut TextArea<'static>, case: Case) -> bool {
    ed.cancel_selection();
    let from = cursor(ed);
    let to = word_end(ed.lines(), from, is_word);
    let mut inside = false;
    let new: String = text(ed.lines(), from, to)
        .chars()
        .flat_map(|c| {
            let upper = case == Case::Upper || case == Case::Capital && !inside;
            inside = is_word(c);
            let mapped: Vec<char> = match upper {
                true => c.to_uppercase().collect(),
                false => c.to_lowercase().collect(),
            };
            mapped
        })
        .collect();
    replace(ed, from, to, &new)
}

/// Ctrl-T (readline's transpose-chars): the character before the cursor and the one under
/// it change places and the cursor moves on; at the line's end, the two before it. Nothing at
/// a line's start or in a line shorter than two.
pub fn transpose(ed: &mut TextArea<'static>) -> bool {
    ed.cancel_selection();
    let (row, col) = cursor(ed);
    let chars: Vec<char> = ed.lines()[row].chars().collect();
    if col == 0 || chars.len() < 2 {
        return false;
    }
    let a = if col >= chars.len() {
        chars.len() - 2
    } else {
        col - 1
    };
    let swapped: String = [chars[a + 1], chars[a]].iter().collect();
    replace(ed, (row, a), (row, a + 2), &swapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(String::from).collect()
    }

    #[test]
    fn words_end_at_separators_and_go_on_across_lines() {
        let l = lines("foo.bar_baz, x\n  next");
        assert_eq!(word_end(&l, (0, 0), is_word), (0, 3));
        assert_eq!(word_end(&l, (0, 3), is_word), (0, 7));
        assert_eq!(word_end(&l, (0, 14), is_word), (1, 6));
        assert_eq!(word_start(&l, (0, 13), is_word), (0, 8));
        assert_eq!(word_start(&l, (1, 2), is_word), (0, 13));
        assert_eq!(word_start(&l, (0, 13), is_non_blank), (0, 0));
        assert_eq!(distance(&l, (0, 12), (1, 3)), 6);
        assert_eq!(text(&l, (0, 12), (1, 3)), " x\n  n");
    }
}
