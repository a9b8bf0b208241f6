//! The key bindings: one table, used both to dispatch keys and to draw the help overlay, so the
//! two cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::PaneId;
use crate::app::overlays::detail::DetailTab;

/// What a key can be bound to in the keymap; the workbench turns it into an `Action` for
/// `update` (or into work of its own: the clipboard, $EDITOR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bindable {
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
    /// Ctrl-Z outside the editor: back to the shell; `fg` resumes.
    Suspend,
    /// Ctrl-O: the connection picker.
    OpenConnection,
    PopupUp,
    PopupDown,
    PopupAccept,
    /// Tab in the history: the statement into the editor; in completion: take it.
    PopupEdit,
    PopupClose,
    PromptYes,
    PromptNo,
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
    Zoom,
    EngineView,
    Course,
    RestartLesson,
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
    /// In the echo log pane.
    Echo,
    /// In the cell editor and the insert form (other keys type text).
    Overlay,
    /// In lists that pop up (history, connections, completion) and typed filters.
    Popup,
    /// When retort asks before doing something.
    Prompt,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub command: Bindable,
    pub scope: Scope,
    pub help: &'static str,
}

mod bindings;
mod custom;
use KeyCode::*;
use Scope::*;
pub use bindings::BINDINGS;
use bindings::{ALT, CTRL};
pub use custom::{
    ThreadKeymap, active, apply, command_name, parse_key, scope_name, set_active,
    use_on_this_thread,
};

/// The command a key stands for in the cell editor or the insert form; None types the key.
pub fn lookup_overlay(key: KeyEvent) -> Option<Bindable> {
    lookup_in(Overlay, key)
}

/// The command a key stands for in one scope of its own (the overlays, pop-ups, prompts).
pub fn lookup_in(scope: Scope, key: KeyEvent) -> Option<Bindable> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    active()
        .iter()
        .find(|b| b.scope == scope && b.code == key.code && b.mods - KeyModifiers::SHIFT == mods)
        .map(|b| b.command)
}

/// The command a key stands for in the focused pane. A pane's own bindings come first there.
pub fn lookup(key: KeyEvent, focus: PaneId) -> Option<Bindable> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let own = |scope: Scope| match scope {
        Schema => focus == PaneId::Schema,
        Results => focus == PaneId::Results,
        Session => focus == PaneId::Session,
        Echo => focus == PaneId::Echo,
        Global | Panes | Overlay | Popup | Prompt => false,
    };
    let applies = |scope: Scope| match scope {
        Global => true,
        Panes => focus != PaneId::Editor,
        Schema | Results | Session | Echo => own(scope),
        Overlay | Popup | Prompt => false,
    };
    let hit = |b: &&Binding| {
        // terminals differ in whether they report Shift with BackTab and upper-case letters
        b.code == key.code && b.mods - KeyModifiers::SHIFT == mods && applies(b.scope)
    };
    let table = active();
    table
        .iter()
        .filter(|b| own(b.scope))
        .find(hit)
        .or_else(|| table.iter().find(hit))
        .map(|b| b.command)
}

/// The key of `command` in the active keymap, as the help writes it: a global one first
/// (it works everywhere), else the first.
pub fn first_key(command: Bindable) -> Option<String> {
    let table = active();
    let of = |b: &&Binding| b.command == command;
    table
        .iter()
        .filter(of)
        .find(|b| b.scope == Global)
        .or_else(|| table.iter().find(of))
        .map(key_label)
}

/// The keys the Session's texts mention, as the active keymap has them.
pub fn key_names() -> crate::app::model::KeyNames {
    let d = crate::app::model::KeyNames::default();
    let k = |c: Bindable, fallback: String| first_key(c).unwrap_or(fallback);
    crate::app::model::KeyNames {
        edit: k(Bindable::EditCell, d.edit),
        insert: k(Bindable::InsertRow, d.insert),
        delete: k(Bindable::StageDelete, d.delete),
        flush: k(Bindable::Flush, d.flush),
        commit: k(Bindable::Commit, d.commit),
        rollback: k(Bindable::Rollback, d.rollback),
    }
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
    use super::bindings::{NONE, SHIFT};
    use super::*;
    use Bindable as K;

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
