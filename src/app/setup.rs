//! How a workbench is set up: the configuration's limits and autoflush, the keys in effect (as
//! the Session's texts name them), the connection's history, what could not be used.

use crate::query::result::Limits;

/// The keys the Session's texts mention, as the keymap in effect writes them (the front end
/// fills them in; these are the built-in ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyNames {
    pub edit: String,
    pub insert: String,
    pub delete: String,
    pub flush: String,
    pub commit: String,
    pub rollback: String,
}

impl Default for KeyNames {
    fn default() -> Self {
        KeyNames {
            edit: "e".into(),
            insert: "a".into(),
            delete: "d".into(),
            flush: "f".into(),
            commit: "Ctrl-S".into(),
            rollback: "r".into(),
        }
    }
}

/// How a workbench is set up when it opens (and again when the configuration is read anew).
#[derive(Debug, Default)]
pub struct Setup {
    pub limits: Option<Limits>,
    pub autoflush: Option<bool>,
    pub keys: Option<KeyNames>,
    /// Executed statements of this connection, oldest first.
    pub history: Option<Vec<crate::query::connection_files::HistoryEntry>>,
    /// What could not be used (a configuration file, a theme, a key override).
    pub problems: Vec<String>,
    /// The course open from the start (`--learn`), and where the learner left it.
    pub course_open: Option<bool>,
    pub course: Option<crate::app::course::progress::Progress>,
    /// The database is the bundled demo of this data directory (the course may reset it).
    pub bundled_demo: Option<bool>,
}
