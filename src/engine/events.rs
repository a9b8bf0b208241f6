//! What a running statement reports, in order: its columns, batches of rows, then a summary.

use std::time::Duration;

use std::future::Future;

use tokio::sync::mpsc;

use super::batch::{Columns, RowBatch};
use super::error::EngineError;

#[derive(Debug)]
pub enum QueryEvent {
    /// The statement returns rows with these columns (sent before any row, and also for an
    /// empty result).
    Columns(Columns),
    Rows(RowBatch),
}

/// How a statement ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatementSummary {
    /// Rows inserted, updated or deleted (0 for a SELECT on PostgreSQL and MySQL).
    pub rows_affected: u64,
    /// Rows streamed back.
    pub rows_returned: u64,
    /// Whether the statement produced a result set (perhaps an empty one).
    pub has_result: bool,
    pub duration: Duration,
    /// The server's notices and warnings, and retort's own words about what happened.
    pub notices: Vec<String>,
    /// The command tag when it differs from what the statement's text says (a COMMIT the
    /// server answered with ROLLBACK).
    pub tag: Option<String>,
    /// The rows a session statement's RETURNING gave, as text (only when asked for).
    pub returned: Vec<Vec<Option<String>>>,
}

/// Runs `run` with a fresh event channel and gathers the rows it streams as text (NULL as None):
/// for small results such as catalog rows and plans.
pub async fn collect_text_rows<F, Fut>(run: F) -> Result<Vec<Vec<Option<String>>>, EngineError>
where
    F: FnOnce(mpsc::Sender<QueryEvent>) -> Fut,
    Fut: Future<Output = Result<StatementSummary, EngineError>>,
{
    let (tx, mut rx) = mpsc::channel(8);
    let collect = async {
        let mut rows = Vec::new();
        while let Some(ev) = rx.recv().await {
            if let QueryEvent::Rows(batch) = ev {
                for r in 0..batch.len() {
                    rows.push(
                        batch
                            .row(r)
                            .map(|v| (!v.is_null()).then(|| v.display()))
                            .collect(),
                    );
                }
            }
        }
        rows
    };
    // the sender moves into `run`, so the channel closes when it ends
    let (result, rows) = tokio::join!(run(tx), collect);
    result.map(|_| rows)
}
