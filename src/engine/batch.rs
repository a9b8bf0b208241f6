//! Rows in a compact form: one byte buffer per batch, an end offset and a kind byte per cell.
//! No `String` per cell; a batch of a thousand rows is three allocations.

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

/// A batch of rows, row-major.
#[derive(Debug, Clone, Default)]
pub struct RowBatch {
    width: usize,
    data: Vec<u8>,
    ends: Vec<u32>,
    kinds: Vec<u8>,
}

/// A batch is sent on when it holds this many rows…
pub const BATCH_ROWS: usize = 1024;
/// …or this many bytes.
pub const BATCH_BYTES: usize = 256 * 1024;

impl RowBatch {
    pub fn new(width: usize) -> Self {
        RowBatch {
            width,
            data: Vec::with_capacity(16 * 1024),
            ends: Vec::with_capacity(width * 64),
            kinds: Vec::with_capacity(width * 64),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn len(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// True when the batch should be handed on.
    pub fn is_full(&self) -> bool {
        self.len() >= BATCH_ROWS || self.data.len() >= BATCH_BYTES
    }

    pub fn push_null(&mut self) {
        self.kinds.push(Kind::Null as u8);
        self.ends.push(self.data.len() as u32);
    }

    pub fn push(&mut self, kind: Kind, raw: &[u8]) {
        self.data.extend_from_slice(raw);
        self.kinds.push(kind as u8);
        self.ends.push(self.data.len() as u32);
    }

    /// Pushes a cell whose bytes the closure writes into the buffer.
    pub fn push_with(&mut self, kind: Kind, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.data);
        self.kinds.push(kind as u8);
        self.ends.push(self.data.len() as u32);
    }

    /// A cell's kind and stored bytes, undecoded.
    pub fn raw(&self, row: usize, col: usize) -> (Kind, &[u8]) {
        let i = row * self.width + col;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (
            Kind::from_u8(self.kinds[i]),
            &self.data[start..self.ends[i] as usize],
        )
    }

    pub fn cell(&self, row: usize, col: usize) -> ValueRef<'_> {
        let i = row * self.width + col;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        ValueRef::decode(Kind::from_u8(self.kinds[i]), &self.data[start..end])
    }

    pub fn row(&self, row: usize) -> impl Iterator<Item = ValueRef<'_>> + '_ {
        (0..self.width).map(move |c| self.cell(row, c))
    }

    /// Gives back the spare capacity (for batches that are kept, not just passed on).
    pub fn shrink_to_fit(&mut self) {
        self.data.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.kinds.shrink_to_fit();
    }

    /// Bytes this batch holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.data.capacity() + self.ends.capacity() * 4 + self.kinds.capacity()
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        let cells = rows * self.width;
        if cells >= self.ends.len() {
            return;
        }
        let end = if cells == 0 {
            0
        } else {
            self.ends[cells - 1] as usize
        };
        self.ends.truncate(cells);
        self.kinds.truncate(cells);
        self.data.truncate(end);
    }

    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.kinds.clear();
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
}
