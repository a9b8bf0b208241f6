//! The editor's editing keys in the mode the configuration chose (`editor_mode`): the default
//! keys, emacs's (readline) or vi's. The text stays in the TextArea; these only turn keys
//! into its edits. retort's global keys come first, but for the few a mode takes before them
//! (`first`): vi's Esc and Ctrl-R, the default mode's Ctrl-C on a selection.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

pub use crate::config::EditorMode;

mod default;
mod emacs;
mod help;
mod readline;
mod vi;

pub use help::lines as help_lines;

#[derive(Debug, Default)]
pub struct EditorKeys {
    mode: EditorMode,
    vi: vi::Vi,
    emacs: emacs::Emacs,
    /// The default keys' Ctrl-C or Ctrl-X just took text (it goes to the clipboard too).
    copied: bool,
}

/// Ctrl and the letter, without Alt.
fn ctrl(key: KeyEvent, c: char) -> bool {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    mods == KeyModifiers::CONTROL && key.code == KeyCode::Char(c)
}

/// Alt and the key.
fn alt(key: KeyEvent, c: char) -> bool {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    mods == KeyModifiers::ALT && key.code == KeyCode::Char(c)
}

/// A line break as a terminal sends it when it is not the Enter key: a line feed (typed, or
/// pasted without bracketed paste) arrives as Ctrl-J, a carriage return read raw as Ctrl-M.
/// Every mode makes it a new line, as readline and emacs do (the TextArea's own Ctrl-J
/// deletes to the start of the line: a pasted statement would lose its text).
fn newline(key: KeyEvent) -> bool {
    ctrl(key, 'j') || ctrl(key, 'm')
}

/// Ctrl-_ as terminals send it (the byte 0x1F, read as Ctrl-7; Ctrl-/ sends it too), with or
/// without Alt.
fn ctrl_underscore(key: KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('_' | '7' | '/'))
}

impl EditorKeys {
    pub fn new(mode: EditorMode) -> Self {
        EditorKeys {
            mode,
            ..Default::default()
        }
    }

    pub fn mode(&self) -> EditorMode {
        self.mode
    }

    /// A key the mode takes before retort's global keys; Some(whether the text changed) when
    /// taken. `busy`: a statement runs (Ctrl-C then cancels it, whatever the mode).
    pub fn first(&mut self, ed: &mut TextArea<'static>, key: KeyEvent, busy: bool) -> Option<bool> {
        match self.mode {
            EditorMode::Vi => self.vi.first(ed, key),
            EditorMode::Default => {
                let taken = default::first(ed, key, busy);
                self.copied = taken.is_some() && ctrl(key, 'c');
                taken
            }
            EditorMode::Emacs => None,
        }
    }

    /// Whether the default keys' Ctrl-C or Ctrl-X just copied or cut (the TextArea's yank).
    pub fn take_copied(&mut self) -> bool {
        std::mem::take(&mut self.copied)
    }

    /// A key no global binding took; whether the text changed.
    pub fn key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        match self.mode {
            EditorMode::Vi => self.vi.key(ed, key),
            EditorMode::Default => {
                let changed = default::key(ed, key);
                self.copied = changed && ctrl(key, 'x');
                changed
            }
            EditorMode::Emacs => self.emacs.key(ed, key),
        }
    }

    /// A change made outside the keys (a paste, $EDITOR, a name from the tree): in vi one
    /// undo step of its own; whether the text changed.
    pub fn outside(
        &mut self,
        ed: &mut TextArea<'static>,
        edit: impl FnOnce(&mut TextArea<'static>),
    ) -> bool {
        match self.mode {
            EditorMode::Vi => self.vi.outside(ed, edit),
            _ => {
                edit(ed);
                true
            }
        }
    }

    /// Keys typed now go into the text (always, but in vi's normal and visual modes).
    pub fn inserting(&self) -> bool {
        self.mode != EditorMode::Vi || self.vi.inserting()
    }

    /// What the editor's title says of the mode (nothing for the default keys).
    pub fn label(&self) -> Option<String> {
        match self.mode {
            EditorMode::Vi => Some(self.vi.label()),
            EditorMode::Emacs => Some("emacs keys".into()),
            EditorMode::Default => None,
        }
    }

    /// vi's visual selection (start, end not included), drawn instead of the TextArea's.
    pub fn selection(&self, ed: &TextArea<'static>) -> Option<crate::ui::editor_view::Selection> {
        match self.mode {
            EditorMode::Vi => self.vi.selection(ed),
            _ => None,
        }
    }

    /// The editor's placeholder in this mode.
    pub fn placeholder(&self) -> &'static str {
        match self.mode {
            EditorMode::Vi => {
                "-- vi keys: i to type SQL, Esc back; F5 runs the statement under the cursor"
            }
            _ => "-- type SQL here; F5 runs the statement under the cursor",
        }
    }
}
