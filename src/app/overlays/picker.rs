//! The connection picker: configured connections, recent URLs (never with their passwords),
//! the other databases of this server, the other schemas of this database (PostgreSQL), and
//! the demo. Choosing one asks first when staged
//! changes or an open transaction would be left; the switch itself is the front end's (it
//! connects off the UI thread and opens a workbench of the new connection).

use crate::app::line_input::{LineInput, one_line};
use crate::app::model::{ConfirmThen, Model, Overlay, PendingConfirm};
use crate::app::msg::{Action, Command, Handled};

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

/// Opens the picker with `entries`, and asks for this server's other databases.
pub fn open(model: &mut Model, mut entries: Vec<PickerEntry>) -> Vec<Command> {
    if model.info.engine == crate::engine::EngineKind::Postgres
        && let Some(catalog) = model.catalog.loaded()
    {
        let current = model.info.schema.clone().unwrap_or_default();
        for schema in catalog.schemas.iter().filter(|s| **s != current) {
            entries.push(PickerEntry {
                label: schema.clone(),
                detail: "another schema of this database: first on the search path".into(),
                target: PickTarget::Schema(schema.clone()),
            });
        }
    }
    model.overlay = Overlay::Picker(ConnectionPicker {
        entries,
        query: LineInput::default(),
        selected: 0,
    });
    match model.info.engine {
        crate::engine::EngineKind::Sqlite => vec![],
        _ => vec![Command::ListDatabases],
    }
}

/// The server's databases arrived: each but the current one is an entry.
pub fn databases_listed(
    model: &mut Model,
    listed: Result<Vec<String>, crate::engine::EngineError>,
) {
    let names = match listed {
        Ok(names) => names,
        Err(why) => {
            model.fail(format!(
                "the server's other databases could not be listed: {why}"
            ));
            return;
        }
    };
    let current = model.info.database.clone();
    let Overlay::Picker(p) = &mut model.overlay else {
        return;
    };
    for name in names.into_iter().filter(|n| *n != current) {
        if p.entries
            .iter()
            .any(|e| e.target == PickTarget::Database(name.clone()))
        {
            continue;
        }
        p.entries.push(PickerEntry {
            detail: "another database of this server".into(),
            label: name.clone(),
            target: PickTarget::Database(name),
        });
    }
}

/// The picker's keys: type to search, ↑/↓ choose, Enter switches, Esc closes.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let Overlay::Picker(p) = &mut model.overlay else {
        return Handled::Pass(action);
    };
    if let Some(selected) = super::step(p.selected, p.found().len(), &action) {
        p.selected = selected;
        return Handled::Done(vec![]);
    }
    match action {
        Action::Edit(edit) => {
            p.query.apply(&one_line(edit));
            p.selected = 0;
        }
        Action::Accept => return Handled::Done(choose(model)),
        Action::Dismiss => model.overlay = Overlay::None,
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// Enter: the chosen entry is switched to, after a yes when work would be left behind.
fn choose(model: &mut Model) -> Vec<Command> {
    let Overlay::Picker(p) = &model.overlay else {
        return vec![];
    };
    let Some(entry) = p.found().get(p.selected).map(|e| (*e).clone()) else {
        return vec![];
    };
    model.overlay = Overlay::None;
    let staged = model.session.unit.changes().len();
    let tx = model.transaction.is_open();
    if staged == 0 && !tx {
        return vec![Command::Switch {
            target: entry.target,
            password: None,
        }];
    }
    let mut left = Vec::new();
    if staged > 0 {
        left.push(format!(
            "{staged} staged change(s) stay in this connection's journal and come back when \
             you open it again"
        ));
    }
    if tx {
        left.push(
            "the open transaction is rolled back by the server, nothing of it committed".into(),
        );
    }
    model.ask(PendingConfirm {
        then: ConfirmThen::Switch(entry.target),
        reason: format!("Switch to {}? {}", entry.label, left.join("; ")),
        culprit: "y switches, n stays".into(),
    });
    vec![]
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

/// A switch was refused for its password: ask for one.
pub fn ask_password(model: &mut Model, target: PickTarget, label: String) {
    model.overlay = Overlay::Password(PasswordPrompt {
        target,
        label,
        typed: LineInput::default(),
    });
}

/// The password prompt's keys: every character is the password's (Ctrl-U clears), Enter
/// connects, Esc gives up.
pub(super) fn handle_password(model: &mut Model, action: Action) -> Handled {
    let Overlay::Password(p) = &mut model.overlay else {
        return Handled::Pass(action);
    };
    match action {
        // a password manager's paste: one line, its line break left out
        Action::Edit(edit) => {
            p.typed.apply(&one_line(edit));
        }
        Action::Accept => {
            if let Overlay::Password(p) = std::mem::take(&mut model.overlay) {
                let password = Some(Password(p.typed.into_string()));
                return Handled::Done(vec![Command::Switch {
                    target: p.target,
                    password,
                }]);
            }
        }
        Action::Dismiss => {
            model.overlay = Overlay::None;
            model.warn("not switched: no password given");
        }
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}
