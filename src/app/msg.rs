//! Messages: actions (imperative, from the user) and events (past tense, from the core).

use crate::engine::{Columns, EngineError, RowBatch, StatementSummary};
use crate::meta::Relation;

use super::model::{PaneId, QueryId};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    CloseOverlay,
    FocusNext,
    FocusPrev,
    Focus(PaneId),
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Home,
    End,
    MoveLeft,
    MoveRight,
    /// Run this statement text (the editor supplies it).
    RunStatement(String),
    Cancel,
    RefreshCatalog,
}

#[derive(Debug)]
pub enum Event {
    EchoChanged,
    CatalogLoaded(Result<Vec<Relation>, EngineError>),
    ResultStarted {
        id: QueryId,
        columns: Columns,
    },
    RowsReceived {
        id: QueryId,
        batch: RowBatch,
    },
    QueryFinished {
        id: QueryId,
        result: Result<StatementSummary, EngineError>,
    },
    /// SIGTERM or the input stream ended.
    Terminated,
}

/// Work for the effects runner; its answers come back as events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LoadCatalog,
    Execute { id: QueryId, sql: String },
    Cancel,
}
