//! The application model: state, the actions and events that change it, and the commands it
//! asks the effects runner to carry out. `update` is the one place state changes.

pub mod apply;
mod buffer_saves;
pub mod catalog;
mod confirm;
pub mod detail;
pub mod effects;
pub mod engine_view;
pub mod insert_form;
pub mod model;
pub mod msg;
mod overlay_update;
mod pane_cursor;
pub mod picker;
mod rerun_update;
mod run_update;
pub mod session_journal;
mod session_lasting;
mod session_plan_notes;
pub mod session_send;
pub mod session_update;
pub mod session_view;
pub mod tree;
mod tree_update;
pub use update::selected_history_entry;
pub mod update;
#[cfg(test)]
mod update_tests;
pub mod viewer;

pub use apply::apply;
pub use catalog::CatalogState;
pub use model::{Model, PaneId, RunState};
pub use msg::{Action, Command, Event};
pub use update::update;
