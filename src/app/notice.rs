//! What the status bar says: a line of text and how much it matters, so that a success does
//! not look like a failure.

/// How much a notice matters; the status bar draws each its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// Done as asked: staged, committed, copied.
    #[default]
    Info,
    /// Not done, and why: nothing to run, select a table first, still fetching.
    Warning,
    /// Something failed: the server refused, a file could not be written.
    Error,
}

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

impl Notice {
    pub fn new(level: Level, text: impl Into<String>) -> Self {
        Notice {
            level,
            text: text.into(),
        }
    }
}

/// Reads as its text.
impl std::ops::Deref for Notice {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::fmt::Debug for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {:?}", self.level, self.text)
    }
}
