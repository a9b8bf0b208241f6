//! The application model: state, the actions and events that change it, and the commands it
//! asks the effects runner to carry out. `update` is the one place state changes.

pub mod effects;
pub mod model;
pub mod msg;
pub mod results;
pub mod update;

pub use model::{Catalog, Model, PaneId, RunState};
pub use msg::{Action, Command, Event};
pub use update::{apply, update};
