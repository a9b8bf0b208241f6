//! Keys while a popup has them: the connection picker, the password prompt, the history,
//! completion.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Workbench;
use super::keys::line_edit;
use crate::app::overlays::connection_form::Manage;
use crate::app::overlays::history_actions::selected_entry;
use crate::app::{Action, PaneId};
use crate::ui::keymap::{Bindable, Scope, lookup_in};

fn is_quit(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('q') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Ctrl-N adds a configured connection, Ctrl-E edits the selected one, Ctrl-D deletes it.
fn manage_key(key: KeyEvent) -> Option<Manage> {
    if !key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    match key.code {
        KeyCode::Char('n') => Some(Manage::Add),
        KeyCode::Char('e') => Some(Manage::Edit),
        KeyCode::Char('d') => Some(Manage::Delete),
        _ => None,
    }
}

impl Workbench {
    /// Keys in the connection picker: type to search, ↑/↓ choose, Enter switches, Esc closes.
    pub(super) fn on_picker_key(&mut self, key: KeyEvent) {
        let action = match lookup_in(Scope::Popup, key) {
            Some(Bindable::PopupClose) => Action::Dismiss,
            Some(Bindable::PopupAccept) => Action::Accept,
            Some(Bindable::PopupUp) => Action::MoveUp,
            Some(Bindable::PopupDown) => Action::MoveDown,
            Some(Bindable::PopupEdit) => Action::OverlayNext,
            _ if is_quit(key) => Action::Quit,
            _ => match (manage_key(key), line_edit(key, false)) {
                (Some(what), _) => Action::ManageConnection(what),
                (None, Some(edit)) => Action::Edit(edit),
                (None, None) => return,
            },
        };
        self.dispatch(action);
    }

    /// Keys in the password prompt: every character is the password's (Ctrl-U clears),
    /// Enter connects, Esc gives up.
    pub(super) fn on_password_key(&mut self, key: KeyEvent) {
        let action = match key.code {
            KeyCode::Esc => Action::Dismiss,
            KeyCode::Enter => Action::Accept,
            _ if is_quit(key) => Action::Quit,
            // a path (the export's) moves its cursor; a password's is never shown
            _ if self.model.keys_go_to() == crate::app::keys_to::KeysTo::Line => {
                match super::keys::line_edit_moving(key) {
                    Some(edit) => Action::Edit(edit),
                    None => return,
                }
            }
            _ => match line_edit(key, true) {
                Some(edit) => Action::Edit(edit),
                None => return,
            },
        };
        self.dispatch(action);
    }

    /// Keys in the history popup: type to search, ↑/↓ choose, Enter runs, Tab copies it into
    /// the editor, Esc closes.
    pub(super) fn on_history_key(&mut self, key: KeyEvent) {
        let toggle = crate::ui::keymap::lookup(key, self.model.focus) == Some(Bindable::History);
        let action = match lookup_in(Scope::Popup, key) {
            Some(Bindable::PopupClose) => Action::Dismiss,
            _ if toggle => Action::Dismiss,
            Some(Bindable::PopupAccept) => {
                // a redacted entry never runs as it stands: it opens for editing, marked
                if selected_entry(&self.model).is_some_and(|e| e.is_redacted()) {
                    self.history_to_editor();
                    self.dispatch(Action::Accept);
                    Action::Focus(PaneId::Editor)
                } else {
                    Action::Accept
                }
            }
            Some(Bindable::PopupUp) => Action::MoveUp,
            Some(Bindable::PopupDown) => Action::MoveDown,
            Some(Bindable::PopupEdit) => {
                self.history_to_editor();
                self.dispatch(Action::Dismiss);
                Action::Focus(PaneId::Editor)
            }
            _ if is_quit(key) => Action::Quit,
            _ => match super::keys::line_edit_moving(key) {
                Some(edit) => Action::Edit(edit),
                None => return,
            },
        };
        self.dispatch(action);
    }

    /// Appends the selected history entry to the editor, a redacted secret marked.
    fn history_to_editor(&mut self) {
        let Some(sql) = selected_entry(&self.model).map(|e| e.editable_sql()) else {
            return;
        };
        self.editor
            .move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.editor.move_cursor(ratatui_textarea::CursorMove::End);
        if !self.editor.is_empty() {
            self.editor.insert_newline();
        }
        self.editor.insert_str(&sql);
        self.buffer_changed();
    }

    /// Keys while completion candidates show: ↑/↓ (or Ctrl-P/Ctrl-N) choose, Enter or Tab take,
    /// Esc closes; any other key closes them and goes on to the editor (false).
    pub(super) fn on_completion_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = |c| key.code == KeyCode::Char(c) && key.modifiers == KeyModifiers::CONTROL;
        match lookup_in(Scope::Popup, key) {
            Some(Bindable::PopupUp) => self.dispatch(Action::MoveUp),
            Some(Bindable::PopupDown) => self.dispatch(Action::MoveDown),
            // as in pgcli (and vim's insert mode): Ctrl-P and Ctrl-N move in the list too
            None if ctrl('p') => self.dispatch(Action::MoveUp),
            None if ctrl('n') => self.dispatch(Action::MoveDown),
            Some(Bindable::PopupClose) => self.dispatch(Action::Dismiss),
            // offered while typing and none chosen: Enter is the editor's (a new line)
            Some(Bindable::PopupAccept) if self.model.completion().is_some_and(|p| p.auto) => {
                self.dispatch(Action::Dismiss);
                return false;
            }
            Some(Bindable::PopupAccept | Bindable::PopupEdit) => {
                // the candidate goes into the editor's text, which the front end holds; then
                // the popup closes
                if let Some(popup) = self.model.completion().cloned()
                    && let Some(c) = popup.completion.candidates.get(popup.selected)
                {
                    for _ in 0..popup.completion.prefix_chars {
                        self.editor.delete_char();
                    }
                    self.editor.insert_str(&c.text);
                    self.buffer_changed();
                }
                self.dispatch(Action::Accept);
            }
            _ => {
                self.dispatch(Action::Dismiss);
                return false;
            }
        }
        true
    }
}
