//! The paths statements take to the server. The user's (editor, scripts, headless) go through
//! `run_user_statement`: `--read-only` is enforced here before anything is sent, and in the
//! engine by a read-only transaction around the statement that is rolled back afterwards; a
//! session setting on the proof's allow-list (`read_proof::settings`) runs as it is.
//! retort's own statements on the session connection (the flush, the session's BEGIN and
//! COMMIT) go through `run_bound`, their values bound as parameters. Both stream through the
//! engine's one consume loop (`engine::events::drive`). The catalog, below this layer, reads
//! through the engine's pool.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::read_proof::{NotAllowed, prove_read_on, prove_setting_on};
use crate::engine::{
    Connection, EngineError, EngineKind, QueryEvent, StatementSummary, Value, Who,
};

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
    run_statement_as(conn, Who::User, sql, events).await
}

/// Runs one of a connection's startup statements (the configuration's `startup`) on the path
/// the user's take, `--read-only`'s proof included; the echo log marks it retort's own.
pub async fn run_startup_statement(
    conn: &Connection,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    run_statement_as(conn, Who::Startup, sql, events).await
}

async fn run_statement_as(
    conn: &Connection,
    who: Who,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    refuse_copy_stdio(conn, sql)?;
    if !conn.read_only() {
        return conn.execute_as(who, sql, events).await;
    }
    // a session setting on --read-only's list runs as it is (in a read-only transaction
    // that is rolled back, it would be undone); anything else must be proven a read
    match prove_setting_on(conn, sql).await {
        Ok(()) => return conn.execute_as(who, sql, events).await,
        Err(NotAllowed::Refused(why)) => {
            return Err(EngineError::NotSent(format!(
                "--read-only changes only the session settings on its list, and {why}"
            )));
        }
        Err(NotAllowed::NotASet) => {}
    }
    prove_for_read_only(conn, sql).await?;
    conn.execute_proven_read_as(who, sql, events).await
}

async fn prove_for_read_only(conn: &Connection, sql: &str) -> Result<(), EngineError> {
    prove_read_on(conn, sql).await.map_err(|why| {
        EngineError::NotSent(format!(
            "--read-only sends only statements proven to be reads, and {why}"
        ))
    })
}

/// A COPY that needs the client's standard input or output, refused with how to run it.
fn refuse_copy_stdio(conn: &Connection, sql: &str) -> Result<(), EngineError> {
    match copy_stdio(sql, conn.info().engine) {
        Some(CopyStdio::ToStdout) => Err(EngineError::NotSent(
            "COPY … TO STDOUT streams to a client's standard output: run it headless \
                 (retort URL -e \"copy … to stdout\"), or run the SELECT here and export it (x)"
                .into(),
        )),
        Some(CopyStdio::FromStdin) => Err(EngineError::NotSent(
            "COPY … FROM STDIN needs its data from a client's input: run it headless, \
                 with the data after the statement in a script (retort URL -f load.sql, ended \
                 by a line \\.) or on standard input (retort URL -e \"copy t from stdin\" < data)"
                .into(),
        )),
        None => Ok(()),
    }
}

/// Runs a statement of the user's again on retort's own initiative (an export or a fetch of
/// more rows): only a proven read, in a read-only transaction that is rolled back.
pub async fn rerun_read(
    conn: &Connection,
    sql: &str,
    events: &mpsc::Sender<QueryEvent>,
) -> Result<StatementSummary, EngineError> {
    prove_read_on(conn, sql)
        .await
        .map_err(|why| EngineError::NotSent(format!("not run again: {why}")))?;
    conn.execute_proven_read(sql, events).await
}

/// A statement of retort's own on the session connection (the flush's INSERTs, UPDATEs and
/// DELETEs, BEGIN, SAVEPOINT, COMMIT), its values bound as parameters, never written in.
#[derive(Debug, Clone, Copy)]
pub struct Bound<'a> {
    pub sql: &'a str,
    /// The one row of parameters; with `rows`, unused.
    pub params: &'a [Value],
    /// One prepared statement run once per row of parameters (SQLite's fastest path).
    pub rows: Option<&'a Arc<Vec<Vec<Value>>>>,
    /// The rows it returns (RETURNING) are read, as text, into the summary.
    pub returning: bool,
}

impl<'a> Bound<'a> {
    /// A statement without parameters that returns nothing (BEGIN, COMMIT, SAVEPOINT).
    pub fn plain(sql: &'a str) -> Self {
        Bound {
            sql,
            params: &[],
            rows: None,
            returning: false,
        }
    }

    pub fn with(sql: &'a str, params: &'a [Value]) -> Self {
        Bound {
            params,
            ..Bound::plain(sql)
        }
    }
}

/// Runs one of retort's own statements inside whatever transaction the session has open; the
/// engine follows the transaction from the server's answer as for any statement.
pub async fn run_bound(conn: &Connection, b: Bound<'_>) -> Result<StatementSummary, EngineError> {
    match (b.rows, b.returning) {
        (Some(rows), false) if !rows.is_empty() => conn.execute_many(b.sql, rows.clone()).await,
        (Some(rows), true) if !rows.is_empty() => conn.fetch_many(b.sql, rows.clone()).await,
        (_, false) => conn.execute_bound(b.sql, b.params).await,
        (_, true) => conn.fetch_bound(b.sql, b.params).await,
    }
}

/// The rows of a query of retort's own on the session connection (so that it sees the open
/// transaction), as text.
pub async fn session_rows(
    conn: &Connection,
    sql: &str,
) -> Result<Vec<Vec<Option<String>>>, EngineError> {
    conn.session_text_rows(sql).await
}
