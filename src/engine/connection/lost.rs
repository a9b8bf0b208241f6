//! The session's transaction across a dropped connection: a transaction open when the
//! connection went is lost (the server rolled it back), and said to be, never run on as if it
//! went on.

use std::time::{Duration, SystemTime};

use super::super::echo::{EchoEntry, Origin, Outcome};
use super::super::error::EngineError;
use super::super::events::StatementSummary;
use super::super::txn::{self, TxEffect, TxStatus};
use super::Connection;
use super::commit_truth::EndNote;

impl Connection {
    /// Moves the transaction status on after a user statement, and turns a dropped
    /// connection with an open transaction into the truth: the transaction is lost.
    pub(super) async fn follow_transaction(
        &self,
        before: TxStatus,
        sql: &str,
        effect: TxEffect,
        note: EndNote,
        mut result: Result<StatementSummary, EngineError>,
    ) -> Result<StatementSummary, EngineError> {
        if let Err(EngineError::ConnectionLost(why)) = &result
            && before.is_open()
        {
            if note != EndNote::NotEnding {
                // the statement may have committed: ask, never assume
                self.set_transaction(TxStatus::Idle);
                return self.outcome_of_lost_end(&note, why).await;
            }
            let what = match (effect, before) {
                (TxEffect::Commit, TxStatus::Aborted) => {
                    "the transaction had failed, so it could not commit; "
                }
                (TxEffect::Commit, _) => "the COMMIT did not reach the server; ",
                _ => "",
            };
            let message = format!(
                "transaction lost: the connection dropped ({why}); {what}the server rolled the \
                 open transaction back and nothing of it was committed. Statements are refused \
                 until you run ROLLBACK."
            );
            self.set_transaction(if effect.ends() {
                TxStatus::Idle
            } else {
                TxStatus::Lost
            });
            return Err(EngineError::TransactionLost(message));
        }
        if let Ok(summary) = &mut result
            && before == TxStatus::Aborted
            && effect == TxEffect::Commit
        {
            summary.tag = Some("ROLLBACK".into());
            summary.notices.push(
                "the transaction had failed, so the server rolled it back instead of committing"
                    .into(),
            );
        }
        self.set_transaction(txn::next_status(
            before,
            sql,
            result.is_ok(),
            self.info.engine,
            self.server_tx(),
        ));
        result
    }

    /// A statement after the connection dropped with a transaction open: ROLLBACK ends the
    /// lost transaction (there is nothing left to roll back), everything else is refused.
    pub(super) fn after_lost_transaction(
        &self,
        sql: &str,
        effect: TxEffect,
    ) -> Result<StatementSummary, EngineError> {
        let outcome = match effect {
            TxEffect::Rollback => {
                self.set_transaction(TxStatus::Idle);
                Ok(StatementSummary {
                    notices: vec![
                        "the server had already rolled the lost transaction back; nothing was sent"
                            .into(),
                    ],
                    ..Default::default()
                })
            }
            TxEffect::Commit => {
                self.set_transaction(TxStatus::Idle);
                Err(EngineError::TransactionLost(
                    "COMMIT not sent: the transaction was lost when the connection dropped, and \
                     the server rolled it back. Nothing of it was committed."
                        .into(),
                ))
            }
            _ => Err(EngineError::NotSent(
                "the open transaction was lost when the connection dropped (the server rolled \
                 it back); run ROLLBACK to acknowledge it, then run the statements again"
                    .into(),
            )),
        };
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at: SystemTime::now(),
            origin: Origin::User,
            sql: sql.to_string(),
            params: vec![],
            duration: Duration::ZERO,
            rows: None,
            outcome: match &outcome {
                Ok(_) => Outcome::Ok,
                Err(e) => Outcome::Failed(e.to_string()),
            },
        });
        outcome
    }
}
