//! Read-only text views over a result: one cell in full, or one row as a record.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::results::ResultSet;
use crate::engine::{Kind, ValueRef};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextView {
    pub title: String,
    pub text: String,
    pub scroll: usize,
}

/// A cell in full: JSON pretty-printed, bytes as a hex dump, text as it is.
pub fn cell_view(result: &ResultSet, row: usize, col: usize) -> Option<TextView> {
    let v = result.cell(row, col)?;
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
    Some(TextView {
        title: format!("{} ({}) · row {}", column.name, column.type_name, row + 1),
        text,
        scroll: 0,
    })
}

/// One row as `column  value` lines.
pub fn record_view(result: &ResultSet, row: usize) -> Option<TextView> {
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
        let v = result.cell(row, i).unwrap_or(ValueRef::Null);
        let value = v.display().replace('\n', "↵");
        let pad = width - c.name.width();
        let _ = writeln!(text, "{}{}  {value}", c.name, " ".repeat(pad));
    }
    Some(TextView {
        title: format!("row {} of {}", row + 1, result.len()),
        text,
        scroll: 0,
    })
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
    fn hex_dump_has_offsets_and_ascii() {
        let d = hex_dump(b"retort\x00\x01");
        assert!(d.starts_with("8 bytes"));
        assert!(d.contains("00000000  72 65 74 6f 72 74 00 01"), "{d}");
        assert!(d.trim_end().ends_with("retort.."), "{d}");
    }
}
