//! The echo log (SQLAlchemy's `echo=True`): every statement retort sends, with its parameters,
//! duration, row count and outcome. Kept in memory for the UI and, with `--echo FILE`, appended
//! to a file. Secrets are redacted before anything is stored.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use super::secrets::{redact_known, redact_secrets};

/// How a statement ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed(String),
    Cancelled,
}

impl Outcome {
    /// The outcome of a statement's result.
    pub fn of<T>(result: &Result<T, super::error::EngineError>) -> Outcome {
        match result {
            Ok(_) => Outcome::Ok,
            Err(super::error::EngineError::Cancelled) => Outcome::Cancelled,
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }
}

/// Who sent a statement: retort itself (catalog, connection set-up) or the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Internal,
    User,
    /// A flush, commit or rollback of the session's staged changes.
    Session,
    /// Not a statement: a connection made, checked out, checked in or given up, in the words
    /// of SQLAlchemy's pool log (`echo_pool=True`).
    Pool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EchoEntry {
    pub at: SystemTime,
    pub origin: Origin,
    pub sql: String,
    pub params: Vec<String>,
    pub duration: Duration,
    pub rows: Option<u64>,
    pub outcome: Outcome,
    /// The server's notices and warnings while it ran.
    pub notices: Vec<String>,
}

const KEEP: usize = 10_000;

struct Inner {
    entries: VecDeque<EchoEntry>,
    total: u64,
    file: Option<File>,
}

/// A shared, cheaply cloned handle to the echo log.
#[derive(Clone)]
pub struct EchoLog {
    inner: Arc<Mutex<Inner>>,
    changed: Arc<watch::Sender<u64>>,
}

impl std::fmt::Debug for EchoLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EchoLog({} entries)", self.total())
    }
}

impl Default for EchoLog {
    fn default() -> Self {
        Self::new()
    }
}

impl EchoLog {
    pub fn new() -> Self {
        EchoLog {
            inner: Arc::new(Mutex::new(Inner {
                entries: VecDeque::new(),
                total: 0,
                file: None,
            })),
            changed: Arc::new(watch::channel(0).0),
        }
    }

    /// Also appends every entry to `path`.
    pub fn with_file(path: &Path) -> std::io::Result<Self> {
        let log = Self::new();
        let file = super::files::open_user_append(path)?;
        log.lock().file = Some(file);
        Ok(log)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn record(&self, mut entry: EchoEntry) {
        if let Outcome::Failed(m) = &mut entry.outcome {
            *m = redact_known(m, &entry.sql);
        }
        entry.sql = redact_secrets(&entry.sql);
        let total = {
            let mut inner = self.lock();
            if let Some(f) = inner.file.as_mut() {
                // one write per line, so that appends of two processes never interleave
                let _ = f.write_all(format!("{}\n", format_line(&entry)).as_bytes());
            }
            inner.entries.push_back(entry);
            if inner.entries.len() > KEEP {
                inner.entries.pop_front();
            }
            inner.total += 1;
            inner.total
        };
        self.changed.send_replace(total);
    }

    /// A connection's life in the pool (`Origin::Pool`): `what` in SQLAlchemy's words, and
    /// how long it took (a connect's time; zero for a checkout or checkin).
    pub fn pool_event(&self, what: impl Into<String>, duration: Duration) {
        self.record(EchoEntry {
            at: SystemTime::now(),
            origin: Origin::Pool,
            sql: what.into(),
            params: Vec::new(),
            duration,
            rows: None,
            outcome: Outcome::Ok,
            notices: Vec::new(),
        });
    }

    /// Number of entries ever recorded.
    pub fn total(&self) -> u64 {
        self.lock().total
    }

    /// The most recent `n` entries, oldest first.
    pub fn tail(&self, n: usize) -> Vec<EchoEntry> {
        let inner = self.lock();
        let skip = inner.entries.len().saturating_sub(n);
        inner.entries.iter().skip(skip).cloned().collect()
    }

    /// A receiver that changes whenever an entry is recorded.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

/// One line of the echo file: time, origin, duration, rows, outcome, statement, parameters.
pub fn format_line(e: &EchoEntry) -> String {
    let secs =
        e.at.duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
    let origin = match e.origin {
        Origin::Internal => "retort",
        Origin::User => "user",
        Origin::Session => "session",
        Origin::Pool => "pool",
    };
    let rows = e.rows.map(|r| format!(" {r} rows")).unwrap_or_default();
    let outcome = match &e.outcome {
        Outcome::Ok => "ok".to_string(),
        Outcome::Failed(m) => format!("failed: {}", m.replace('\n', " ")),
        Outcome::Cancelled => "cancelled".to_string(),
    };
    let params = if e.params.is_empty() {
        String::new()
    } else {
        format!(" params=[{}]", e.params.join(", "))
    };
    let notices = if e.notices.is_empty() {
        String::new()
    } else {
        format!(" notices=[{}]", e.notices.join(" | ").replace('\n', " "))
    };
    format!(
        "{secs:.3} [{origin}] {:.3} ms{rows} {outcome} | {}{params}{notices}",
        e.duration.as_secs_f64() * 1000.0,
        e.sql.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_kept_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("echo.log");
        let log = EchoLog::with_file(&path).unwrap();
        let mut rx = log.subscribe();
        log.record(EchoEntry {
            notices: Vec::new(),
            at: SystemTime::now(),
            origin: Origin::User,
            sql: "alter role x password 'hunter2'".into(),
            params: vec!["42".into()],
            duration: Duration::from_millis(3),
            rows: Some(0),
            outcome: Outcome::Ok,
        });
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 1);
        assert_eq!(log.tail(5).len(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("[user]") && text.contains("params=[42]"),
            "{text}"
        );
        assert!(!text.contains("hunter2"), "{text}");
    }
}
