//! Runs commands on tokio and reports back as events. The UI never awaits any of this.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::msg::{Command, Event};
use crate::engine::events::{Flow, drive};
use crate::engine::{Canceller, Connection, QueryEvent};

#[derive(Clone)]
pub struct Effects {
    conn: Arc<Connection>,
    /// History records go to one writer thread, so they reach the file in the order run.
    history: std::sync::mpsc::Sender<crate::query::store::HistoryEntry>,
    canceller: Canceller,
    events: mpsc::UnboundedSender<Event>,
    /// The session journal, when this process holds it.
    journal: Arc<std::sync::Mutex<Option<crate::session::journal::Journal>>>,
    buffer_saves: Arc<super::buffer_saves::BufferSaves>,
}

impl Effects {
    pub fn new(
        conn: Arc<Connection>,
        store: crate::query::store::ConnectionStore,
        events: mpsc::UnboundedSender<Event>,
    ) -> Self {
        let canceller = conn.canceller();
        Effects {
            conn,
            history: history_writer(store, events.clone()),
            canceller,
            events,
            journal: Default::default(),
            buffer_saves: Default::default(),
        }
    }

    /// Saves the editor's text off the UI thread and reports how it went.
    pub fn save_buffer(&self, store: crate::query::store::ConnectionStore, text: String) {
        let events = self.events.clone();
        let saves = self.buffer_saves.clone();
        let n = saves.next();
        tokio::task::spawn_blocking(move || {
            if let Some(error) = saves.write(n, &store, &text) {
                let _ = events.send(Event::BufferSaved(error));
            }
        });
    }

    /// Saves the editor's text now (before a quit, a switch, an external editor) and says how
    /// it went.
    pub fn save_buffer_now(
        &self,
        store: &crate::query::store::ConnectionStore,
        text: &str,
    ) -> Option<String> {
        let n = self.buffer_saves.next();
        self.buffer_saves.write(n, store, text).flatten()
    }

    /// Hands the session journal to the runner (WriteJournal writes it).
    pub fn set_journal(&self, journal: Option<crate::session::journal::Journal>) {
        *self.journal.lock().unwrap_or_else(|e| e.into_inner()) = journal;
    }

    /// Lets go of the journal: removed when nothing is staged.
    pub fn close_journal(&self, changes: &[crate::session::Change]) {
        if let Some(j) = self
            .journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            j.close(changes);
        }
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

    pub fn run(&self, cmd: Command) {
        let this = self.clone();
        match cmd {
            Command::WriteJournal(changes) => {
                // written before the screen shows the change (the next draw follows this)
                let mut slot = self.journal.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(j) = slot.as_mut() {
                    let result = j.sync(&changes).err().map(|e| {
                        format!(
                            "the journal {} could not be written: {e}",
                            j.path().display()
                        )
                    });
                    let _ = self.events.send(Event::JournalWritten(result));
                }
            }
            Command::Flush { plan, then } => {
                tokio::spawn(async move {
                    let result = crate::session::flush::flush(&this.conn, &plan).await;
                    let transaction = this.conn.transaction();
                    let _ = this.events.send(Event::SessionFlushed {
                        result,
                        then,
                        transaction,
                    });
                });
            }
            Command::WriteScript { path, text } => {
                tokio::task::spawn_blocking(move || {
                    use std::io::Write as _;
                    let result = crate::engine::files::create_private_new(&path)
                        .and_then(|mut f| f.write_all(text.as_bytes()))
                        .map_err(|e| e.to_string());
                    let _ = this.events.send(Event::ScriptWritten { path, result });
                });
            }
            Command::VerifyCommit(rows) => {
                tokio::spawn(async move {
                    let (mut yes, mut no) = (false, false);
                    for r in rows {
                        let Ok(found) = this.conn.catalog_query(&r.sql, &r.params).await else {
                            continue;
                        };
                        let row = found.first();
                        let holds = |want: &Option<Vec<crate::engine::Value>>| {
                            matches!((want, row), (Some(w), Some(now)) if w.iter().enumerate().all(
                                |(i, v)| crate::session::sql::matches_text(
                                    v, now.get(i).cloned().flatten().as_deref())))
                        };
                        if r.committed.is_none() {
                            // presence alone tells
                            if row.is_some() == r.present_if_committed {
                                yes = true;
                            } else {
                                no = true;
                            }
                        } else if holds(&r.committed) {
                            yes = true;
                        } else if holds(&r.not_committed) {
                            no = true;
                        }
                    }
                    let verdict = match (yes, no) {
                        (true, false) => Some(true),
                        (false, true) => Some(false),
                        _ => None,
                    };
                    let _ = this.events.send(Event::CommitVerified(verdict));
                });
            }
            Command::Recheck(rows) => {
                tokio::spawn(async move {
                    let mut stale = Vec::new();
                    for r in rows {
                        match this.conn.catalog_query(&r.sql, &r.params).await {
                            Ok(found) => match found.first() {
                                None => stale.push((r.change, "the row was deleted since".into())),
                                Some(now) => {
                                    for (i, (col, was)) in r.expected.iter().enumerate() {
                                        let is = now.get(i).cloned().flatten();
                                        if !crate::session::sql::matches_text(was, is.as_deref()) {
                                            stale.push((
                                                r.change,
                                                format!(
                                                    "changed since it was read: {col} is now {}",
                                                    is.as_deref().unwrap_or("NULL")
                                                ),
                                            ));
                                            break;
                                        }
                                    }
                                }
                            },
                            Err(e) => stale.push((r.change, format!("could not be checked: {e}"))),
                        }
                    }
                    let _ = this.events.send(Event::Rechecked(stale));
                });
            }
            Command::LoadChoices(query) => {
                tokio::spawn(async move {
                    let result = crate::query::execute::session_rows(&this.conn, &query.sql)
                        .await
                        .map(|rows| {
                            rows.into_iter()
                                .map(|r| {
                                    let cell = |i: usize| {
                                        r.get(i).cloned().flatten().unwrap_or_else(|| "NULL".into())
                                    };
                                    (cell(0), cell(1))
                                })
                                .collect()
                        })
                        .map_err(|e| e.to_string());
                    let _ = this.events.send(Event::ChoicesLoaded { result });
                });
            }
            Command::Commit { plan } => {
                tokio::spawn(async move {
                    let outcome = crate::session::flush::commit(&this.conn, &plan).await;
                    let transaction = this.conn.transaction();
                    let _ = this.events.send(Event::SessionCommitted {
                        outcome,
                        transaction,
                    });
                });
            }
            Command::Rollback => {
                tokio::spawn(async move {
                    let result = crate::session::flush::rollback(&this.conn)
                        .await
                        .map_err(|e| e.to_string());
                    let transaction = this.conn.transaction();
                    let _ = this.events.send(Event::SessionRolledBack {
                        result,
                        transaction,
                    });
                });
            }
            Command::LoadCatalog { generation } => {
                tokio::spawn(async move {
                    let result = async {
                        let schemas = crate::meta::list_schemas(&this.conn).await?;
                        let relations = crate::meta::list_relations(&this.conn).await?;
                        Ok((schemas, relations))
                    }
                    .await;
                    let _ = this
                        .events
                        .send(Event::CatalogLoaded { generation, result });
                });
            }
            Command::LoadSchema {
                generation,
                schema,
                relations,
            } => {
                tokio::spawn(async move {
                    let result = crate::meta::reflect_schema(&this.conn, &schema, &relations).await;
                    let _ = this.events.send(Event::SchemaLoaded {
                        generation,
                        schema,
                        result,
                    });
                });
            }
            Command::ListDatabases => {
                tokio::spawn(async move {
                    let sql = match this.conn.info().engine {
                        crate::engine::EngineKind::Postgres => {
                            "select datname::text from pg_catalog.pg_database \
                             where datallowconn and not datistemplate order by 1"
                        }
                        _ => {
                            "select schema_name from information_schema.schemata \
                              where schema_name not in ('information_schema', \
                              'performance_schema', 'mysql', 'sys') order by 1"
                        }
                    };
                    let listed = this.conn.query_text_rows(sql).await.map(|rows| {
                        rows.into_iter()
                            .filter_map(|r| r.into_iter().next().flatten())
                            .collect()
                    });
                    let _ = this
                        .events
                        .send(Event::DatabasesListed(listed.map_err(|e| e.to_string())));
                });
            }
            Command::LoadServerDdl { schema, table } => {
                tokio::spawn(async move {
                    let t = crate::meta::Table::new(crate::meta::Relation {
                        schema: schema.clone(),
                        name: table.clone(),
                        kind: crate::meta::RelationKind::Table,
                        row_estimate: None,
                        comment: None,
                        partition_of: None,
                        storage: None,
                    });
                    let ddl = crate::meta::ddl::server_ddl(&this.conn, &t)
                        .await
                        .ok()
                        .flatten();
                    let _ = this
                        .events
                        .send(Event::ServerDdlLoaded { schema, table, ddl });
                });
            }
            Command::Execute {
                id,
                sql,
                limits,
                rerun,
            } => {
                tokio::spawn(async move {
                    let (mut rows, mut bytes) = (0u64, 0u64);
                    // a statement that may write is never cancelled at the cap: its work would
                    // be done (or committed) anyway, and a cancel would only hide that
                    let may_write =
                        crate::query::read_proof::prove_read(&sql, this.conn.info().engine)
                            .is_err();
                    let mut dropping = false;
                    let forward = |ev| {
                        if dropping {
                            return Flow::More;
                        }
                        let ev = match ev {
                            QueryEvent::Columns(columns) => Event::ResultStarted { id, columns },
                            QueryEvent::Rows(mut batch) => {
                                // a row cap holds exactly that many rows
                                if let Some(max) = limits.max_rows {
                                    let room = max.saturating_sub(rows) as usize;
                                    batch.truncate(room);
                                }
                                rows += batch.len() as u64;
                                bytes += batch.heap_bytes() as u64;
                                Event::RowsReceived { id, batch }
                            }
                        };
                        if this.events.send(ev).is_err() {
                            return Flow::Stop; // the workbench is gone
                        }
                        let over = limits.max_rows.is_some_and(|m| rows >= m)
                            || limits.max_bytes.is_some_and(|m| bytes >= m);
                        if over {
                            let _ = this.events.send(Event::ResultCapped {
                                id,
                                ran_on: may_write,
                            });
                            if may_write {
                                dropping = true;
                                return Flow::More;
                            }
                            return Flow::Stop;
                        }
                        Flow::More
                    };
                    let cancel = || async {
                        let _ = this.canceller.cancel().await;
                    };
                    let (conn, sql) = (&this.conn, &sql);
                    let run = |tx| async move {
                        if rerun {
                            crate::query::execute::rerun_read(conn, sql, &tx).await
                        } else {
                            crate::query::execute::run_user_statement(conn, sql, &tx).await
                        }
                    };
                    let result = drive(run, forward, cancel).await;
                    let transaction = this.conn.transaction();
                    let _ = this.events.send(Event::QueryFinished {
                        id,
                        result,
                        transaction,
                    });
                });
            }
            Command::Export { sql, path, format } => {
                tokio::spawn(async move {
                    let result = this.export(&sql, &path, format).await;
                    let _ = this.events.send(Event::ExportFinished {
                        path,
                        result,
                        note: None,
                    });
                });
            }
            Command::ExportHeld {
                note,
                columns,
                rows,
                path,
                format,
            } => {
                tokio::task::spawn_blocking(move || {
                    let result = write_held(&columns, &rows, &path, format);
                    let _ = this.events.send(Event::ExportFinished {
                        path,
                        result,
                        note: Some(note),
                    });
                });
            }
            Command::ComputeView {
                id,
                generation,
                rows,
                spec,
            } => {
                tokio::task::spawn_blocking(move || {
                    let view = crate::query::result::compute_view(&rows, &spec);
                    let _ = this.events.send(Event::ViewReady {
                        id,
                        generation,
                        spec,
                        view,
                    });
                });
            }
            Command::Explain { sql } => {
                tokio::spawn(async move {
                    let result = crate::query::explain::plan(&this.conn, &sql).await;
                    let _ = this.events.send(Event::PlanReady { sql, result });
                });
            }
            Command::RecordHistory(entry) => {
                let _ = this.history.send(entry);
            }
            Command::Cancel => {
                tokio::spawn(async move {
                    let _ = this.canceller.cancel().await;
                });
            }
        }
    }
}

/// Writes rows already fetched into a file.
fn write_held(
    columns: &crate::engine::Columns,
    rows: &crate::query::result::Rows,
    path: &std::path::Path,
    format: crate::query::format::Format,
) -> Result<u64, String> {
    use std::io::Write as _;
    let file = crate::engine::files::create_private_new(path).map_err(|e| e.to_string())?;
    let mut printer =
        crate::query::format::ResultPrinter::new(format, std::io::BufWriter::new(file));
    printer.start(columns.clone()).map_err(|e| e.to_string())?;
    for batch in rows.batches() {
        printer.rows(batch).map_err(|e| e.to_string())?;
    }
    printer.finish().map_err(|e| e.to_string())?;
    printer.into_inner().flush().map_err(|e| e.to_string())?;
    Ok(rows.len() as u64)
}

/// A thread that appends history records in the order they are sent, off the UI thread.
/// A failure is reported at once, and so is the first success after one.
fn history_writer(
    store: crate::query::store::ConnectionStore,
    events: mpsc::UnboundedSender<Event>,
) -> std::sync::mpsc::Sender<crate::query::store::HistoryEntry> {
    let (tx, rx) = std::sync::mpsc::channel::<crate::query::store::HistoryEntry>();
    let _ = std::thread::Builder::new()
        .name("retort-history".into())
        .spawn(move || {
            let mut failing = false;
            for entry in rx {
                let error = store.append_history(&entry).err().map(|e| e.to_string());
                if error.is_some() || failing {
                    failing = error.is_some();
                    let _ = events.send(Event::HistoryWritten(error));
                }
            }
        });
    tx
}
