//! Where the learner is in the course: kept in the data directory across runs.

use serde::{Deserialize, Serialize};

/// The lesson and step the learner is on, and the lessons finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub lesson: usize,
    pub step: usize,
    pub finished: Vec<usize>,
}
