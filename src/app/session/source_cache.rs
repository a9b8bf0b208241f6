//! The shown result's table and source, kept until what they depend on changes: the result
//! and how far it ran, the catalog's generation, how many schemas' details are in.

use crate::meta::Table;
use crate::query::source::RowSource;

/// What `result_source` depends on: the shown result and how far it ran, the catalog's
/// generation, and how many schemas' details are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceKey {
    pub result: Option<crate::query::result::QueryId>,
    pub done: bool,
    pub generation: crate::app::schema::catalog::Generation,
    pub details: usize,
}

/// The answer of `result_source` for a key (the grid asks on every frame while anything is
/// staged: lexing the statement and looking up the catalog each time was work no frame needs).
pub type SourceCache = std::cell::RefCell<Option<(SourceKey, Result<(RowSource, Table), String>)>>;
