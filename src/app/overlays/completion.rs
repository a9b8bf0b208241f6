//! Completion at the editor's cursor: the candidates, and the one chosen. Taking one edits the
//! editor's text, which the front end holds; it then closes the popup.

use crate::query::complete::Completion;

/// Completion candidates and the one chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionPopup {
    pub completion: Completion,
    pub selected: usize,
    /// Opened by a pause in typing, and no candidate chosen yet: Enter goes on to the editor
    /// (a new line), Tab or ↑/↓ choose.
    pub auto: bool,
}
