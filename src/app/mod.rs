//! The application model: state, the actions and events that change it, and the commands it
//! asks the effects runner to carry out. `update` is the one place state changes.

pub mod apply;
mod buffer_saves;
pub mod course;
pub mod cursors;
pub mod effects;
pub mod engine_view;
pub mod keys_to;
pub mod line_input;
pub mod model;
pub mod msg;
pub mod notice;
pub mod overlays;
mod pane_cursor;
pub mod results;
pub mod run_state;
pub mod schema;
pub mod session;
pub mod setup;
pub mod update;
#[cfg(test)]
mod update_routing_tests;
#[cfg(test)]
mod update_tests;

pub use apply::apply;
pub use model::{Model, PaneId, RunState};
pub use msg::{Action, Command, Event};
pub use schema::catalog::CatalogState;
pub use update::update;
