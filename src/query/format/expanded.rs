//! The table format's expanded display (psql's `\x`): each row a record, one line per column.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{ResultPrinter, TableCell};
use crate::engine::Columns;

impl<W: Write> ResultPrinter<W> {
    /// `-[ RECORD n ]---`, then `name | value` for each column.
    pub(super) fn write_record(&mut self, columns: &Columns, row: &[TableCell]) -> io::Result<()> {
        let name_w = columns.iter().map(|c| c.name.width()).max().unwrap_or(0);
        let value_w = row.iter().map(|c| c.text.width()).max().unwrap_or(0);
        let head = format!("-[ RECORD {} ]", self.rows + 1);
        let rule = (name_w + value_w + 3).saturating_sub(head.width());
        writeln!(self.out, "{head}{}", "-".repeat(rule))?;
        for (c, cell) in columns.iter().zip(row) {
            let pad = " ".repeat(name_w - c.name.width());
            let line = format!("{}{pad} | {}", c.name, cell.text);
            writeln!(self.out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}
