//! Keys while a popup or a typed filter has them: history, completion, the tree filter.

use crossterm::event::KeyEvent;

use super::Workbench;
use crate::app::{Action, PaneId};
use crate::ui::keymap::{KeyCommand, Scope, lookup_in};

impl Workbench {
    /// Keys in the connection picker: type to search, ↑/↓ choose, Enter switches, Esc closes.
    pub(super) fn on_picker_key(&mut self, key: KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let action = match (lookup_in(Scope::Popup, key), key.code) {
            (Some(KeyCommand::PopupClose), _) => Action::ClosePicker,
            (Some(KeyCommand::PopupAccept), _) => Action::PickerChoose,
            (Some(KeyCommand::PopupUp), _) => Action::PickerMove(-1),
            (Some(KeyCommand::PopupDown), _) => Action::PickerMove(1),
            (_, KeyCode::Backspace) => Action::PickerInput(None),
            (_, KeyCode::Char('q')) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Action::Quit
            }
            (_, KeyCode::Char(c)) if plain => Action::PickerInput(Some(c)),
            _ => return,
        };
        self.dispatch(action);
    }

    /// Keys in the password prompt: every character is the password's (Ctrl-U clears),
    /// Enter connects, Esc gives up.
    pub(super) fn on_password_key(&mut self, key: KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let action = match key.code {
            KeyCode::Esc => Action::ClosePassword,
            KeyCode::Enter => Action::PasswordSubmit,
            KeyCode::Backspace => Action::PasswordInput(None),
            KeyCode::Char('u') if ctrl => {
                if let crate::app::model::Overlay::Password(p) = &mut self.model.overlay {
                    p.typed.clear();
                }
                return;
            }
            KeyCode::Char('q') if ctrl => Action::Quit,
            KeyCode::Char(c) if !ctrl => Action::PasswordInput(Some(c)),
            _ => return,
        };
        self.dispatch(action);
    }

    /// Keys in the history popup: type to search, ↑/↓ choose, Enter runs, Tab copies it into
    /// the editor, Esc closes.
    pub(super) fn on_history_key(&mut self, key: KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let toggle = crate::ui::keymap::lookup(key, self.model.focus) == Some(KeyCommand::History);
        let action = match (lookup_in(Scope::Popup, key), key.code) {
            (Some(KeyCommand::PopupClose), _) => Action::CloseHistory,
            _ if toggle => Action::CloseHistory,
            (Some(KeyCommand::PopupAccept), _) => {
                // a redacted entry never runs as it stands: it opens for editing, marked
                if crate::app::update::selected_history_entry(&self.model)
                    .is_some_and(|e| e.is_redacted())
                {
                    self.history_to_editor();
                    self.dispatch(Action::RunHistory);
                    Action::Focus(PaneId::Editor)
                } else {
                    Action::RunHistory
                }
            }
            (Some(KeyCommand::PopupUp), _) => Action::MoveUp,
            (Some(KeyCommand::PopupDown), _) => Action::MoveDown,
            (_, KeyCode::Backspace) => Action::HistoryBackspace,
            (Some(KeyCommand::PopupEdit), _) => {
                self.history_to_editor();
                self.dispatch(Action::CloseHistory);
                Action::Focus(PaneId::Editor)
            }
            (_, KeyCode::Char('q')) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Action::Quit
            }
            (_, KeyCode::Char(c)) if plain => Action::HistoryInput(c),
            _ => return,
        };
        self.dispatch(action);
    }

    /// Appends the selected history entry to the editor, a redacted secret marked.
    fn history_to_editor(&mut self) {
        let Some(sql) =
            crate::app::update::selected_history_entry(&self.model).map(|e| e.editable_sql())
        else {
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

    /// Keys while completion candidates show: ↑/↓ choose, Enter or Tab take, Esc closes; any
    /// other key closes them and goes on to the editor (false).
    pub(super) fn on_completion_key(&mut self, key: KeyEvent) -> bool {
        match lookup_in(Scope::Popup, key) {
            Some(KeyCommand::PopupUp) => self.dispatch(Action::MoveUp),
            Some(KeyCommand::PopupDown) => self.dispatch(Action::MoveDown),
            Some(KeyCommand::PopupClose) => self.dispatch(Action::CloseCompletion),
            Some(KeyCommand::PopupAccept | KeyCommand::PopupEdit) => {
                let popup = self.model.completion().cloned();
                self.model.set_completion(None);
                if let Some(popup) = popup
                    && let Some(c) = popup.completion.candidates.get(popup.selected)
                {
                    for _ in 0..popup.completion.prefix_chars {
                        self.editor.delete_char();
                    }
                    self.editor.insert_str(&c.text);
                    self.buffer_changed();
                }
            }
            _ => {
                self.dispatch(Action::CloseCompletion);
                return false;
            }
        }
        true
    }

    /// Keys while typing a tree filter; false for keys that keep their usual meaning.
    pub(super) fn on_filter_key(&mut self, key: KeyEvent) -> bool {
        use crossterm::event::{KeyCode, KeyModifiers};
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let action = match (lookup_in(Scope::Popup, key), key.code) {
            (Some(KeyCommand::PopupClose), _) => Action::FilterClear,
            (Some(KeyCommand::PopupAccept), _) => Action::FilterAccept,
            (_, KeyCode::Backspace) => Action::FilterBackspace,
            (_, KeyCode::Char(c)) if plain => Action::FilterInput(c),
            _ => return false,
        };
        self.dispatch(action);
        true
    }
}
