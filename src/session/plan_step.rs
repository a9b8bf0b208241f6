//! One statement of a flush plan: what it carries, what its answer must prove, and how its
//! rows go one at a time when it is refused.

use std::sync::Arc;

use crate::engine::{EngineKind, Value};
use crate::meta::{ColumnInfo, Table};

use super::change::{Change, ChangeId, TableRef};
use super::sql::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Insert,
    Update,
    Delete,
    /// The UPDATE that fills in a foreign key left NULL to break a cycle.
    PostUpdate,
    /// `SET CONSTRAINTS … DEFERRED` before and `… IMMEDIATE` after the flush's statements: a
    /// DEFERRABLE foreign key of a cycle is checked once both rows are there, and still within
    /// the flush (so that its failure is the flush's, not the COMMIT's).
    Constraints,
}

/// One statement of the flush.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub table: TableRef,
    /// The changes it carries (several for a multi-row INSERT).
    pub changes: Vec<ChangeId>,
    pub sql: String,
    pub params: Vec<Value>,
    /// The rows it must affect; any other count fails the flush.
    pub expect: u64,
    /// When not empty, `sql` is one prepared statement run once per parameter row (SQLite's
    /// fastest path) and `params` is empty.
    pub rows: Arc<Vec<Vec<Value>>>,
    /// A multi-row INSERT's statement for one row and each row's parameters (row i carries
    /// `changes[i]`), to send the rows one at a time and name the one a server refuses.
    pub per_row: Option<OneByOne>,
    /// An INSERT's primary-key columns that the server fills in (identity, serial,
    /// auto-increment) and that its RETURNING gives back, one row per inserted row in the
    /// order of `changes`. Empty when the rows set their whole key, or the server has no
    /// RETURNING (MySQL; MariaDB has it from 10.5).
    pub returning: Vec<ColumnInfo>,
    /// MySQL, which has no RETURNING: the auto-increment key column of a one-row INSERT that
    /// leaves it to the server, read back as `LAST_INSERT_ID()` (as SQLAlchemy's MySQL
    /// dialect reads `cursor.lastrowid`).
    pub last_insert_id: Option<ColumnInfo>,
    /// How the server's answer proves that each of its rows was matched exactly once.
    pub proof: Proof,
}

/// The statements that send a step's rows one at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum OneByOne {
    /// One statement, run with each row of parameters.
    Same(String, Arc<Vec<Vec<Value>>>),
    /// Each row's own statement and parameters.
    Own(Arc<Vec<(String, Vec<Value>)>>),
    /// Each change's own statement, made when it is needed.
    Later {
        engine: EngineKind,
        table: Arc<Table>,
        changes: Arc<Vec<Change>>,
    },
}

/// How a step proves that it matched each of its rows exactly once (a row matched by none was
/// changed by someone else, and is named; a row matched twice would be a key that is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Proof {
    /// Its count of rows affected is `expect`: one row, an INSERT, or MySQL's batch over the
    /// primary key (where no row of the batch can match two).
    #[default]
    Count,
    /// PostgreSQL's batch returns the ordinal of each row it matched.
    Ordinals,
    /// SQLite's one prepared statement counts each of its runs: each must be 1.
    EachRun,
    /// MariaDB's batch of DELETEs returns the text of each row it deleted (its key and the
    /// values checked): they must be these rows, each once, as the rows were read.
    Returned(Arc<Vec<Vec<Option<String>>>>),
}

impl Step {
    /// A statement that must touch exactly the one row of change `c`.
    pub(super) fn one_row(kind: StepKind, c: &Change, sql: String, params: Vec<Value>) -> Step {
        Step {
            kind,
            table: c.table.clone(),
            changes: vec![c.id],
            sql,
            params,
            expect: 1,
            rows: Default::default(),
            per_row: None,
            returning: Vec::new(),
            last_insert_id: None,
            proof: Proof::Count,
        }
    }

    /// Whether the step carries several rows, to be sent one at a time if it is refused.
    pub fn has_rows_one_by_one(&self) -> bool {
        self.per_row.is_some() || self.rows.len() > 1
    }
}

impl Step {
    /// The statement with its values written in, for reading.
    pub fn rendered(&self, engine: EngineKind) -> String {
        match self.rows.first() {
            Some(first) if self.rows.len() > 1 => format!(
                "{}  -- and {} more rows, one prepared statement",
                render(engine, &self.sql, first),
                self.rows.len() - 1
            ),
            Some(first) => render(engine, &self.sql, first),
            None => render(engine, &self.sql, &self.params),
        }
    }
}

/// A group smaller than this goes row by row (the plan shows one statement per change).
pub(super) const FEWEST: usize = 2;

/// Each change's own statement and parameters, for the fallback one row at a time.
pub(super) fn one_by_one(group: &[(&Change, Step)]) -> OneByOne {
    let own = group
        .iter()
        .map(|(_, s)| (s.sql.clone(), s.params.clone()))
        .collect();
    OneByOne::Own(Arc::new(own))
}
