//! Where each pane's cursor and scroll are.

/// View state of the panes that need it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cursors {
    pub results_row: usize,
    pub results_col: usize,
    /// Lines scrolled back from the newest echo entry.
    pub echo_back: usize,
    /// Lines scrolled down in the Engine view.
    pub engine_top: usize,
    /// Where a row selection in the grid started (it runs to the current row).
    pub selection_anchor: Option<usize>,
    /// How much wider (or narrower) than fitted the user made grid columns (column → cells).
    pub col_delta: std::collections::HashMap<usize, i16>,
}
