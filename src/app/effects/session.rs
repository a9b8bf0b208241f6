//! The Session's commands: flush, commit and rollback on the session's
//! connection, the reads after a lost commit answer and after a restore, and the rows a
//! foreign key may point at.

use std::sync::Arc;

use super::Effects;
use crate::app::msg::{AfterFlush, ChoiceQuery, Event};
use crate::session::verify::{self, RecheckRow, VerifyRow};
use crate::session::{Plan, flush};

impl Effects {
    pub(super) async fn flush(self, plan: Arc<Plan>, then: Option<AfterFlush>) {
        let result = flush::flush(&self.conn, &plan).await;
        let transaction = self.conn.transaction();
        self.answer(Event::SessionFlushed {
            result,
            then,
            transaction,
        });
    }

    pub(super) async fn commit(self, plan: Arc<Plan>) {
        let outcome = flush::commit(&self.conn, &plan).await;
        let transaction = self.conn.transaction();
        self.answer(Event::SessionCommitted {
            outcome,
            transaction,
        });
    }

    pub(super) async fn rollback(self) {
        let result = flush::rollback(&self.conn).await;
        let transaction = self.conn.transaction();
        self.answer(Event::SessionRolledBack {
            result,
            transaction,
        });
    }

    /// Reads the rows of a commit whose answer never came; the core says what they tell.
    pub(super) async fn verify_commit(self, rows: Vec<VerifyRow>) {
        let mut found = Vec::with_capacity(rows.len());
        for r in &rows {
            let read = self.conn.catalog_query(&r.sql, &r.params).await;
            found.push(read.ok().map(|rows| rows.into_iter().next()));
        }
        self.answer(Event::CommitVerified(verify::verdict(&rows, &found)));
    }

    /// Reads again the rows of restored changes; the core says which changed or went.
    pub(super) async fn recheck(self, rows: Vec<RecheckRow>) {
        let mut stale = Vec::new();
        for r in rows {
            let read = self.conn.catalog_query(&r.sql, &r.params).await;
            let read = read
                .as_ref()
                .map(|rows| rows.first())
                .map_err(|e| e.to_string());
            if let Some(why) = verify::stale(&r, read) {
                stale.push((r.change, why));
            }
        }
        self.answer(Event::Rechecked(stale));
    }

    /// The rows a commit changed, read back on the session connection (its settings read the
    /// values as the grid's were read).
    pub(super) async fn read_back(self, rb: crate::session::committed::ReadBack) {
        let read = self.conn.fetch_bound(&rb.sql, &rb.params).await;
        let rows = read.map(|s| s.returned).map_err(|e| e.to_string());
        self.answer(Event::ReadBackDone(rb, rows));
    }

    /// On the session connection, so that rows flushed in the open transaction are there.
    pub(super) async fn load_choices(self, query: ChoiceQuery) {
        let result = crate::query::execute::session_rows(&self.conn, &query.sql)
            .await
            .map(|rows| {
                let cell = |r: &Vec<Option<String>>, i: usize| {
                    r.get(i).cloned().flatten().unwrap_or_else(|| "NULL".into())
                };
                rows.iter().map(|r| (cell(r, 0), cell(r, 1))).collect()
            });
        self.answer(Event::ChoicesLoaded { result });
    }
}
