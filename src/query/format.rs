//! Output formats for headless mode and exports: psql-like aligned tables, CSV (RFC 4180), TSV and JSON.
//! Every format streams: memory stays flat for any result size.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::engine::{Columns, Kind, RowBatch, ValueRef};

mod expanded;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
}

/// Rows the table format reads before it fixes its column widths (like psql's FETCH_COUNT).
const TABLE_SAMPLE_ROWS: usize = 1000;

/// Writes one result after another in the chosen format.
pub struct ResultPrinter<W: Write> {
    format: Format,
    out: W,
    columns: Option<Columns>,
    rows: u64,
    cell: String,
    /// Table format: rows held until the widths are known.
    pending: Vec<Vec<TableCell>>,
    widths: Vec<usize>,
    widths_fixed: bool,
    /// Table format: each row as a record, one line per column (psql's `\x`).
    expanded: bool,
}

impl<W: Write> ResultPrinter<W> {
    pub fn new(format: Format, out: W) -> Self {
        ResultPrinter {
            format,
            out,
            columns: None,
            rows: 0,
            cell: String::new(),
            pending: Vec::new(),
            widths: Vec::new(),
            widths_fixed: false,
            expanded: false,
        }
    }

    /// Table format: each row as a record, one line per column, from the next result on.
    pub fn set_expanded(&mut self, on: bool) {
        self.expanded = on;
    }

    pub fn expanded(&self) -> bool {
        self.expanded
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn start(&mut self, columns: Columns) -> io::Result<()> {
        self.rows = 0;
        self.pending.clear();
        self.widths_fixed = false;
        // a column name is shown in the table's header: never a control sequence
        let columns: Columns = if self.format == Format::Table
            && columns
                .iter()
                .any(|c| c.name.chars().any(is_terminal_control))
        {
            columns
                .iter()
                .map(|c| crate::engine::batch::Column {
                    name: escape_controls(&c.name),
                    ..c.clone()
                })
                .collect()
        } else {
            columns
        };
        self.widths = columns.iter().map(|c| c.name.width()).collect();
        match self.format {
            Format::Csv => {
                for (i, c) in columns.iter().enumerate() {
                    self.sep(i, b",")?;
                    write_csv_field(&mut self.out, &c.name)?;
                }
                self.out.write_all(b"\n")?;
            }
            Format::Tsv => {
                for (i, c) in columns.iter().enumerate() {
                    self.sep(i, b"\t")?;
                    write_tsv_field(&mut self.out, &c.name)?;
                }
                self.out.write_all(b"\n")?;
            }
            Format::Json => self.out.write_all(b"[")?,
            Format::Table => {}
        }
        self.columns = Some(columns);
        Ok(())
    }

    fn sep(&mut self, i: usize, s: &[u8]) -> io::Result<()> {
        if i > 0 {
            self.out.write_all(s)?;
        }
        Ok(())
    }

    pub fn rows(&mut self, batch: &RowBatch) -> io::Result<()> {
        let Some(columns) = self.columns.clone() else {
            return Ok(());
        };
        for r in 0..batch.len() {
            match self.format {
                Format::Csv | Format::Tsv => {
                    let (sep, csv) = if self.format == Format::Csv {
                        (b",", true)
                    } else {
                        (b"\t", false)
                    };
                    for c in 0..batch.width() {
                        self.sep(c, sep)?;
                        let (kind, raw) = batch.raw(r, c);
                        if kind == Kind::Null {
                            continue;
                        }
                        // text the server sent in its final form goes out as it is
                        if passes_through(kind) && !raw.is_empty() {
                            if csv {
                                write_csv_bytes(&mut self.out, raw)?;
                            } else {
                                write_tsv_bytes(&mut self.out, raw)?;
                            }
                            continue;
                        }
                        self.cell.clear();
                        batch.cell(r, c).write_display(&mut self.cell, "");
                        if csv {
                            // an empty string is quoted, so that it differs from NULL
                            if self.cell.is_empty() {
                                self.out.write_all(b"\"\"")?;
                            } else {
                                write_csv_field(&mut self.out, &self.cell)?;
                            }
                        } else {
                            write_tsv_field(&mut self.out, &self.cell)?;
                        }
                    }
                    self.out.write_all(b"\n")?;
                }
                Format::Json => {
                    self.cell.clear();
                    self.cell
                        .push_str(if self.rows == 0 { "\n  {" } else { ",\n  {" });
                    for (c, v) in batch.row(r).enumerate() {
                        if c > 0 {
                            self.cell.push_str(", ");
                        }
                        crate::engine::value::write_json_string(&mut self.cell, &columns[c].name);
                        self.cell.push_str(": ");
                        v.write_json(&mut self.cell);
                    }
                    self.cell.push('}');
                    self.out.write_all(self.cell.as_bytes())?;
                }
                Format::Table if self.expanded => {
                    let row: Vec<TableCell> = batch.row(r).map(table_cell).collect();
                    self.write_record(&columns, &row)?;
                }
                Format::Table => {
                    let row: Vec<TableCell> = batch.row(r).map(table_cell).collect();
                    if !self.widths_fixed && self.pending.len() < TABLE_SAMPLE_ROWS {
                        for (w, cell) in self.widths.iter_mut().zip(&row) {
                            *w = (*w).max(cell.text.width());
                        }
                        self.pending.push(row);
                    } else {
                        self.flush_pending()?;
                        self.write_table_row(&row)?;
                    }
                }
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Prints the header and the held rows once the widths are known.
    fn flush_pending(&mut self) -> io::Result<()> {
        if self.widths_fixed {
            return Ok(());
        }
        self.widths_fixed = true;
        self.write_table_header()?;
        for row in std::mem::take(&mut self.pending) {
            self.write_table_row(&row)?;
        }
        Ok(())
    }

    fn write_table_header(&mut self) -> io::Result<()> {
        let Some(columns) = self.columns.clone() else {
            return Ok(());
        };
        let mut line = String::new();
        for (i, c) in columns.iter().enumerate() {
            let w = self.widths[i];
            let pad = w - c.name.width();
            line.push_str(if i == 0 { " " } else { " | " });
            line.push_str(&" ".repeat(pad / 2));
            line.push_str(&c.name);
            line.push_str(&" ".repeat(pad - pad / 2));
        }
        writeln!(self.out, "{}", line.trim_end())?;
        let rule: Vec<String> = self.widths.iter().map(|w| "-".repeat(w + 2)).collect();
        writeln!(self.out, "{}", rule.join("+"))
    }

    fn write_table_row(&mut self, row: &[TableCell]) -> io::Result<()> {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let text = cell.text.as_str();
            let w = self.widths.get(i).copied().unwrap_or(0);
            let pad = w.saturating_sub(text.width());
            line.push_str(if i == 0 { " " } else { " | " });
            if cell.numeric {
                line.push_str(&" ".repeat(pad));
                line.push_str(text);
            } else {
                line.push_str(text);
                line.push_str(&" ".repeat(pad));
            }
        }
        writeln!(self.out, "{}", line.trim_end())
    }

    /// Ends the current result set (if any).
    pub fn finish(&mut self) -> io::Result<()> {
        self.end(true)
    }

    /// Ends the result set; `count` prints the table format's row count.
    fn end(&mut self, count: bool) -> io::Result<()> {
        if self.columns.is_none() {
            return Ok(());
        }
        match self.format {
            Format::Json => self
                .out
                .write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?,
            Format::Table if self.expanded => {
                if self.rows == 0 && count {
                    writeln!(self.out, "(0 rows)\n")?;
                }
            }
            Format::Table if count => {
                self.flush_pending()?;
                let n = self.rows;
                writeln!(self.out, "({n} row{})\n", if n == 1 { "" } else { "s" })?;
            }
            Format::Table if self.rows > 0 => self.flush_pending()?,
            Format::Table | Format::Csv | Format::Tsv => {}
        }
        self.columns = None;
        self.out.flush()
    }

    /// A result without columns has rows but no cells to stream: the count comes from the
    /// statement's summary.
    pub fn count_rows_without_columns(&mut self, rows: u64) {
        if self.columns.as_ref().is_some_and(|c| c.is_empty()) {
            self.rows = rows;
        }
    }

    /// Ends a result set whose statement failed: the rows printed so far stay, but no footer
    /// claims a row count (nothing at all when no row came).
    pub fn abandon(&mut self) -> io::Result<()> {
        self.end(false)
    }

    /// Writes bytes as they are (COPY's data).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Prints the command tag of a statement without rows (table format only, like psql).
    pub fn tag(&mut self, tag: &str) -> io::Result<()> {
        if self.format == Format::Table && !tag.is_empty() {
            writeln!(self.out, "{tag}")?;
        }
        self.out.flush()
    }
}

/// A cell of the table format, held only while the column widths are being measured.
struct TableCell {
    text: String,
    numeric: bool,
}

fn table_cell(v: ValueRef<'_>) -> TableCell {
    let mut s = String::new();
    v.write_display(&mut s, "");
    if s.contains(['\n', '\r', '\t']) {
        s = s
            .replace("\r\n", "↵")
            .replace(['\n', '\r'], "↵")
            .replace('\t', "    ");
    }
    if s.chars().any(is_terminal_control) {
        s = escape_controls(&s);
    }
    TableCell {
        text: s,
        numeric: v.kind().is_numeric(),
    }
}

/// A character a terminal acts on instead of showing (ESC starts a sequence that can retitle
/// the window, move the cursor or write to the clipboard; BEL rings): C0, DEL and C1.
pub fn is_terminal_control(c: char) -> bool {
    c.is_control()
}

/// `text` with every terminal control but the line break shown as `\xNN` (`\u{NNNN}` past
/// one byte): the table format and error messages are read by people, at a terminal.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            c if is_terminal_control(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_terminal_control(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Kinds whose stored bytes are already their display text (UTF-8 checked when stored).
fn passes_through(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Int
            | Kind::UInt
            | Kind::Decimal
            | Kind::Text
            | Kind::Date
            | Kind::Time
            | Kind::Timestamp
            | Kind::TimestampTz
            | Kind::Interval
            | Kind::Uuid
            | Kind::Json
            | Kind::Array
            | Kind::Enum
            | Kind::Inet
            | Kind::Money
            | Kind::Year
            | Kind::Bit
            | Kind::Set
            | Kind::Other
    )
}

fn write_csv_bytes(out: &mut impl Write, b: &[u8]) -> io::Result<()> {
    if b.iter().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        return write_csv_field(out, &String::from_utf8_lossy(b));
    }
    out.write_all(b)
}

fn write_tsv_bytes(out: &mut impl Write, b: &[u8]) -> io::Result<()> {
    if b.iter().any(|c| matches!(c, b'\t' | b'\n' | b'\r' | b'\\')) {
        return write_tsv_field(out, &String::from_utf8_lossy(b));
    }
    out.write_all(b)
}

fn write_csv_field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.write_all(b"\"")?;
        out.write_all(s.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(s.as_bytes())
    }
}

fn write_tsv_field(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.bytes()
        .any(|b| matches!(b, b'\t' | b'\n' | b'\r' | b'\\'))
    {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r");
        out.write_all(escaped.as_bytes())
    } else {
        out.write_all(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Column, Kind};

    fn sample() -> (Columns, RowBatch) {
        let cols: Columns = vec![
            Column {
                name: "id".into(),
                type_name: "int".into(),
                kind: Kind::Int,
            },
            Column {
                name: "name".into(),
                type_name: "text".into(),
                kind: Kind::Text,
            },
        ]
        .into();
        let mut b = RowBatch::new(2);
        b.push(Kind::Int, b"1");
        b.push(Kind::Text, b"a,\"b\"");
        b.push(Kind::Int, b"22");
        b.push_null();
        b.push(Kind::Int, b"3");
        b.push(Kind::Text, b"");
        (cols, b)
    }

    fn render(format: Format) -> String {
        let (cols, b) = sample();
        let mut p = ResultPrinter::new(format, Vec::new());
        p.start(cols).unwrap();
        p.rows(&b).unwrap();
        p.finish().unwrap();
        String::from_utf8(p.into_inner()).unwrap()
    }

    #[test]
    fn csv_quotes_and_tells_null_from_empty() {
        assert_eq!(
            render(Format::Csv),
            "id,name\n1,\"a,\"\"b\"\"\"\n22,\n3,\"\"\n"
        );
    }

    #[test]
    fn json_is_typed() {
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["id"], 1);
        assert_eq!(v[0]["name"], "a,\"b\"");
        assert!(v[1]["name"].is_null());
        assert_eq!(v[2]["name"], "");
    }

    #[test]
    fn table_aligns_like_psql() {
        assert_eq!(
            render(Format::Table),
            " id | name\n----+-------\n  1 | a,\"b\"\n 22 |\n  3 |\n(3 rows)\n\n"
        );
    }

    #[test]
    fn tsv_escapes() {
        assert_eq!(render(Format::Tsv), "id\tname\n1\ta,\"b\"\n22\t\n3\t\n");
    }
}
