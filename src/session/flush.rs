//! Flush, commit and roll back on the session connection, telling the truth about each.
//!
//! A flush sends the plan inside the session's transaction (begun here when none is open) and
//! leaves it open. When the user already had a transaction open, the flush runs under a
//! SAVEPOINT, so that its failure takes back only its own statements. A multi-row INSERT runs
//! under a SAVEPOINT of its own; when it fails, its rows are sent one at a time to name the row
//! the server refused. Every UPDATE and DELETE must touch exactly one row. On any failure the
//! flush's statements are rolled back and every staged change is kept (SQLAlchemy discards
//! them; retort deliberately does better).

use crate::engine::{Connection, EngineError, EngineKind, StatementSummary, TxStatus, Value};
use crate::query::execute::{Bound, run_bound, session_rows};

use super::change::{ChangeId, Failure, RowKey};
use super::flush_proof::{first_unmatched, not_one, unproven};
use super::plan::{Plan, Proof, Step, StepKind};

/// Why a flush failed, and which change the server refused.
#[derive(Debug, Clone, PartialEq)]
pub struct FlushError {
    pub culprit: Option<ChangeId>,
    pub failure: Failure,
    /// What became of the transaction, in words ("rolled back", "lost").
    pub transaction: String,
    /// The transaction the session had open before the flush is gone too (ours or lost).
    pub ended_transaction: bool,
    /// Changes sent to tables that cannot roll back (MyISAM, Aria…) before the failure: they
    /// are in the database whatever became of the transaction.
    pub kept: Vec<ChangeId>,
    /// The failed statement's changes when its table cannot roll back: it may have written
    /// before it failed, so they are held until the user says to send them again.
    pub maybe_written: Vec<ChangeId>,
}

/// A flush that went through: the changes it sent and the rows they touched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlushReport {
    pub flushed: Vec<ChangeId>,
    pub statements: usize,
    pub rows: u64,
    /// The keys the server gave new rows (RETURNING), by change.
    pub generated: Vec<(ChangeId, RowKey)>,
}

/// What a commit came to. Never guessed: Unknown says so.
#[derive(Debug, Clone, PartialEq)]
pub enum CommitOutcome {
    Committed(FlushReport),
    /// The flush failed; the transaction was rolled back (or kept, see the error).
    FlushFailed(FlushError),
    /// COMMIT failed or the transaction was lost: nothing of it was committed.
    RolledBack(String),
    /// The connection dropped during COMMIT and the server's answer never came; the rows it
    /// changed tell what happened.
    Unknown(String),
    /// As Unknown, but the old connection's work may still land (MySQL: its thread is still on
    /// the server): the rows cannot tell yet, and the changes are held in doubt.
    InFlight(String),
    /// COMMIT was refused and the server says the transaction is still open (SQLite's
    /// SQLITE_BUSY while another connection reads): every flushed change is still in it, to be
    /// committed by trying COMMIT again, never by sending the statements again.
    StillOpen(FlushReport, String),
    /// COMMIT refused by a deferred foreign key (PostgreSQL): rolled back as RolledBack, and
    /// the key the server names (`Key (col)=(value) is not present`) to find the change by.
    KeyRefused {
        why: String,
        table: String,
        key: Vec<(String, String)>,
    },
}

/// A deferred foreign key's refusal at COMMIT, as PostgreSQL words it: the table of the row
/// (`insert or update on table "child" violates …`) and its key (`Key (a, b)=(1, 2) is not
/// present in table "parent".`).
pub fn missing_key(e: &crate::engine::StatementError) -> Option<(String, Vec<(String, String)>)> {
    if e.code.as_deref() != Some("23503") {
        return None;
    }
    let table = e
        .message
        .split("on table \"")
        .nth(1)?
        .split('"')
        .next()?
        .to_string();
    let detail = e.detail.as_deref()?.strip_prefix("Key (")?;
    let (cols, rest) = detail.split_once(")=(")?;
    let vals = rest.rsplit_once(") is not present")?.0;
    let cols: Vec<&str> = cols.split(", ").collect();
    let vals: Vec<&str> = vals.split(", ").collect();
    if cols.len() != vals.len() {
        return None;
    }
    let unquote = |c: &str| c.trim_matches('"').to_string();
    Some((
        table,
        cols.iter()
            .zip(vals)
            .map(|(c, v)| (unquote(c), v.to_string()))
            .collect(),
    ))
}

const FLUSH_SAVEPOINT: &str = "SAVEPOINT retort_flush";
const BATCH_SAVEPOINT: &str = "SAVEPOINT retort_batch";
const BATCH_RELEASE: &str = "RELEASE SAVEPOINT retort_batch";

async fn send(conn: &Connection, sql: &str) -> Result<(), EngineError> {
    run_bound(conn, Bound::plain(sql)).await.map(|_| ())
}

fn failure_of(e: &EngineError) -> Failure {
    match e {
        EngineError::Statement(s) => Failure {
            message: match &s.detail {
                Some(d) => format!("{} ({d})", s.message),
                None => s.message.clone(),
            },
            code: s.code.clone(),
        },
        other => Failure {
            message: other.to_string(),
            code: None,
        },
    }
}

/// Takes back what the flush sent: the transaction it began, or its savepoint in the user's.
/// What became of the transaction, in words, and whether it ended.
async fn undo(conn: &Connection, began: bool, lost: bool) -> (String, bool) {
    if lost {
        return (
            "lost with the connection: nothing of it was committed".into(),
            true,
        );
    }
    if began {
        let _ = send(conn, "ROLLBACK").await;
        return ("rolled back".to_string(), true);
    }
    let undone = send(conn, "ROLLBACK TO SAVEPOINT retort_flush").await;
    let _ = send(conn, "RELEASE SAVEPOINT retort_flush").await;
    match undone {
        Ok(()) => (
            "the flush's statements were rolled back; your transaction is still open".into(),
            false,
        ),
        Err(_) => ("rolled back".to_string(), true),
    }
}

/// Sends the plan, leaving the transaction open.
pub async fn flush(conn: &Connection, plan: &Plan) -> Result<FlushReport, FlushError> {
    let mut report = FlushReport::default();
    if plan.steps.is_empty() {
        return Ok(report);
    }
    let refuse = |message: &str| FlushError {
        culprit: None,
        failure: Failure {
            message: message.into(),
            code: None,
        },
        transaction: "nothing was sent".into(),
        ended_transaction: false,
        kept: Vec::new(),
        maybe_written: Vec::new(),
    };
    let began = match conn.transaction() {
        TxStatus::Aborted => {
            return Err(refuse(
                "the open transaction has failed: roll it back before flushing",
            ));
        }
        TxStatus::Lost => {
            return Err(refuse(
                "the open transaction was lost: roll back to acknowledge it, then flush again",
            ));
        }
        TxStatus::Open => false,
        TxStatus::Idle => true,
    };
    if let Some(why) = super::flush_preflight::refusal(conn, plan).await {
        return Err(refuse(&why));
    }
    let start = if began { "BEGIN" } else { FLUSH_SAVEPOINT };
    if let Err(e) = send(conn, start).await {
        return Err(FlushError {
            culprit: None,
            failure: failure_of(&e),
            transaction: "nothing was sent".into(),
            ended_transaction: matches!(e, EngineError::TransactionLost(_)),
            kept: Vec::new(),
            maybe_written: Vec::new(),
        });
    }
    let mut kept = Vec::new();
    for step in &plan.steps {
        match run_step(conn, step).await {
            Ok(done) => {
                if plan.lasting.contains(&step.table) {
                    kept.extend(step.changes.iter().copied());
                }
                report.rows += done.rows_affected;
                report.statements += 1;
                let engine = conn.info().engine;
                report
                    .generated
                    .extend(generated_keys(step, &done.returned, engine));
                if let Some(key) = last_insert_id(conn, step).await {
                    report.generated.push(key);
                }
            }
            Err((culprit, failure, lost)) => {
                let (transaction, ended) = undo(conn, began, lost).await;
                // a statement to a table that cannot roll back may have written before it
                // failed (a trigger's error after the row went in)
                let maybe_written = match plan.lasting.contains(&step.table) {
                    true => step.changes.clone(),
                    false => Vec::new(),
                };
                return Err(FlushError {
                    culprit,
                    failure,
                    transaction,
                    ended_transaction: ended,
                    kept,
                    maybe_written,
                });
            }
        }
    }
    // a statement may have made a temporary table that hides one the flush wrote to (a
    // trigger's CREATE TEMPORARY TABLE): what went to it would be committed nowhere
    if let Some(why) = super::flush_preflight::hidden_table(conn, plan).await {
        let (transaction, ended) = undo(conn, began, false).await;
        return Err(FlushError {
            culprit: None,
            failure: Failure {
                message: why,
                code: None,
            },
            transaction,
            ended_transaction: ended,
            kept,
            maybe_written: Vec::new(),
        });
    }
    if !began {
        let _ = send(conn, "RELEASE SAVEPOINT retort_flush").await;
    }
    report.flushed = plan
        .steps
        .iter()
        .flat_map(|s| s.changes.iter().copied())
        .collect();
    report.flushed.dedup();
    report.generated.extend(plan.staged_keys.iter().cloned());
    Ok(report)
}

type StepFailure = (Option<ChangeId>, Failure, bool);

async fn execute(
    conn: &Connection,
    step: &Step,
) -> Result<crate::engine::StatementSummary, EngineError> {
    let bound = Bound {
        sql: &step.sql,
        params: &step.params,
        rows: Some(&step.rows),
        returning: !step.returning.is_empty()
            || matches!(step.proof, Proof::Ordinals | Proof::Returned(_)),
    };
    run_bound(conn, bound).await
}

/// MySQL: the auto-increment key the server gave a one-row INSERT, when the step asks for it.
async fn last_insert_id(conn: &Connection, step: &Step) -> Option<(ChangeId, RowKey)> {
    let column = step.last_insert_id.as_ref()?;
    let change = *step.changes.first()?;
    let rows = session_rows(conn, "select last_insert_id()").await.ok()?;
    let text = rows.first()?.first()?.clone()?;
    if text == "0" {
        return None;
    }
    let value = super::input::parse(&text, column, conn.info().engine).ok()?;
    Some((
        change,
        RowKey {
            columns: vec![column.name.clone()],
            values: vec![value],
        },
    ))
}

/// The keys an INSERT's RETURNING gave, one row per change of the step, read as values of
/// the key columns. None when they do not line up (never guessed).
fn generated_keys(
    step: &Step,
    returned: &[Vec<Option<String>>],
    engine: EngineKind,
) -> Vec<(ChangeId, RowKey)> {
    if step.returning.is_empty() || returned.len() != step.changes.len() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(returned.len());
    for (change, row) in step.changes.iter().zip(returned) {
        let mut values = Vec::with_capacity(step.returning.len());
        for (info, text) in step.returning.iter().zip(row) {
            values.push(match text {
                None => Value::Null,
                Some(t) => match super::input::parse(t, info, engine) {
                    Ok(v) => v,
                    Err(_) => return Vec::new(),
                },
            });
        }
        out.push((
            *change,
            RowKey {
                columns: step.returning.iter().map(|c| c.name.clone()).collect(),
                values,
            },
        ));
    }
    out
}

fn lost(e: &EngineError) -> bool {
    matches!(
        e,
        EngineError::TransactionLost(_) | EngineError::ConnectionLost(_)
    )
}

async fn run_step(conn: &Connection, step: &Step) -> Result<StatementSummary, StepFailure> {
    if !step.has_rows_one_by_one() {
        return match execute(conn, step).await {
            Ok(s) => match unproven(step, &s) {
                None => Ok(s),
                Some(f) => Err((first_unmatched(step, &s.returned), f, false)),
            },
            Err(e) => Err((step.changes.first().copied(), failure_of(&e), lost(&e))),
        };
    }
    let fail = |e: EngineError| (None, failure_of(&e), lost(&e));
    send(conn, BATCH_SAVEPOINT).await.map_err(fail)?;
    let refused = match execute(conn, step).await {
        Err(e) if lost(&e) => return Err((None, failure_of(&e), true)),
        Err(e) => failure_of(&e),
        Ok(s) => match unproven(step, &s) {
            None => {
                send(conn, BATCH_RELEASE).await.map_err(fail)?;
                return Ok(s);
            }
            // the ordinals name the row already
            Some(f) if step.proof == Proof::Ordinals => {
                return Err((first_unmatched(step, &s.returned), f, false));
            }
            Some(f) => f,
        },
    };
    // name the row: the batch's rows one at a time, under the same savepoint
    send(conn, "ROLLBACK TO SAVEPOINT retort_batch")
        .await
        .map_err(fail)?;
    let mut alone = StatementSummary::default();
    let rows = step.rows_one_by_one().unwrap_or_default();
    for ((sql, row), change) in rows.iter().zip(&step.changes) {
        match run_bound(conn, Bound::with(sql, row)).await {
            Err(e) => return Err((Some(*change), failure_of(&e), lost(&e))),
            Ok(s) if step.kind != StepKind::Insert && s.rows_affected != 1 => {
                return Err((Some(*change), not_one(step, s.rows_affected), false));
            }
            Ok(s) => alone.rows_affected += s.rows_affected,
        }
    }
    if step.kind == StepKind::Insert {
        // every row went in alone: the batch as a whole was refused
        return Err((step.changes.first().copied(), refused, false));
    }
    // each row alone matched exactly one row: what the batch was to do is done
    send(conn, BATCH_RELEASE).await.map_err(fail)?;
    Ok(alone)
}

/// Flushes what is pending and commits. A connection lost during COMMIT is reported as what
/// the server says became of the transaction (PostgreSQL's `txid_status`), or as unknown.
pub async fn commit(conn: &Connection, plan: &Plan) -> CommitOutcome {
    let report = match flush(conn, plan).await {
        Ok(r) => r,
        Err(e) => return CommitOutcome::FlushFailed(e),
    };
    if !conn.transaction().is_open() {
        // nothing was flushed and nothing is open: nothing to commit
        return CommitOutcome::Committed(report);
    }
    if conn.transaction() == TxStatus::Lost {
        // the connection dropped before COMMIT could be sent: the server rolled it all back;
        // the lost transaction is acknowledged (nothing is sent for that)
        let _ = rollback(conn).await;
        return CommitOutcome::RolledBack(
            "the connection dropped before COMMIT was sent, and the server rolled the \
             transaction back: nothing of it was committed"
                .into(),
        );
    }
    match run_bound(conn, Bound::plain("COMMIT")).await {
        Ok(s) if s.tag.as_deref() == Some("ROLLBACK") => CommitOutcome::RolledBack(
            "the transaction had failed, so the server rolled it back instead of committing".into(),
        ),
        Ok(_) => CommitOutcome::Committed(report),
        // the server's own flag says whether the refused COMMIT ended the transaction
        Err(EngineError::Statement(e)) if conn.transaction() == TxStatus::Open => {
            CommitOutcome::StillOpen(
                report,
                format!(
                    "COMMIT failed: {e}; the transaction is still open with every flushed change in \
                 it (nothing was committed, nothing rolled back): commit again to retry the \
                 COMMIT alone, or roll back"
                ),
            )
        }
        Err(EngineError::Statement(e)) => {
            let why = format!("COMMIT failed: {e}; the server rolled the transaction back");
            match missing_key(&e) {
                Some((table, key)) => CommitOutcome::KeyRefused { why, table, key },
                None => CommitOutcome::RolledBack(why),
            }
        }
        // the connection dropped during COMMIT: the engine asked the server what became of
        // the transaction (PostgreSQL's txid_status) or says it cannot know
        Err(EngineError::TransactionLost(why)) => CommitOutcome::RolledBack(why),
        Err(EngineError::CommitUnknown(why)) => CommitOutcome::Unknown(why),
        Err(EngineError::CommitInFlight(why)) => CommitOutcome::InFlight(why),
        Err(e) => CommitOutcome::Unknown(format!(
            "COMMIT was not answered ({e}): whether it committed is unknown; run the query \
             again to see"
        )),
    }
}

/// Ends the session's transaction with ROLLBACK (when one is open).
pub async fn rollback(conn: &Connection) -> Result<(), EngineError> {
    if conn.transaction() == TxStatus::Idle {
        return Ok(());
    }
    run_bound(conn, Bound::plain("ROLLBACK")).await.map(|_| ())
}

#[cfg(test)]
#[path = "flush_tests.rs"]
mod tests;
