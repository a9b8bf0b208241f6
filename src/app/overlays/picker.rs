//! The connection picker's state (its actions are `picker_actions`): configured connections, recent URLs (never with their passwords),
//! the other databases of this server, the other schemas of this database (PostgreSQL), and
//! the demo. Choosing one asks first when staged
//! changes or an open transaction would be left; the switch itself is the front end's (it
//! connects off the UI thread and opens a workbench of the new connection).

use crate::app::line_input::LineInput;

/// What a picker entry opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickTarget {
    /// A connection of the configuration, by name.
    Named(String),
    /// A URL (without its password).
    Url(String),
    /// Another database of the current server.
    Database(String),
    /// Another schema of the current PostgreSQL database, first on the search path.
    Schema(String),
    Demo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerEntry {
    pub label: String,
    /// Where it goes (the URL, without a password) or what it is.
    pub detail: String,
    pub target: PickTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPicker {
    pub entries: Vec<PickerEntry>,
    pub query: LineInput,
    pub selected: usize,
}

impl ConnectionPicker {
    /// The entries the query matches (every word, in the label or the detail).
    pub fn found(&self) -> Vec<&PickerEntry> {
        let q = self.query.to_lowercase();
        self.entries
            .iter()
            .filter(|e| {
                let hay = format!("{} {}", e.label, e.detail).to_lowercase();
                q.split_whitespace().all(|w| hay.contains(w))
            })
            .collect()
    }
}

/// The password a connection asked for, typed into the workbench: shown as dots, never kept
/// (it goes into the connection's URL for one attempt, and nowhere else).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordPrompt {
    pub target: PickTarget,
    /// Whose password, where (`app@db:5432`), and why it is asked for again.
    pub label: String,
    pub typed: LineInput,
}

impl std::fmt::Debug for PasswordPrompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordPrompt")
            .field("target", &self.target)
            .field("label", &self.label)
            .field(
                "typed",
                &format_args!("({} characters)", self.typed.chars().count()),
            )
            .finish()
    }
}

/// A typed password on its way to one connection attempt: never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}
