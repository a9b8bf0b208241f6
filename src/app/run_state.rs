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
