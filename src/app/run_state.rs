//! Whether a statement of the user's runs, since when, and whether its cancel was asked.

use std::time::Instant;

use super::model::QueryId;

#[derive(Debug, Clone, PartialEq)]
pub enum RunState {
    Idle,
    Running {
        id: QueryId,
        started: Instant,
        /// When the user last asked the server to cancel it.
        cancel_requested: Option<Instant>,
    },
}

/// A quit asked while something ran on the server: it was cancelled, and the workbench quits
/// once what it waits for has stopped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QuitWhenStopped {
    #[default]
    No,
    /// This statement of the user's.
    AfterRun(QueryId),
    /// The Session's flush or commit, with this many changes staged when asked.
    AfterSession { staged: usize },
}
