//! The headless front end: `-e SQL` / `-f FILE` print results to stdout, like `psql -c`.
//! No terminal crates here.

pub mod schema;

use std::io::Write;

use tokio::sync::mpsc;

use crate::engine::{Connection, EngineError, QueryEvent, StatementSummary};
use crate::query::classify::command_tag;
use crate::query::execute::{CopyStdio, copy_stdio, run_user_statement};
use crate::query::split_statements;

pub use crate::query::format::{Format, ResultPrinter};

/// Runs every statement of `script` in turn, printing results to `out` and errors, notices
/// and warnings to `err`. Stops at the first failing statement. A script that ends inside a
/// transaction has it rolled back, and says so. Returns the process exit status.
pub async fn run_script(
    conn: &Connection,
    script: &str,
    format: Format,
    out: impl Write,
    mut err: impl Write,
) -> i32 {
    let mut printer = ResultPrinter::new(format, out);
    for stmt in split_statements(script, conn.info().engine) {
        let copy_out = copy_stdio(&stmt.text, conn.info().engine) == Some(CopyStdio::ToStdout)
            && !conn.read_only();
        let (result, written) = if copy_out {
            copy_to(conn, &stmt.text, &mut printer).await
        } else {
            run_one(conn, &stmt.text, &mut printer).await
        };
        if let Err(e) = written {
            // a closed pipe (`| head`) ends the script quietly, like psql
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return end_script(conn, &mut err, 0).await;
            }
            let _ = writeln!(err, "retort: cannot write output: {e}");
            return end_script(conn, &mut err, 1).await;
        }
        match result {
            Ok(summary) => {
                for notice in &summary.notices {
                    let _ = writeln!(err, "{notice}");
                }
                let done = if summary.has_result {
                    printer.count_rows_without_columns(summary.rows_returned);
                    printer.finish()
                } else {
                    let tag = summary
                        .tag
                        .clone()
                        .unwrap_or_else(|| command_tag(&stmt.text, summary.rows_affected));
                    printer.tag(&tag)
                };
                if let Err(e) = done {
                    let code = if e.kind() == std::io::ErrorKind::BrokenPipe {
                        0
                    } else {
                        let _ = writeln!(err, "retort: cannot write output: {e}");
                        1
                    };
                    return end_script(conn, &mut err, code).await;
                }
            }
            Err(e) => {
                let _ = printer.abandon();
                report_error(&mut err, &e, &stmt.text);
                return end_script(conn, &mut err, e.exit_code()).await;
            }
        }
    }
    end_script(conn, &mut err, 0).await
}

/// Runs one statement, printing its rows as they come. When the output cannot be written
/// (a closed pipe), stops reading at once and cancels the statement on the server.
async fn run_one<W: Write>(
    conn: &Connection,
    sql: &str,
    printer: &mut ResultPrinter<W>,
) -> (
    Result<StatementSummary, EngineError>,
    Result<(), std::io::Error>,
) {
    let (tx, mut rx) = mpsc::channel::<QueryEvent>(4);
    let exec = async {
        let r = run_user_statement(conn, sql, &tx).await;
        drop(tx);
        r
    };
    let consume = write_all(conn, &mut rx, |ev| match ev {
        QueryEvent::Columns(cols) => printer.finish().and_then(|_| printer.start(cols)),
        QueryEvent::Rows(batch) => printer.rows(&batch),
    });
    tokio::join!(exec, consume)
}

/// `COPY … TO STDOUT`: the server's data straight to the output, as psql writes it.
async fn copy_to<W: Write>(
    conn: &Connection,
    sql: &str,
    printer: &mut ResultPrinter<W>,
) -> (
    Result<StatementSummary, EngineError>,
    Result<(), std::io::Error>,
) {
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(8);
    let exec = async {
        let r = conn.copy_out(sql, &tx).await;
        drop(tx);
        r
    };
    let consume = write_all(conn, &mut rx, |chunk| printer.raw(&chunk));
    let (copied, written) = tokio::join!(exec, consume);
    // COPY prints no tag in psql's unaligned output either: the data is the output
    let summary = copied.map(|_| StatementSummary {
        tag: Some(String::new()),
        ..Default::default()
    });
    (summary, written)
}

/// Writes what a statement streams. When the output cannot be written (a closed pipe), stops
/// reading at once and cancels the statement on the server.
async fn write_all<T>(
    conn: &Connection,
    rx: &mut mpsc::Receiver<T>,
    mut write: impl FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    while let Some(item) = rx.recv().await {
        if let Err(e) = write(item) {
            rx.close();
            let _ = conn.canceller().cancel().await;
            return Err(e);
        }
    }
    Ok(())
}

/// A script that leaves a transaction open has it rolled back, and says so on stderr.
async fn end_script(conn: &Connection, err: &mut impl Write, code: i32) -> i32 {
    if !conn.transaction().is_open() {
        return code;
    }
    let (tx, _rx) = mpsc::channel::<QueryEvent>(1);
    let rolled = conn.execute("rollback", &tx).await;
    let _ = match rolled {
        Ok(_) => writeln!(
            err,
            "retort: the script ended inside a transaction: rolled back, nothing of it was committed"
        ),
        Err(e) => writeln!(
            err,
            "retort: the script ended inside a transaction; its rollback failed ({e}): the server \
             rolls it back when the connection closes"
        ),
    };
    if code == 0 { 1 } else { code }
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
