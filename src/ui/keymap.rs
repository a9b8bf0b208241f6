//! The key bindings: one table, used both to dispatch keys and to draw the help overlay, so the
//! two cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::PaneId;

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
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, the editor included.
    Global,
    /// In every pane but the editor (where the keys type text).
    Panes,
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
];

/// The command a key stands for, given whether the editor has focus.
pub fn lookup(key: KeyEvent, editor_focused: bool) -> Option<KeyCommand> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    BINDINGS
        .iter()
        .find(|b| {
            let code_matches = b.code == key.code;
            // terminals differ in whether they report Shift with BackTab and upper-case letters
            let mods_match = b.mods - KeyModifiers::SHIFT == mods;
            code_matches && mods_match && (b.scope == Global || !editor_focused)
        })
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
        assert_eq!(lookup(key(Char('j'), NONE), false), Some(K::Down));
        assert_eq!(lookup(key(Char('j'), NONE), true), None);
        assert_eq!(lookup(key(Char('?'), NONE), true), None);
        assert_eq!(lookup(key(Char('q'), CTRL), true), Some(K::Quit));
        assert_eq!(lookup(key(F(5), NONE), true), Some(K::Run));
        assert_eq!(lookup(key(Char('G'), SHIFT), false), Some(K::Bottom));
        assert_eq!(lookup(key(BackTab, SHIFT), true), Some(K::FocusPrev));
    }

    #[test]
    fn labels_read_well() {
        let quit = BINDINGS.iter().find(|b| b.command == K::Quit).unwrap();
        assert_eq!(key_label(quit), "Ctrl-Q");
        let back = BINDINGS.iter().find(|b| b.command == K::FocusPrev).unwrap();
        assert_eq!(key_label(back), "Shift-Tab");
    }
}
