//! The session's statements (a flush, its BEGIN, SAVEPOINT, COMMIT and ROLLBACK): values bound
//! as parameters, on the session connection and inside its transaction, echoed as `session`.

use std::time::{Instant, SystemTime};

use super::super::echo::{EchoEntry, Origin, Outcome};
use super::super::error::EngineError;
use super::super::events::{StatementSummary, collect_summary_and_rows};
use super::super::txn::{self, TxStatus};
use super::super::value::Value;
use super::commit_truth::EndNote::NotEnding;
use super::{Connection, Driver};

/// A bound value as the echo log shows it: a literal of SQL.
pub fn render_param(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Text(_, t) => format!("'{}'", t.replace('\'', "''")),
        Value::Bytes(_) => format!("'{}'", v.as_ref().display()),
        v => v.as_ref().display(),
    }
}

impl Connection {
    /// Runs one statement of the session's flush (or its BEGIN, SAVEPOINT, COMMIT, ROLLBACK)
    /// with its values bound as parameters, on the session connection and inside its
    /// transaction. Returns the rows it affected.
    pub async fn execute_bound(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<StatementSummary, EngineError> {
        self.bound(sql, params, false).await
    }

    /// As `execute_bound`, for a statement that returns rows (an INSERT … RETURNING of the
    /// keys the server gave): they come back in the summary's `returned`, as text.
    pub async fn fetch_bound(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<StatementSummary, EngineError> {
        self.bound(sql, params, true).await
    }

    async fn bound(
        &self,
        sql: &str,
        params: &[Value],
        want_rows: bool,
    ) -> Result<StatementSummary, EngineError> {
        self.refuse_session_write(sql)?;
        let before = self.transaction();
        let effect = txn::transaction_effect(sql);
        if before == TxStatus::Lost {
            return self.after_lost_transaction(sql, effect);
        }
        let (note, unsent) = match self.note_before_end(before, sql, effect).await {
            Ok(note) => (note, None),
            Err(dropped) => (NotEnding, Some(dropped)),
        };
        let started = Instant::now();
        let at = SystemTime::now();
        let cancels = self.cancels_asked();
        let result = match &self.driver {
            // the connection dropped before the statement could be sent
            _ if let Some(dropped) = unsent => Err(dropped),
            Driver::Postgres(d) => d.execute_bound(sql, params, want_rows).await,
            Driver::MySql(d) => d.execute_bound(sql, params, want_rows).await,
            Driver::Sqlite(d) => {
                // rows a statement returns (RETURNING) are kept when asked for, else dropped
                let run = |tx| async move { d.execute_values(sql, params, &tx).await };
                collect_summary_and_rows(run).await.map(|(mut s, rows)| {
                    if want_rows {
                        s.rows_affected = rows.len() as u64;
                        s.returned = rows;
                    }
                    s
                })
            }
        };
        let result = self.own_cancel(cancels, result);
        // the flush's own statements: a refusal is said to the user at once
        let result = self.follow_settings(sql, true, result);
        let result = self
            .follow_transaction(before, sql, effect, note, result)
            .await;
        self.echo.record(EchoEntry {
            notices: result
                .as_ref()
                .map(|s| s.notices.clone())
                .unwrap_or_default(),
            at,
            origin: Origin::Session,
            sql: sql.to_string(),
            params: params.iter().map(render_param).collect(),
            duration: started.elapsed(),
            rows: result.as_ref().ok().map(|s| s.rows_affected),
            outcome: Outcome::of(&result),
        });
        result
    }

    /// Runs one prepared statement once per parameter row on the session connection (a batch
    /// of a flush). SQLite runs the rows on its own thread; the network engines send them one
    /// by one. Echoed once, with the first row's values and the count.
    pub async fn execute_many(
        &self,
        sql: &str,
        rows: std::sync::Arc<Vec<Vec<Value>>>,
    ) -> Result<StatementSummary, EngineError> {
        self.many(sql, rows, false).await
    }

    /// As `execute_many`, keeping the rows each run returns (RETURNING), in order.
    pub async fn fetch_many(
        &self,
        sql: &str,
        rows: std::sync::Arc<Vec<Vec<Value>>>,
    ) -> Result<StatementSummary, EngineError> {
        self.many(sql, rows, true).await
    }

    async fn many(
        &self,
        sql: &str,
        rows: std::sync::Arc<Vec<Vec<Value>>>,
        returning: bool,
    ) -> Result<StatementSummary, EngineError> {
        self.refuse_session_write(sql)?;
        let before = self.transaction();
        if before == TxStatus::Lost {
            return self.after_lost_transaction(sql, txn::TxEffect::None);
        }
        let started = Instant::now();
        let at = SystemTime::now();
        let n = rows.len();
        let first: Vec<String> = rows
            .first()
            .map(|r| r.iter().map(render_param).collect())
            .unwrap_or_default();
        let result = match &self.driver {
            Driver::Sqlite(d) => d.execute_many(sql, rows, returning).await,
            _ => {
                // a failure (a lost connection too) ends the batch and goes on to be followed
                // like any statement's, never past the transaction's bookkeeping
                let (mut total, mut failed) = (StatementSummary::default(), None);
                for row in rows.iter() {
                    let one = match &self.driver {
                        Driver::Postgres(d) => d.execute_bound(sql, row, returning).await,
                        Driver::MySql(d) => d.execute_bound(sql, row, returning).await,
                        Driver::Sqlite(_) => unreachable!("handled above"),
                    };
                    match one {
                        Ok(s) => {
                            total.rows_affected += s.rows_affected;
                            total.returned.extend(s.returned);
                        }
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                failed.map_or(Ok(total), Err)
            }
        };
        let result = self
            .follow_transaction(before, sql, txn::TxEffect::None, NotEnding, result)
            .await;
        let mut params = first;
        if n > 1 {
            params.push(format!("… {n} rows"));
        }
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::Session,
            sql: sql.to_string(),
            params,
            duration: started.elapsed(),
            rows: result.as_ref().ok().map(|s| s.rows_affected),
            outcome: Outcome::of(&result),
        });
        result
    }

    /// Under `--read-only` the session's writes are never sent, whatever asks for them (the
    /// transaction statements around them may be).
    fn refuse_session_write(&self, sql: &str) -> Result<(), EngineError> {
        let first = txn::first_keyword(sql);
        let control = matches!(
            first.as_str(),
            "BEGIN" | "START" | "COMMIT" | "ROLLBACK" | "SAVEPOINT" | "RELEASE"
        );
        if self.read_only && !control {
            return Err(EngineError::NotSent(
                "--read-only: the session's changes are never sent".into(),
            ));
        }
        Ok(())
    }
}
