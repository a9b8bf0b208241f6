//! Where the grid's columns start, how wide staged values make them, and how its counts read.

use unicode_width::UnicodeWidthStr;

/// `1234567` as `1,234,567`.
pub(super) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The first column shown: as few scrolled off to the left as let the cursor's column show
/// whole (the grid used to start at the cursor's column: one `l` hid `id` though all fit).
pub(super) fn first_shown(widths: &[usize], cursor_col: usize, room: usize) -> usize {
    let Some(last) = widths.len().checked_sub(1) else {
        return 0;
    };
    let cursor = cursor_col.min(last);
    let mut first = cursor;
    let mut used = widths[cursor];
    while first > 0 && used + 3 + widths[first - 1] <= room {
        first -= 1;
        used += 3 + widths[first];
    }
    // the columns left of the cursor's that fit; none scrolled away when all of them fit
    first
}

/// The widest staged value of column `c` on the rows shown.
pub(super) fn staged_width(
    staged: &crate::app::session::edit::StagedView,
    c: usize,
    rows: std::ops::Range<usize>,
) -> usize {
    let col = staged.column(c).unwrap_or("");
    rows.filter_map(|r| staged.change(r)?.staged(col))
        .map(|cell| match cell {
            crate::session::Cell::Value(v) => super::cell_text::cell_text(v.as_ref()).width(),
            crate::session::Cell::Default => "(default)".len(),
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn columns_scroll_off_only_when_the_cursors_would_not_fit() {
        let widths = [4, 10, 10, 10];
        // all fit in 50 cells: none scrolled off, wherever the cursor is
        assert_eq!(first_shown(&widths, 3, 50), 0);
        // 20 cells: the cursor's column and what fits left of it
        assert_eq!(first_shown(&widths, 3, 23), 2);
        assert_eq!(first_shown(&widths, 0, 5), 0);
        assert_eq!(first_shown(&[], 3, 10), 0);
    }
}
