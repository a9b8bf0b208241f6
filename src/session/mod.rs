//! Session: the unit of work. Staged inserts, edits and deletes with an identity map
//! (`unit`), values read against their column types (`input`), the flush plan in SQLAlchemy's
//! order (`plan`, `sql`), and flush, commit and rollback on the engine's connection (`flush`).
//! No terminal code here.

pub mod change;
pub mod column_type;
pub mod committed;
pub mod dialect;
pub mod flush;
mod flush_preflight;
mod flush_proof;
pub mod input;
pub mod journal;
mod pg_own;
pub mod plan;
mod plan_batch;
mod plan_batch_mariadb;
mod plan_batch_mysql;
mod plan_order;
mod plan_rows;
mod plan_step;
pub mod script;
pub mod sql;
pub mod unit;
mod unit_index;
mod unit_rows;
pub mod verify;

pub use change::{Cell, Change, ChangeId, ChangeKind, Failure, RowKey, TableRef};
pub use dialect::Dialect;
pub use plan::{OneByOne, Plan, Proof, Step, StepKind, plan};
pub use unit::{RowTarget, Session};
