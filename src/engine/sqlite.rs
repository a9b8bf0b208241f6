//! SQLite through rusqlite on a thread of its own (design.md §3: 20× faster than sqlx-sqlite).
//! The async side sends jobs over a channel; rows come back as batches; cancel interrupts.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, InterruptHandle, OpenFlags};
use tokio::sync::{mpsc, oneshot};

use super::error::EngineError;
use super::events::{QueryEvent, StatementSummary};
pub use super::sqlite_convert::kind_of_decl;
use super::sqlite_guard as guard;
use super::sqlite_run::{run_many, run_statement};
use super::txn::{ServerTx, ServerTxCell};
use super::url::SqliteTarget;
use super::value::{Kind, Value};

type Reply = oneshot::Sender<Result<StatementSummary, EngineError>>;

enum Job {
    /// One prepared statement run once per parameter row.
    ExecuteMany {
        sql: String,
        rows: Arc<Vec<Vec<Value>>>,
        /// Keep what the statement returns (RETURNING), one row per run.
        returning: bool,
        reply: Reply,
    },
    Execute {
        sql: String,
        params: Vec<Value>,
        events: mpsc::Sender<QueryEvent>,
        /// Prepared under the read guard (`--read-only`): SQLite's parser proves it a read.
        guarded: bool,
        reply: Reply,
    },
    /// Prepares under the read guard without running: Ok when SQLite's parser proves a read.
    ProveRead {
        sql: String,
        reply: oneshot::Sender<Result<(), String>>,
    },
}

pub struct SqliteDriver {
    jobs: std::sync::mpsc::Sender<Job>,
    canceller: SqliteCanceller,
    /// SQLite's autocommit flag after the last statement.
    server_tx: ServerTxCell,
    /// The file, for a connection of its own beside this one (`read_elsewhere`).
    target: SqliteTarget,
}

/// Stops the running statement: interrupts it, and ends a wait for a lock at once (the busy
/// handler watches the flag; SQLite's interrupt alone is not seen while it waits).
#[derive(Clone)]
pub struct SqliteCanceller {
    interrupt: Arc<InterruptHandle>,
    cancelled: Arc<AtomicBool>,
}

impl SqliteCanceller {
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        self.interrupt.interrupt();
    }
}

/// How long a statement waits for another connection's lock before SQLITE_BUSY.
const BUSY_WAIT: Duration = Duration::from_secs(5);
const BUSY_STEP: Duration = Duration::from_millis(5);

thread_local! {
    /// The cancel flag of the connection on this worker thread, for the busy handler.
    static CANCELLED: std::cell::RefCell<Option<Arc<AtomicBool>>> = const { std::cell::RefCell::new(None) };
}

/// Waits in short steps for a lock, and gives up at once when the statement was cancelled.
fn busy_wait(attempt: i32) -> bool {
    let cancelled = CANCELLED.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    });
    if cancelled || BUSY_STEP * attempt.max(0) as u32 >= BUSY_WAIT {
        return false;
    }
    thread::sleep(BUSY_STEP);
    true
}

pub struct SqliteConnected {
    pub driver: SqliteDriver,
    pub version: String,
    pub database: String,
    /// The file could not be opened for writing although retort asked to.
    pub server_read_only: bool,
}

impl SqliteDriver {
    pub async fn open(
        target: &SqliteTarget,
        read_only: bool,
    ) -> Result<SqliteConnected, EngineError> {
        let target = target.clone();
        let target_kept = target.clone();
        let (opened_tx, opened_rx) = oneshot::channel();
        let server_tx = ServerTxCell::default();
        let worker_tx = server_tx.clone();
        let (jobs, job_rx) = std::sync::mpsc::channel::<Job>();
        thread::Builder::new()
            .name("retort-sqlite".into())
            .spawn(move || {
                let conn = match open_connection(&target, read_only) {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                        return;
                    }
                };
                let version = rusqlite::version().to_string();
                let file_read_only =
                    !read_only && conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
                let canceller = SqliteCanceller {
                    interrupt: Arc::new(conn.get_interrupt_handle()),
                    cancelled: Arc::new(AtomicBool::new(false)),
                };
                CANCELLED.with(|c| *c.borrow_mut() = Some(canceller.cancelled.clone()));
                let _ = conn.busy_handler(Some(busy_wait));
                let cancelled = canceller.cancelled.clone();
                let _ = opened_tx.send(Ok((canceller, version, file_read_only)));
                worker(conn, job_rx, &cancelled, &worker_tx);
            })
            .map_err(|e| EngineError::Other(format!("could not start the SQLite thread: {e}")))?;
        let (canceller, version, server_read_only) = opened_rx
            .await
            .map_err(|_| EngineError::Other("the SQLite thread stopped".into()))??;
        Ok(SqliteConnected {
            driver: SqliteDriver {
                jobs,
                canceller,
                server_tx,
                target: target_kept,
            },
            version,
            database: "main".into(),
            server_read_only,
        })
    }

    pub async fn execute(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.execute_with(sql, &[], events).await
    }

    /// Runs a statement only if SQLite's own parser, through the read guard, finds nothing in
    /// it but reading (`--read-only`, and statements retort runs again by itself).
    pub async fn execute_guarded(
        &self,
        sql: &str,
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.send_execute(sql, Vec::new(), events, true).await
    }

    /// Whether SQLite's parser proves `sql` a read (prepared under the guard, not run).
    pub async fn prove_read(&self, sql: &str) -> Result<(), String> {
        let (reply, rx) = oneshot::channel();
        let stopped = || "the SQLite thread stopped".to_string();
        self.jobs
            .send(Job::ProveRead {
                sql: sql.to_string(),
                reply,
            })
            .map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }

    /// Runs a statement with bound text parameters (`?1`, `?2`…).
    pub async fn execute_with(
        &self,
        sql: &str,
        params: &[String],
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        let params: Vec<Value> = params
            .iter()
            .map(|p| Value::Text(Kind::Text, p.clone()))
            .collect();
        self.execute_values(sql, &params, events).await
    }

    /// Runs a statement with bound typed parameters: integers, reals, text and blobs keep their
    /// storage class.
    pub async fn execute_values(
        &self,
        sql: &str,
        params: &[Value],
        events: &mpsc::Sender<QueryEvent>,
    ) -> Result<StatementSummary, EngineError> {
        self.send_execute(sql, params.to_vec(), events, false).await
    }

    async fn send_execute(
        &self,
        sql: &str,
        params: Vec<Value>,
        events: &mpsc::Sender<QueryEvent>,
        guarded: bool,
    ) -> Result<StatementSummary, EngineError> {
        let (reply, rx) = oneshot::channel();
        self.jobs
            .send(Job::Execute {
                sql: sql.to_string(),
                params,
                events: events.clone(),
                guarded,
                reply,
            })
            .map_err(|_| EngineError::ConnectionLost("the SQLite thread stopped".into()))?;
        rx.await
            .map_err(|_| EngineError::ConnectionLost("the SQLite thread stopped".into()))?
    }

    /// Runs one prepared statement once per parameter row, on the SQLite thread (no round trip
    /// per row). Returns the rows changed in all, and with `returning` what each run returned.
    pub async fn execute_many(
        &self,
        sql: &str,
        rows: Arc<Vec<Vec<Value>>>,
        returning: bool,
    ) -> Result<StatementSummary, EngineError> {
        let (reply, rx) = oneshot::channel();
        self.jobs
            .send(Job::ExecuteMany {
                sql: sql.to_string(),
                rows,
                returning,
                reply,
            })
            .map_err(|_| EngineError::ConnectionLost("the SQLite thread stopped".into()))?;
        rx.await
            .map_err(|_| EngineError::ConnectionLost("the SQLite thread stopped".into()))?
    }

    /// Runs a statement and collects its rows as text (for retort's own catalog queries).
    pub async fn text_rows(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        super::events::collect_text_rows(
            |tx| async move { self.execute_with(sql, params, &tx).await },
        )
        .await
    }

    /// A read on a connection of its own to the same file, opened read-only and closed again:
    /// what another client would see (nothing the session has not committed).
    pub async fn read_elsewhere(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        if self.target == SqliteTarget::Memory {
            return Err(EngineError::usage(
                "an in-memory database has no other connection: each is a database of its own",
            ));
        }
        let (target, sql) = (self.target.clone(), sql.to_string());
        tokio::task::spawn_blocking(move || {
            let conn = open_connection(&target, true)?;
            super::sqlite_convert::text_rows(&conn, &sql)
        })
        .await
        .map_err(|e| EngineError::Other(e.to_string()))?
    }

    /// A change on a connection of its own to the same file, committed at once (autocommit):
    /// what another client would do.
    pub async fn change_elsewhere(&self, sql: &str) -> Result<u64, EngineError> {
        if self.target == SqliteTarget::Memory {
            return Err(EngineError::usage(
                "an in-memory database has no other connection: each is a database of its own",
            ));
        }
        let (target, sql) = (self.target.clone(), sql.to_string());
        tokio::task::spawn_blocking(move || {
            let conn = open_connection(&target, false)?;
            let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
            conn.execute_batch(&sql)
                .map_err(super::sqlite_convert::map_error)?;
            Ok(conn.changes())
        })
        .await
        .map_err(|e| EngineError::Other(e.to_string()))?
    }

    pub fn canceller(&self) -> SqliteCanceller {
        self.canceller.clone()
    }

    /// SQLite's own word on the transaction after the last statement.
    pub fn server_tx(&self) -> Option<ServerTx> {
        self.server_tx.get()
    }
}

fn open_connection(target: &SqliteTarget, read_only: bool) -> Result<Connection, EngineError> {
    let conn = match target {
        SqliteTarget::Memory => Connection::open_in_memory(),
        SqliteTarget::File(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                && !dir.is_dir()
            {
                return Err(EngineError::connect(format!(
                    "cannot open SQLite database {}: directory {} does not exist",
                    path.display(),
                    dir.display()
                )));
            }
            let access = if read_only {
                OpenFlags::SQLITE_OPEN_READ_ONLY
            } else {
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
            };
            Connection::open_with_flags(
                path,
                access | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
    }
    .map_err(|e| EngineError::connect(format!("cannot open SQLite database: {e}")))?;
    // Reading the schema proves the file is a database.
    conn.query_row("select count(*) from sqlite_master", [], |_| Ok(()))
        .map_err(|e| EngineError::connect(format!("cannot open SQLite database: {e}")))?;
    Ok(conn)
}

fn worker(
    conn: Connection,
    jobs: std::sync::mpsc::Receiver<Job>,
    cancelled: &AtomicBool,
    server_tx: &ServerTxCell,
) {
    let autocommit = |conn: &Connection| {
        Some(if conn.is_autocommit() {
            ServerTx::Idle
        } else {
            ServerTx::Open
        })
    };
    while let Ok(job) = jobs.recv() {
        match job {
            Job::ExecuteMany {
                sql,
                rows,
                returning,
                reply,
            } => {
                cancelled.store(false, Ordering::SeqCst);
                let result = run_many(&conn, &sql, &rows, returning);
                server_tx.set(autocommit(&conn));
                let _ = reply.send(result);
            }
            Job::ProveRead { sql, reply } => {
                let _ = reply.send(guard::prove(&conn, &sql));
            }
            Job::Execute {
                sql,
                params,
                events,
                guarded,
                reply,
            } => {
                cancelled.store(false, Ordering::SeqCst);
                let ran = if guarded {
                    guard::run(&conn, |c| run_statement(c, &sql, &params, &events))
                } else {
                    run_statement(&conn, &sql, &params, &events)
                };
                let result = match ran {
                    // a lock wait ended by the user's cancel
                    Err(EngineError::Statement(e))
                        if cancelled.load(Ordering::SeqCst)
                            && e.code.as_deref() == Some("SQLITE_DATABASEBUSY") =>
                    {
                        Err(EngineError::Cancelled)
                    }
                    other => other,
                };
                server_tx.set(autocommit(&conn));
                let _ = reply.send(result);
            }
        }
    }
}

/// SQLite's own word on whether `sql` ends a statement (`sqlite3_complete`): a `;` inside
/// `CREATE TRIGGER … BEGIN … END` does not.
pub fn statement_is_complete(sql: &str) -> bool {
    match std::ffi::CString::new(sql) {
        // SAFETY: a valid NUL-terminated string, read and not kept by SQLite
        Ok(c) => unsafe { rusqlite::ffi::sqlite3_complete(c.as_ptr()) != 0 },
        Err(_) => true,
    }
}
