//! Adding and editing a configured connection from the picker: a small form (name, URL,
//! read-only), checked here (a name that exists, a URL retort cannot open, a password) before
//! the front end writes config.toml off the UI thread (`Command::SaveConnection`); deleting
//! asks first. The picker comes back with its list as the file now has it.

use super::picker::{ConnectionPicker, PickTarget, PickerEntry};
use crate::app::line_input::{LineEdit, LineInput, one_line};
use crate::app::model::{ConfirmThen, Model, Overlay, PendingConfirm};
use crate::app::msg::{Action, Command, Handled};
use crate::engine::url::redact_url_text;

/// One configured connection as the form writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionFields {
    pub name: String,
    /// Never with a password (the form leaves it out).
    pub url: String,
    pub read_only: bool,
}

/// What the picker asks of config.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionChange {
    Add(ConnectionFields),
    Edit { was: String, now: ConnectionFields },
    Delete(String),
}

/// Ctrl-N, Ctrl-E, Ctrl-D in the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manage {
    Add,
    Edit,
    Delete,
}

/// How the file took it: what to say, and the picker entries of the configured connections
/// as the file now has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionsSaved {
    pub said: String,
    pub configured: Vec<PickerEntry>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionForm {
    /// The name of the connection being edited; None for a new one.
    pub editing: Option<String>,
    pub name: LineInput,
    pub url: LineInput,
    pub read_only: bool,
    /// 0 the name, 1 the URL, 2 read-only.
    pub field: usize,
    /// Why it was not saved (shown in the form).
    pub error: Option<String>,
    /// Written, waiting for the file's answer.
    pub saving: bool,
    /// The picker it came from, shown again after.
    pub back: ConnectionPicker,
}

impl std::fmt::Debug for ConnectionForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionForm")
            .field("editing", &self.editing)
            .field("name", &self.name.as_str())
            .field("url", &redact_url_text(self.url.as_str()))
            .field("read_only", &self.read_only)
            .field("error", &self.error)
            .finish()
    }
}

/// Ctrl-N (a new connection, with the URL typed in the search line if it is one), Ctrl-E (the
/// selected configured connection), Ctrl-D (asks, then deletes it).
pub(super) fn manage(model: &mut Model, what: Manage) {
    let Overlay::Picker(p) = &model.overlay else {
        return;
    };
    let picker = p.clone();
    let selected = p.found().get(p.selected).map(|e| (*e).clone());
    let configured = selected.filter(|e| matches!(e.target, PickTarget::Named(_)));
    match (what, configured) {
        (Manage::Add, _) => {
            let url = picker.typed_target().map(|_| picker.query.to_string());
            model.overlay = form(picker, None, url.unwrap_or_default(), false);
        }
        (Manage::Edit, Some(e)) => {
            let (url, ro) =
                (e.configured.clone()).map_or((e.detail.clone(), false), |c| (c.url, c.read_only));
            model.overlay = form(picker, Some(e.label.clone()), url, ro);
        }
        (Manage::Delete, Some(e)) => model.ask(PendingConfirm {
            reason: format!(
                "Delete the connection {} from the configuration file?",
                e.label
            ),
            culprit: "y deletes it, n keeps it".into(),
            then: ConfirmThen::DeleteConnection(e.label, Box::new(picker)),
        }),
        (_, None) => model.warn(
            "Only a configured connection is edited or deleted here: Ctrl-N adds one \
             (a URL typed in the search line comes with it)",
        ),
    }
}

fn form(back: ConnectionPicker, editing: Option<String>, url: String, ro: bool) -> Overlay {
    Overlay::ConnectionForm(Box::new(ConnectionForm {
        name: LineInput::new(editing.clone().unwrap_or_default()),
        editing,
        url: LineInput::new(redact_url_text(&url)),
        read_only: ro,
        field: 0,
        error: None,
        saving: false,
        back,
    }))
}

/// The answer to "Delete the connection?".
pub(crate) fn delete_answered(
    model: &mut Model,
    name: String,
    back: ConnectionPicker,
    yes: bool,
) -> Vec<Command> {
    model.overlay = Overlay::Picker(back);
    if !yes {
        model.warn(format!("{name} kept"));
        return vec![];
    }
    model.inform(format!("deleting {name}…"));
    vec![Command::SaveConnection {
        change: ConnectionChange::Delete(name),
        note: None,
    }]
}

/// The form's keys: Tab / ↑ / ↓ move between the fields, y / n / Space set read-only, Enter
/// saves, Esc goes back to the picker.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let Overlay::ConnectionForm(f) = &mut model.overlay else {
        return Handled::Pass(action);
    };
    match action {
        Action::OverlayNext | Action::MoveDown => f.field = (f.field + 1) % 3,
        Action::OverlayPrev | Action::MoveUp => f.field = (f.field + 2) % 3,
        Action::Edit(edit) => f.edit(one_line(edit)),
        Action::Accept => return Handled::Done(accept(model)),
        Action::Dismiss | Action::Cancel => {
            let back = f.back.clone();
            model.overlay = Overlay::Picker(back);
        }
        Action::Quit => return Handled::Done(super::confirm::quit(model)),
        _ => {}
    }
    Handled::Done(vec![])
}

impl ConnectionForm {
    fn edit(&mut self, edit: LineEdit) {
        self.error = None;
        match (self.field, edit) {
            (0, e) => {
                self.name.apply(&e);
            }
            (1, e) => {
                self.url.apply(&e);
            }
            (_, LineEdit::Insert('y' | 'Y')) => self.read_only = true,
            (_, LineEdit::Insert('n' | 'N')) => self.read_only = false,
            (_, LineEdit::Insert(' ')) => self.read_only = !self.read_only,
            _ => {}
        }
    }

    /// What the form asks of the file, or why it cannot: a name that is one word and not
    /// taken, a URL retort can open, its password left out (and said so).
    pub fn change(&self) -> Result<(ConnectionChange, Option<String>), String> {
        let name = self.name.as_str().trim().to_string();
        if name.is_empty() || name.contains(|c: char| c.is_whitespace() || ":/=".contains(c)) {
            return Err("the name is one word without : / or = (retort NAME opens it)".into());
        }
        let taken = self
            .back
            .entries
            .iter()
            .any(|e| e.target == PickTarget::Named(name.clone()));
        if taken && self.editing.as_deref() != Some(name.as_str()) {
            return Err(format!(
                "a connection named {name} exists: choose another name"
            ));
        }
        let (url, note) = without_password(self.url.as_str().trim())?;
        let now = ConnectionFields {
            name,
            url,
            read_only: self.read_only,
        };
        let change = match self.editing.clone() {
            Some(was) => ConnectionChange::Edit { was, now },
            None => ConnectionChange::Add(now),
        };
        Ok((change, note))
    }
}

/// The URL as it is written: checked, and without its password (a connection string's
/// password is refused: take it out).
fn without_password(typed: &str) -> Result<(String, Option<String>), String> {
    if typed.is_empty() {
        return Err(
            "the URL is empty: postgresql://…, mysql://…, sqlite://… or host=… dbname=…".into(),
        );
    }
    if crate::engine::libpq::is_conninfo(typed) {
        crate::engine::libpq::parse_conninfo(typed).map_err(|e| e.to_string())?;
        return match redact_url_text(typed) == typed {
            true => Ok((typed.to_string(), None)),
            false => Err(
                "leave password=… out: retort never writes a password into the \
                          configuration file (password_command, ~/.pgpass or a prompt give it)"
                    .into(),
            ),
        };
    }
    let url = crate::engine::DatabaseUrl::parse(typed).map_err(|e| e.to_string())?;
    match redact_url_text(typed) == typed {
        true => Ok((typed.to_string(), None)),
        false => Ok((
            url.without_password(),
            Some(
                "its password left out: retort never writes one into the configuration file \
                 (add password_command, or let ~/.pgpass or a prompt give it)"
                    .into(),
            ),
        )),
    }
}

/// Enter: the change goes to the front end, which writes the file and answers.
fn accept(model: &mut Model) -> Vec<Command> {
    let Overlay::ConnectionForm(f) = &mut model.overlay else {
        return vec![];
    };
    match f.change() {
        Ok((change, note)) => {
            f.saving = true;
            vec![Command::SaveConnection { change, note }]
        }
        Err(why) => {
            f.error = Some(why);
            vec![]
        }
    }
}

/// The file's answer: the picker's list as the file now has it (its other entries kept), or
/// the form (or the status bar) says why not.
pub fn saved(model: &mut Model, result: Result<ConnectionsSaved, String>, note: Option<String>) {
    let saved = match result {
        Ok(saved) => saved,
        Err(why) => {
            match &mut model.overlay {
                Overlay::ConnectionForm(f) => (f.saving, f.error) = (false, Some(why)),
                _ => model.fail(why),
            }
            return;
        }
    };
    if let Overlay::ConnectionForm(f) = &model.overlay {
        model.overlay = Overlay::Picker(f.back.clone());
    }
    if let Overlay::Picker(p) = &mut model.overlay {
        p.entries = super::picker::with_configured(&p.entries, saved.configured);
        p.selected = p.selected.min(p.found().len().saturating_sub(1));
    }
    match note {
        Some(note) => model.warn(format!("{}: {note}", saved.said)),
        None => model.inform(saved.said),
    }
}
