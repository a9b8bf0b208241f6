//! The path every statement of the user's takes to the server (editor, scripts, headless):
//! `--read-only` is enforced here before anything is sent, and in the engine by a read-only
//! transaction around the statement that is rolled back afterwards.

use tokio::sync::mpsc;

use super::read_proof::prove_read;
use crate::engine::{Connection, EngineError, EngineKind, QueryEvent, StatementSummary};

/// A COPY that streams between the server and the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyStdio {
    ToStdout,
    FromStdin,
}

/// Whether `sql` is a PostgreSQL `COPY … TO STDOUT` or `COPY … FROM STDIN`: those need the
/// COPY sub-protocol, and sent as a plain statement they would break the connection.
pub fn copy_stdio(sql: &str, engine: EngineKind) -> Option<CopyStdio> {
    if engine != EngineKind::Postgres || super::classify::first_keyword(sql) != "COPY" {
        return None;
    }
    let opts = super::lex::LexOptions {
        engine,
        backslash_escapes: false,
    };
    let toks = super::lex::tokens(sql, opts).ok()?;
    let has = |w: &str| toks.contains(&super::lex::Token::Word(w.into()));
    if has("STDOUT") {
        Some(CopyStdio::ToStdout)
    } else if has("STDIN") {
        Some(CopyStdio::FromStdin)
    } else {
        None
    }
}

/// Runs one statement of the user's, streaming its rows to `events`.
pub async fn run_user_statement(
    conn: &Connection,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    match copy_stdio(sql, conn.info().engine) {
        Some(CopyStdio::ToStdout) => {
            return Err(EngineError::NotSent(
                "COPY … TO STDOUT streams to a client's standard output: run it headless \
                 (retort URL -e \"copy … to stdout\"), or run the SELECT here and export it (x)"
                    .into(),
            ));
        }
        Some(CopyStdio::FromStdin) => {
            return Err(EngineError::NotSent(
                "COPY … FROM STDIN needs its data from a client's input: run it headless, \
                 with the data after the statement in a script (retort URL -f load.sql, ended \
                 by a line \\.) or on standard input (retort URL -e \"copy t from stdin\" < data)"
                    .into(),
            ));
        }
        None => {}
    }
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
