//! Read-only text views over a result: one cell in full, or one row as a record.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::engine::{Kind, ValueRef};
use crate::query::result::ResultSet;

/// A text shown in full, wrapped to the viewer's width once (not per frame), so that a 10 MB
/// single-line cell scrolls to its end and each frame draws only the visible rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextView {
    pub title: String,
    pub text: String,
    /// The first display row shown.
    pub scroll: usize,
    /// Byte ranges of the display rows at `width`.
    pub rows: Vec<std::ops::Range<usize>>,
    pub width: usize,
}

/// The width a view is wrapped to until the workbench says its size.
const DEFAULT_WIDTH: usize = 80;

impl TextView {
    pub fn new(title: String, text: String) -> TextView {
        let rows = wrap_rows(&text, DEFAULT_WIDTH);
        TextView {
            title,
            text,
            scroll: 0,
            rows,
            width: DEFAULT_WIDTH,
        }
    }

    /// Wraps the text again for another width, keeping the place shown.
    pub fn rewrap(&mut self, width: usize) {
        let width = width.max(1);
        if width == self.width {
            return;
        }
        let at = self.rows.get(self.scroll).map_or(0, |r| r.start);
        self.rows = wrap_rows(&self.text, width);
        self.width = width;
        self.scroll = self
            .rows
            .partition_point(|r| r.end <= at)
            .min(self.rows.len().saturating_sub(1));
    }

    /// The display row at `i`, as text.
    pub fn row(&self, i: usize) -> Option<&str> {
        self.rows.get(i).and_then(|r| self.text.get(r.clone()))
    }
}

/// Display rows of at most `width` cells: each line of the text, cut where it gets too wide.
fn wrap_rows(text: &str, width: usize) -> Vec<std::ops::Range<usize>> {
    use unicode_width::UnicodeWidthChar;
    let mut rows = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let mut start = offset;
        let mut cells = 0;
        for (i, ch) in line.char_indices() {
            let w = ch.width().unwrap_or(0);
            if cells + w > width && cells > 0 {
                rows.push(start..offset + i);
                start = offset + i;
                cells = 0;
            }
            cells += w;
        }
        rows.push(start..offset + line.len());
        offset += line.len() + 1;
    }
    // a text ending with a newline has no empty last row to show
    if text.ends_with('\n') && rows.len() > 1 {
        rows.pop();
    }
    rows
}

/// What a commit wrote to a row's columns since the result read it (`CommittedRows`).
pub type Committed<'a> = &'a dyn Fn(usize) -> Option<crate::engine::Value>;

/// A cell in full: JSON pretty-printed, bytes as a hex dump, text as it is; the value a commit
/// wrote since it was read, if one did.
pub fn cell_view(
    result: &ResultSet,
    row: usize,
    col: usize,
    committed: Committed,
) -> Option<TextView> {
    let now = committed(col);
    let v = match &now {
        Some(v) => v.as_ref(),
        None => result.cell(row, col)?,
    };
    let column = &result.columns[col];
    let text = match v {
        ValueRef::Null => "NULL".to_string(),
        ValueRef::Bytes(b) => hex_dump(b),
        ValueRef::Text(Kind::Json, t) => serde_json::from_str::<serde_json::Value>(t)
            .ok()
            .and_then(|j| serde_json::to_string_pretty(&j).ok())
            .unwrap_or_else(|| t.to_string()),
        other => other.display(),
    };
    Some(TextView::new(
        format!("{} ({}) · row {}", column.name, column.type_name, row + 1),
        text,
    ))
}

/// One row as `column  value` lines (a commit's values over those read).
pub fn record_view(result: &ResultSet, row: usize, committed: Committed) -> Option<TextView> {
    if row >= result.len() {
        return None;
    }
    let width = result
        .columns
        .iter()
        .map(|c| c.name.width())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for (i, c) in result.columns.iter().enumerate() {
        let now = committed(i);
        let v = match &now {
            Some(v) => v.as_ref(),
            None => result.cell(row, i).unwrap_or(ValueRef::Null),
        };
        let mut value = String::new();
        // NULL marked so that it differs from the empty string and the text 'NULL'
        v.write_display(&mut value, "∅ NULL");
        let value = value.replace('\n', "↵");
        let pad = width - c.name.width();
        let _ = writeln!(text, "{}{}  {value}", c.name, " ".repeat(pad));
    }
    Some(TextView::new(
        format!("row {} of {}", row + 1, result.len()),
        text,
    ))
}

/// Offset, 16 bytes in hex, and their printable ASCII.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = format!("{} bytes\n", bytes.len());
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        let _ = writeln!(out, "{:08x}  {:<47}  {ascii}", i * 16, hex.join(" "));
    }
    out
}

/// The row as tab-separated values (NULL empty).
pub fn row_tsv(result: &ResultSet, row: usize) -> String {
    (0..result.columns.len())
        .map(|c| {
            let v = result.cell(row, c).unwrap_or(ValueRef::Null);
            let mut s = String::new();
            v.write_display(&mut s, "");
            s.replace(['\t', '\n'], " ")
        })
        .collect::<Vec<_>>()
        .join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_into_rows_that_reach_the_end() {
        let text = format!("{}END\nnext", "x".repeat(10_000_000));
        let mut view = TextView::new("t".into(), text);
        assert_eq!(view.rows.len(), 10_000_003usize.div_ceil(80) + 1);
        let last_of_line = view.rows.len() - 2;
        assert!(view.row(last_of_line).unwrap().ends_with("END"));
        assert_eq!(view.row(last_of_line + 1), Some("next"));
        view.scroll = last_of_line;
        view.rewrap(100);
        assert!(
            view.row(view.scroll).unwrap().ends_with("END"),
            "the place shown is kept"
        );
        let wide = TextView::new("t".into(), "日本語".into());
        let mut wide = wide;
        wide.rewrap(4);
        assert_eq!(wide.rows.len(), 2);
    }

    #[test]
    fn hex_dump_has_offsets_and_ascii() {
        let d = hex_dump(b"retort\x00\x01");
        assert!(d.starts_with("8 bytes"));
        assert!(d.contains("00000000  72 65 74 6f 72 74 00 01"), "{d}");
        assert!(d.trim_end().ends_with("retort.."), "{d}");
    }
}
