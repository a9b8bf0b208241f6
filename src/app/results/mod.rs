//! Running statements and their results: a run and its answers (`run`), and the runs retort
//! makes again by itself: fetch more, export (`rerun`).

pub(crate) mod actions;
pub(crate) mod expanded;
pub(crate) mod finished;
pub(crate) mod meta;
pub(crate) mod rerun;
pub(crate) mod run;
