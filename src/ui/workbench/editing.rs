//! The editor's keys in the configured mode (`editor_mode`): the workbench hands the focused
//! editor's keys to them, and shows what they say (vi's mode, its visual selection).

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Workbench;
use crate::app::notice::Notice;
use crate::ui::editor_keys::{EditorKeys, EditorMode};

impl Workbench {
    /// The editing keys from now on (vi starts in normal mode).
    pub fn set_editor_mode(&mut self, mode: EditorMode) {
        self.editor_keys = EditorKeys::new(mode);
        let placeholder = self.editor_keys.placeholder();
        self.editor.set_placeholder_text(placeholder);
        self.editor_view.mode = mode;
        self.show_editor_mode();
    }

    pub fn editor_mode(&self) -> EditorMode {
        self.editor_keys.mode()
    }

    /// The configuration's `editor_mode` in effect; the sentence to report when it names no
    /// mode (the default keys are then used).
    pub fn configure_editor(&mut self, setting: Option<&str>) -> Option<String> {
        let (mode, problem) = EditorMode::from_setting(setting);
        self.set_editor_mode(mode);
        problem
    }

    /// A key the mode takes before retort's global keys (vi's Esc, Ctrl-R; a copy on Ctrl-C);
    /// whether it took it.
    pub(super) fn editor_first(&mut self, key: KeyEvent) -> bool {
        let busy = self.model.is_running() || self.model.session.busy;
        let Some(changed) = self.editor_keys.first(&mut self.editor, key, busy) else {
            return false;
        };
        self.after_editor_key(changed);
        true
    }

    /// A key of the focused editor that no global binding took.
    pub(super) fn editor_key(&mut self, key: KeyEvent) {
        let changed = self.editor_keys.key(&mut self.editor, key);
        self.after_editor_key(changed);
    }

    /// Esc while completion's candidates show in vi's insert mode: they close, and the key
    /// goes on (to leave insert mode), so that one Esc does what it does in vim.
    pub(super) fn vi_escapes_completion(&mut self, key: KeyEvent) -> bool {
        let esc = key.code == crossterm::event::KeyCode::Esc && key.modifiers.is_empty();
        let vi_inserting = self.editor_mode() == EditorMode::Vi && self.editor_keys.inserting();
        if esc && vi_inserting {
            self.dispatch(crate::app::Action::Dismiss);
        }
        esc && vi_inserting
    }

    /// A change to the editor's text made outside its keys (a paste, $EDITOR, a name from the
    /// tree), which vi's undo takes back as a step of its own.
    pub(super) fn edit_outside(&mut self, edit: impl FnOnce(&mut TextArea<'static>)) {
        let changed = self.editor_keys.outside(&mut self.editor, edit);
        self.after_editor_key(changed);
    }

    fn after_editor_key(&mut self, changed: bool) {
        if changed {
            self.buffer_changed();
        }
        if self.editor_keys.take_copied() {
            self.copy_yank();
        }
        self.show_editor_mode();
    }

    /// What Ctrl-C or Ctrl-X took goes to the clipboard too; the status bar says where.
    fn copy_yank(&mut self) {
        let text = self.editor.yank_text();
        let copied = self.clipboard.copy(&text);
        let said = format!(
            "{} characters (Ctrl-V pastes them here): {}",
            text.chars().count(),
            copied.text
        );
        self.report(Notice::new(copied.level, said));
    }

    /// What the editor's title says of the mode.
    fn show_editor_mode(&mut self) {
        self.editor_view.label = self.editor_keys.label();
    }

    /// vi's visual selection as it is now (the cursor may have moved by a click), for the
    /// frame about to be drawn.
    pub(super) fn editor_selection(&self) {
        (self.editor_view.visual).set(self.editor_keys.selection(&self.editor));
    }
}
