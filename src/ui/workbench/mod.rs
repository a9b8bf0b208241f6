//! The workbench: the model, the editor buffer, and the translation of terminal input into
//! actions. It owns no database handle; commands go to the effects runner.

use std::sync::Arc;

use crossterm::event::Event as TermEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;
use tokio::sync::mpsc;

mod actions;
mod clipboard;
mod external_editor;
mod keys;
mod mouse;
mod popup_keys;

use self::clipboard::Clipboard;
use super::editor_view::EditorView;
use super::keymap;
use super::{layout, render};
use crate::app::effects::Effects;
use crate::app::{self, Action, Event, Model, PaneId};
use crate::engine::{Connection, EchoLog};
use crate::query::store::ConnectionStore;

/// How many echo entries the pane keeps at hand.
const ECHO_SHOWN: usize = 500;

pub struct Workbench {
    pub model: Model,
    pub editor: TextArea<'static>,
    editor_view: EditorView,
    store: ConnectionStore,
    clipboard: Clipboard,
    /// F4 asked for $EDITOR; the loop hands over the terminal.
    external_edit: bool,
    /// Ctrl-Z asked to stop the process until the shell's `fg`.
    suspend: bool,
    /// What the connection picker offers (configured connections, recent URLs, the demo).
    pub picker_entries: Vec<crate::app::overlays::picker::PickerEntry>,
    /// What the last frame drew where, for the mouse.
    hits: super::hit::HitMap,
    /// The last click (where, when), to tell a double click; and a column border being dragged.
    mouse: mouse::MouseState,
    /// When the buffer first changed since it was last saved.
    unsaved_since: Option<std::time::Instant>,
    /// Where in the buffer the running statement starts (row, column), to mark its errors.
    run_origin: Option<(usize, usize)>,
    effects: Effects,
    echo: EchoLog,
    size: Rect,
}

impl Workbench {
    /// `data_root` keeps the editor buffer and history (None: keep nothing).
    pub fn new(
        conn: Arc<Connection>,
        events: mpsc::UnboundedSender<Event>,
        data_root: Option<std::path::PathBuf>,
    ) -> Self {
        let echo = conn.echo().clone();
        let info = conn.info().clone();
        // one buffer, history and journal per database (the key never holds a password)
        let location = match info.engine {
            crate::engine::EngineKind::Sqlite => &info.identity,
            _ => &info.location,
        };
        let key = format!(
            "{}://{}@{}/{}",
            info.engine_label(),
            info.user,
            location,
            info.database
        );
        let store = ConnectionStore::new(data_root, &key, &info.identity);
        let mut model = Model::new(info);
        model.keys = keymap::key_names();
        model.history = store.load_history();
        let saved = store.load_buffer();
        if saved
            .as_deref()
            .is_some_and(|t| t.contains(crate::engine::secrets::SECRET_MARKER))
        {
            model.notice = Some(
                "The saved buffer kept no password: type it again where it says <secret \
                 redacted: type it again>."
                    .into(),
            );
        }
        let mut editor = match saved {
            Some(text) => TextArea::from(text.lines()),
            None => TextArea::default(),
        };
        editor.set_placeholder_text("-- type SQL here; F5 runs the statement under the cursor");
        let mut wb = Workbench {
            model,
            editor,
            editor_view: EditorView::default(),
            effects: Effects::new(conn, store.clone(), events),
            store,
            run_origin: None,
            external_edit: false,
            suspend: false,
            hits: Default::default(),
            picker_entries: Vec::new(),
            mouse: Default::default(),
            unsaved_since: None,
            clipboard: Clipboard::default(),
            echo,
            size: Rect::new(0, 0, 80, 24),
        };
        wb.refresh_echo();
        wb.open_journal();
        wb
    }

    /// Takes this database's session journal, and offers back what an earlier run left in it
    /// (a crash, `kill -9`, a closed terminal).
    fn open_journal(&mut self) {
        let Some(path) = self.store.journal_path() else {
            return;
        };
        // an in-memory database is a new one each time: nothing of an earlier run is its
        if self.model.info.identity == ":memory:" {
            return;
        }
        let recovered = match crate::session::journal::Journal::open(path) {
            Ok((journal, recovered)) => {
                self.effects.set_journal(Some(journal));
                recovered
            }
            Err(why) => {
                self.model.session.journal_error = Some(why);
                return;
            }
        };
        if recovered.changes.is_empty() {
            if let Some(lost) = recovered.losses() {
                self.model.notice = Some(format!("The session journal: {lost}."));
            }
            return;
        }
        let mut unit = crate::session::Session::restored(recovered.changes.clone());
        // the transaction they were flushed in is gone: they are staged again
        unit.unflush_all();
        unit.mark_in_doubt(&recovered.in_doubt);
        for id in &recovered.in_doubt {
            unit.mark_failed(
                *id,
                crate::session::Failure {
                    message: "restored from a damaged journal: a record written after this \
                              change could not be read (it may have changed, taken back or \
                              committed it); check it before committing"
                        .into(),
                    code: None,
                },
            );
        }
        let n = unit.changes().len();
        self.model.session.unit = unit;
        self.model.session.recheck_pending = true;
        self.model.ask(crate::app::model::PendingConfirm {
            then: crate::app::model::ConfirmThen::DiscardJournal,
            reason: format!(
                "{n} staged change(s) from an earlier run that ended without a commit are back \
                 in the Session pane{}",
                recovered
                    .losses()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default()
            ),
            culprit: "Each is checked against the database now, and again when flushed: a row \
                      changed since is marked, never overwritten."
                .into(),
        });
    }

    /// Lets go of the journal (removed when nothing is staged).
    pub fn close_journal(&mut self) {
        self.effects
            .close_journal(self.model.session.unit.changes());
    }

    /// Work to do as soon as the workbench opens.
    pub fn start(&mut self) {
        for cmd in crate::app::update(&mut self.model, Action::RefreshCatalog) {
            self.effects.run(cmd);
        }
    }

    pub fn size(&self) -> Rect {
        self.size
    }

    pub fn set_size(&mut self, size: Rect) {
        self.size = size;
        let panes = layout::panes(size);
        self.model.page_rows = panes.results.height.saturating_sub(3).max(1) as usize;
        // the viewer covers the editor and the results, inside its border
        self.model.viewer_width = panes.editor.width.saturating_sub(2).max(1) as usize;
        let width = self.model.viewer_width;
        if let Some(v) = self.model.viewer_mut() {
            v.rewrap(width);
        }
    }

    /// The model's time is now: `update` and `apply` read it, never a clock.
    pub fn clock(&mut self) {
        use std::time::{Instant, SystemTime};
        (self.model.now, self.model.wall) = (Instant::now(), SystemTime::now());
    }

    pub fn draw(&self, frame: &mut Frame) {
        render::draw(
            frame,
            &self.model,
            &self.editor,
            &self.editor_view,
            &self.hits,
        );
    }

    pub fn dispatch(&mut self, action: Action) {
        self.clock();
        for cmd in app::update(&mut self.model, action) {
            self.effects.run(cmd);
        }
    }

    pub fn on_event(&mut self, event: Event) {
        self.clock();
        if matches!(event, Event::EchoChanged) {
            self.refresh_echo();
        }
        let finished = matches!(event, Event::QueryFinished { .. });
        for cmd in app::apply(&mut self.model, event) {
            self.effects.run(cmd);
        }
        if finished {
            self.mark_error_position();
        }
    }

    /// Puts the editor's cursor where the server says the statement failed.
    fn mark_error_position(&mut self) {
        let Some((row0, col0)) = self.run_origin.take() else {
            return;
        };
        let Some(result) = self.model.result() else {
            return;
        };
        let crate::query::result::ResultState::Failed(e) = &result.state else {
            return;
        };
        let Some((line, col)) = e.line_and_column(&result.sql) else {
            return;
        };
        let (row, col) = if line == 1 {
            (row0, col0 + col - 1)
        } else {
            (row0 + line - 1, col - 1)
        };
        self.editor
            .move_cursor(ratatui_textarea::CursorMove::Jump(row as u16, col as u16));
        self.model.notice = Some(format!("error at line {}, column {}", row + 1, col + 1));
    }

    /// Keeps the editor buffer for the next start.
    pub fn save_buffer(&mut self) {
        self.unsaved_since = None;
        let text = self.editor.lines().join("\n");
        let error = self.effects.save_buffer_now(&self.store, &text);
        self.on_event(Event::BufferSaved(error));
    }

    /// Saves the buffer off the UI thread (F5 runs without waiting for the disk).
    pub(super) fn save_buffer_soon(&mut self) {
        self.unsaved_since = None;
        (self.effects).save_buffer(self.store.clone(), self.editor.lines().join("\n"));
    }

    /// The buffer changed: it is saved once typing pauses (see `autosave`).
    pub(super) fn buffer_changed(&mut self) {
        self.unsaved_since
            .get_or_insert_with(std::time::Instant::now);
    }

    /// Whether the buffer has changes not yet saved.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved_since.is_some()
    }

    /// Saves the buffer off the UI thread once it has been unsaved for a moment, so that a
    /// crash or `kill -9` loses at most the last second of typing.
    pub fn autosave(&mut self) {
        const PAUSE: std::time::Duration = std::time::Duration::from_millis(500);
        if self.unsaved_since.is_some_and(|t| t.elapsed() >= PAUSE) {
            self.unsaved_since = None;
            let (store, text) = (self.store.clone(), self.editor.lines().join("\n"));
            self.effects.save_buffer(store, text);
        }
    }

    pub fn refresh_echo(&mut self) {
        self.model.echo = self.echo.tail(ECHO_SHOWN);
    }

    pub fn on_terminal_event(&mut self, ev: TermEvent) {
        match ev {
            TermEvent::Key(key) => self.on_key(key),
            TermEvent::Mouse(m) => self.on_mouse(m),
            TermEvent::Resize(w, h) => self.set_size(Rect::new(0, 0, w, h)),
            TermEvent::Paste(text) if self.model.keys_go_to().types() => {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                self.dispatch(Action::Edit(crate::app::line_input::LineEdit::Paste(text)));
            }
            TermEvent::Paste(text) if self.model.focus == PaneId::Editor => {
                // terminals send a pasted line break as CR
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                self.editor.insert_str(text);
                self.buffer_changed();
            }
            _ => {}
        }
    }

    /// Whether Ctrl-Z asked to suspend (the loop gives the terminal back first).
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }
}

/// The byte offset of (row, char column) in the buffer joined with newlines.
fn offset_of(editor: &TextArea<'static>, row: usize, col: usize) -> usize {
    let lines = editor.lines();
    let before: usize = lines.iter().take(row).map(|l| l.len() + 1).sum();
    let in_line = lines
        .get(row)
        .map_or(0, |l| l.char_indices().nth(col).map_or(l.len(), |(b, _)| b));
    before + in_line
}

/// (row, char column) of a byte offset in a buffer.
fn position_of(buffer: &str, offset: usize) -> (usize, usize) {
    let before = &buffer[..offset.min(buffer.len())];
    let row = before.matches('\n').count();
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (row, col)
}
