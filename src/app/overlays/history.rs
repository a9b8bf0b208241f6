//! The history popup: a search over the statements run on this connection; Enter runs the
//! chosen one again.

use crate::app::line_input::LineInput;

/// The history search being typed, and the entry chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryPopup {
    pub query: LineInput,
    pub selected: usize,
}
