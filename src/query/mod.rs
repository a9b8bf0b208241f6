//! Queries: splitting scripts into statements, classifying them, running them.

pub mod classify;
pub mod complete;
pub mod explain;
pub mod format;
pub mod split;
pub mod store;

pub use split::{Statement, split_statements};
