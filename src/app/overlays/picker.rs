//! The connection picker's state (its actions are `picker_actions`): configured connections, recent URLs (never with their passwords),
//! the other databases of this server, the other schemas of this database (PostgreSQL), and
//! the demo. Choosing one asks first when staged
//! changes or an open transaction would be left; the switch itself is the front end's (it
//! connects off the UI thread and opens a workbench of the new connection).

use crate::app::line_input::LineInput;
use crate::engine::url::redact_url_text;

/// What a picker entry opens.
#[derive(Clone, PartialEq, Eq)]
pub enum PickTarget {
    /// A connection of the configuration, by name.
    Named(String),
    /// A URL or a libpq connection string: a recent one (without its password) or one typed
    /// (which may hold one: never shown).
    Url(String),
    /// Another database of the current server.
    Database(String),
    /// Another schema of the current PostgreSQL database, first on the search path.
    Schema(String),
    Demo,
}

impl std::fmt::Debug for PickTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PickTarget::Named(n) => f.debug_tuple("Named").field(n).finish(),
            PickTarget::Url(u) => f.debug_tuple("Url").field(&redact_url_text(u)).finish(),
            PickTarget::Database(d) => f.debug_tuple("Database").field(d).finish(),
            PickTarget::Schema(s) => f.debug_tuple("Schema").field(s).finish(),
            PickTarget::Demo => f.write_str("Demo"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerEntry {
    pub label: String,
    /// Where it goes (the URL, without a password) or what it is.
    pub detail: String,
    pub target: PickTarget,
    /// A configured connection's URL as the file has it (its password hidden) and its
    /// read-only setting, for the picker's form.
    pub configured: Option<Configured>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    pub url: String,
    pub read_only: bool,
}

/// The configured connections as the file now has them first, then the rest of `entries`
/// (recent URLs, databases, schemas, the demo).
pub fn with_configured(entries: &[PickerEntry], configured: Vec<PickerEntry>) -> Vec<PickerEntry> {
    let rest = entries
        .iter()
        .filter(|e| !matches!(e.target, PickTarget::Named(_)))
        .cloned();
    configured.into_iter().chain(rest).collect()
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

    /// What Enter opens when no entry matches: the query itself, when it is a URL or a libpq
    /// connection string (shown without its password).
    pub fn typed_target(&self) -> Option<PickerEntry> {
        let typed = self.query.as_str().trim();
        let names_one = typed.contains("://") || crate::engine::libpq::is_conninfo(typed);
        (names_one && self.found().is_empty()).then(|| PickerEntry {
            label: "typed".into(),
            detail: redact_url_text(typed),
            target: PickTarget::Url(typed.to_string()),
            configured: None,
        })
    }

    /// What Tab makes of the query: the configured connection's name it begins (the longest
    /// part the names it begins share), when that is longer than the query.
    pub fn completion(&self) -> Option<String> {
        let typed = self.query.as_str();
        if typed.is_empty() || typed.contains(char::is_whitespace) {
            return None;
        }
        let lower = typed.to_lowercase();
        let mut names = (self.entries.iter()).filter_map(|e| match &e.target {
            PickTarget::Named(n) if n.to_lowercase().starts_with(&lower) => Some(n.as_str()),
            _ => None,
        });
        let first = names.next()?;
        let shared = names.fold(first.len(), |len, n| common_prefix(&first[..len], n));
        let completed = &first[..shared];
        (completed.chars().count() > typed.chars().count()).then(|| completed.to_string())
    }

    /// The query as the popup shows it: a password typed in a URL or a connection string
    /// hidden.
    pub fn shown_query(&self) -> String {
        redact_url_text(self.query.as_str())
    }
}

/// How many bytes of `a` begin `b` too (whole characters).
fn common_prefix(a: &str, b: &str) -> usize {
    (a.char_indices().zip(b.chars()))
        .take_while(|((_, x), y)| x == y)
        .map(|((i, x), _)| i + x.len_utf8())
        .last()
        .unwrap_or(0)
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
