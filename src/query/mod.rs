//! Queries: splitting scripts into statements, classifying them, running them.

pub mod classify;
pub mod complete;
pub mod confirm;
pub mod connection_files;
pub mod execute;
pub mod explain;
mod explain_mysql;
pub mod format;
pub mod lex;
pub mod meta_answer;
pub mod meta_command;
pub mod read_proof;
pub mod result;
pub mod source;
pub mod split;
pub mod startup;

pub use split::{Statement, split_statements};
