//! Who has the keys: the one decision the front end (which keys apply) and `update` (which
//! handler an action goes to) both take from here, so that they never disagree.

use super::model::{Model, Overlay, PaneId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysTo {
    /// The password prompt: every key types.
    Password,
    /// A one-line question (where an export goes): Enter, Esc, and the rest types.
    Line,
    /// The cell editor or the insert form: their bindings, else the key types.
    Form,
    /// A question waiting for y or n.
    Confirm,
    /// Completion candidates: ↑/↓, Enter, Esc; any other key goes on to the editor.
    Completion,
    History,
    Picker,
    Help,
    /// The cell, record or plan viewer.
    Viewer,
    /// The table's details.
    Detail,
    /// The row filter being typed in the results.
    RowFilter,
    /// The tree's filter being typed.
    TreeFilter,
    /// No overlay and nothing typed: the focused pane's keys.
    Panes,
}

impl KeysTo {
    /// A line of text has the keys: a paste goes into it.
    pub fn types(self) -> bool {
        matches!(
            self,
            KeysTo::Password
                | KeysTo::Line
                | KeysTo::Form
                | KeysTo::History
                | KeysTo::Picker
                | KeysTo::RowFilter
                | KeysTo::TreeFilter
        )
    }
}

impl Model {
    /// What the next key or action is for.
    pub fn keys_go_to(&self) -> KeysTo {
        match &self.overlay {
            Overlay::Password(_) => KeysTo::Password,
            Overlay::Export(_) => KeysTo::Line,
            Overlay::CellEditor(_) | Overlay::InsertForm(_) | Overlay::ConnectionForm(_) => {
                KeysTo::Form
            }
            Overlay::Confirm(_) => KeysTo::Confirm,
            Overlay::Completion(_) => KeysTo::Completion,
            Overlay::History(_) => KeysTo::History,
            Overlay::Picker(_) => KeysTo::Picker,
            Overlay::Help => KeysTo::Help,
            Overlay::Viewer(_) => KeysTo::Viewer,
            Overlay::Detail(_) => KeysTo::Detail,
            // the keys follow the focus: a filter being typed has them while its pane is focused
            Overlay::None if self.row_filter.is_some() && self.focus == PaneId::Results => {
                KeysTo::RowFilter
            }
            Overlay::None if self.tree.filtering && self.focus == PaneId::Schema => {
                KeysTo::TreeFilter
            }
            Overlay::None => KeysTo::Panes,
        }
    }
}
