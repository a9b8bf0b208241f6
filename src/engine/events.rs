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
    /// The rows each run of one prepared statement affected, in order (SQLite's
    /// `execute_many`; empty otherwise).
    pub per_run: Vec<u64>,
    /// The one table every column of the result comes from, as the server resolved it for
    /// this statement (its search path, `USE`, a temporary table that shadows another).
    pub source_table: Option<SourceTable>,
    /// MySQL's `SHOW WARNINGS` was sent after it (only when the server counted warnings), so
    /// the echo log shows it only then.
    pub warnings_asked: bool,
}

/// A table by its schema and name, as the server names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTable {
    pub schema: String,
    pub table: String,
}

/// What the consumer of a statement's stream wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    More,
    /// Enough (a cap reached, a closed pipe, a reader gone): the statement is stopped.
    Stop,
}

/// The one consume loop: runs `run` with a fresh channel and hands each item it streams to
/// `take` as it comes. When `take` says Stop, `stop` runs once (a cancel on the server) and the
/// rest is read and dropped, so that the statement ends and the connection stays usable.
pub async fn drive<T, F, Fut, S, SFut>(
    run: F,
    mut take: impl FnMut(T) -> Flow,
    stop: S,
) -> Result<StatementSummary, EngineError>
where
    F: FnOnce(mpsc::Sender<T>) -> Fut,
    Fut: Future<Output = Result<StatementSummary, EngineError>>,
    S: FnOnce() -> SFut,
    SFut: Future<Output = ()>,
{
    let (tx, mut rx) = mpsc::channel(8);
    let consume = async {
        let mut stop = Some(stop);
        while let Some(item) = rx.recv().await {
            if stop.is_none() {
                continue; // in flight when the stop went out
            }
            if take(item) == Flow::Stop
                && let Some(stop) = stop.take()
            {
                stop().await;
            }
        }
    };
    // the sender moves into `run`, so the channel closes when it ends
    let (result, ()) = tokio::join!(run(tx), consume);
    result
}

/// Nothing to do on a stop.
pub async fn no_stop() {}

/// Appends every row of `batch` to `rows` as text (NULL as None).
pub fn push_text_rows(rows: &mut Vec<Vec<Option<String>>>, batch: &RowBatch) {
    for r in 0..batch.len() {
        rows.push(
            batch
                .row(r)
                .map(|v| (!v.is_null()).then(|| v.display()))
                .collect(),
        );
    }
}

/// Runs `run` and gathers the rows it streams as text, with its summary: for small results
/// such as catalog rows, plans and the keys an INSERT returned.
pub async fn collect_summary_and_rows<F, Fut>(
    run: F,
) -> Result<(StatementSummary, Vec<Vec<Option<String>>>), EngineError>
where
    F: FnOnce(mpsc::Sender<QueryEvent>) -> Fut,
    Fut: Future<Output = Result<StatementSummary, EngineError>>,
{
    let mut rows = Vec::new();
    let take = |ev| {
        if let QueryEvent::Rows(batch) = ev {
            push_text_rows(&mut rows, &batch);
        }
        Flow::More
    };
    let summary = drive(run, take, no_stop).await?;
    Ok((summary, rows))
}

/// Runs `run` and gathers the rows it streams as text (NULL as None).
pub async fn collect_text_rows<F, Fut>(run: F) -> Result<Vec<Vec<Option<String>>>, EngineError>
where
    F: FnOnce(mpsc::Sender<QueryEvent>) -> Fut,
    Fut: Future<Output = Result<StatementSummary, EngineError>>,
{
    collect_summary_and_rows(run).await.map(|(_, rows)| rows)
}
