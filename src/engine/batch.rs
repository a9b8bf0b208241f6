//! Rows in a compact form: one byte buffer per batch, a length prefix per cell and a start
//! per row. No `String` per cell; a batch of a thousand rows is a few allocations.

use std::sync::Arc;

use super::value::{Kind, ValueRef};

/// A result column: its name, the type as the database spells it, and its logical kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub type_name: String,
    pub kind: Kind,
}

pub type Columns = Arc<[Column]>;

/// A batch of rows, row-major. Each cell is its length as a varint (0 for NULL, else the
/// length + 1) followed by its bytes; a row's start is kept, so a cell is found by stepping
/// over the few before it in its row. A cell's kind is its column's (learned from the first
/// value) unless noted as an exception (SQLite's per-value types, bytes in a text column); a
/// batch with many exceptions keeps one kind byte per cell instead. About one byte and a bit
/// per cell over the text itself, where an offset and a kind per cell took five.
#[derive(Debug, Clone, Default)]
pub struct RowBatch {
    width: usize,
    data: Vec<u8>,
    row_starts: Vec<u32>,
    cells: usize,
    kinds: Kinds,
}

#[derive(Debug, Clone, Default)]
struct Kinds {
    /// Each column's kind, NO_KIND until its first value.
    by_column: Vec<u8>,
    /// (cell, kind) of the values whose kind is not their column's, in cell order.
    exceptions: Vec<(u32, u8)>,
    /// One kind per cell, once exceptions would cost more.
    every: Option<Vec<u8>>,
}

const NO_KIND: u8 = u8::MAX;

/// A batch is sent on when it holds this many rows…
pub const BATCH_ROWS: usize = 1024;
/// …or this many bytes.
pub const BATCH_BYTES: usize = 256 * 1024;

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// (value, bytes it took) of the varint at the start of `b`.
fn get_varint(b: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, byte) in b.iter().enumerate().take(5) {
        v |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, b.len().min(5))
}

impl RowBatch {
    pub fn new(width: usize) -> Self {
        RowBatch {
            width,
            data: Vec::with_capacity(16 * 1024),
            row_starts: Vec::with_capacity(64),
            cells: 0,
            kinds: Kinds {
                by_column: vec![NO_KIND; width],
                exceptions: Vec::new(),
                every: None,
            },
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn len(&self) -> usize {
        self.cells.checked_div(self.width).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.cells == 0
    }

    /// True when the batch should be handed on.
    pub fn is_full(&self) -> bool {
        self.len() >= BATCH_ROWS || self.data.len() >= BATCH_BYTES
    }

    fn begin_cell(&mut self) {
        if self.width > 0 && self.cells.is_multiple_of(self.width) {
            self.row_starts.push(self.data.len() as u32);
        }
    }

    fn note_kind(&mut self, kind: Kind) {
        let cell = self.cells;
        let col = if self.width == 0 {
            0
        } else {
            cell % self.width
        };
        let k = kind as u8;
        if let Some(every) = &mut self.kinds.every {
            every.push(k);
            return;
        }
        if kind == Kind::Null {
            return;
        }
        match self.kinds.by_column.get(col).copied() {
            Some(NO_KIND) => self.kinds.by_column[col] = k,
            Some(c) if c == k => {}
            _ => {
                self.kinds.exceptions.push((cell as u32, k));
                // past one exception in eight cells a byte per cell is smaller
                if self.kinds.exceptions.len() * 8 > cell + 64 {
                    let every: Vec<u8> = (0..cell)
                        .map(|i| self.kind_of(i, i % self.width.max(1)) as u8)
                        .chain(std::iter::once(k))
                        .collect();
                    self.kinds.every = Some(every);
                    self.kinds.exceptions = Vec::new();
                }
            }
        }
    }

    pub fn push_null(&mut self) {
        self.begin_cell();
        self.note_kind(Kind::Null);
        self.data.push(0);
        self.cells += 1;
    }

    pub fn push(&mut self, kind: Kind, raw: &[u8]) {
        self.begin_cell();
        self.note_kind(kind);
        put_varint(&mut self.data, raw.len() as u32 + 1);
        self.data.extend_from_slice(raw);
        self.cells += 1;
    }

    /// Pushes a cell whose bytes the closure writes into the buffer.
    pub fn push_with(&mut self, kind: Kind, write: impl FnOnce(&mut Vec<u8>)) {
        self.begin_cell();
        self.note_kind(kind);
        let start = self.data.len();
        write(&mut self.data);
        let len = self.data.len() - start;
        // the length goes before the bytes: written after them, then turned into place
        put_varint(&mut self.data, len as u32 + 1);
        let prefix = self.data.len() - start - len;
        self.data[start..].rotate_right(prefix);
        self.cells += 1;
    }

    /// The kind of cell `i` (in column `col`), NULL from its stored length.
    fn kind_of(&self, i: usize, col: usize) -> Kind {
        if self.kinds.every.is_some() {
            return self.kind_at(i, col, false);
        }
        let (start, _) = self.span(i / self.width.max(1), col);
        self.kind_at(i, col, self.data[start] == 0)
    }

    /// (offset of the cell's length, offset just past its bytes).
    fn span(&self, row: usize, col: usize) -> (usize, usize) {
        let mut at = self.row_starts[row] as usize;
        for _ in 0..col {
            let (n, used) = get_varint(&self.data[at..]);
            at += used + (n as usize).saturating_sub(1);
        }
        let (n, used) = get_varint(&self.data[at..]);
        (at, at + used + (n as usize).saturating_sub(1))
    }

    /// A cell's kind and stored bytes, undecoded.
    pub fn raw(&self, row: usize, col: usize) -> (Kind, &[u8]) {
        let (start, end) = self.span(row, col);
        if self.data[start] == 0 && self.kinds.every.is_none() {
            return (Kind::Null, &[]);
        }
        let (_, used) = get_varint(&self.data[start..]);
        let kind = self.kind_of(row * self.width + col, col);
        let bytes = if self.data[start] == 0 {
            &[][..]
        } else {
            &self.data[start + used..end]
        };
        (kind, bytes)
    }

    pub fn cell(&self, row: usize, col: usize) -> ValueRef<'_> {
        let (kind, bytes) = self.raw(row, col);
        ValueRef::decode(kind, bytes)
    }

    /// The cells of one row, in one walk along it.
    pub fn row(&self, row: usize) -> impl Iterator<Item = ValueRef<'_>> + '_ {
        let mut at = self
            .row_starts
            .get(row)
            .map_or(self.data.len(), |s| *s as usize);
        (0..self.width).map(move |col| {
            let start = at;
            let (n, used) = get_varint(&self.data[at..]);
            at += used + (n as usize).saturating_sub(1);
            if n == 0 {
                return ValueRef::Null;
            }
            let kind = self.kind_at(row * self.width + col, col, n == 0);
            ValueRef::decode(kind, &self.data[start + used..at])
        })
    }

    /// The kind of cell `i` of column `col`, its NULL-ness already known.
    fn kind_at(&self, i: usize, col: usize, null: bool) -> Kind {
        if let Some(every) = &self.kinds.every {
            return Kind::from_u8(every[i]);
        }
        if null {
            return Kind::Null;
        }
        let ex = &self.kinds.exceptions;
        match ex.binary_search_by_key(&(i as u32), |(c, _)| *c) {
            Ok(at) => Kind::from_u8(ex[at].1),
            Err(_) => Kind::from_u8(self.kinds.by_column[col]),
        }
    }

    /// Gives back the spare capacity (for batches that are kept, not just passed on).
    pub fn shrink_to_fit(&mut self) {
        self.data.shrink_to_fit();
        self.row_starts.shrink_to_fit();
        self.kinds.exceptions.shrink_to_fit();
        if let Some(e) = &mut self.kinds.every {
            e.shrink_to_fit();
        }
    }

    /// Bytes this batch holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity()
            + self.row_starts.capacity() * 4
            + self.kinds.by_column.capacity()
            + self.kinds.exceptions.capacity() * 8
            + self.kinds.every.as_ref().map_or(0, Vec::capacity)
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        let cells = rows * self.width;
        if cells >= self.cells {
            return;
        }
        let end = self
            .row_starts
            .get(rows)
            .map_or(self.data.len(), |s| *s as usize);
        self.data.truncate(end);
        self.row_starts.truncate(rows);
        self.cells = cells;
        self.kinds.exceptions.retain(|(c, _)| (*c as usize) < cells);
        if let Some(e) = &mut self.kinds.every {
            e.truncate(cells);
        }
        if cells == 0 {
            self.kinds.by_column.iter_mut().for_each(|k| *k = NO_KIND);
        }
    }

    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.data.clear();
        self.row_starts.clear();
        self.cells = 0;
        self.kinds.by_column.iter_mut().for_each(|k| *k = NO_KIND);
        self.kinds.exceptions.clear();
        self.kinds.every = None;
    }

    /// Takes the rows out, leaving an empty batch of the same width.
    pub fn take(&mut self) -> RowBatch {
        std::mem::replace(self, RowBatch::new(self.width))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_with_their_kinds() {
        let mut b = RowBatch::new(3);
        b.push(Kind::Int, b"42");
        b.push_null();
        b.push(Kind::Text, "héllo".as_bytes());
        b.push(Kind::Int, b"-1");
        b.push(Kind::Text, b"");
        b.push(Kind::Bytes, &[0, 1]);
        assert_eq!(b.len(), 2);
        assert_eq!(b.cell(0, 0), ValueRef::Int(42));
        assert_eq!(b.cell(0, 1), ValueRef::Null);
        assert_eq!(b.cell(0, 2), ValueRef::Text(Kind::Text, "héllo"));
        assert_eq!(b.cell(1, 1), ValueRef::Text(Kind::Text, ""));
        assert_eq!(b.cell(1, 2), ValueRef::Bytes(&[0, 1]));
        let mut two = b.clone();
        two.truncate(1);
        assert_eq!(two.len(), 1);
        assert_eq!(two.cell(0, 2), ValueRef::Text(Kind::Text, "héllo"));
        let taken = b.take();
        assert_eq!(taken.len(), 2);
        assert!(b.is_empty());
    }

    #[test]
    fn kinds_that_vary_by_cell_and_long_cells_come_back() {
        // SQLite: any column may hold any kind, row by row
        let mut b = RowBatch::new(2);
        let long = "x".repeat(70_000);
        for i in 0..300 {
            match i % 3 {
                0 => b.push(Kind::Int, i.to_string().as_bytes()),
                1 => b.push(Kind::Text, long.as_bytes()),
                _ => b.push_null(),
            }
            b.push_with(Kind::Bit, |out| out.extend_from_slice(b"101"));
        }
        assert_eq!(b.len(), 300);
        for i in 0..300 {
            let want = match i % 3 {
                0 => ValueRef::Int(i as i64),
                1 => ValueRef::Text(Kind::Text, &long),
                _ => ValueRef::Null,
            };
            assert_eq!(b.cell(i, 0), want, "row {i}");
            assert_eq!(b.raw(i, 1), (Kind::Bit, &b"101"[..]), "row {i}");
        }
        for i in 0..300 {
            let walked: Vec<ValueRef> = b.row(i).collect();
            assert_eq!(walked, vec![b.cell(i, 0), b.cell(i, 1)], "row {i}");
        }
        b.truncate(10);
        assert_eq!(b.len(), 10);
        assert_eq!(b.cell(9, 0), ValueRef::Int(9));
        // a text column with one value of bytes
        let mut t = RowBatch::new(1);
        t.push(Kind::Text, b"a");
        t.push(Kind::Bytes, &[0xff]);
        t.push(Kind::Text, b"");
        t.push_null();
        assert_eq!(t.cell(0, 0), ValueRef::Text(Kind::Text, "a"));
        assert_eq!(t.cell(1, 0), ValueRef::Bytes(&[0xff]));
        assert_eq!(t.cell(2, 0), ValueRef::Text(Kind::Text, ""));
        assert_eq!(t.cell(3, 0), ValueRef::Null);
    }

    #[test]
    fn a_cell_costs_little_more_than_its_text() {
        let mut b = RowBatch::new(10);
        for r in 0..1000 {
            for c in 0..10 {
                b.push(Kind::Text, format!("{r:06}-{c:05}").as_bytes());
            }
        }
        b.shrink_to_fit();
        let text = 1000 * 10 * 12;
        assert!(
            b.heap_bytes() * 100 <= text * 112,
            "{} for {text}",
            b.heap_bytes()
        );
    }
}
