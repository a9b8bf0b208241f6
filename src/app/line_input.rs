//! One type for every line of text typed into the workbench (the tree filter, the row filter,
//! the history and picker searches, the password prompt, a cell, a field of the insert form)
//! and one edit action for all of them: the keys that type are the same everywhere.

/// A change to the text being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineEdit {
    /// A character typed.
    Insert(char),
    /// Text pasted (bracketed paste; line breaks as `\n`).
    Paste(String),
    /// Backspace: the last character goes.
    Backspace,
    /// Ctrl-U: the whole text goes.
    Clear,
    /// The whole text replaced (by an external editor's).
    Set(String),
}

/// A line of typed text. Reads as `&str`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LineInput(String);

impl LineInput {
    pub fn new(text: impl Into<String>) -> Self {
        LineInput(text.into())
    }

    /// Applies the edit; false when it changed nothing (Backspace on nothing, say).
    pub fn apply(&mut self, edit: &LineEdit) -> bool {
        match edit {
            LineEdit::Insert(c) => self.0.push(*c),
            LineEdit::Paste(text) => self.0.push_str(text),
            LineEdit::Backspace => return self.0.pop().is_some(),
            LineEdit::Clear if self.0.is_empty() => return false,
            LineEdit::Clear => self.0.clear(),
            LineEdit::Set(text) if *text == self.0 => return false,
            LineEdit::Set(text) => self.0.clone_from(text),
        }
        true
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as one line of the screen shows it: a line break as ⏎.
    pub fn visible(&self) -> String {
        self.0.replace('\n', "⏎")
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for LineInput {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Debug shows how long it is, never what it holds: one of them is a password.
impl std::fmt::Debug for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LineInput({} characters)", self.0.chars().count())
    }
}

impl PartialEq<&str> for LineInput {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<String> for LineInput {
    fn from(text: String) -> Self {
        LineInput(text)
    }
}

impl From<&str> for LineInput {
    fn from(text: &str) -> Self {
        LineInput(text.into())
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
    fn a_one_line_paste_loses_its_line_breaks_and_debug_hides_the_text() {
        let mut line = LineInput::default();
        line.apply(&one_line(LineEdit::Paste("s3cr\net\r\n".into())));
        assert_eq!(line.as_str(), "s3cr et");
        assert!(!format!("{line:?}").contains("s3cr"));
    }
}
