//! The key bindings: one table, used both to dispatch keys and to draw the help overlay, so the
//! two cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::PaneId;
use crate::app::detail::DetailTab;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCommand {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Focus(PaneId),
    Run,
    /// Ctrl-C: cancels a running statement, else quits.
    Interrupt,
    /// Esc: cancels a running statement, else closes the overlay.
    Escape,
    RefreshCatalog,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Activate,
    Filter,
    Detail(DetailTab),
    Preview,
    CopyName,
    InsertName,
    History,
    ViewCell,
    ViewRecord,
    Complete,
    ExternalEditor,
    Explain,
    Sort,
    RowFilter,
    Select,
    Narrower,
    Wider,
    FetchMore,
    ExportCsv,
    ExportJson,
    CopyCell,
    CopyRow,
    RunAll,
    NextResult,
    PrevResult,
    EditCell,
    InsertRow,
    StageDelete,
    Revert,
    Flush,
    Commit,
    Rollback,
    ToggleAutoflush,
    SessionTab,
    ZoomSession,
    OverlayAccept,
    OverlayNull,
    OverlayDefault,
    OverlayNext,
    OverlayPrev,
    OverlayPick,
    OverlayClear,
    WriteScript,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, the editor included.
    Global,
    /// In every pane but the editor (where the keys type text).
    Panes,
    /// In the schema tree.
    Schema,
    /// In the result grid.
    Results,
    /// In the Session pane.
    Session,
    /// In the cell editor and the insert form (other keys type text).
    Overlay,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub command: KeyCommand,
    pub scope: Scope,
    pub help: &'static str,
}

const fn bind(
    code: KeyCode,
    mods: KeyModifiers,
    command: KeyCommand,
    scope: Scope,
    help: &'static str,
) -> Binding {
    Binding {
        code,
        mods,
        command,
        scope,
        help,
    }
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
use KeyCode::*;
use KeyCommand as K;
use Scope::*;

pub const BINDINGS: &[Binding] = &[
    bind(Char('q'), CTRL, K::Quit, Global, "quit"),
    bind(F(1), NONE, K::Help, Global, "show or hide this help"),
    bind(Char('?'), NONE, K::Help, Panes, "show or hide this help"),
    bind(Tab, NONE, K::FocusNext, Global, "focus the next pane"),
    bind(
        BackTab,
        SHIFT,
        K::FocusPrev,
        Global,
        "focus the previous pane",
    ),
    bind(
        Char('1'),
        ALT,
        K::Focus(PaneId::Schema),
        Global,
        "focus the schema pane",
    ),
    bind(
        Char('2'),
        ALT,
        K::Focus(PaneId::Editor),
        Global,
        "focus the SQL editor",
    ),
    bind(
        Char('3'),
        ALT,
        K::Focus(PaneId::Results),
        Global,
        "focus the results",
    ),
    bind(
        Char('4'),
        ALT,
        K::Focus(PaneId::Echo),
        Global,
        "focus the echo log",
    ),
    bind(
        Char('5'),
        ALT,
        K::Focus(PaneId::Session),
        Global,
        "focus the session",
    ),
    bind(
        F(5),
        NONE,
        K::Run,
        Global,
        "run the statement under the cursor",
    ),
    bind(
        Enter,
        CTRL,
        K::Run,
        Global,
        "run the statement under the cursor",
    ),
    bind(
        F(6),
        NONE,
        K::RunAll,
        Global,
        "run every statement of the buffer (a tab each)",
    ),
    bind(
        Char(' '),
        CTRL,
        K::Complete,
        Global,
        "complete a keyword, table or column",
    ),
    bind(
        F(4),
        NONE,
        K::ExternalEditor,
        Global,
        "edit the buffer in $EDITOR",
    ),
    bind(
        F(7),
        NONE,
        K::Explain,
        Global,
        "EXPLAIN the statement under the cursor as a plan tree",
    ),
    bind(
        F(2),
        NONE,
        K::History,
        Global,
        "history: search, Enter runs again, Tab edits",
    ),
    bind(
        Esc,
        NONE,
        K::Escape,
        Global,
        "cancel the running statement / close",
    ),
    bind(
        Char('c'),
        CTRL,
        K::Interrupt,
        Global,
        "cancel the running statement, else quit",
    ),
    bind(
        Char('r'),
        CTRL,
        K::RefreshCatalog,
        Global,
        "reload the schema",
    ),
    bind(Up, NONE, K::Up, Panes, "move up"),
    bind(Char('k'), NONE, K::Up, Panes, "move up"),
    bind(Down, NONE, K::Down, Panes, "move down"),
    bind(Char('j'), NONE, K::Down, Panes, "move down"),
    bind(PageUp, NONE, K::PageUp, Panes, "page up"),
    bind(PageDown, NONE, K::PageDown, Panes, "page down"),
    bind(Home, NONE, K::Top, Panes, "first row"),
    bind(Char('g'), NONE, K::Top, Panes, "first row"),
    bind(End, NONE, K::Bottom, Panes, "last row"),
    bind(Char('G'), SHIFT, K::Bottom, Panes, "last row"),
    bind(Left, NONE, K::Left, Panes, "column left"),
    bind(Char('h'), NONE, K::Left, Panes, "column left"),
    bind(Right, NONE, K::Right, Panes, "column right"),
    bind(Char('l'), NONE, K::Right, Panes, "column right"),
    bind(
        Enter,
        NONE,
        K::Activate,
        Schema,
        "expand / collapse; follow a foreign key",
    ),
    bind(Right, NONE, K::Right, Schema, "expand"),
    bind(Left, NONE, K::Left, Schema, "collapse / go to the parent"),
    bind(
        Char('/'),
        NONE,
        K::Filter,
        Schema,
        "filter tables as you type (Esc clears)",
    ),
    bind(
        Char('i'),
        NONE,
        K::Detail(DetailTab::Info),
        Schema,
        "the table's details (Table, Column, Index…)",
    ),
    bind(
        Char('d'),
        NONE,
        K::Detail(DetailTab::Ddl),
        Schema,
        "the table's CREATE TABLE",
    ),
    bind(
        Char('m'),
        NONE,
        K::Detail(DetailTab::Model),
        Schema,
        "the table as a SQLAlchemy model class",
    ),
    bind(
        Char('p'),
        NONE,
        K::Preview,
        Schema,
        "preview the table's first rows",
    ),
    bind(
        Char('y'),
        NONE,
        K::CopyName,
        Schema,
        "copy the table's name",
    ),
    bind(
        Char('e'),
        NONE,
        K::InsertName,
        Schema,
        "insert the quoted name into the editor",
    ),
    bind(
        Enter,
        NONE,
        K::ViewCell,
        Results,
        "view the cell (JSON pretty, bytes as hex)",
    ),
    bind(
        Char('r'),
        NONE,
        K::ViewRecord,
        Results,
        "view the row as a record",
    ),
    bind(Char('y'), NONE, K::CopyCell, Results, "copy the cell"),
    bind(Char('Y'), SHIFT, K::CopyRow, Results, "copy the row (TSV)"),
    bind(Char(']'), NONE, K::NextResult, Results, "next result tab"),
    bind(
        Char('M'),
        SHIFT,
        K::FetchMore,
        Results,
        "fetch more of a capped result",
    ),
    bind(
        Char('s'),
        NONE,
        K::Sort,
        Results,
        "sort by the current column (again: descending, again: off)",
    ),
    bind(
        Char('/'),
        NONE,
        K::RowFilter,
        Results,
        "filter the fetched rows (Enter applies, Esc clears)",
    ),
    bind(
        Char('v'),
        NONE,
        K::Select,
        Results,
        "mark rows from here (y copies them as TSV)",
    ),
    bind(
        Char('<'),
        NONE,
        K::Narrower,
        Results,
        "make the current column narrower",
    ),
    bind(
        Char('>'),
        NONE,
        K::Wider,
        Results,
        "make the current column wider",
    ),
    bind(
        Char('x'),
        NONE,
        K::ExportCsv,
        Results,
        "export the whole result to CSV (runs it again)",
    ),
    bind(
        Char('X'),
        SHIFT,
        K::ExportJson,
        Results,
        "export the whole result to JSON",
    ),
    bind(
        Char('['),
        NONE,
        K::PrevResult,
        Results,
        "previous result tab",
    ),
    bind(
        Char('s'),
        CTRL,
        K::Commit,
        Global,
        "commit the session (flushes what is staged first)",
    ),
    bind(
        Char('e'),
        NONE,
        K::EditCell,
        Results,
        "edit the cell (staged)",
    ),
    bind(
        Char('a'),
        NONE,
        K::InsertRow,
        Results,
        "add a row to the result's table",
    ),
    bind(
        Char('d'),
        NONE,
        K::StageDelete,
        Results,
        "delete the row, or the marked rows (staged)",
    ),
    bind(
        Char('u'),
        NONE,
        K::Revert,
        Results,
        "take back the row's staged change",
    ),
    bind(
        Char('a'),
        NONE,
        K::InsertRow,
        Schema,
        "add a row to the table",
    ),
    bind(
        Char('f'),
        NONE,
        K::Flush,
        Session,
        "flush: send the staged SQL, keep the transaction",
    ),
    bind(Char('c'), NONE, K::Commit, Session, "commit"),
    bind(
        Char('r'),
        NONE,
        K::Rollback,
        Session,
        "roll back and discard (asks first)",
    ),
    bind(
        Char('u'),
        NONE,
        K::Revert,
        Session,
        "take back the change under the cursor",
    ),
    bind(
        Char('A'),
        SHIFT,
        K::ToggleAutoflush,
        Session,
        "autoflush on / off",
    ),
    bind(
        Char('t'),
        NONE,
        K::SessionTab,
        Session,
        "changes ↔ the SQLAlchemy teaching view",
    ),
    bind(
        Char('z'),
        NONE,
        K::ZoomSession,
        Session,
        "enlarge the pane to the full screen",
    ),
    bind(
        Char('W'),
        SHIFT,
        K::WriteScript,
        Session,
        "write the session as a Python (SQLAlchemy) script",
    ),
    bind(
        Enter,
        NONE,
        K::OverlayAccept,
        Overlay,
        "stage the value / the row",
    ),
    bind(Char('n'), CTRL, K::OverlayNull, Overlay, "NULL"),
    bind(Char('u'), CTRL, K::OverlayClear, Overlay, "clear the text"),
    bind(
        F(4),
        NONE,
        K::ExternalEditor,
        Overlay,
        "edit the cell in $EDITOR (long text, JSON)",
    ),
    bind(
        Char('p'),
        CTRL,
        K::OverlayPick,
        Overlay,
        "pick the row a foreign key points at",
    ),
    bind(
        Char('d'),
        CTRL,
        K::OverlayDefault,
        Overlay,
        "DEFAULT (in a form: left to the server)",
    ),
    bind(Tab, NONE, K::OverlayNext, Overlay, "next field"),
    bind(Down, NONE, K::OverlayNext, Overlay, "next field"),
    bind(BackTab, SHIFT, K::OverlayPrev, Overlay, "previous field"),
    bind(Up, NONE, K::OverlayPrev, Overlay, "previous field"),
    bind(Esc, NONE, K::Escape, Overlay, "close without staging"),
];

/// The command a key stands for in the cell editor or the insert form; None types the key.
pub fn lookup_overlay(key: KeyEvent) -> Option<KeyCommand> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .find(|b| b.scope == Overlay && b.code == key.code && b.mods - KeyModifiers::SHIFT == mods)
        .map(|b| b.command)
}

/// The command a key stands for in the focused pane. A pane's own bindings come first there.
pub fn lookup(key: KeyEvent, focus: PaneId) -> Option<KeyCommand> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let own = |scope: Scope| match scope {
        Schema => focus == PaneId::Schema,
        Results => focus == PaneId::Results,
        Session => focus == PaneId::Session,
        Global | Panes | Overlay => false,
    };
    let applies = |scope: Scope| match scope {
        Global => true,
        Panes => focus != PaneId::Editor,
        Schema | Results | Session => own(scope),
        Overlay => false,
    };
    let hit = |b: &&Binding| {
        // terminals differ in whether they report Shift with BackTab and upper-case letters
        b.code == key.code && b.mods - KeyModifiers::SHIFT == mods && applies(b.scope)
    };
    BINDINGS
        .iter()
        .filter(|b| own(b.scope))
        .find(hit)
        .or_else(|| BINDINGS.iter().find(hit))
        .map(|b| b.command)
}

/// How a key is written in the help: "Ctrl-Q", "F5", "Alt-1", "Shift-Tab".
pub fn key_label(b: &Binding) -> String {
    let key = match b.code {
        Char(' ') => "Space".to_string(),
        Char(c) => c.to_string(),
        F(n) => format!("F{n}"),
        BackTab => "Tab".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    let mut label = String::new();
    if b.mods.contains(CTRL) {
        label.push_str("Ctrl-");
    }
    if b.mods.contains(ALT) {
        label.push_str("Alt-");
    }
    if b.code == BackTab {
        label.push_str("Shift-");
    }
    let single_char = key.chars().count() == 1;
    label.push_str(
        if b.mods.contains(CTRL) && single_char {
            key.to_uppercase()
        } else {
            key
        }
        .as_str(),
    );
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn editor_keeps_plain_letters() {
        let ed = PaneId::Editor;
        assert_eq!(lookup(key(Char('j'), NONE), PaneId::Results), Some(K::Down));
        assert_eq!(lookup(key(Char('j'), NONE), ed), None);
        assert_eq!(lookup(key(Char('?'), NONE), ed), None);
        assert_eq!(lookup(key(Char('q'), CTRL), ed), Some(K::Quit));
        assert_eq!(lookup(key(F(5), NONE), ed), Some(K::Run));
        assert_eq!(lookup(key(Char('G'), SHIFT), PaneId::Echo), Some(K::Bottom));
        assert_eq!(lookup(key(BackTab, SHIFT), ed), Some(K::FocusPrev));
        assert_eq!(
            lookup(key(Char('d'), NONE), PaneId::Schema),
            Some(K::Detail(DetailTab::Ddl))
        );
        assert_eq!(
            lookup(key(Char('d'), NONE), PaneId::Results),
            Some(K::StageDelete)
        );
        assert_eq!(lookup(key(Char('s'), CTRL), ed), Some(K::Commit));
        assert_eq!(
            lookup(key(Char('f'), NONE), PaneId::Session),
            Some(K::Flush)
        );
        assert_eq!(lookup_overlay(key(Char('n'), CTRL)), Some(K::OverlayNull));
        assert_eq!(lookup_overlay(key(Char('n'), NONE)), None);
        assert_eq!(lookup(key(Enter, NONE), PaneId::Schema), Some(K::Activate));
    }

    #[test]
    fn labels_read_well() {
        let quit = BINDINGS.iter().find(|b| b.command == K::Quit).unwrap();
        assert_eq!(key_label(quit), "Ctrl-Q");
        let back = BINDINGS.iter().find(|b| b.command == K::FocusPrev).unwrap();
        assert_eq!(key_label(back), "Shift-Tab");
    }
}
