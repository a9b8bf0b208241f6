//! The result store: a statement's rows as the compact batches they arrived in (never a string
//! per cell), the order the grid shows them in, and where the rows came from (their source
//! table and key), so that the session can address them.

use std::sync::Arc;

use crate::engine::{Columns, EngineError, RowBatch, ValueRef};

pub use super::source::RowSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueryId(pub u64);

/// Caps on a held result: past them the fetch stops and the statement is cancelled on the
/// server. None holds the whole result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub max_rows: Option<u64>,
    pub max_bytes: Option<u64>,
}

impl Limits {
    /// The default memory budget for one held result: a quarter of physical memory (2 GiB
    /// where it cannot be read), so that no result can take the machine down.
    pub fn default_budget_bytes() -> u64 {
        let total_kb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        total_kb.map_or(2 << 30, |kb| kb * 1024 / 4)
    }

    pub fn doubled(self) -> Limits {
        Limits {
            max_rows: self.max_rows.map(|r| r * 2),
            max_bytes: self.max_bytes.map(|b| b * 2),
        }
    }
}

#[derive(Debug)]
pub enum ResultState {
    Streaming,
    /// Finished: rows affected or returned, the duration, the server's notices.
    Done(crate::engine::StatementSummary),
    Failed(EngineError),
    Cancelled,
}

/// The fetched rows, shareable with a background task (sorting, filtering) at no copy.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    batches: Vec<Arc<RowBatch>>,
    /// First global row index of each batch.
    starts: Vec<usize>,
    len: usize,
}

/// Two snapshots are equal when they share the very same batches.
impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self.batches.len() == other.batches.len()
            && self
                .batches
                .iter()
                .zip(&other.batches)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Eq for Rows {}

impl Rows {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The batches in the order they arrived.
    pub fn batches(&self) -> impl Iterator<Item = &RowBatch> {
        self.batches.iter().map(|b| b.as_ref())
    }

    pub fn cell(&self, row: usize, col: usize) -> Option<ValueRef<'_>> {
        if row >= self.len {
            return None;
        }
        let b = self.starts.partition_point(|s| *s <= row) - 1;
        let batch = &self.batches[b];
        (col < batch.width()).then(|| batch.cell(row - self.starts[b], col))
    }
}

/// How the grid shows the fetched rows: filtered and sorted, computed off the UI thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewSpec {
    /// Rows whose cells contain this text (case-insensitive); empty keeps every row.
    pub filter: String,
    /// (column, descending)
    pub sort: Option<(usize, bool)>,
}

#[derive(Debug)]
pub struct ResultSet {
    pub id: QueryId,
    pub sql: String,
    pub columns: Columns,
    rows: Rows,
    /// The row order shown, when filtered or sorted (indices into `rows`).
    view: Option<Vec<u32>>,
    pub spec: ViewSpec,
    pub state: ResultState,
    /// The caps this run used, and whether it hit them (then the rows are the first ones).
    pub limits: Limits,
    pub capped: bool,
    /// The statement may write, so the cap did not cancel it: it ran to its end and the rows
    /// past the cap were read and dropped.
    pub cap_ran_on: bool,
    /// The widest cell of each column the grid has shown so far (a view cache, only grows).
    pub widths_seen: std::cell::RefCell<Vec<usize>>,
    /// Its statement ended with `\gx`: shown as records too, one line per column.
    pub expanded: bool,
}

impl ResultSet {
    pub fn new(id: QueryId, sql: String) -> Self {
        ResultSet {
            id,
            sql,
            columns: Vec::new().into(),
            rows: Rows::default(),
            view: None,
            spec: ViewSpec::default(),
            state: ResultState::Streaming,
            limits: Default::default(),
            capped: false,
            cap_ran_on: false,
            widths_seen: Default::default(),
            expanded: false,
        }
    }

    pub fn push(&mut self, mut batch: RowBatch) {
        batch.shrink_to_fit();
        self.rows.starts.push(self.rows.len);
        self.rows.len += batch.len();
        self.rows.batches.push(Arc::new(batch));
    }

    /// Rows shown (after a filter).
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(self.rows.len, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows fetched.
    pub fn fetched(&self) -> usize {
        self.rows.len
    }

    /// A cell of the shown order.
    pub fn cell(&self, row: usize, col: usize) -> Option<ValueRef<'_>> {
        if col >= self.columns.len() {
            return None;
        }
        let base = match &self.view {
            Some(v) => *v.get(row)? as usize,
            None => row,
        };
        self.rows.cell(base, col)
    }

    pub fn heap_bytes(&self) -> usize {
        self.rows
            .batches
            .iter()
            .map(|b| b.heap_bytes())
            .sum::<usize>()
            + self.view.as_ref().map_or(0, |v| v.capacity() * 4)
    }

    /// The fetched rows, to sort or filter elsewhere.
    pub fn snapshot(&self) -> Rows {
        self.rows.clone()
    }

    pub fn set_view(&mut self, spec: ViewSpec, view: Option<Vec<u32>>) {
        self.spec = spec;
        self.view = view;
    }
}

/// The shown order for a spec: the rows whose text contains the filter, sorted by a column
/// (numbers as numbers, NULLs last). Runs on a blocking thread for big results.
pub fn compute_view(rows: &Rows, spec: &ViewSpec) -> Option<Vec<u32>> {
    if spec.filter.is_empty() && spec.sort.is_none() {
        return None;
    }
    let needle = spec.filter.to_lowercase();
    let width = rows.batches.first().map_or(0, |b| b.width());
    let mut text = String::new();
    let mut order: Vec<u32> = (0..rows.len as u32)
        .filter(|&r| {
            needle.is_empty()
                || (0..width).any(|c| {
                    text.clear();
                    if let Some(v) = rows.cell(r as usize, c) {
                        v.write_display(&mut text, "");
                    }
                    text.to_lowercase().contains(&needle)
                })
        })
        .collect();
    if let Some((col, desc)) = spec.sort {
        let keys: Vec<SortKey> = order
            .iter()
            .map(|&r| SortKey::of(rows.cell(r as usize, col)))
            .collect();
        let mut idx: Vec<usize> = (0..order.len()).collect();
        idx.sort_by(|&a, &b| {
            let ord = keys[a].cmp_with(&keys[b]);
            // NULLs stay last either way
            match (&keys[a], &keys[b]) {
                (SortKey::Null, _) | (_, SortKey::Null) => ord,
                _ if desc => ord.reverse(),
                _ => ord,
            }
        });
        order = idx.into_iter().map(|i| order[i]).collect();
    }
    Some(order)
}

enum SortKey {
    Num(f64),
    Text(String),
    Null,
}

impl SortKey {
    fn of(v: Option<ValueRef<'_>>) -> SortKey {
        match v {
            None | Some(ValueRef::Null) => SortKey::Null,
            Some(ValueRef::Int(i)) => SortKey::Num(i as f64),
            Some(ValueRef::UInt(u)) => SortKey::Num(u as f64),
            Some(ValueRef::Float(f)) => SortKey::Num(f),
            Some(ValueRef::Bool(b)) => SortKey::Num(b as u8 as f64),
            Some(v @ ValueRef::Text(k, t)) if k.is_numeric() => t
                .parse()
                .map(SortKey::Num)
                .unwrap_or(SortKey::Text(v.display())),
            Some(v) => SortKey::Text(v.display()),
        }
    }

    fn cmp_with(&self, other: &SortKey) -> std::cmp::Ordering {
        use std::cmp::Ordering::*;
        match (self, other) {
            (SortKey::Null, SortKey::Null) => Equal,
            (SortKey::Null, _) => Greater,
            (_, SortKey::Null) => Less,
            (SortKey::Num(a), SortKey::Num(b)) => a.total_cmp(b),
            (SortKey::Num(_), SortKey::Text(_)) => Less,
            (SortKey::Text(_), SortKey::Num(_)) => Greater,
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
        }
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

    #[test]
    fn views_filter_and_sort_with_nulls_last() {
        let mut r = ResultSet::new(QueryId(1), "select".into());
        r.columns = vec![
            crate::engine::Column {
                name: "n".into(),
                type_name: "int".into(),
                kind: Kind::Int,
            },
            crate::engine::Column {
                name: "s".into(),
                type_name: "text".into(),
                kind: Kind::Text,
            },
        ]
        .into();
        let mut b = RowBatch::new(2);
        for (n, s) in [
            (Some("10"), "ten"),
            (None, "none"),
            (Some("2"), "two"),
            (Some("33"), "Thirty-three"),
        ] {
            match n {
                Some(n) => b.push(Kind::Int, n.as_bytes()),
                None => b.push_null(),
            }
            b.push(Kind::Text, s.as_bytes());
        }
        r.push(b);
        let rows = r.snapshot();
        let asc = ViewSpec {
            filter: String::new(),
            sort: Some((0, false)),
        };
        assert_eq!(
            compute_view(&rows, &asc),
            Some(vec![2, 0, 3, 1]),
            "numbers as numbers, NULL last"
        );
        let desc = ViewSpec {
            filter: String::new(),
            sort: Some((0, true)),
        };
        assert_eq!(compute_view(&rows, &desc), Some(vec![3, 0, 2, 1]));
        let filtered = ViewSpec {
            filter: "T".into(),
            sort: Some((1, false)),
        };
        let v = compute_view(&rows, &filtered).unwrap();
        assert_eq!(v, vec![3, 0, 2], "case-insensitive match, then sorted");
        r.set_view(filtered, Some(v));
        assert_eq!(r.len(), 3);
        assert_eq!(
            r.cell(0, 1),
            Some(ValueRef::Text(Kind::Text, "Thirty-three"))
        );
        assert_eq!(r.fetched(), 4);
    }
}
