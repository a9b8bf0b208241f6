//! Runs commands on tokio and reports back as events. The UI never awaits any of this.
//! `run` only dispatches: the work of each command is in the room it belongs to (`session`,
//! `catalog`, `query`, `files`), and what the rows read mean is decided in the core
//! (`session::verify`).

use std::sync::Arc;

use tokio::sync::mpsc;

use self::journal_writer::JournalWriter;
use super::msg::{Command, Event};
use crate::engine::{Canceller, Connection};

mod catalog;
mod files;
mod journal_writer;
mod query;
mod session;

#[derive(Clone)]
pub struct Effects {
    conn: Arc<Connection>,
    /// History records go to one writer thread, so they reach the file in the order run.
    history: std::sync::mpsc::Sender<crate::query::connection_files::HistoryEntry>,
    /// This connection's files and the data directory (the course's progress).
    files: crate::query::connection_files::ConnectionFiles,
    canceller: Canceller,
    events: mpsc::UnboundedSender<Event>,
    /// The session journal's writer, when this process holds the journal.
    journal: Arc<std::sync::Mutex<Option<JournalWriter>>>,
    buffer_saves: Arc<super::buffer_saves::BufferSaves>,
}

impl Effects {
    pub fn new(
        conn: Arc<Connection>,
        store: crate::query::connection_files::ConnectionFiles,
        events: mpsc::UnboundedSender<Event>,
    ) -> Self {
        let canceller = conn.canceller();
        Effects {
            conn,
            history: files::history_writer(store.clone(), events.clone()),
            files: store,
            canceller,
            events,
            journal: Default::default(),
            buffer_saves: Default::default(),
        }
    }

    /// Asks the server to cancel what runs now and waits for the request to be sent (two
    /// seconds at most): the last thing done when the workbench is leaving without asking (a
    /// signal, the terminal gone), so that nothing goes on running unseen.
    pub async fn cancel_now(&self) {
        let wait = std::time::Duration::from_secs(2);
        let _ = tokio::time::timeout(wait, self.canceller.cancel()).await;
    }

    /// Saves the editor's text off the UI thread and reports how it went.
    pub fn save_buffer(
        &self,
        store: crate::query::connection_files::ConnectionFiles,
        (text, cursor): (String, (usize, usize)),
    ) {
        let events = self.events.clone();
        let saves = self.buffer_saves.clone();
        let n = saves.next();
        tokio::task::spawn_blocking(move || {
            if let Some(error) = saves.write(n, &store, (&text, cursor)) {
                let _ = events.send(Event::BufferSaved(error));
            }
        });
    }

    /// Saves the editor's text now (before a quit, a switch, an external editor) and says how
    /// it went.
    pub fn save_buffer_now(
        &self,
        store: &crate::query::connection_files::ConnectionFiles,
        buffer: (&str, (usize, usize)),
    ) -> Option<String> {
        let n = self.buffer_saves.next();
        self.buffer_saves.write(n, store, buffer).flatten()
    }

    /// Hands the session journal to its writer (WriteJournal writes it, off the UI thread).
    pub fn set_journal(&self, journal: crate::session::journal::Journal) {
        let writer = JournalWriter::start(journal, self.events.clone());
        *self.journal_writer() = Some(writer);
    }

    /// Lets go of the journal once what was sent is written: removed when nothing is staged.
    pub fn close_journal(&self, changes: &[crate::session::Change]) {
        if let Some(writer) = self.journal_writer().take() {
            writer.close(changes.to_vec());
        }
    }

    /// Waits until the journal holds every change sent to it (the workbench is going).
    pub fn wait_for_journal(&self) {
        if let Some(writer) = self.journal_writer().as_ref() {
            writer.wait();
        }
    }

    fn journal_writer(&self) -> std::sync::MutexGuard<'_, Option<JournalWriter>> {
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts the command's work; its answer comes back as an event.
    pub fn run(&self, cmd: Command) {
        let this = self.clone();
        match cmd {
            Command::WriteJournal { seq, changes } => {
                if let Some(writer) = self.journal_writer().as_ref() {
                    writer.sync(seq, changes);
                }
            }
            Command::Flush { plan, then } => this.spawn(|e| e.flush(plan, then)),
            Command::Commit { plan } => this.spawn(|e| e.commit(plan)),
            Command::Rollback => this.spawn(|e| e.rollback()),
            Command::VerifyCommit(rows) => this.spawn(|e| e.verify_commit(rows)),
            Command::Recheck(rows) => this.spawn(|e| e.recheck(rows)),
            Command::ReadBack(rb) => this.spawn(|e| e.read_back(rb)),
            Command::LoadChoices(query) => this.spawn(|e| e.load_choices(query)),
            Command::LoadCatalog { generation } => this.spawn(|e| e.load_catalog(generation)),
            Command::LoadSchema {
                generation,
                schema,
                relations,
            } => this.spawn(|e| e.load_schema(generation, schema, relations)),
            Command::ListDatabases => this.spawn(|e| e.list_databases()),
            Command::LoadServerDdl { schema, table } => {
                this.spawn(|e| e.load_server_ddl(schema, table))
            }
            Command::Execute {
                id,
                sql,
                limits,
                rerun,
            } => this.spawn(|e| e.execute(id, sql, limits, rerun)),
            Command::Export { sql, path, format } => {
                this.spawn(|e| e.export_again(sql, path, format))
            }
            Command::Explain { sql } => this.spawn(|e| e.explain(sql)),
            Command::MetaCommand { id, command } => {
                this.spawn(move |e| e.meta_command(id, command))
            }
            Command::Cancel => this.spawn(|e| e.cancel()),
            Command::InspectEngine {
                isolation,
                activity,
            } => this.spawn(move |e| e.inspect_engine(isolation, activity)),
            Command::Elsewhere { sql, change } => this.spawn(move |e| e.elsewhere(sql, change)),
            Command::ResetDemo => this.spawn(|e| e.reset_demo()),
            Command::ExportHeld {
                note,
                columns,
                rows,
                path,
                format,
            } => this.blocking(move |e| e.export_held(note, columns, rows, path, format)),
            Command::ComputeView {
                id,
                generation,
                rows,
                spec,
            } => this.blocking(move |e| e.compute_view(id, generation, rows, spec)),
            Command::WriteScript { path, text } => {
                this.blocking(move |e| e.write_script(path, text))
            }
            // the front end's: the workbench takes it before it comes here
            Command::Switch { .. } | Command::SaveConnection { .. } => {}
            Command::SaveCourse(progress) => this.blocking(move |e| e.save_course(&progress)),
            Command::RecordHistory(entry) => {
                let _ = this.history.send(entry);
            }
        }
    }

    /// Runs `work` on tokio; it reports its own answer.
    fn spawn<F, Fut>(self, work: F)
    where
        F: FnOnce(Effects) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        tokio::spawn(work(self));
    }

    /// Runs `work` on a thread that may block (the disk, a sort).
    fn blocking(self, work: impl FnOnce(Effects) + Send + 'static) {
        tokio::task::spawn_blocking(move || work(self));
    }

    /// Sends an answer to the workbench (gone: dropped).
    fn answer(&self, event: Event) {
        let _ = self.events.send(event);
    }
}
