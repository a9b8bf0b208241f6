//! Keys into actions: who has them is the model's decision (`keys_go_to`), the same one
//! `update` routes by; here each holder's keys become its actions.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Workbench;
use crate::app::keys_to::KeysTo;
use crate::app::line_input::LineEdit;
use crate::app::{Action, PaneId};
use crate::ui::keymap::{self, Bindable, Scope, lookup_in};

/// The key as typing into a line of text: a character, Backspace, Ctrl-U. A character with
/// Alt types only where `alt_types` (the password: AltGr letters are letters).
pub(super) fn line_edit(key: KeyEvent, alt_types: bool) -> Option<LineEdit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('u') if ctrl => Some(LineEdit::Clear),
        KeyCode::Char(c) if !ctrl && (alt_types || !alt) => Some(LineEdit::Insert(c)),
        KeyCode::Backspace if ctrl || alt => Some(LineEdit::DeleteWordBack),
        KeyCode::Backspace => Some(LineEdit::Backspace),
        _ => None,
    }
}

/// As `line_edit`, in a line whose text is shown as typed (not a password, not a redacted
/// URL): the cursor moves too, with readline's keys (←/→, Home/End, Ctrl-A/E, Alt-B/F or
/// Ctrl-←/→ by words, Delete, Ctrl-W, Ctrl-K).
pub(super) fn line_edit_moving(key: KeyEvent) -> Option<LineEdit> {
    use crate::app::line_input::LineMove as M;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let by_word = ctrl || alt;
    Some(match key.code {
        KeyCode::Left if by_word => LineEdit::Move(M::WordLeft),
        KeyCode::Right if by_word => LineEdit::Move(M::WordRight),
        KeyCode::Left => LineEdit::Move(M::Left),
        KeyCode::Right => LineEdit::Move(M::Right),
        KeyCode::Home => LineEdit::Move(M::Home),
        KeyCode::End => LineEdit::Move(M::End),
        KeyCode::Delete => LineEdit::Delete,
        KeyCode::Char('a') if ctrl => LineEdit::Move(M::Home),
        KeyCode::Char('e') if ctrl => LineEdit::Move(M::End),
        KeyCode::Char('b') if alt => LineEdit::Move(M::WordLeft),
        KeyCode::Char('f') if alt => LineEdit::Move(M::WordRight),
        KeyCode::Char('w') if ctrl => LineEdit::DeleteToSpaceBack,
        KeyCode::Char('k') if ctrl => LineEdit::DeleteToEnd,
        _ => return line_edit(key, false),
    })
}

fn is_ctrl(key: KeyEvent, c: char) -> bool {
    key.code == KeyCode::Char(c) && key.modifiers.contains(KeyModifiers::CONTROL)
}

impl Workbench {
    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.model.keys_go_to() {
            KeysTo::Password | KeysTo::Line => self.on_password_key(key),
            KeysTo::Form => self.on_form_key(key),
            KeysTo::Confirm => self.on_confirm_key(key),
            // vi's Esc in insert mode closes the candidates and leaves insert mode, as vim's
            KeysTo::Completion if self.vi_escapes_completion(key) => self.on_key(key),
            // any other key closes the candidates and goes on
            KeysTo::Completion if !self.on_completion_key(key) => self.on_key(key),
            KeysTo::Completion => {}
            KeysTo::History => self.on_history_key(key),
            KeysTo::Picker => self.on_picker_key(key),
            KeysTo::Help => self.on_help_key(key),
            KeysTo::RowFilter | KeysTo::TreeFilter if self.on_filter_key(key) => {}
            KeysTo::Viewer | KeysTo::Detail => self.on_view_key(key),
            _ => self.on_pane_key(key),
        }
    }

    /// The focused pane's keys (and the viewer's and the detail view's, which take the
    /// panes' movement keys); in the editor, a key bound to nothing types.
    fn on_pane_key(&mut self, key: KeyEvent) {
        if self.model.focus == PaneId::Editor && self.editor_first(key) {
            return;
        }
        let command = keymap::lookup(key, self.model.focus);
        if let Some(cmd) = command {
            if let Some(action) = self.action_for(cmd) {
                self.dispatch(action);
            }
            return;
        }
        if self.model.focus != PaneId::Editor {
            return;
        }
        self.editor_key(key);
        self.note_typed(key);
    }

    /// The viewer's and the detail view's keys: the panes' movement keys scroll them (and
    /// switch the detail's tabs); nothing acts underneath them (an `e` that would put a name
    /// into the hidden editor, say).
    fn on_view_key(&mut self, key: KeyEvent) {
        use Bindable as B;
        let command = keymap::lookup(key, self.model.focus);
        let shown = matches!(
            command,
            Some(
                B::Up
                    | B::Down
                    | B::PageUp
                    | B::PageDown
                    | B::Top
                    | B::Bottom
                    | B::Left
                    | B::Right
                    | B::Escape
                    | B::Interrupt
                    | B::Quit
                    | B::Detail(_)
                    | B::ViewCell
                    | B::ViewRecord
                    | B::CopyCell
                    | B::CopyRow
            )
        );
        if let Some(cmd) = command.filter(|_| shown)
            && let Some(action) = self.action_for(cmd)
        {
            self.dispatch(action);
        }
    }

    fn on_confirm_key(&mut self, key: KeyEvent) {
        let lower = KeyEvent {
            code: match key.code {
                KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
                other => other,
            },
            ..key
        };
        match lookup_in(Scope::Prompt, lower) {
            Some(Bindable::PromptYes) => self.dispatch(Action::Confirm(true)),
            Some(Bindable::PromptNo) => self.dispatch(Action::Confirm(false)),
            _ => {}
        }
    }

    /// The help scrolls when it does not fit; its own key, Esc or Ctrl-C close it.
    fn on_help_key(&mut self, key: KeyEvent) {
        let action = match (keymap::lookup(key, self.model.focus), key.code) {
            (Some(Bindable::Quit), _) => Action::Quit,
            (Some(Bindable::Help | Bindable::Escape | Bindable::Interrupt), _) => Action::Dismiss,
            (_, KeyCode::Down | KeyCode::Char('j')) => Action::MoveDown,
            (_, KeyCode::Up | KeyCode::Char('k')) => Action::MoveUp,
            (_, KeyCode::PageDown | KeyCode::Char(' ')) => Action::PageDown,
            (_, KeyCode::PageUp) => Action::PageUp,
            (_, KeyCode::Home) => Action::Home,
            _ => return,
        };
        self.dispatch(action);
    }

    /// Keys of the cell editor and the insert form: their bindings, else the key types.
    fn on_form_key(&mut self, key: KeyEvent) {
        let action = match keymap::lookup_overlay(key) {
            Some(Bindable::OverlayAccept) => Action::Accept,
            Some(Bindable::OverlayNull) => Action::OverlayNull,
            Some(Bindable::OverlayDefault) => Action::OverlayDefault,
            Some(Bindable::OverlayNext) => Action::OverlayNext,
            Some(Bindable::OverlayPrev) => Action::OverlayPrev,
            Some(Bindable::OverlayPick) => Action::OverlayPick,
            Some(Bindable::OverlayClear) => Action::Edit(LineEdit::Clear),
            Some(Bindable::ExternalEditor)
                if matches!(
                    self.model.overlay,
                    crate::app::model::Overlay::CellEditor(_)
                ) =>
            {
                self.external_edit = true;
                return;
            }
            Some(_) => Action::Dismiss,
            None if is_ctrl(key, 'q') => Action::Quit,
            None if is_ctrl(key, 'c') => Action::Dismiss,
            None => match line_edit_moving(key) {
                Some(edit) => Action::Edit(edit),
                None => return,
            },
        };
        self.dispatch(action);
    }

    /// Keys while typing a filter (the tree's, the results' rows); false for keys that keep
    /// their usual meaning.
    fn on_filter_key(&mut self, key: KeyEvent) -> bool {
        let action = match lookup_in(Scope::Popup, key) {
            Some(Bindable::PopupClose) => Action::Dismiss,
            Some(Bindable::PopupAccept) => Action::Accept,
            _ => match line_edit_moving(key) {
                Some(edit) => Action::Edit(edit),
                None => return false,
            },
        };
        self.dispatch(action);
        true
    }
}
