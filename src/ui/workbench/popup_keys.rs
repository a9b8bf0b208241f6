//! Keys while a popup or a typed filter has them: history, completion, the tree filter.

use crossterm::event::KeyEvent;

use super::Workbench;
use crate::app::{Action, PaneId};

impl Workbench {
    /// Keys in the connection picker: type to search, ↑/↓ choose, Enter switches, Esc closes.
    pub(super) fn on_picker_key(&mut self, key: KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let action = match key.code {
            KeyCode::Esc => Action::ClosePicker,
            KeyCode::Enter => Action::PickerChoose,
            KeyCode::Up => Action::PickerMove(-1),
            KeyCode::Down => Action::PickerMove(1),
            KeyCode::Backspace => Action::PickerInput(None),
            KeyCode::Char('q') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
            KeyCode::Char(c) if plain => Action::PickerInput(Some(c)),
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
        let action = match key.code {
            KeyCode::Esc | KeyCode::F(2) => Action::CloseHistory,
            KeyCode::Enter => Action::RunHistory,
            KeyCode::Up => Action::MoveUp,
            KeyCode::Down => Action::MoveDown,
            KeyCode::Backspace => Action::HistoryBackspace,
            KeyCode::Tab => {
                if let Some(sql) = crate::app::update::selected_history_sql(&self.model) {
                    self.editor
                        .move_cursor(ratatui_textarea::CursorMove::Bottom);
                    self.editor.move_cursor(ratatui_textarea::CursorMove::End);
                    if !self.editor.is_empty() {
                        self.editor.insert_newline();
                    }
                    self.editor.insert_str(&sql);
                    self.buffer_changed();
                }
                self.dispatch(Action::CloseHistory);
                Action::Focus(PaneId::Editor)
            }
            KeyCode::Char('q') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
            KeyCode::Char(c) if plain => Action::HistoryInput(c),
            _ => return,
        };
        self.dispatch(action);
    }

    /// Keys while completion candidates show: ↑/↓ choose, Enter or Tab take, Esc closes; any
    /// other key closes them and goes on to the editor (false).
    pub(super) fn on_completion_key(&mut self, key: KeyEvent) -> bool {
        use crossterm::event::KeyCode;
        match key.code {
            KeyCode::Up => self.dispatch(Action::MoveUp),
            KeyCode::Down => self.dispatch(Action::MoveDown),
            KeyCode::Esc => self.dispatch(Action::CloseCompletion),
            KeyCode::Enter | KeyCode::Tab => {
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
        let action = match key.code {
            KeyCode::Esc => Action::FilterClear,
            KeyCode::Enter => Action::FilterAccept,
            KeyCode::Backspace => Action::FilterBackspace,
            KeyCode::Char(c) if plain => Action::FilterInput(c),
            _ => return false,
        };
        self.dispatch(action);
        true
    }
}
