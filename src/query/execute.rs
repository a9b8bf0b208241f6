//! The path every statement of the user's takes to the server (editor, scripts, headless):
//! `--read-only` is enforced here before anything is sent, and in the engine by a read-only
//! transaction around the statement that is rolled back afterwards.

use tokio::sync::mpsc;

use super::read_proof::prove_read;
use crate::engine::{Connection, EngineError, QueryEvent, StatementSummary};

/// Runs one statement of the user's, streaming its rows to `events`.
pub async fn run_user_statement(
    conn: &Connection,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    if conn.read_only() {
        prove_read(sql, conn.info().engine).map_err(|why| {
            EngineError::NotSent(format!(
                "--read-only sends only statements proven to be reads, and {why}"
            ))
        })?;
        return conn.execute_read_only(sql, events).await;
    }
    conn.execute(sql, events).await
}

/// Runs a statement of the user's again on retort's own initiative (an export or a fetch of
/// more rows): only a proven read, in a read-only transaction that is rolled back.
pub async fn rerun_read(
    conn: &Connection,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    prove_read(sql, conn.info().engine)
        .map_err(|why| EngineError::NotSent(format!("not run again: {why}")))?;
    conn.execute_read_only(sql, events).await
}
