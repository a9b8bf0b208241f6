//! A result held for the grid: the compact row batches as they arrived, never a string per cell.

use std::time::Duration;

use crate::engine::{Columns, EngineError, RowBatch, ValueRef};

use super::model::QueryId;

#[derive(Debug)]
pub enum ResultState {
    Streaming,
    /// Finished: rows affected for statements without a result set, and the duration.
    Done {
        rows_affected: u64,
        has_result: bool,
        duration: Duration,
    },
    Failed(EngineError),
    Cancelled,
}

#[derive(Debug)]
pub struct ResultSet {
    pub id: QueryId,
    pub sql: String,
    pub columns: Columns,
    batches: Vec<RowBatch>,
    /// First global row index of each batch.
    starts: Vec<usize>,
    rows: usize,
    pub state: ResultState,
    /// The caps this run used, and whether it hit them (then the rows are the first ones).
    pub limits: super::model::Limits,
    pub capped: bool,
}

impl ResultSet {
    pub fn new(id: QueryId, sql: String) -> Self {
        ResultSet {
            id,
            sql,
            columns: Vec::new().into(),
            batches: Vec::new(),
            starts: Vec::new(),
            rows: 0,
            state: ResultState::Streaming,
            limits: Default::default(),
            capped: false,
        }
    }

    pub fn push(&mut self, mut batch: RowBatch) {
        batch.shrink_to_fit();
        self.starts.push(self.rows);
        self.rows += batch.len();
        self.batches.push(batch);
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn cell(&self, row: usize, col: usize) -> Option<ValueRef<'_>> {
        if row >= self.rows || col >= self.columns.len() {
            return None;
        }
        let b = self.starts.partition_point(|s| *s <= row) - 1;
        Some(self.batches[b].cell(row - self.starts[b], col))
    }

    pub fn heap_bytes(&self) -> usize {
        self.batches.iter().map(RowBatch::heap_bytes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Kind;

    #[test]
    fn cells_are_found_across_batches() {
        let mut r = ResultSet::new(QueryId(1), "select".into());
        r.columns = vec![crate::engine::Column {
            name: "n".into(),
            type_name: "int".into(),
            kind: Kind::Int,
        }]
        .into();
        for start in [0, 3] {
            let mut b = RowBatch::new(1);
            for i in start..start + 3 {
                b.push(Kind::Int, i.to_string().as_bytes());
            }
            r.push(b);
        }
        assert_eq!(r.len(), 6);
        assert_eq!(r.cell(4, 0), Some(ValueRef::Int(4)));
        assert_eq!(r.cell(6, 0), None);
    }
}
