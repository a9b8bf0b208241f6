//! The course's state in the model: open or not, the learner's progress, and what the model
//! was as the current step began.

use super::progress::Progress;

/// The model as a step began: its checks look at what changed since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The id the next query gets: results from here on are the learner's since.
    pub next_query: u64,
    /// SQLAlchemy calls of the session so far (flush, commit…).
    pub events: usize,
}

impl Baseline {
    pub fn new(next_query: u64, events: usize) -> Self {
        Baseline { next_query, events }
    }
}

#[derive(Debug, Default)]
pub struct Course {
    /// Shown beside the workbench.
    pub open: bool,
    pub progress: Progress,
    pub baseline: Baseline,
    /// What the step just done did, shown until the next one is done.
    pub happened: Option<&'static str>,
    /// What another connection read once the step was done (the course's own read).
    pub elsewhere: Option<String>,
    /// The learner's answer to the current step's question (None: not asked or not yet).
    pub predicted: Option<bool>,
    /// The last step's question: what the learner said, right or not.
    pub verdict: Option<String>,
    /// The demo's reset for this lesson: under way, done, or why not.
    pub reset: Option<String>,
    /// The lesson the demo was last reset for, or the learner said no for (F8 again does not
    /// ask again).
    pub reset_lesson: Option<usize>,
    /// The demo's rows are being put back: nothing is staged, run or sent meanwhile.
    pub resetting: bool,
    /// The database is the bundled demo of this data directory.
    pub on_demo: bool,
}

impl Course {
    /// Says why nothing may be staged, run or sent now, when the demo is being reset.
    pub fn busy_resetting(&self) -> Option<&'static str> {
        self.resetting
            .then_some("the course is putting the demo's rows back: a moment, then do it again")
    }
}
