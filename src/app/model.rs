//! Domain state of the workbench. Panes keep only view state (cursor, scroll).

use std::time::Instant;

use crate::engine::{EchoEntry, EngineError, ServerInfo};
use crate::meta::Relation;

use super::results::ResultSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Schema,
    Editor,
    Results,
    Session,
    Echo,
}

impl PaneId {
    /// Focus order for Tab.
    pub const ALL: [PaneId; 5] = [
        PaneId::Schema,
        PaneId::Editor,
        PaneId::Results,
        PaneId::Echo,
        PaneId::Session,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Schema => "Schema",
            PaneId::Editor => "SQL",
            PaneId::Results => "Results",
            PaneId::Session => "Session",
            PaneId::Echo => "Echo log",
        }
    }

    pub fn next(self) -> PaneId {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn prev(self) -> PaneId {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueryId(pub u64);

#[derive(Debug)]
pub enum Catalog {
    Loading,
    Loaded(Vec<Relation>),
    Failed(EngineError),
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunState {
    Idle,
    Running {
        id: QueryId,
        started: Instant,
        cancel_requested: bool,
    },
}

/// View state of the panes that need it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cursors {
    pub schema_selected: usize,
    pub results_row: usize,
    pub results_col: usize,
    /// Lines scrolled back from the newest echo entry.
    pub echo_back: usize,
}

#[derive(Debug)]
pub struct Model {
    pub info: ServerInfo,
    pub focus: PaneId,
    pub help_open: bool,
    pub quit: bool,
    pub catalog: Catalog,
    pub run: RunState,
    pub result: Option<ResultSet>,
    pub next_query: u64,
    /// The newest echo log entries (a snapshot of the engine's log).
    pub echo: Vec<EchoEntry>,
    pub cursors: Cursors,
    /// Rows a page-up/down moves; set from the last drawn size.
    pub page_rows: usize,
    pub notice: Option<String>,
}

impl Model {
    pub fn new(info: ServerInfo) -> Self {
        Model {
            info,
            focus: PaneId::Editor,
            help_open: false,
            quit: false,
            catalog: Catalog::Loading,
            run: RunState::Idle,
            result: None,
            next_query: 1,
            echo: Vec::new(),
            cursors: Cursors::default(),
            page_rows: 10,
            notice: None,
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, RunState::Running { .. })
    }
}
