//! One type for every line of text typed into the workbench (the tree filter, the row filter,
//! the history and picker searches, the password prompt, a cell, a field of the insert form)
//! and one edit action for all of them: the keys that type are the same everywhere.

/// A change to the text being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineEdit {
    /// A character typed, at the cursor.
    Insert(char),
    /// Text pasted at the cursor (bracketed paste; line breaks as `\n`).
    Paste(String),
    /// Backspace: the character before the cursor goes.
    Backspace,
    /// Delete: the character under the cursor goes.
    Delete,
    /// Ctrl-U: the whole text goes.
    Clear,
    /// Alt-Backspace: the word before the cursor goes, punctuation ending it (readline's
    /// backward-kill-word: `/home/ann` loses `ann`).
    DeleteWordBack,
    /// Ctrl-W: back to the previous space (readline's unix-word-rubout).
    DeleteToSpaceBack,
    /// Ctrl-K: the text from the cursor to the end goes.
    DeleteToEnd,
    /// The whole text replaced (by an external editor's); the cursor at its end.
    Set(String),
    /// The cursor moves, nothing else changes.
    Move(LineMove),
}

/// Where the cursor of a line goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMove {
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
}

/// A line of typed text and where its cursor is (a byte offset on a character boundary).
/// Reads as `&str`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        LineInput {
            cursor: text.len(),
            text,
        }
    }

    /// Applies the edit; false when it changed nothing (Backspace on nothing, say).
    pub fn apply(&mut self, edit: &LineEdit) -> bool {
        let before = (self.text.len(), self.cursor);
        match edit {
            LineEdit::Insert(c) => {
                self.text.insert(self.cursor, *c);
                self.cursor += c.len_utf8();
            }
            LineEdit::Paste(text) => {
                self.text.insert_str(self.cursor, text);
                self.cursor += text.len();
            }
            LineEdit::Backspace => {
                let from = self.prev(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            LineEdit::Delete => {
                let to = self.next(self.cursor);
                self.text.replace_range(self.cursor..to, "");
            }
            LineEdit::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
            LineEdit::DeleteWordBack => self.delete_back_to(|c: char| !c.is_alphanumeric()),
            LineEdit::DeleteToSpaceBack => self.delete_back_to(char::is_whitespace),
            LineEdit::DeleteToEnd => self.text.truncate(self.cursor),
            LineEdit::Set(text) if *text == self.text => return false,
            LineEdit::Set(text) => *self = LineInput::new(text.clone()),
            LineEdit::Move(m) => return self.move_to(*m),
        }
        (self.text.len(), self.cursor) != before || matches!(edit, LineEdit::Set(_))
    }

    /// Moves the cursor; false when it stays.
    fn move_to(&mut self, m: LineMove) -> bool {
        let not_word = |c: char| !c.is_alphanumeric();
        let to = match m {
            LineMove::Left => self.prev(self.cursor),
            LineMove::Right => self.next(self.cursor),
            LineMove::Home => 0,
            LineMove::End => self.text.len(),
            LineMove::WordLeft => self.word_start(self.cursor, not_word),
            LineMove::WordRight => self.word_end(self.cursor, not_word),
        };
        std::mem::replace(&mut self.cursor, to) != to
    }

    fn delete_back_to(&mut self, separator: impl Fn(char) -> bool) {
        let from = self.word_start(self.cursor, separator);
        self.text.replace_range(from..self.cursor, "");
        self.cursor = from;
    }

    fn prev(&self, at: usize) -> usize {
        self.text[..at]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// The start of the word before `at`: separators first, then the word's characters.
    fn word_start(&self, at: usize, separator: impl Fn(char) -> bool) -> usize {
        let before = &self.text[..at];
        let word_end = before.trim_end_matches(&separator).len();
        before[..word_end]
            .char_indices()
            .rev()
            .find(|(_, c)| separator(*c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// The end of the word after `at` (readline's forward-word).
    fn word_end(&self, at: usize, separator: impl Fn(char) -> bool) -> usize {
        let after = &self.text[at..];
        let skipped = after.len() - after.trim_start_matches(&separator).len();
        let rest = &after[skipped..];
        at + skipped + rest.find(&separator).unwrap_or(rest.len())
    }

    /// The text with the cursor drawn as `▏` where it is, a line break as ⏎.
    pub fn with_cursor(&self) -> String {
        let (a, b) = self.text.split_at(self.cursor);
        format!("{a}▏{b}").replace('\n', "⏎")
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as one line of the screen shows it: a line break as ⏎.
    pub fn visible(&self) -> String {
        self.text.replace('\n', "⏎")
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

impl std::ops::Deref for LineInput {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Debug shows how long it is, never what it holds: one of them is a password.
impl std::fmt::Debug for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LineInput({} characters)", self.text.chars().count())
    }
}

impl PartialEq<&str> for LineInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<String> for LineInput {
    fn from(text: String) -> Self {
        LineInput::new(text)
    }
}

impl From<&str> for LineInput {
    fn from(text: &str) -> Self {
        LineInput::new(text)
    }
}

/// A paste into a one-line field (a search, a filter, a password): its line breaks are
/// spaces, and a trailing one (a password manager's) is left out.
pub fn one_line(edit: LineEdit) -> LineEdit {
    match edit {
        LineEdit::Paste(text) => LineEdit::Paste(
            text.trim_end_matches(['\r', '\n'])
                .replace(['\r', '\n'], " "),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edit_does_what_its_key_says() {
        let mut line = LineInput::default();
        for edit in [
            LineEdit::Insert('a'),
            LineEdit::Paste("bé".into()),
            LineEdit::Backspace,
        ] {
            assert!(line.apply(&edit));
        }
        assert_eq!(line.as_str(), "ab");
        assert!(line.apply(&LineEdit::Clear));
        assert!(!line.apply(&LineEdit::Backspace), "nothing left to take");
        assert!(!line.apply(&LineEdit::Clear));
    }

    #[test]
    fn the_cursor_moves_and_edits_happen_where_it_is() {
        let mut line = LineInput::new("/home/ann/out.csv");
        assert_eq!(line.with_cursor(), "/home/ann/out.csv▏");
        line.apply(&LineEdit::Move(LineMove::WordLeft));
        assert_eq!(line.with_cursor(), "/home/ann/out.▏csv");
        line.apply(&LineEdit::Move(LineMove::WordLeft));
        line.apply(&LineEdit::DeleteWordBack);
        assert_eq!(line.with_cursor(), "/home/▏out.csv");
        line.apply(&LineEdit::Paste("bob/".into()));
        assert_eq!(line.as_str(), "/home/bob/out.csv");
        line.apply(&LineEdit::Move(LineMove::Home));
        assert!(
            !line.apply(&LineEdit::Move(LineMove::Left)),
            "already at the start"
        );
        assert!(
            !line.apply(&LineEdit::Backspace),
            "nothing before the cursor"
        );
        line.apply(&LineEdit::Delete);
        line.apply(&LineEdit::Insert('~'));
        assert_eq!(line.with_cursor(), "~▏home/bob/out.csv");
        line.apply(&LineEdit::Move(LineMove::WordRight));
        assert_eq!(line.with_cursor(), "~home▏/bob/out.csv");
        line.apply(&LineEdit::DeleteToEnd);
        line.apply(&LineEdit::Move(LineMove::Left));
        line.apply(&LineEdit::Insert('é'));
        line.apply(&LineEdit::Move(LineMove::Right));
        assert_eq!(line.with_cursor(), "~homée▏");
        line.apply(&LineEdit::Move(LineMove::Left));
        line.apply(&LineEdit::Backspace);
        assert_eq!(line.with_cursor(), "~hom▏e");
    }

    #[test]
    fn a_one_line_paste_loses_its_line_breaks_and_debug_hides_the_text() {
        let mut line = LineInput::default();
        line.apply(&one_line(LineEdit::Paste("s3cr\net\r\n".into())));
        assert_eq!(line.as_str(), "s3cr et");
        assert!(!format!("{line:?}").contains("s3cr"));
    }
}
