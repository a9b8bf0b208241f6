//! Messages: actions (imperative, from the user) and events (past tense, from the core).

use crate::engine::{Columns, EngineError, RowBatch, StatementSummary};
use crate::meta::{Relation, Schema};

use super::model::{PaneId, QueryId};
use super::overlays::detail::DetailTab;
use super::schema::catalog::Generation;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Esc on what has the keys: an overlay closes, a filter being typed is cleared.
    Dismiss,
    /// Enter on what has the keys: the picker's choice, the password, the history entry,
    /// the cell or form, a filter being typed.
    Accept,
    /// Typing into the line of text that has the keys (one for every text field).
    Edit(super::line_input::LineEdit),
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
    /// Run these statements one after another, each result in its own tab.
    RunScript(Vec<String>),
    /// Show the next / previous result tab.
    NextResult,
    PrevResult,
    Cancel,
    /// Ctrl-C: cancels the running statement; with nothing running, only says how to quit
    /// (psql's and pgcli's users press it out of habit).
    Interrupt,
    RefreshCatalog,
    /// Enter: expand or collapse the tree node, follow a foreign key.
    Activate,
    StartFilter,
    ShowDetail(DetailTab),
    /// The first rows of the selected table, in the grid.
    PreviewTable,
    /// The answer to a pending confirmation.
    Confirm(bool),
    OpenHistory,
    /// Completion at the cursor: the statement's text before and after it; `auto` when a
    /// pause in typing asked (then nothing is said when there is nothing to offer).
    Complete {
        before: String,
        after: String,
        auto: bool,
    },
    /// Start (or end) a row selection at the current row.
    ToggleSelection,
    /// Make the current column narrower (negative) or wider.
    ResizeColumn(i16),
    /// Open the connection picker with these entries.
    OpenPicker(Vec<super::overlays::picker::PickerEntry>),
    /// In the picker: add, edit or delete a configured connection.
    ManageConnection(super::overlays::connection_form::Manage),
    /// Make column `.0` of the grid narrower or wider (a dragged border).
    ResizeColumnAt(usize, i16),
    /// Move the focused pane's cursor by this many rows (the mouse wheel).
    ScrollBy(isize),
    /// Select the tree's row at this index (a click).
    SelectTreeRow(usize),
    /// Make this cell of the grid the current one (a click).
    SelectCell {
        row: usize,
        col: usize,
    },
    /// Sort by the current column: ascending, descending, then unsorted.
    SortByColumn,
    StartRowFilter,
    /// Show the plan of this statement.
    Explain(String),
    ViewCell,
    ViewRecord,
    /// Run the capped result's statement again with caps twice as high.
    FetchMore,
    /// Stream the shown result's statement again into a file.
    Export(crate::query::format::Format),
    /// `e`: edit the current cell (inline).
    EditCell,
    /// Ctrl-N: NULL.
    OverlayNull,
    /// Ctrl-D: DEFAULT.
    OverlayDefault,
    OverlayNext,
    OverlayPrev,
    /// `d`: stage the deletion of the current or marked rows.
    StageDelete,
    /// `u`: take back the staged change under the cursor.
    RevertChange,
    /// `a`: the insert form of the result's (or the tree's) table.
    InsertRow,
    Flush,
    /// `c` in the Session pane, Ctrl-S anywhere.
    Commit,
    /// `r`: asks, then rolls back and discards.
    Rollback,
    ToggleAutoflush,
    /// Ctrl-P in the insert form: pick the referenced row of a foreign key column.
    OverlayPick,
    /// `W`: write the session as a Python script.
    WriteScript,
    /// Changes ↔ teaching view.
    SessionTab,
    /// The echo pane: the log ↔ the Engine view.
    EngineView,
    /// F8: the course opens or closes.
    ToggleCourse,
    /// F9: the course's lesson again from its first step.
    RestartLesson,
    /// The focused pane fills the screen, or shares it again.
    Zoom,
}

/// What a handler did with an action: took it (and these commands follow), or left it to
/// the next handler (an overlay leaves Quit to the workbench, say).
#[derive(Debug)]
pub enum Handled {
    Done(Vec<Command>),
    Pass(Action),
}

#[derive(Debug)]
pub enum Event {
    /// The server's databases, for the connection picker.
    /// The server's other databases, or why they could not be listed.
    DatabasesListed(Result<Vec<String>, EngineError>),
    CatalogLoaded {
        generation: Generation,
        result: Result<(Vec<String>, Vec<Relation>), EngineError>,
    },
    SchemaLoaded {
        generation: Generation,
        schema: String,
        result: Result<Schema, EngineError>,
    },
    ServerDdlLoaded {
        schema: String,
        table: String,
        ddl: Option<String>,
    },
    ResultStarted {
        id: QueryId,
        columns: Columns,
    },
    RowsReceived {
        id: QueryId,
        batch: RowBatch,
    },
    ViewReady {
        id: QueryId,
        generation: u64,
        spec: crate::query::result::ViewSpec,
        view: Option<Vec<u32>>,
    },
    PlanReady {
        sql: String,
        result: Result<String, EngineError>,
    },
    ExportProgress {
        rows: u64,
    },
    ExportFinished {
        path: std::path::PathBuf,
        result: Result<u64, String>,
        /// Said beside the count: why the held rows were written and not the whole result.
        note: Option<String>,
    },
    /// The result reached its caps: the statement was cancelled on the server, unless it may
    /// write (`ran_on`): then it ran to its end and the rows past the cap were dropped.
    ResultCapped {
        id: QueryId,
        ran_on: bool,
    },
    /// A backslash command's answer, read from the catalog.
    MetaAnswered {
        id: QueryId,
        command: crate::query::meta_command::MetaCommand,
        result: Result<crate::meta::describe::Answer, EngineError>,
    },
    QueryFinished {
        id: QueryId,
        result: Result<StatementSummary, EngineError>,
        /// The session's transaction after it.
        transaction: crate::engine::TxStatus,
    },
    SessionFlushed {
        result: Result<crate::session::flush::FlushReport, crate::session::flush::FlushError>,
        /// What to do now that the autoflush went through.
        then: Option<AfterFlush>,
        transaction: crate::engine::TxStatus,
    },
    /// The rows to pick a foreign key's value from.
    ChoicesLoaded {
        result: Result<Vec<(String, String)>, EngineError>,
    },
    SessionCommitted {
        outcome: crate::session::flush::CommitOutcome,
        transaction: crate::engine::TxStatus,
    },
    SessionRolledBack {
        result: Result<(), EngineError>,
        transaction: crate::engine::TxStatus,
    },
    ScriptWritten {
        path: std::path::PathBuf,
        result: Result<(), String>,
    },
    /// What the rows say of a commit whose answer was lost: Some(true) committed, Some(false)
    /// not, None still unknown.
    CommitVerified(Option<bool>),
    /// Restored changes whose rows changed or went since (change, why).
    Rechecked(Vec<(crate::session::ChangeId, String)>),
    /// The rows a commit changed, read back (as text, key columns first), or why not.
    ReadBackDone(
        crate::session::committed::ReadBack,
        Result<Vec<Vec<Option<String>>>, String>,
    ),
    /// The journal could not be written (None: it was).
    JournalWritten {
        seq: u64,
        error: Option<String>,
    },
    /// The editor's text was saved (None), or why it could not be.
    BufferSaved(Option<String>),
    /// The Engine's connections and isolation level, for the Engine view.
    EngineInspected(crate::engine::EngineStatus),
    /// What the course's read on another connection gave.
    ReadElsewhere(Result<Vec<Vec<Option<String>>>, EngineError>),
    /// The course's change on another connection: the rows it changed.
    ChangedElsewhere(Result<u64, EngineError>),
    /// The demo's rows were put back (true), or the database is not the demo (false).
    DemoReset(Result<bool, String>),
    /// The course's progress could not be kept: why.
    CourseSaved(Option<String>),
    /// A history record was appended (None), or why it could not be.
    HistoryWritten(Option<String>),
    /// The cell's text as the external editor ($EDITOR) left it, or why it could not run.
    CellEdited(Result<String, String>),
    /// The front end's own work (the clipboard, $EDITOR, job control, a switch) and how it
    /// went.
    Reported(super::notice::Notice),
    /// The terminal's size changed: rows a page moves, cells across the viewer.
    Resized {
        page_rows: usize,
        viewer_width: usize,
        viewer_rows: usize,
    },
    /// The newest entries of the echo log.
    Echoed(Vec<crate::engine::EchoEntry>),
    /// How this workbench is set up: the configuration's limits and autoflush, the keys in
    /// effect, the history of this connection, what could not be used at start.
    Configured(Box<super::model::Setup>),
    /// A connection to switch to refused its password: ask for one.
    PasswordAsked {
        target: super::overlays::picker::PickTarget,
        label: String,
    },
    /// The session journal was opened: what an earlier run left in it, or why it could not be
    /// opened.
    JournalOpened(Result<crate::session::journal::Recovered, String>),
    /// SIGTERM or the input stream ended.
    Terminated,
    /// config.toml took the picker's change (the configured connections as it now has them),
    /// or why not.
    ConnectionsSaved {
        result: Result<super::overlays::connection_form::ConnectionsSaved, String>,
        note: Option<String>,
    },
}

/// What an autoflush was for.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterFlush {
    /// Statements of the user's, to run now.
    Run(Vec<crate::query::split::Statement>),
    /// The picker of a foreign key's row.
    Choices(ChoiceQuery),
}

/// The rows of a referenced table, as key and a readable label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceQuery {
    /// Selects two text columns: the key and the label.
    pub sql: String,
}

/// Work for the effects runner; its answers come back as events.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// List the server's databases (for the connection picker).
    ListDatabases,
    /// Open a workbench on another connection, with the password typed for it: the front
    /// end's (it connects off the UI thread and replaces the workbench).
    Switch {
        target: super::overlays::picker::PickTarget,
        password: Option<super::overlays::picker::Password>,
    },
    /// Add, change or delete a configured connection in config.toml: the front end's (it
    /// writes the file off the UI thread and answers `ConnectionsSaved`).
    SaveConnection {
        change: super::overlays::connection_form::ConnectionChange,
        /// Said with the answer (a password left out).
        note: Option<String>,
    },
    /// Send the flush plan in the session's transaction and keep it open; then run `then`.
    Flush {
        plan: std::sync::Arc<crate::session::Plan>,
        then: Option<AfterFlush>,
    },
    /// Read the rows a foreign key may point at, on the session connection (so that rows
    /// flushed in the open transaction are there).
    LoadChoices(ChoiceQuery),
    Commit {
        plan: std::sync::Arc<crate::session::Plan>,
    },
    Rollback,
    /// Write the session's Python script (a new file, never over another).
    WriteScript {
        path: std::path::PathBuf,
        text: String,
    },
    /// Read again the rows of changes restored from the journal.
    Recheck(Vec<crate::session::verify::RecheckRow>),
    /// Read back the rows a commit changed that the shown result holds.
    ReadBack(crate::session::committed::ReadBack),
    /// Read the rows of a commit whose answer never came, to tell whether it happened.
    VerifyCommit(Vec<crate::session::verify::VerifyRow>),
    /// Read the Engine's connections and isolation level (the Engine view is open).
    InspectEngine {
        isolation: bool,
        /// Also ask the server what each of retort's connections is doing.
        activity: bool,
    },
    /// Read on another connection than the Session's (what another client sees), for the
    /// course.
    Elsewhere {
        sql: String,
        change: bool,
    },
    /// Put the bundled demo's rows back as first installed, on another connection (the
    /// course, as a lesson begins); nothing when the database is not the demo.
    ResetDemo,
    /// Keep the learner's place in the course.
    SaveCourse(super::course::progress::Progress),
    /// Write the staged changes to the journal.
    WriteJournal {
        /// Said back when written: until then the Session pane says "saving".
        seq: u64,
        changes: Vec<crate::session::Change>,
    },
    LoadCatalog {
        generation: Generation,
    },
    /// Details of one schema, whose relations the catalog already has.
    LoadSchema {
        generation: Generation,
        schema: String,
        relations: Vec<Relation>,
    },
    LoadServerDdl {
        schema: String,
        table: String,
    },
    Execute {
        id: QueryId,
        sql: String,
        limits: super::model::Limits,
        /// Retort runs it again by itself (fetch more): only as a proven read.
        rerun: bool,
    },
    /// Answer a backslash command (`\\dt`) from the catalog; nothing of it is sent.
    MetaCommand {
        id: QueryId,
        command: crate::query::meta_command::MetaCommand,
    },
    Cancel,
    RecordHistory(crate::query::connection_files::HistoryEntry),
    Explain {
        sql: String,
    },
    ComputeView {
        id: QueryId,
        generation: u64,
        rows: crate::query::result::Rows,
        spec: crate::query::result::ViewSpec,
    },
    /// Stream a proven read again into a file (the held result was capped).
    Export {
        sql: String,
        path: std::path::PathBuf,
        format: crate::query::format::Format,
    },
    /// Write the rows held into a file; nothing is sent to the server.
    ExportHeld {
        /// Why these rows and not the whole result, when the result was capped.
        note: String,
        columns: Columns,
        rows: crate::query::result::Rows,
        path: std::path::PathBuf,
        format: crate::query::format::Format,
    },
}
