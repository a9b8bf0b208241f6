//! The inline editor of one grid cell: its state, and how typing changes it. Opening it and
//! staging its value are the Session's (`session::cell_edit`).

use crate::app::line_input::{LineEdit, LineInput};
use crate::session::{Cell, RowTarget, TableRef};

/// The inline editor of one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEdit {
    pub table: TableRef,
    pub column: String,
    pub data_type: String,
    pub target: RowTarget,
    pub text: LineInput,
    /// NULL or DEFAULT chosen instead of the text (Ctrl-N, Ctrl-D); typing clears it.
    pub special: Option<Cell>,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// The value as read, for the editor's title.
    pub original: String,
}

impl CellEdit {
    /// Typing: a key typed over NULL or DEFAULT replaces it, a paste goes after the text, and
    /// Backspace on NULL or DEFAULT goes back to the text.
    pub fn edit(&mut self, edit: &LineEdit) {
        let special = self.special.take();
        match edit {
            LineEdit::Backspace if special.is_some() => {}
            LineEdit::Insert(_) | LineEdit::Paste(_) | LineEdit::Set(_) => {
                if special.is_some() || matches!(edit, LineEdit::Set(_)) {
                    self.text.clear();
                }
                self.text.apply(edit);
                self.error = None;
            }
            _ => {
                self.text.apply(edit);
            }
        }
    }
}
