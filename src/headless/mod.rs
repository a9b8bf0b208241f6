//! The headless front end: `-e SQL` / `-f FILE` print results to stdout, like `psql -c`.
//! No terminal crates here.

pub mod schema;

use std::io::Write;

use tokio::sync::mpsc;

use crate::engine::{Connection, EngineError, QueryEvent};
use crate::query::classify::command_tag;
use crate::query::split_statements;

pub use crate::query::format::{Format, ResultPrinter};

/// Runs every statement of `script` in turn, printing results to `out` and errors to `err`.
/// Stops at the first failing statement. Returns the process exit status.
pub async fn run_script(
    conn: &Connection,
    script: &str,
    format: Format,
    out: impl Write,
    mut err: impl Write,
) -> i32 {
    let mut printer = ResultPrinter::new(format, out);
    for stmt in split_statements(script, conn.info().engine) {
        let (tx, mut rx) = mpsc::channel::<QueryEvent>(4);
        let exec = async {
            let r = conn.execute(&stmt.text, &tx).await;
            drop(tx);
            r
        };
        let consume = async {
            while let Some(ev) = rx.recv().await {
                let written = match ev {
                    QueryEvent::Columns(cols) => printer.finish().and_then(|_| printer.start(cols)),
                    QueryEvent::Rows(batch) => printer.rows(&batch),
                };
                written?;
            }
            Ok::<(), std::io::Error>(())
        };
        let (result, written) = tokio::join!(exec, consume);
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return 0;
            }
            let _ = writeln!(err, "retort: cannot write output: {e}");
            return 1;
        }
        match result {
            Ok(summary) => {
                let done = if summary.has_result {
                    printer.finish()
                } else {
                    printer.tag(&command_tag(&stmt.text, summary.rows_affected))
                };
                if let Err(e) = done {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return 0;
                    }
                    let _ = writeln!(err, "retort: cannot write output: {e}");
                    return 1;
                }
            }
            Err(e) => {
                let _ = printer.finish();
                report_error(&mut err, &e, &stmt.text);
                return e.exit_code();
            }
        }
    }
    0
}

/// Prints a statement error as psql does: the message, then the line with a caret under the
/// position the server reported.
pub fn report_error(err: &mut impl Write, e: &EngineError, sql: &str) {
    let _ = writeln!(err, "ERROR:  {e}");
    if let Some((line_no, col)) = e.line_and_column(sql) {
        let line = sql.lines().nth(line_no - 1).unwrap_or("");
        let prefix = format!("LINE {line_no}: ");
        let _ = writeln!(err, "{prefix}{line}");
        let _ = writeln!(err, "{}^", " ".repeat(prefix.chars().count() + col - 1));
    }
}
