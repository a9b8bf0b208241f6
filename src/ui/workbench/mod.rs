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
mod complete_pause;
mod editing;
mod external_editor;
mod keys;
mod mouse;
mod popup_keys;

use self::clipboard::Clipboard;
use super::editor_view::EditorView;
use super::keymap;
use super::{layout, render};
use crate::app::effects::Effects;
use crate::app::keys_to::KeysTo;
use crate::app::model::Setup;
use crate::app::notice::{Level, Notice};
use crate::app::overlays::picker::{Password, PickTarget};
use crate::app::{self, Action, Command, Event, Model, PaneId};
use crate::engine::{Connection, EchoLog};
use crate::query::connection_files::ConnectionFiles;

/// How many echo entries the pane keeps at hand.
const ECHO_SHOWN: usize = 500;

pub struct Workbench {
    pub model: Model,
    pub editor: TextArea<'static>,
    editor_view: EditorView,
    /// The editing keys of the configured mode (default, emacs, vi) and vi's state.
    editor_keys: super::editor_keys::EditorKeys,
    store: ConnectionFiles,
    clipboard: Clipboard,
    /// F4 asked for $EDITOR; the loop hands over the terminal.
    external_edit: bool,
    /// Ctrl-Z asked to stop the process until the shell's `fg`.
    suspend: bool,
    /// What the connection picker offers (configured connections, recent URLs, the demo).
    pub picker_entries: Vec<crate::app::overlays::picker::PickerEntry>,
    /// The configuration file the picker adds connections to.
    pub config: crate::ui::connections::ConfigFile,
    /// The front end's own answers (a configuration file saved) go in with the core's.
    events: mpsc::UnboundedSender<Event>,
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
    /// A switch asked for and not yet taken by the loop.
    switch: Option<(PickTarget, Option<Password>)>,
    /// When a word was last typed in the editor (completion opens after a pause).
    typed_at: Option<std::time::Instant>,
    complete_while_typing: bool,
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
        let store = ConnectionFiles::new(data_root, &key, &info.identity);
        let model = Model::new(info);
        let history = store.load_history();
        let course = (store.load_course())
            .and_then(|t| serde_json::from_str(&t).ok())
            .map(crate::app::course::within_the_course);
        let saved = store.load_buffer();
        let marked = saved
            .as_deref()
            .is_some_and(|t| t.contains(crate::engine::secrets::SECRET_MARKER));
        let mut editor = match saved {
            Some(text) => TextArea::from(text.lines()),
            None => TextArea::default(),
        };
        // the text comes back with the cursor where it was (clamped to the text)
        if let Some((row, col)) = store.load_cursor() {
            let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
            editor.move_cursor(ratatui_textarea::CursorMove::Jump(at(row), at(col)));
        }
        editor.set_placeholder_text("-- type SQL here; F5 runs the statement under the cursor");
        let mut wb = Workbench {
            model,
            editor,
            editor_view: EditorView::default(),
            editor_keys: Default::default(),
            effects: Effects::new(conn, store.clone(), events.clone()),
            events,
            config: Default::default(),
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
            switch: None,
            typed_at: None,
            complete_while_typing: true,
        };
        let demo = (wb.store.demo_path()).and_then(|p| std::fs::canonicalize(p).ok());
        let bundled_demo = demo.is_some_and(|p| p.to_string_lossy() == wb.model.info.identity);
        wb.on_event(Event::Configured(Box::new(Setup {
            keys: Some(keymap::key_names()),
            history: Some(history),
            course,
            bundled_demo: Some(bundled_demo),
            ..Default::default()
        })));
        if marked {
            wb.report(Notice::new(
                Level::Warning,
                "The saved buffer kept no password: type it again where it says <secret \
                 redacted: type it again>.",
            ));
        }
        wb.refresh_echo();
        wb.open_journal();
        wb
    }

    /// Says how the front end's own work went (the clipboard, $EDITOR, a switch).
    pub fn report(&mut self, notice: Notice) {
        self.on_event(Event::Reported(notice));
    }

    /// A switch the user asked for (the loop connects, then replaces this workbench).
    pub fn take_switch(&mut self) -> Option<(PickTarget, Option<Password>)> {
        self.switch.take()
    }

    /// The connection a switch was asked to, not yet taken.
    pub fn switch_asked(&self) -> Option<&PickTarget> {
        self.switch.as_ref().map(|(target, _)| target)
    }

    /// Carries out commands: the effects runner's, and the front end's own (a switch).
    fn run_commands(&mut self, commands: Vec<Command>) {
        for cmd in commands {
            match cmd {
                Command::Switch { target, password } => self.switch = Some((target, password)),
                Command::SaveConnection { change, note } => {
                    (self.config).save_soon(change, note, self.events.clone())
                }
                cmd => self.effects.run(cmd),
            }
        }
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
        let opened = crate::session::journal::Journal::open(path).map(|(journal, recovered)| {
            self.effects.set_journal(journal);
            recovered
        });
        self.on_event(Event::JournalOpened(opened));
    }

    /// Leaving while something runs on the server (a signal, the terminal gone: no one to
    /// ask): it is cancelled there first rather than left to run on, and commit, unseen.
    pub async fn cancel_before_leaving(&self) {
        if self.model.is_running() || self.model.session.busy {
            self.effects.cancel_now().await;
        }
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
        let panes = layout::arrange(size, &self.model);
        // the viewer covers the editor and the results (the workbench when one pane is alone)
        let under_viewer = match panes.editor.is_empty() || panes.results.is_empty() {
            true => panes.workbench,
            false => Rect {
                height: (panes.results.y + panes.results.height).saturating_sub(panes.editor.y),
                ..panes.editor
            },
        };
        self.on_event(Event::Resized {
            page_rows: panes.results.height.saturating_sub(3).max(1) as usize,
            viewer_width: under_viewer.width.saturating_sub(2).max(1) as usize,
            viewer_rows: under_viewer.height.saturating_sub(2).max(1) as usize,
        });
    }

    /// The model's time is now: `update` and `apply` read it, never a clock.
    pub fn clock(&mut self) {
        use std::time::{Instant, SystemTime};
        (self.model.now, self.model.wall) = (Instant::now(), SystemTime::now());
    }

    pub fn draw(&self, frame: &mut Frame) {
        self.editor_selection();
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
        let arranged = |m: &app::Model| (m.course.open, m.zoomed, m.focus);
        let before = arranged(&self.model);
        let commands = app::update(&mut self.model, action);
        self.run_commands(commands);
        if arranged(&self.model) != before {
            // the course, a zoomed pane or another focus change the panes' sizes
            self.set_size(self.size);
        }
    }

    pub fn on_event(&mut self, event: Event) {
        self.clock();
        let finished = matches!(event, Event::QueryFinished { .. });
        if let Event::ConnectionsSaved { result: Ok(s), .. } = &event {
            let entries = &self.picker_entries;
            self.picker_entries =
                app::overlays::picker::with_configured(entries, s.configured.clone());
        }
        let commands = app::apply(&mut self.model, event);
        self.run_commands(commands);
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
        let said = format!("error at line {}, column {}", row + 1, col + 1);
        self.report(Notice::new(Level::Error, said));
    }

    /// Keeps the editor buffer for the next start.
    pub fn save_buffer(&mut self) {
        self.unsaved_since = None;
        let text = self.editor.lines().join("\n");
        let error = (self.effects).save_buffer_now(&self.store, (&text, self.cursor()));
        self.on_event(Event::BufferSaved(error));
    }

    /// Saves the buffer off the UI thread (F5 runs without waiting for the disk).
    pub(super) fn save_buffer_soon(&mut self) {
        self.unsaved_since = None;
        let buffer = (self.editor.lines().join("\n"), self.cursor());
        (self.effects).save_buffer(self.store.clone(), buffer);
    }

    /// The editor's cursor as (row, column), kept with the saved text.
    fn cursor(&self) -> (usize, usize) {
        let at = self.editor.cursor();
        (at.0, at.1)
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
            let buffer = (self.editor.lines().join("\n"), self.cursor());
            self.effects.save_buffer(self.store.clone(), buffer);
        }
    }

    pub fn refresh_echo(&mut self) {
        self.on_event(Event::Echoed(self.echo.tail(ECHO_SHOWN)));
    }

    pub fn on_terminal_event(&mut self, ev: TermEvent) {
        match ev {
            TermEvent::Key(key) => self.on_key(key),
            TermEvent::Mouse(m) => self.on_mouse(m),
            TermEvent::Resize(w, h) => self.set_size(Rect::new(0, 0, w, h)),
            // terminals send a pasted line break as CR
            TermEvent::Paste(text) => self.on_paste(text.replace("\r\n", "\n").replace('\r', "\n")),
            _ => {}
        }
    }

    /// A paste goes where the keys go: into the text field that has them, else into the
    /// editor when it is focused; under a popup that takes no text (help, a question, the
    /// viewer) it does nothing. Completion closes first, as for any other key.
    fn on_paste(&mut self, text: String) {
        match self.model.keys_go_to() {
            keys if keys.types() => {
                self.dispatch(Action::Edit(crate::app::line_input::LineEdit::Paste(text)))
            }
            KeysTo::Completion => {
                self.dispatch(Action::Dismiss);
                self.on_paste(text);
            }
            KeysTo::Panes if self.model.focus == PaneId::Editor => {
                self.edit_outside(|ed| {
                    ed.insert_str(text);
                });
            }
            _ => {}
        }
    }

    /// Whether Ctrl-Z asked to suspend (the loop gives the terminal back first).
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }
}

/// A workbench that goes (a quit, a switch, a test's end) leaves every staged change it sent
/// in the journal.
impl Drop for Workbench {
    fn drop(&mut self) {
        self.effects.wait_for_journal();
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
