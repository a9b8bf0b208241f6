//! The schema in the workbench: the catalog as loaded (`catalog`), the tree's rows
//! (`tree`), and the tree's actions (`actions`).

pub(crate) mod actions;
pub mod catalog;
pub(crate) mod keys;
pub mod tree;
