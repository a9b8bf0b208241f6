//! psql's backslash commands in a script (`retort URL -e '\dt'`): answered from the catalog
//! (`query::meta_answer`), printed in the output format; `\x` and `\timing` change how the
//! rest of the script prints. An unknown one stops the script and sends nothing.

use std::io::Write;
use std::time::Duration;

use crate::engine::Connection;
use crate::meta::describe::{Answer, Listing};
use crate::query::format::{Format, ResultPrinter};
use crate::query::meta_answer::{answer, setting};
use crate::query::meta_command::MetaCommand;

/// The script's display settings its backslash commands change.
#[derive(Debug, Default)]
pub(super) struct Display {
    pub timing: bool,
}

/// Runs one backslash command. Ok: the script goes on; Err: it stops with this status.
pub(super) async fn run<W: Write>(
    conn: &Connection,
    parsed: Result<MetaCommand, String>,
    display: &mut Display,
    printer: &mut ResultPrinter<W>,
    err: &mut impl Write,
) -> Result<(), i32> {
    let command = parsed.map_err(|why| {
        let _ = writeln!(err, "retort: {why}");
        1
    })?;
    let said = match command {
        MetaCommand::Expanded(on) => {
            let on = on.unwrap_or(!printer.expanded());
            printer.set_expanded(on);
            Answer::Said(setting("Expanded display", Some(on)))
        }
        MetaCommand::Timing(on) => {
            display.timing = on.unwrap_or(!display.timing);
            Answer::Said(setting("Timing", Some(display.timing)))
        }
        other => answer(conn, &other).await.map_err(|e| {
            let _ = writeln!(err, "ERROR:  {e}");
            e.exit_code()
        })?,
    };
    print(printer, &said, err).map_err(|e| written(e, err))?;
    // as psql's `\d NAME` of nothing: said on stderr, and the script fails
    match said {
        Answer::NotFound(_) => Err(1),
        _ => Ok(()),
    }
}

/// The status a failed write ends the script with: 0 for a closed pipe, as psql.
fn written(e: std::io::Error, err: &mut impl Write) -> i32 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return 0;
    }
    let _ = writeln!(err, "retort: cannot write output: {e}");
    1
}

/// Each listing as a result (its title and footer in the table format, psql's way); a
/// sentence goes to the table format's output, else to stderr (a CSV stays data).
fn print<W: Write>(
    printer: &mut ResultPrinter<W>,
    answer: &Answer,
    err: &mut impl Write,
) -> std::io::Result<()> {
    let table = printer.format() == Format::Table;
    match answer {
        Answer::Said(text) if table => printer.raw(format!("{text}\n").as_bytes()),
        Answer::Said(text) | Answer::NotFound(text) => writeln!(err, "{text}"),
        Answer::Listings(listings) => {
            for l in listings {
                print_listing(printer, l, table)?;
            }
            Ok(())
        }
    }
}

fn print_listing<W: Write>(
    printer: &mut ResultPrinter<W>,
    l: &Listing,
    table: bool,
) -> std::io::Result<()> {
    if table {
        printer.raw(format!("{}\n", l.title).as_bytes())?;
    }
    printer.start(l.columns())?;
    printer.rows(&l.batch())?;
    printer.finish()?;
    if table && !l.footer.is_empty() {
        printer.raw(format!("{}\n\n", l.footer.join("\n")).as_bytes())?;
    }
    Ok(())
}

/// psql's `Time: 1.234 ms` after a statement, when `\timing` is on.
pub(super) fn timing<W: Write>(
    display: &Display,
    printer: &mut ResultPrinter<W>,
    took: Duration,
    err: &mut impl Write,
) -> std::io::Result<()> {
    if !display.timing {
        return Ok(());
    }
    let line = format!("Time: {:.3} ms\n", took.as_secs_f64() * 1000.0);
    match printer.format() {
        Format::Table => printer.raw(line.as_bytes()),
        _ => err.write_all(line.as_bytes()),
    }
}
