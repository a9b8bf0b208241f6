//! The headless front end: `-e SQL` / `-f FILE` print results to stdout, like `psql -c`.
//! No terminal crates here.

mod meta;
pub mod schema;

use std::io::Write;

use tokio::sync::mpsc;

use crate::engine::events::{Flow, drive};
use crate::engine::{Connection, EngineError, QueryEvent, StatementSummary};
use crate::query::classify::command_tag;
use crate::query::execute::{CopyStdio, copy_stdio, run_user_statement};
use crate::query::meta_command;
use crate::query::split::{Kind, split_statements};

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
    run_script_with_input(conn, script, format, out, &mut err, None::<std::io::Empty>).await
}

/// `run_script`, where a `COPY … FROM STDIN` without its data in the script (`-e`) reads it
/// from `input` (the process's standard input), as psql does.
pub async fn run_script_with_input(
    conn: &Connection,
    script: &str,
    format: Format,
    out: impl Write,
    mut err: impl Write,
    mut input: Option<impl std::io::Read>,
) -> i32 {
    let engine = conn.info().engine;
    let mut printer = ResultPrinter::new(format, out);
    let mut display = meta::Display::default();
    let mut statements = split_statements(script, engine);
    // where `statements` start in `script` (they are split again after a COPY's data)
    let mut base = 0;
    let mut i = 0;
    while i < statements.len() {
        let stmt = statements[i].clone();
        i += 1;
        let ending = match stmt.kind {
            Kind::Sql(ending) => ending,
            Kind::Command => {
                let parsed = meta_command::parse(&stmt.text)
                    .unwrap_or_else(|| Err(format!("{}: no backslash command", stmt.text)));
                match meta::run(conn, parsed, &mut display, &mut printer, &mut err).await {
                    Ok(()) => continue,
                    Err(code) => return end_script(conn, &mut err, code).await,
                }
            }
        };
        // `\gx`: this one result expanded, whatever `\x` says
        let expanded = printer.expanded();
        printer.set_expanded(expanded || ending.expanded());
        let kind = copy_stdio(&stmt.text, engine);
        let (result, written) = match kind {
            Some(CopyStdio::ToStdout) if !conn.read_only() => {
                copy_to(conn, &stmt.text, &mut printer).await
            }
            Some(CopyStdio::FromStdin) => {
                let end = base + stmt.end;
                let (data, resume) = match copy_data(script, end) {
                    Some(inline) => inline,
                    // from standard input; the script goes on after the statement
                    None => match input.take().map(read_all) {
                        Some(Ok(data)) => (data, after_terminator(script, end)),
                        Some(Err(e)) => {
                            let _ = writeln!(err, "retort: cannot read the COPY data: {e}");
                            return end_script(conn, &mut err, 1).await;
                        }
                        None => (Vec::new(), after_terminator(script, end)),
                    },
                };
                // what follows the data is SQL again
                statements = split_statements(&script[resume..], engine);
                base = resume;
                i = 0;
                (conn.copy_in(&stmt.text, &data).await, Ok(()))
            }
            _ => run_one(conn, &stmt.text, &mut printer).await,
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
                let done = finished(&summary, &stmt.text, &display, &mut printer, &mut err);
                if let Err(code) = done {
                    return end_script(conn, &mut err, code).await;
                }
            }
            Err(e) => {
                let _ = printer.abandon();
                report_error(&mut err, &e, &stmt.text);
                return end_script(conn, &mut err, e.exit_code()).await;
            }
        }
        printer.set_expanded(expanded);
    }
    end_script(conn, &mut err, 0).await
}

/// A statement went through: its notices on stderr, then its rows' end or its tag, and its
/// time under `\timing`. Err: the output cannot be written, and the script ends with this status.
fn finished<W: Write>(
    summary: &StatementSummary,
    sql: &str,
    display: &meta::Display,
    printer: &mut ResultPrinter<W>,
    err: &mut impl Write,
) -> Result<(), i32> {
    for notice in &summary.notices {
        let notice = crate::query::format::escape_controls(notice);
        let _ = writeln!(err, "{notice}");
    }
    let done = if summary.has_result {
        printer.count_rows_without_columns(summary.rows_returned);
        printer.finish()
    } else {
        let tag = (summary.tag.clone()).unwrap_or_else(|| command_tag(sql, summary.rows_affected));
        printer.tag(&tag)
    };
    let done = done.and_then(|()| meta::timing(display, printer, summary.duration, err));
    done.map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => 0,
        _ => {
            let _ = writeln!(err, "retort: cannot write output: {e}");
            1
        }
    })
}

/// The data of a `COPY … FROM STDIN` written after it in the script, psql's way: from the line
/// after the statement's `;` to a line `\.`. Returns the data (without the `\.` line) and
/// where the script goes on; None when nothing follows the statement (the data is elsewhere).
fn copy_data(script: &str, statement_end: usize) -> Option<(Vec<u8>, usize)> {
    let rest = &script[statement_end..];
    let after = rest.trim_start_matches([' ', '\t']);
    let after = after.strip_prefix(';').unwrap_or(after);
    let newline = after.find('\n')?;
    let data_start = statement_end + (rest.len() - after.len()) + newline + 1;
    let data = &script[data_start..];
    if data.trim().is_empty() {
        return None;
    }
    let mut at = 0;
    for line in data.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "\\." {
            return Some((data.as_bytes()[..at].to_vec(), data_start + at + line.len()));
        }
        at += line.len();
    }
    // no end marker: the data runs to the end of the script
    Some((data.as_bytes().to_vec(), script.len()))
}

/// Just past the `;` that ends the statement ending at `end` (or `end` when there is none).
fn after_terminator(script: &str, end: usize) -> usize {
    let rest = &script[end..];
    let after = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    match after.strip_prefix(';') {
        Some(_) => end + (rest.len() - after.len()) + 1,
        None => end,
    }
}

fn read_all(mut r: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.read_to_end(&mut buf)?;
    // a `\.` line ends the data there, as in psql
    if let Some(at) = find_end_marker(&buf) {
        buf.truncate(at);
    }
    Ok(buf)
}

fn find_end_marker(buf: &[u8]) -> Option<usize> {
    let mut at = 0;
    for line in buf.split_inclusive(|b| *b == b'\n') {
        let bare = line.strip_suffix(b"\n").unwrap_or(line);
        let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
        if bare == b"\\." {
            return Some(at);
        }
        at += line.len();
    }
    None
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
    let mut written = Ok(());
    // a column named after its expression (`select password('…')`) would print the secret
    let secret = crate::engine::secrets::has_secrets(sql);
    let write = |ev| {
        let r = match ev {
            QueryEvent::Columns(cols) if secret => {
                let redacted: crate::engine::Columns = cols
                    .iter()
                    .map(|c| crate::engine::batch::Column {
                        name: crate::engine::secrets::redact_known(&c.name, sql),
                        ..c.clone()
                    })
                    .collect();
                printer.finish().and_then(|_| printer.start(redacted))
            }
            QueryEvent::Columns(cols) => printer.finish().and_then(|_| printer.start(cols)),
            QueryEvent::Rows(batch) => printer.rows(&batch),
        };
        stop_on_error(r, &mut written)
    };
    let run = |tx| async move { run_user_statement(conn, sql, &tx).await };
    let result = drive(run, write, || cancel(conn)).await;
    (result, written)
}

/// A write that failed (a closed pipe) stops the statement; its error is kept.
fn stop_on_error(r: std::io::Result<()>, kept: &mut std::io::Result<()>) -> Flow {
    match r {
        Ok(()) => Flow::More,
        Err(e) => {
            *kept = Err(e);
            Flow::Stop
        }
    }
}

async fn cancel(conn: &Connection) {
    let _ = conn.canceller().cancel().await;
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
    let mut written = Ok(());
    let write = |chunk: Vec<u8>| stop_on_error(printer.raw(&chunk), &mut written);
    // COPY prints no tag in psql's unaligned output either: the data is the output
    let run = |tx| async move {
        conn.copy_out(sql, &tx).await.map(|_| StatementSummary {
            tag: Some(String::new()),
            ..Default::default()
        })
    };
    let result = drive(run, write, || cancel(conn)).await;
    (result, written)
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
/// A statement holding a password has it taken out of both, and its line is shown redacted
/// with no caret (the caret's column is the unredacted text's).
pub fn report_error(err: &mut impl Write, e: &EngineError, sql: &str) {
    use crate::engine::secrets::{has_secrets, redact_known, redact_secrets};
    let secret = has_secrets(sql);
    let message = match secret {
        true => redact_known(&e.to_string(), sql),
        false => e.to_string(),
    };
    // a server's message may quote the statement's text, controls and all
    let message = crate::query::format::escape_controls(&message);
    let _ = writeln!(err, "ERROR:  {message}");
    if let Some((line_no, col)) = e.line_and_column(sql) {
        let prefix = format!("LINE {line_no}: ");
        if secret {
            let redacted = redact_secrets(sql);
            let line = redacted.lines().nth(line_no - 1).unwrap_or("");
            let line = crate::query::format::escape_controls(line);
            let _ = writeln!(err, "{prefix}{line}");
            return;
        }
        let line = sql.lines().nth(line_no - 1).unwrap_or("");
        let line = crate::query::format::escape_controls(line);
        let _ = writeln!(err, "{prefix}{line}");
        let _ = writeln!(err, "{}^", " ".repeat(prefix.chars().count() + col - 1));
    }
}
