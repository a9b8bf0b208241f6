//! A value as the grid writes it in a cell: one line, at most `CELL_CHARS` characters, fitted
//! to the column's width.

use unicode_width::UnicodeWidthStr;

use crate::engine::ValueRef;

/// NULL in a cell: a marker and the word, so that it differs from the empty string and from
/// the text 'NULL' without colour (NO_COLOR, TERM=dumb).
pub const NULL_MARK: &str = "∅ NULL";

/// Characters of a cell the grid ever formats: a huge value costs no more than a short one.
pub(super) const CELL_CHARS: usize = 200;

pub(super) fn cell_text(v: ValueRef<'_>) -> String {
    let mut s = String::new();
    match v {
        ValueRef::Text(_, t) if t.len() > CELL_CHARS => {
            let cut = t.char_indices().nth(CELL_CHARS).map_or(t.len(), |(i, _)| i);
            s.push_str(&t[..cut]);
            s.push('…');
        }
        ValueRef::Bytes(b) if b.len() > CELL_CHARS / 2 => {
            crate::engine::value::write_hex(&mut s, &b[..CELL_CHARS / 2]);
            s.push('…');
        }
        v => v.write_display(&mut s, NULL_MARK),
    }
    s.replace(['\n', '\r', '\t'], " ")
}

/// Fits text to a width: truncated with an ellipsis, padded left or right.
pub(super) fn pad(text: &str, width: usize, right: bool) -> String {
    let w = text.width();
    if w > width {
        let mut out = String::new();
        let mut used = 0;
        for ch in text.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if used + cw + 1 > width {
                break;
            }
            out.push(ch);
            used += cw;
        }
        out.push('…');
        used += 1;
        out.push_str(&" ".repeat(width.saturating_sub(used)));
        return out;
    }
    let fill = " ".repeat(width - w);
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

#[cfg(test)]
mod tests {
    use super::{CELL_CHARS, cell_text, pad};
    use crate::engine::{Kind, ValueRef};

    #[test]
    fn huge_cells_are_cut_before_formatting() {
        let big = "x".repeat(5_000_000);
        let text = cell_text(ValueRef::Text(Kind::Text, &big));
        assert_eq!(text.chars().count(), CELL_CHARS + 1);
        let blob = vec![0xabu8; 1_000_000];
        let hex = cell_text(ValueRef::Bytes(&blob));
        assert!(
            hex.starts_with("\\xabab") && hex.ends_with('…') && hex.len() < 300,
            "{}",
            hex.len()
        );
        assert_eq!(cell_text(ValueRef::Text(Kind::Text, "a\nb")), "a b");
    }

    #[test]
    fn pad_truncates_wide_text_to_its_width() {
        assert_eq!(pad("héllo", 7, false), "héllo  ");
        assert_eq!(pad("42", 5, true), "   42");
        assert_eq!(pad("日本語テキスト", 6, false), "日本… ");
    }
}
