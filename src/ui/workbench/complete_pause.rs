//! Completion as you type (as pgcli offers it): after a short pause in typing a word, the
//! candidates open by themselves; Enter still makes a new line until one is chosen.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Workbench;
use crate::app::PaneId;
use crate::app::model::Overlay;

/// How long typing pauses before the candidates open.
const PAUSE: Duration = Duration::from_millis(300);

impl Workbench {
    /// A key typed into the editor: a word's character (or a `.`) starts the wait; anything
    /// else ends it.
    pub(super) fn note_typed(&mut self, key: KeyEvent) {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && self.editor_keys.inserting();
        let wordy =
            matches!(key.code, KeyCode::Char(c) if c.is_alphanumeric() || c == '_' || c == '.');
        self.typed_at = (plain && wordy && self.complete_while_typing).then(Instant::now);
    }

    /// The loop's tick: the pause is long enough, and nothing else is on screen. True when
    /// the candidates were asked for (the screen changes).
    pub fn complete_after_pause(&mut self) -> bool {
        let Some(at) = self.typed_at else {
            return false;
        };
        if at.elapsed() < PAUSE {
            return false;
        }
        self.typed_at = None;
        let free = self.model.focus == PaneId::Editor && self.model.overlay == Overlay::None;
        if free {
            let action = self.completion_asked(true);
            self.dispatch(action);
        }
        free
    }

    /// A pause is being waited for (the loop keeps ticking).
    pub fn completion_due(&self) -> bool {
        self.typed_at.is_some()
    }

    /// Whether completion opens by itself (the configuration's `complete_while_typing`).
    pub fn set_complete_while_typing(&mut self, on: bool) {
        self.complete_while_typing = on;
        if !on {
            self.typed_at = None;
        }
    }
}
