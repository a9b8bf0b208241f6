//! What a running statement reports, in order: its columns, batches of rows, then a summary.

use std::time::Duration;

use super::batch::{Columns, RowBatch};

#[derive(Debug)]
pub enum QueryEvent {
    /// The statement returns rows with these columns (sent before any row, and also for an
    /// empty result).
    Columns(Columns),
    Rows(RowBatch),
}

/// How a statement ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementSummary {
    /// Rows inserted, updated or deleted (0 for a SELECT on PostgreSQL and MySQL).
    pub rows_affected: u64,
    /// Rows streamed back.
    pub rows_returned: u64,
    /// Whether the statement produced a result set (perhaps an empty one).
    pub has_result: bool,
    pub duration: Duration,
}
