//! The session journal's writer: a thread of its own, so that staging never waits for the
//! disk (a compaction fsyncs). Writes go in the order staged; a burst of them is one write of
//! the newest state (each write records what changed since the last). Closing, and dropping
//! the workbench, wait for what was sent: nothing staged is left unwritten.

use std::sync::mpsc::{Receiver, Sender, channel};

use tokio::sync::mpsc::UnboundedSender;

use crate::app::msg::Event;
use crate::session::Change;
use crate::session::journal::Journal;

enum Message {
    /// The staged changes as they now are; `seq` is said back once written.
    Sync { seq: u64, changes: Vec<Change> },
    /// Answered once everything sent before is written.
    Barrier(Sender<()>),
    /// Let go of the journal (removed when nothing is staged); the thread ends.
    Close(Vec<Change>),
}

pub(super) struct JournalWriter {
    tx: Sender<Message>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl JournalWriter {
    pub(super) fn start(journal: Journal, events: UnboundedSender<Event>) -> Self {
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("retort-journal".into())
            .spawn(move || write_in_order(journal, &rx, &events))
            .ok();
        JournalWriter { tx, thread }
    }

    pub(super) fn sync(&self, seq: u64, changes: Vec<Change>) {
        let _ = self.tx.send(Message::Sync { seq, changes });
    }

    /// Waits until what was sent is written.
    pub(super) fn wait(&self) {
        let (done, written) = channel();
        if self.tx.send(Message::Barrier(done)).is_ok() {
            let _ = written.recv();
        }
    }

    /// Writes what was sent, lets go of the journal, and waits for the thread to end.
    pub(super) fn close(mut self, changes: Vec<Change>) {
        let _ = self.tx.send(Message::Close(changes));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_in_order(mut journal: Journal, rx: &Receiver<Message>, events: &UnboundedSender<Event>) {
    let mut next = rx.recv().ok();
    while let Some(message) = next.take() {
        match message {
            Message::Sync {
                mut seq,
                mut changes,
            } => {
                // a burst is written once, as its newest state
                while let Ok(later) = rx.try_recv() {
                    match later {
                        Message::Sync { seq: s, changes: c } => (seq, changes) = (s, c),
                        other => {
                            next = Some(other);
                            break;
                        }
                    }
                }
                let error = journal.sync(&changes).err().map(|e| {
                    format!(
                        "the journal {} could not be written: {e}",
                        journal.path().display()
                    )
                });
                let _ = events.send(Event::JournalWritten { seq, error });
            }
            Message::Barrier(done) => {
                let _ = done.send(());
            }
            Message::Close(changes) => {
                journal.close(&changes);
                return;
            }
        }
        if next.is_none() {
            next = rx.recv().ok();
        }
    }
}
