//! The Session in the workbench: staging where the user is (`edit`), sending it (`send`), the
//! journal (`journal`), what the Session pane shows (`view`), tables that cannot roll back
//! (`lasting`) and the plan's notes (`plan_notes`).

pub(crate) mod actions;
pub mod cell_edit;
pub mod edit;
pub mod journal;
pub(crate) mod lasting;
pub mod pane_text;
pub(crate) mod plan_notes;
pub mod read_back;
pub mod send;
pub mod source_cache;
pub mod teaching;
pub mod view;
