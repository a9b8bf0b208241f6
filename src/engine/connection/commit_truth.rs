//! What became of a transaction when the connection dropped during the statement that ends
//! it: asked of the server where it can tell (PostgreSQL's `txid_status` of the transaction's
//! id, noted just before the COMMIT was sent), and said to be unknown where it cannot. Never
//! guessed: a COMMIT whose answer never came may well have committed.

use std::time::{Instant, SystemTime};

use super::super::echo::{EchoEntry, Origin, Outcome};
use super::super::error::EngineError;
use super::super::events::{StatementSummary, collect_text_rows};
use super::super::net::RunContext;
use super::super::txn::{self, TxEffect, TxStatus};
use super::super::url::EngineKind;
use super::{Connection, Driver};

/// Retort's note, taken before a statement is sent, of how to learn whether it committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::engine) enum EndNote {
    /// The statement does not commit anything.
    NotEnding,
    /// PostgreSQL: the transaction's id, or None when it had none (it wrote nothing).
    Xid(Option<String>),
    /// MySQL: the session connection's thread id; once the server has ended that thread, its
    /// transaction is over one way or the other, and its rows tell which.
    Thread(i64),
    /// It may commit, and the server has no way to say afterwards whether it did.
    NoWay,
}

/// How often, and how far apart, to ask again while the server says "in progress".
const IN_PROGRESS_ASKS: usize = 50;
const IN_PROGRESS_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// The query that gives the open transaction's id without assigning one. On the session
/// connection, under the user's search_path: pg_catalog's function and type by name.
const XID_SQL: &str = "select pg_catalog.txid_current_if_assigned()::pg_catalog.text";

impl Connection {
    /// Before a statement that may commit the open transaction (COMMIT; on MySQL also DDL,
    /// which commits implicitly), notes how its fate can be learnt if the answer never comes.
    /// A connection found dropped here is the error: the statement must not be sent (a new
    /// connection would run it outside the lost transaction).
    pub(in crate::engine) async fn note_before_end(
        &self,
        before: TxStatus,
        sql: &str,
        effect: TxEffect,
    ) -> Result<EndNote, EngineError> {
        let mysql_ddl = self.info.engine == EngineKind::MySql && txn::is_ddl(sql);
        if before != TxStatus::Open || !(effect == TxEffect::Commit || mysql_ddl) {
            return Ok(EndNote::NotEnding);
        }
        let d = match &self.driver {
            Driver::Postgres(d) => d,
            Driver::MySql(d) => return Ok(EndNote::Thread(d.thread_id())),
            Driver::Sqlite(_) => return Ok(EndNote::NoWay),
        };
        let started = Instant::now();
        let at = SystemTime::now();
        let ctx = RunContext::new(true);
        let rows =
            collect_text_rows(|tx| async move { d.execute(XID_SQL, None, &ctx, &tx).await }).await;
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::Internal,
            sql: XID_SQL.into(),
            params: vec![],
            duration: started.elapsed(),
            rows: rows.as_ref().ok().map(|r| r.len() as u64),
            outcome: Outcome::of(&rows),
        });
        match rows {
            Ok(rows) => Ok(EndNote::Xid(
                rows.first().and_then(|r| r.first().cloned().flatten()),
            )),
            Err(e @ EngineError::ConnectionLost(_)) => Err(e),
            Err(_) => Ok(EndNote::NoWay),
        }
    }

    /// MySQL: waits for the server to end the old connection's thread (a COMMIT held up on the
    /// way, by a proxy say, may still land); then the rows tell, and the caller reads them.
    /// While the thread is there, nothing can be told: reading the rows now could call a
    /// commit that lands a moment later "rolled back".
    async fn after_the_thread_ended(
        &self,
        id: i64,
        dropped: &str,
    ) -> Result<StatementSummary, EngineError> {
        for attempt in 0..IN_PROGRESS_ASKS {
            if attempt > 0 {
                tokio::time::sleep(IN_PROGRESS_WAIT).await;
            }
            let asked = self
                .catalog_query(
                    "select cast(count(*) as char) from information_schema.processlist \
                     where id = ?",
                    &[id.to_string()],
                )
                .await;
            match asked.ok().and_then(|r| r.first()?.first()?.clone()) {
                Some(n) if n == "0" => {
                    return Err(EngineError::CommitUnknown(format!(
                        "{dropped}: whether the open transaction was committed is unknown, but \
                         the server has ended that connection (thread {id}), so its rows tell"
                    )));
                }
                Some(_) => continue,
                None => break,
            }
        }
        Err(EngineError::CommitInFlight(format!(
            "{dropped}, and the server still has that connection (thread {id}) or cannot be \
             asked: its COMMIT may still land; whether it committed is unknown until the \
             server ends it; look at the data later"
        )))
    }

    /// The truth about a transaction whose ending statement lost its connection: committed
    /// (Ok, with a notice), rolled back (TransactionLost), or unknown (CommitUnknown).
    pub(in crate::engine) async fn outcome_of_lost_end(
        &self,
        note: &EndNote,
        why: &str,
    ) -> Result<StatementSummary, EngineError> {
        let dropped = format!("the connection dropped before the server answered ({why})");
        let xid = match note {
            EndNote::Xid(Some(xid)) => xid,
            EndNote::Xid(None) => {
                return Ok(StatementSummary {
                    notices: vec![format!(
                        "{dropped}; the transaction had written nothing, so nothing was lost"
                    )],
                    ..Default::default()
                });
            }
            EndNote::Thread(id) => return self.after_the_thread_ended(*id, &dropped).await,
            EndNote::NoWay if self.info.engine == EngineKind::MySql => {
                return Err(EngineError::CommitUnknown(format!(
                    "{dropped}: whether the open transaction was committed is unknown (the \
                     statement commits it, and the server cannot be asked afterwards); look at \
                     the data to see"
                )));
            }
            _ => {
                return Err(EngineError::CommitUnknown(format!(
                    "{dropped}: whether the transaction was committed is unknown; look at the \
                     data to see"
                )));
            }
        };
        // "in progress": the server's backend is still finishing the COMMIT (it learns of the
        // lost client only when it answers), so ask again for a while
        let mut said = None;
        for attempt in 0..IN_PROGRESS_ASKS {
            if attempt > 0 {
                tokio::time::sleep(IN_PROGRESS_WAIT).await;
            }
            let asked = self
                .catalog_query(
                    "select pg_catalog.txid_status($1::bigint)",
                    std::slice::from_ref(xid),
                )
                .await;
            said = match asked {
                Ok(rows) => rows.first().and_then(|r| r.first().cloned().flatten()),
                Err(e) => {
                    return Err(EngineError::CommitUnknown(format!(
                        "{dropped}, and asking the server what became of transaction {xid} \
                         failed too ({e}): whether it was committed is unknown; look at the \
                         data to see"
                    )));
                }
            };
            if said.as_deref() != Some("in progress") {
                break;
            }
        }
        match said.as_deref() {
            Some("committed") => Ok(StatementSummary {
                notices: vec![format!(
                    "{dropped}; the server says transaction {xid} was committed"
                )],
                ..Default::default()
            }),
            Some("aborted") => Err(EngineError::TransactionLost(format!(
                "transaction lost: {dropped}; the server says transaction {xid} was rolled \
                 back, so nothing of it was committed"
            ))),
            // still running on the server: its COMMIT may yet land, and its rows cannot tell
            Some("in progress") => Err(EngineError::CommitInFlight(format!(
                "{dropped}; the server still says \"in progress\" for transaction {xid}: its \
                 COMMIT may yet land, so whether it committed is unknown; look at the data later"
            ))),
            other => Err(EngineError::CommitUnknown(format!(
                "{dropped}; the server says {} for transaction {xid}: whether it was \
                 committed is unknown; look at the data to see",
                other.map_or("nothing".to_string(), |s| format!("\"{s}\""))
            ))),
        }
    }
}
