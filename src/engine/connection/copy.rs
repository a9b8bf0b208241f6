//! PostgreSQL's COPY sub-protocol on the session connection: `COPY … TO STDOUT` streamed out
//! in chunks, `COPY … FROM STDIN` fed from the client's data.

use std::time::{Instant, SystemTime};

use tokio::sync::mpsc;

use super::super::echo::{EchoEntry, Origin, Outcome};
use super::super::error::EngineError;
use super::super::events::StatementSummary;
use super::super::txn::{self, TxStatus};
use super::commit_truth::EndNote::NotEnding;
use super::{Connection, Driver};

impl Connection {
    /// Runs `COPY … TO STDOUT` (PostgreSQL) and hands its data on in chunks as they come.
    pub async fn copy_out(
        &self,
        sql: &str,
        chunks: &mpsc::Sender<Vec<u8>>,
    ) -> Result<u64, EngineError> {
        let Driver::Postgres(d) = &self.driver else {
            return Err(EngineError::NotSent(
                "COPY … TO STDOUT is PostgreSQL's; this server has none".into(),
            ));
        };
        let started = Instant::now();
        let at = SystemTime::now();
        let result = d.copy_out(sql, chunks).await;
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::User,
            sql: sql.to_string(),
            params: vec![],
            duration: started.elapsed(),
            rows: None,
            outcome: Outcome::of(&result),
        });
        result
    }

    /// Runs `COPY … FROM STDIN` (PostgreSQL) with `data` as its input; returns the rows
    /// copied. Never sent under `--read-only` (it writes).
    pub async fn copy_in(&self, sql: &str, data: &[u8]) -> Result<StatementSummary, EngineError> {
        let Driver::Postgres(d) = &self.driver else {
            return Err(EngineError::NotSent(
                "COPY … FROM STDIN is PostgreSQL's; this server has none".into(),
            ));
        };
        if self.read_only {
            return Err(EngineError::NotSent(
                "--read-only: COPY … FROM STDIN writes, so it is not sent".into(),
            ));
        }
        let before = self.transaction();
        if before == TxStatus::Lost {
            return self.after_lost_transaction(sql, txn::TxEffect::None);
        }
        let started = Instant::now();
        let at = SystemTime::now();
        let copied = d.copy_in(sql, data).await.map(|n| StatementSummary {
            rows_affected: n,
            tag: Some(format!("COPY {n}")),
            ..Default::default()
        });
        // a failed COPY inside a transaction leaves it aborted, as any failed statement
        let result = self
            .follow_transaction(before, sql, txn::TxEffect::None, NotEnding, copied)
            .await;
        self.echo.record(EchoEntry {
            notices: Vec::new(),
            at,
            origin: Origin::User,
            sql: sql.to_string(),
            params: vec![format!("… {} bytes from the client", data.len())],
            duration: started.elapsed(),
            rows: result.as_ref().ok().map(|s| s.rows_affected),
            outcome: Outcome::of(&result),
        });
        result
    }
}
