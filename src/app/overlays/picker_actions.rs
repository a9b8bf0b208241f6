//! The connection picker's and the password prompt's actions: opening the picker (with this
//! server's other databases), searching, choosing (after a yes when work would be left), and
//! the password a connection asked for. The switch itself is the front end's.

use super::picker::{ConnectionPicker, Password, PasswordPrompt, PickTarget, PickerEntry};
use crate::app::line_input::{LineInput, one_line};
use crate::app::model::{ConfirmThen, Model, Overlay, PendingConfirm};
use crate::app::msg::{Action, Command, Handled};

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
                configured: None,
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
            configured: None,
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
        Action::ManageConnection(what) => super::connection_form::manage(model, what),
        // Tab: a configured connection's name completed
        Action::OverlayNext => {
            if let Some(name) = p.completion() {
                p.query.apply(&crate::app::line_input::LineEdit::Set(name));
                p.selected = 0;
            }
        }
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
    let chosen = p.found().get(p.selected).map(|e| (*e).clone());
    let Some(entry) = chosen.or_else(|| p.typed_target()) else {
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
    let reason = format!("Switch to {}? {}", named(&entry), left.join("; "));
    model.ask(PendingConfirm {
        then: ConfirmThen::Switch(entry.target),
        reason,
        culprit: "y switches, n stays".into(),
    });
    vec![]
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

/// What a switch goes to, by its label and where it leads (`recent: postgresql://app@db/shop`).
fn named(entry: &PickerEntry) -> String {
    match entry.detail.is_empty() || entry.detail == entry.label {
        true => entry.label.clone(),
        false => format!("{} ({})", entry.label, entry.detail),
    }
}
