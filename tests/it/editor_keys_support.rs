//! What the editor-mode tests share: keys written as vi writes them (`dw`, `<Esc>`, `<C-r>`,
//! `<A-y>`, `<S-Right>`, `<F5>`), a buffer with its cursor written as `|`, and a table of
//! cases checked in one go (every mismatch listed).

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use retort::app::{Action, PaneId};
use retort::ui::Workbench;
use retort::ui::editor_keys::EditorMode;

/// One key of the notation: a character, or a name between < and >.
fn parse(token: &str) -> KeyEvent {
    let (mut mods, mut name) = (KeyModifiers::NONE, token);
    loop {
        if let Some(rest) = name.strip_prefix("C-").filter(|r| !r.is_empty()) {
            (mods, name) = (mods | KeyModifiers::CONTROL, rest);
        } else if let Some(rest) = name.strip_prefix("A-").filter(|r| !r.is_empty()) {
            (mods, name) = (mods | KeyModifiers::ALT, rest);
        } else if let Some(rest) = name.strip_prefix("S-").filter(|r| !r.is_empty()) {
            (mods, name) = (mods | KeyModifiers::SHIFT, rest);
        } else {
            break;
        }
    }
    let code = match name {
        "Esc" => KeyCode::Esc,
        "Enter" => KeyCode::Enter,
        "BS" => KeyCode::Backspace,
        "Tab" => KeyCode::Tab,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "End" => KeyCode::End,
        "Home" => KeyCode::Home,
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        f if f.starts_with('F') && f.len() > 1 => KeyCode::F(f[1..].parse().unwrap()),
        c if c.chars().count() == 1 => {
            let c = c.chars().next().unwrap();
            if c.is_ascii_uppercase() {
                mods |= KeyModifiers::SHIFT;
            }
            KeyCode::Char(c)
        }
        other => panic!("no key {other:?}"),
    };
    KeyEvent::new(code, mods)
}

/// The keys of `keys`, in order.
pub fn keys_of(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = keys.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let token: String = chars.by_ref().take_while(|&c| c != '>').collect();
            out.push(parse(&token));
        } else {
            out.push(parse(&c.to_string()));
        }
    }
    out
}

/// Presses `keys` on the workbench, as a terminal sends them.
pub fn press(wb: &mut Workbench, keys: &str) {
    for key in keys_of(keys) {
        wb.on_terminal_event(TermEvent::Key(key));
    }
}

/// The editor holds `text`, its cursor where the `|` is, and has the keys.
pub fn load(wb: &mut Workbench, text: &str) {
    let at = text.find('|').expect("a | for the cursor");
    let before = &text[..at];
    let row = before.matches('\n').count();
    let col = before.rsplit('\n').next().unwrap().chars().count();
    let plain = text.replacen('|', "", 1);
    wb.editor = TextArea::from(plain.split('\n'));
    wb.editor
        .move_cursor(CursorMove::Jump(row as u16, col as u16));
    wb.dispatch(Action::Focus(PaneId::Editor));
}

/// The editor's text with a `|` where its cursor is.
pub fn shown(wb: &Workbench) -> String {
    let c = wb.editor.cursor();
    let mut lines: Vec<String> = wb.editor.lines().to_vec();
    let line = &mut lines[c.0];
    let byte = line.char_indices().nth(c.1).map_or(line.len(), |(b, _)| b);
    line.insert(byte, '|');
    lines.join("\n")
}

/// Each case (text before, keys, text after) from a fresh start in `mode`; all mismatches
/// are listed together.
pub fn check(wb: &mut Workbench, mode: EditorMode, cases: &[(&str, &str, &str)]) {
    let mut wrong = Vec::new();
    for (before, keys, after) in cases {
        wb.set_editor_mode(mode);
        load(wb, before);
        press(wb, keys);
        let got = shown(wb);
        if got != *after {
            wrong.push(format!("{before:?} + {keys:?}: {got:?}, not {after:?}"));
        }
    }
    assert!(wrong.is_empty(), "{mode:?}:\n{}", wrong.join("\n"));
}
