//! Domain state of the workbench. Panes keep only view state (cursor, scroll).

use super::cursors::Cursors;
use std::time::Instant;

use crate::engine::{EchoEntry, ServerInfo};

use super::overlays::detail::DetailView;
use super::schema::catalog::{CatalogState, Generation};
use super::schema::tree::TreeState;
pub use super::setup::{KeyNames, Setup};
use crate::query::result::ResultSet;

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

pub use crate::query::result::{Limits, QueryId};

/// The session's transaction, as the engine followed it.
pub type TxState = crate::engine::TxStatus;

pub use super::overlays::completion::CompletionPopup;
pub use super::overlays::history::HistoryPopup;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmThen {
    /// Run these statements (one, or a script's).
    Run(Vec<crate::query::split::Statement>),
    /// Leave although a transaction is open (the server rolls it back).
    Quit,
    /// Cancel what runs on the server, then leave (asked again if a transaction is open).
    CancelThenQuit,
    /// Roll the transaction back and discard the staged changes.
    Rollback,
    /// Discard the staged changes a previous run left in the journal.
    DiscardJournal,
    /// Switch to another connection although work would be left behind.
    Switch(super::overlays::picker::PickTarget),
    /// Send changes that may be in the database already (their commit's answer was lost):
    /// then flush (false) or commit (true).
    SendInDoubt { commit: bool },
    /// The course's question before a step: the answer is the learner's prediction.
    Predict,
    /// The course asks before it puts the demo's rows back for a lesson.
    ResetDemo,
    /// Delete this configured connection, then show the picker again.
    DeleteConnection(String, Box<super::overlays::picker::ConnectionPicker>),
}

/// An action waiting for the user's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingConfirm {
    /// What happens on yes.
    pub then: ConfirmThen,
    pub reason: String,
    /// The first statement that needs the yes.
    pub culprit: String,
}

/// The one modal thing on screen, if any: its keys go to it first.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help,
    Confirm(PendingConfirm),
    /// The inline editor of one grid cell.
    CellEditor(super::overlays::cell_editor::CellEdit),
    /// The insert form of one table.
    InsertForm(super::overlays::insert_form::InsertForm),
    /// Where an export goes.
    Export(super::overlays::export_prompt::ExportPrompt),
    /// A cell, a row or a plan shown in full.
    Viewer(super::overlays::viewer::TextView),
    /// The history search.
    History(HistoryPopup),
    /// Completion candidates at the editor's cursor.
    Completion(CompletionPopup),
    /// The selected table's details (Table, Column, Index…, DDL, model).
    Detail(DetailView),
    /// The connection picker.
    Picker(super::overlays::picker::ConnectionPicker),
    /// The password a chosen connection asked for.
    Password(super::overlays::picker::PasswordPrompt),
    /// A configured connection added or edited from the picker.
    ConnectionForm(Box<super::overlays::connection_form::ConnectionForm>),
}

/// `viewer()`, `viewer_mut()` and `set_viewer(…)` for an overlay that holds a view: the
/// overlay is the one place the state lives; setting None closes it only if it is open.
macro_rules! overlay_slot {
    ($get:ident, $get_mut:ident, $set:ident, $variant:ident, $ty:ty) => {
        impl Model {
            pub fn $get(&self) -> Option<&$ty> {
                match &self.overlay {
                    Overlay::$variant(v) => Some(v),
                    _ => None,
                }
            }

            pub fn $get_mut(&mut self) -> Option<&mut $ty> {
                match &mut self.overlay {
                    Overlay::$variant(v) => Some(v),
                    _ => None,
                }
            }

            pub fn $set(&mut self, value: Option<$ty>) {
                match value {
                    Some(v) => self.overlay = Overlay::$variant(v),
                    None if matches!(self.overlay, Overlay::$variant(_)) => {
                        self.overlay = Overlay::None
                    }
                    None => {}
                }
            }
        }
    };
}

overlay_slot!(
    viewer,
    viewer_mut,
    set_viewer,
    Viewer,
    super::overlays::viewer::TextView
);
overlay_slot!(
    history_popup,
    history_popup_mut,
    set_history_popup,
    History,
    HistoryPopup
);
overlay_slot!(
    completion,
    completion_mut,
    set_completion,
    Completion,
    CompletionPopup
);
overlay_slot!(detail, detail_mut, set_detail, Detail, DetailView);

/// What the Session pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionTab {
    /// The staged changes and the flush plan's SQL.
    #[default]
    Changes,
    /// The same as SQLAlchemy calls and object states.
    Teaching,
}

/// The staged changes and what the Session pane needs to show them.
#[derive(Debug, Default)]
pub struct SessionState {
    pub unit: crate::session::Session,
    /// What commits wrote to rows the held results show (until they are read again).
    pub committed_rows: crate::session::committed::CommittedRows,
    /// Flush before running a statement while changes are staged (SQLAlchemy's default).
    pub autoflush: bool,
    /// A flush, commit or rollback in flight.
    pub busy: bool,
    /// Since when it is in flight (the status bar shows a wait, a row lock say), and whether
    /// Esc has asked the server to cancel it.
    pub busy_since: Option<Instant>,
    pub cancel_asked: bool,
    pub tab: SessionTab,
    /// The change under the Session pane's cursor.
    pub cursor: usize,
    /// When the open transaction began (from the workbench's view).
    pub tx_since: Option<Instant>,
    /// SQLAlchemy calls of this session so far, for the teaching view (flush, commit…).
    pub events: Vec<String>,
    /// Where the journal could not be written, if it could not.
    pub journal_error: Option<String>,
    /// Writes sent to the journal and written: the pane says "saving" in between.
    pub journal: JournalMark,
    /// What the last commit or rollback did to the session's objects, in SQLAlchemy's words.
    pub last_end: Vec<String>,
    /// Objects a commit or rollback left persistent (and expired) in SQLAlchemy's identity
    /// map: `(Class, key)`, as the teaching view shows them.
    pub kept_identities: Vec<String>,
    /// Objects an attribute was set on back to the value read: SQLAlchemy lists them in
    /// `session.dirty` (its flush sends nothing for them), retort stages nothing.
    pub touched: Vec<String>,
    /// Changes came back from the journal and are not yet checked against the database.
    pub recheck_pending: bool,
}

/// The journal's writes: whether this workbench holds it, and the writes sent and done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JournalMark {
    pub open: bool,
    pub sent: u64,
    pub written: u64,
}

impl JournalMark {
    /// Staged changes not yet in the journal (on their way to the disk).
    pub fn saving(&self) -> bool {
        self.written < self.sent
    }
}

pub use super::run_state::RunState;

#[derive(Debug)]
pub struct Model {
    pub info: ServerInfo,
    pub focus: PaneId,
    pub overlay: Overlay,
    pub quit: bool,
    /// Quit once nothing runs on the server (asked while something ran: it was cancelled).
    pub quit_when_stopped: super::run_state::QuitWhenStopped,
    pub catalog: CatalogState,
    pub catalog_generation: Generation,
    /// The shown result's table and source, kept until what they depend on changes.
    pub source_cache: super::session::source_cache::SourceCache,
    pub tree: TreeState,
    /// The tree's rows, made when first asked after the catalog or the tree changed
    /// (`tree_changed`), not on every frame and every key.
    tree_rows: std::cell::RefCell<Option<std::sync::Arc<Vec<super::schema::tree::TreeRow>>>>,
    pub transaction: TxState,
    pub session: SessionState,
    /// Executed statements of this connection, oldest first (loaded from the data directory).
    pub history: Vec<crate::query::connection_files::HistoryEntry>,
    /// The row filter being typed in the results (None when not typing).
    pub row_filter: Option<super::line_input::LineInput>,
    /// Sort / filter computations in flight; older answers are dropped.
    pub view_generation: u64,
    pub view_pending: bool,
    pub run: RunState,
    /// The results of the last run, one per statement (several when a script ran).
    pub results: Vec<ResultSet>,
    /// The tab shown.
    pub active_result: usize,
    /// The results were read inside the open transaction, and whether it has since been
    /// rolled back: then they may show what was undone (the grid says so).
    pub read_in_transaction: bool,
    pub results_stale: bool,
    pub limits: Limits,
    /// An export running in the background: where to, and rows written so far.
    pub export: Option<super::overlays::export_prompt::ExportRun>,
    /// Where exports go (the directory retort started in).
    pub export_dir: std::path::PathBuf,
    /// Statements of a script still to run, in order.
    pub queue: std::collections::VecDeque<crate::query::split::Statement>,
    pub next_query: u64,
    /// The newest echo log entries (a snapshot of the engine's log).
    pub echo: Vec<EchoEntry>,
    /// The echo pane shows the Engine as SQLAlchemy names it, not the log.
    pub engine_view: bool,
    /// The focused pane fills the screen (z).
    pub zoomed: bool,
    /// The Engine's connections and isolation level as last read (the Engine view asks).
    pub engine_status: Option<crate::engine::EngineStatus>,
    /// The course beside the workbench, and where the learner is in it.
    pub course: super::course::state::Course,
    /// The time of what is being handled, set by the event loop before `update` and `apply`:
    /// they read no clock of their own, so that they are functions of (model, action, time).
    pub now: std::time::Instant,
    /// The same moment on the wall clock (for names of files written).
    pub wall: std::time::SystemTime,
    pub cursors: Cursors,
    /// Rows a page-up/down moves; set from the last drawn size.
    pub page_rows: usize,
    /// Cells across the cell viewer, which wraps its text to it, and the rows it shows.
    pub viewer_width: usize,
    pub viewer_rows: usize,
    pub notice: Option<super::notice::Notice>,
    /// retort's own files cannot be written (a full disk, an unusable data directory): what
    /// failed last, shown in the status bar until a write works again.
    pub storage_error: Option<String>,
    /// The editor's text could not be saved: quitting asks first.
    pub buffer_unsaved: bool,
    /// Lines the help overlay is scrolled down.
    pub help_scroll: usize,
    /// How the keys that texts mention are written in the keymap in effect.
    pub keys: KeyNames,
    /// What could not be used when the workbench started (a configuration file, a theme, a
    /// key override), shown in full until the first result.
    pub startup_problems: Vec<String>,
}

impl Model {
    /// Takes the setup: what it gives replaces what was; problems are shown until the first
    /// result.
    pub fn configure(&mut self, setup: Setup) {
        self.limits = setup.limits.unwrap_or(self.limits);
        self.session.autoflush = setup.autoflush.unwrap_or(self.session.autoflush);
        self.keys = setup.keys.unwrap_or_else(|| self.keys.clone());
        if let Some(history) = setup.history {
            self.history = history;
        }
        if let Some(progress) = setup.course {
            self.course.progress = progress;
        }
        self.course.on_demo = setup.bundled_demo.unwrap_or(self.course.on_demo);
        if let Some(open) = setup.course_open.filter(|open| *open != self.course.open) {
            self.course.open = open;
            self.course.baseline =
                super::course::state::Baseline::new(self.next_query, self.session.events.len());
        }
        if !setup.problems.is_empty() {
            self.warn(format!(
                "{} problem(s) at start: see the Results pane",
                setup.problems.len()
            ));
            self.startup_problems = setup.problems;
        }
    }

    pub fn new(info: ServerInfo) -> Self {
        Model {
            info,
            focus: PaneId::Editor,
            overlay: Overlay::None,
            quit: false,
            quit_when_stopped: Default::default(),
            catalog: CatalogState::Loading,
            catalog_generation: Generation(0),
            source_cache: Default::default(),
            tree: TreeState::default(),
            tree_rows: Default::default(),
            transaction: TxState::Idle,
            session: SessionState {
                autoflush: true,
                ..Default::default()
            },
            history: Vec::new(),
            row_filter: None,
            view_generation: 0,
            view_pending: false,
            run: RunState::Idle,
            results: Vec::new(),
            active_result: 0,
            read_in_transaction: false,
            results_stale: false,
            limits: Limits::default(),
            export: None,
            export_dir: std::env::current_dir().unwrap_or_default(),
            queue: Default::default(),
            next_query: 1,
            echo: Vec::new(),
            engine_view: false,
            zoomed: false,
            course: Default::default(),
            engine_status: None,
            now: std::time::Instant::now(),
            wall: std::time::SystemTime::now(),
            cursors: Cursors::default(),
            page_rows: 10,
            viewer_width: 80,
            viewer_rows: 20,
            notice: None,
            storage_error: None,
            buffer_unsaved: false,
            help_scroll: 0,
            keys: KeyNames::default(),
            startup_problems: Vec::new(),
        }
    }

    pub fn help_open(&self) -> bool {
        self.overlay == Overlay::Help
    }

    /// The confirmation waiting for an answer.
    pub fn confirm(&self) -> Option<&PendingConfirm> {
        match &self.overlay {
            Overlay::Confirm(p) => Some(p),
            _ => None,
        }
    }

    pub fn ask(&mut self, pending: PendingConfirm) {
        self.overlay = Overlay::Confirm(pending);
    }

    /// The selected rows of the grid (inclusive), when a selection is marked.
    pub fn selected_rows(&self) -> Option<(usize, usize)> {
        let a = self.cursors.selection_anchor?;
        let b = self.cursors.results_row;
        Some((a.min(b), a.max(b)))
    }

    /// The result shown in the grid.
    pub fn result(&self) -> Option<&ResultSet> {
        self.results.get(self.active_result)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, RunState::Running { .. })
    }

    /// The visible rows of the schema tree.
    pub fn tree_rows(&self) -> std::sync::Arc<Vec<super::schema::tree::TreeRow>> {
        if let Some(rows) = self.tree_rows.borrow().as_ref() {
            return rows.clone();
        }
        let rows = std::sync::Arc::new(match self.catalog.loaded() {
            Some(c) => {
                let root = format!("{} {}", self.info.engine_label(), self.info.short_version());
                super::schema::tree::rows(c, &self.tree, &root, &self.info.database)
            }
            None => Vec::new(),
        });
        *self.tree_rows.borrow_mut() = Some(rows.clone());
        rows
    }

    /// The catalog, the nodes open or the filter changed: the tree's rows are made again
    /// when next asked.
    pub fn tree_changed(&self) {
        *self.tree_rows.borrow_mut() = None;
    }

    /// The table the tree's cursor is on or inside: (schema, name).
    pub fn selected_table(&self) -> Option<(String, String)> {
        self.tree_rows()
            .get(self.tree.selected)
            .and_then(|r| r.table.clone())
    }

    /// The selected table's name, quoted by the dialect and qualified when not in the default
    /// schema: ready to paste into SQL.
    pub fn selected_table_sql_name(&self) -> Option<String> {
        let (schema, name) = self.selected_table()?;
        Some(crate::engine::dialect::qualified(
            self.info.engine,
            &schema,
            &name,
            self.info.schema.as_deref(),
        ))
    }
}

impl Model {
    /// Says that something was done as asked.
    pub fn inform(&mut self, text: impl Into<String>) {
        self.notice = Some(super::notice::Notice::new(super::notice::Level::Info, text));
    }

    /// Says what was not done, and why.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(super::notice::Notice::new(
            super::notice::Level::Warning,
            text,
        ));
    }

    /// Says what failed.
    pub fn fail(&mut self, text: impl Into<String>) {
        self.notice = Some(super::notice::Notice::new(
            super::notice::Level::Error,
            text,
        ));
    }
}
