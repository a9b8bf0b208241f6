//! Statements and their results: a statement run with its rows streamed to the workbench
//! (and capped), a proven read streamed again into a file, a plan, a new order of the rows
//! held, and cancelling on the server.

use super::Effects;
use crate::app::model::{Limits, QueryId};
use crate::app::msg::Event;
use crate::engine::QueryEvent;
use crate::engine::events::{Flow, drive};
use crate::query::format::Format;
use crate::query::result::{Rows, ViewSpec};

impl Effects {
    /// Runs a statement, its rows streamed as they come, up to the result's caps.
    pub(super) async fn execute(self, id: QueryId, sql: String, limits: Limits, rerun: bool) {
        // a statement that may write is never cancelled at the cap: its work would be done
        // (or committed) anyway, and a cancel would only hide that
        let may_write =
            crate::query::read_proof::prove_read(&sql, self.conn.info().engine).is_err();
        let mut cap = Cap::new(limits, may_write);
        let forward = |ev| {
            let Some(ev) = cap.take(id, ev) else {
                return Flow::More;
            };
            if self.events.send(ev).is_err() {
                return Flow::Stop; // the workbench is gone
            }
            cap.check(id, &self.events)
        };
        let cancel = || async {
            let _ = self.canceller.cancel().await;
        };
        let (conn, sql) = (&self.conn, &sql);
        let run = |tx| async move {
            if rerun {
                crate::query::execute::rerun_read(conn, sql, &tx).await
            } else {
                crate::query::execute::run_user_statement(conn, sql, &tx).await
            }
        };
        let result = drive(run, forward, cancel).await;
        let transaction = self.conn.transaction();
        self.answer(Event::QueryFinished {
            id,
            result,
            transaction,
        });
    }

    pub(super) async fn export_again(self, sql: String, path: std::path::PathBuf, format: Format) {
        let path = crate::engine::files::home_expanded(&path);
        let result = self.export(&sql, &path, format).await;
        self.answer(Event::ExportFinished {
            path,
            result,
            note: None,
        });
    }

    pub(super) async fn explain(self, sql: String) {
        let result = crate::query::explain::plan(&self.conn, &sql).await;
        self.answer(Event::PlanReady { sql, result });
    }

    pub(super) async fn meta_command(
        self,
        id: QueryId,
        command: crate::query::meta_command::MetaCommand,
    ) {
        let result = crate::query::meta_answer::answer(&self.conn, &command).await;
        self.answer(Event::MetaAnswered {
            id,
            command,
            result,
        });
    }

    pub(super) async fn cancel(self) {
        let _ = self.canceller.cancel().await;
    }

    pub(super) fn compute_view(self, id: QueryId, generation: u64, rows: Rows, spec: ViewSpec) {
        let view = crate::query::result::compute_view(&rows, &spec);
        self.answer(Event::ViewReady {
            id,
            generation,
            spec,
            view,
        });
    }

    /// Streams a statement's whole result into a file, reporting progress per batch.
    async fn export(
        &self,
        sql: &str,
        path: &std::path::Path,
        format: crate::query::format::Format,
    ) -> Result<u64, String> {
        use crate::query::format::ResultPrinter;
        let file = crate::engine::files::create_private_new(path).map_err(|e| e.to_string())?;
        let mut printer = ResultPrinter::new(format, std::io::BufWriter::new(file));
        let (mut rows, mut failed) = (0u64, None);
        let write = |ev| {
            let written = match ev {
                QueryEvent::Columns(c) => printer.start(c),
                QueryEvent::Rows(b) => printer.rows(&b).map(|()| {
                    rows += b.len() as u64;
                    let _ = self.events.send(Event::ExportProgress { rows });
                }),
            };
            match written {
                Ok(()) => Flow::More,
                Err(e) => {
                    failed = Some(e.to_string());
                    Flow::Stop
                }
            }
        };
        let cancel = || async {
            let _ = self.conn.canceller().cancel().await;
        };
        let conn = &self.conn;
        let run = |tx| async move { crate::query::execute::rerun_read(conn, sql, &tx).await };
        let ran = drive(run, write, cancel).await;
        if let Some(e) = failed {
            return Err(e);
        }
        ran.map_err(|e| e.to_string())?;
        printer.finish().map_err(|e| e.to_string())?;
        Ok(rows)
    }
}

/// A result's caps as its rows come: a row cap holds exactly that many rows; past a cap, a
/// statement that may write runs on with its rows dropped, any other is stopped.
struct Cap {
    limits: Limits,
    may_write: bool,
    rows: u64,
    bytes: u64,
    dropping: bool,
}

impl Cap {
    fn new(limits: Limits, may_write: bool) -> Self {
        Cap {
            limits,
            may_write,
            rows: 0,
            bytes: 0,
            dropping: false,
        }
    }

    /// The event for the workbench (None: dropped past the cap).
    fn take(&mut self, id: QueryId, ev: QueryEvent) -> Option<Event> {
        if self.dropping {
            return None;
        }
        Some(match ev {
            QueryEvent::Columns(columns) => Event::ResultStarted { id, columns },
            QueryEvent::Rows(mut batch) => {
                if let Some(max) = self.limits.max_rows {
                    batch.truncate(max.saturating_sub(self.rows) as usize);
                }
                self.rows += batch.len() as u64;
                self.bytes += batch.heap_bytes() as u64;
                Event::RowsReceived { id, batch }
            }
        })
    }

    /// Whether to go on, once a cap is reached (which the workbench is told).
    fn check(&mut self, id: QueryId, events: &tokio::sync::mpsc::UnboundedSender<Event>) -> Flow {
        let over = self.limits.max_rows.is_some_and(|m| self.rows >= m)
            || self.limits.max_bytes.is_some_and(|m| self.bytes >= m);
        if !over {
            return Flow::More;
        }
        let _ = events.send(Event::ResultCapped {
            id,
            ran_on: self.may_write,
        });
        if self.may_write {
            self.dropping = true;
            return Flow::More;
        }
        Flow::Stop
    }
}
