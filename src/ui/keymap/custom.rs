//! The active keymap: the built-in table with the user's overrides from the configuration
//! (`[keys.<scope>] <action> = "Ctrl-K"` or a list of keys). An unknown scope, action or key,
//! and a key that another action of the same scope already has, are reported, and that
//! override is not applied.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crossterm::event::{KeyCode, KeyModifiers};

use super::{BINDINGS, Bindable, Binding, Scope};

/// An action's name in the configuration: the command in snake case (`quit`, `focus_schema`,
/// `detail_ddl`, `edit_cell`).
pub fn command_name(c: Bindable) -> String {
    let debug = format!("{c:?}");
    let mut out = String::new();
    for ch in debug.chars() {
        match ch {
            '(' | ')' => {}
            c if c.is_ascii_uppercase() => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

pub fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Global => "global",
        Scope::Panes => "panes",
        Scope::Schema => "schema",
        Scope::Results => "results",
        Scope::Session => "session",
        Scope::Echo => "echo",
        Scope::Overlay => "overlay",
        Scope::Popup => "popup",
        Scope::Prompt => "prompt",
    }
}

const SCOPES: [Scope; 9] = [
    Scope::Global,
    Scope::Panes,
    Scope::Schema,
    Scope::Results,
    Scope::Session,
    Scope::Echo,
    Scope::Overlay,
    Scope::Popup,
    Scope::Prompt,
];

/// "Ctrl-K", "Alt-1", "F5", "Shift-Tab", "PgDn", "Enter", "x" → a key.
pub fn parse_key(text: &str) -> Option<(KeyCode, KeyModifiers)> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let (m, len) = if lower.starts_with("ctrl-") {
            (KeyModifiers::CONTROL, 5)
        } else if lower.starts_with("alt-") {
            (KeyModifiers::ALT, 4)
        } else if lower.starts_with("shift-") {
            (KeyModifiers::SHIFT, 6)
        } else {
            break;
        };
        if rest.len() == len {
            break;
        }
        mods |= m;
        rest = &rest[len..];
    }
    let lower = rest.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        f if f.starts_with('f') && f.len() > 1 && f[1..].parse::<u8>().is_ok() => {
            KeyCode::F(f[1..].parse().ok()?)
        }
        _ => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            // Ctrl-letters are written upper case in the help; the key is the letter
            if mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
    };
    if code == KeyCode::BackTab {
        mods |= KeyModifiers::SHIFT;
    }
    Some((code, mods))
}

/// The built-in bindings with `overrides` (scope → action → keys) applied, and a sentence for
/// each override that could not be.
pub fn apply(
    overrides: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
) -> (Vec<Binding>, Vec<String>) {
    let mut table: Vec<Binding> = BINDINGS.to_vec();
    let mut problems = Vec::new();
    for (scope_key, actions) in overrides {
        let Some(scope) = SCOPES.into_iter().find(|s| scope_name(*s) == scope_key) else {
            let names: Vec<&str> = SCOPES.iter().map(|s| scope_name(*s)).collect();
            problems.push(format!(
                "keys: unknown scope {scope_key:?} (scopes: {})",
                names.join(", ")
            ));
            continue;
        };
        for (action, keys) in actions {
            if let Err(said) = rebind(&mut table, scope, scope_key, action, keys) {
                problems.extend(said);
            }
        }
    }
    (table, problems)
}

/// Binds `keys` to `action` of `scope` in `table`, in place of its built-in keys; or says why
/// not (an unknown action, a key that is not one, a key that types text, a clash), changing
/// nothing.
fn rebind(
    table: &mut Vec<Binding>,
    scope: Scope,
    scope_key: &str,
    action: &str,
    keys: &[String],
) -> Result<(), Vec<String>> {
    let Some(template) = table
        .iter()
        .find(|b| b.scope == scope && command_name(b.command) == *action)
        .copied()
    else {
        let known: Vec<String> = table
            .iter()
            .filter(|b| b.scope == scope)
            .map(|b| command_name(b.command))
            .collect();
        return Err(vec![format!(
            "keys.{scope_key}: unknown action {action:?} (actions here: {})",
            known.join(", ")
        )]);
    };
    let (mut parsed, mut bad) = (Vec::new(), Vec::new());
    for k in keys {
        match parse_key(k) {
            Some(key) => parsed.push(key),
            None => bad.push(not_a_key(scope_key, action, k)),
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let types_text = |(code, mods): &(KeyCode, KeyModifiers)| {
        matches!(code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Backspace)
            && (*mods - KeyModifiers::SHIFT).is_empty()
    };
    if matches!(scope, Scope::Global | Scope::Overlay | Scope::Popup)
        && parsed.iter().any(types_text)
    {
        return Err(vec![format!(
            "keys.{scope_key}.{action}: a key that types text cannot be {scope_key} (the \
             editor and the forms need it); use Ctrl, Alt or a function key"
        )]);
    }
    let clash = parsed.iter().find_map(|(code, mods)| {
        table.iter().find(|b| {
            b.command != template.command
                && b.code == *code
                && b.mods - KeyModifiers::SHIFT == *mods - KeyModifiers::SHIFT
                && overlaps(b.scope, scope)
        })
    });
    if let Some(other) = clash {
        return Err(vec![format!(
            "keys.{scope_key}.{action}: {} already does {:?} ({}); not changed",
            super::key_label(other),
            command_name(other.command),
            scope_name(other.scope)
        )]);
    }
    table.retain(|b| !(b.scope == scope && b.command == template.command));
    for (code, mods) in parsed {
        table.push(Binding {
            code,
            mods,
            ..template
        });
    }
    Ok(())
}

/// Whether one key could mean both: the same scope, or the global one and any pane's.
fn overlaps(a: Scope, b: Scope) -> bool {
    a == b
        || ((a == Scope::Global || b == Scope::Global)
            && a != Scope::Overlay
            && b != Scope::Overlay)
}

static ACTIVE: RwLock<Option<Arc<Vec<Binding>>>> = RwLock::new(None);

thread_local! {
    static LOCAL: std::cell::RefCell<Option<Arc<Vec<Binding>>>> = const { std::cell::RefCell::new(None) };
}

/// Makes `table` the keymap the workbench dispatches and explains with.
pub fn set_active(table: Vec<Binding>) {
    if let Ok(mut a) = ACTIVE.write() {
        *a = Some(Arc::new(table));
    }
}

/// `table` on this thread only, until the guard goes (tests side by side).
pub fn use_on_this_thread(table: Vec<Binding>) -> ThreadKeymap {
    LOCAL.with(|l| *l.borrow_mut() = Some(Arc::new(table)));
    ThreadKeymap
}

pub struct ThreadKeymap;

impl Drop for ThreadKeymap {
    fn drop(&mut self) {
        LOCAL.with(|l| *l.borrow_mut() = None);
    }
}

/// The keymap in effect.
pub fn active() -> Arc<Vec<Binding>> {
    if let Some(t) = LOCAL.with(|l| l.borrow().clone()) {
        return t;
    }
    if let Some(t) = ACTIVE.read().ok().and_then(|a| a.clone()) {
        return t;
    }
    static BUILT_IN: std::sync::OnceLock<Arc<Vec<Binding>>> = std::sync::OnceLock::new();
    BUILT_IN.get_or_init(|| Arc::new(BINDINGS.to_vec())).clone()
}

/// Why `k` is not a key, with the spelling that is when it only joined its parts with `+`.
fn not_a_key(scope: &str, action: &str, k: &str) -> String {
    let dashed = k.replace('+', "-");
    match parse_key(&dashed) {
        Some(_) if dashed != k => {
            format!("keys.{scope}.{action}: {k:?} is not a key; {dashed:?} is (parts join with -)")
        }
        _ => format!("keys.{scope}.{action}: {k:?} is not a key"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::PaneId;
    use crossterm::event::KeyEvent;

    fn overrides(
        scope: &str,
        action: &str,
        keys: &[&str],
    ) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        let mut a = BTreeMap::new();
        a.insert(
            action.to_string(),
            keys.iter().map(|k| k.to_string()).collect(),
        );
        let mut o = BTreeMap::new();
        o.insert(scope.to_string(), a);
        o
    }

    #[test]
    fn the_session_texts_name_the_built_in_keys_and_follow_a_change() {
        assert_eq!(
            super::super::key_names(),
            crate::app::model::KeyNames::default()
        );
        let (table, _) = apply(&overrides("results", "edit_cell", &["Ctrl-E"]));
        let _on = use_on_this_thread(table);
        assert_eq!(super::super::key_names().edit, "Ctrl-E");
    }

    #[test]
    fn names_and_keys_read_as_the_help_writes_them() {
        assert_eq!(command_name(Bindable::Quit), "quit");
        assert_eq!(
            command_name(Bindable::Focus(PaneId::Schema)),
            "focus_schema"
        );
        assert_eq!(command_name(Bindable::EditCell), "edit_cell");
        assert_eq!(
            parse_key("Ctrl-E"),
            Some((KeyCode::Char('e'), KeyModifiers::CONTROL))
        );
        assert_eq!(
            parse_key("Alt-1"),
            Some((KeyCode::Char('1'), KeyModifiers::ALT))
        );
        assert_eq!(parse_key("F5"), Some((KeyCode::F(5), KeyModifiers::NONE)));
        assert_eq!(
            parse_key("Shift-Tab"),
            Some((KeyCode::BackTab, KeyModifiers::SHIFT))
        );
        assert_eq!(
            parse_key("PgDn"),
            Some((KeyCode::PageDown, KeyModifiers::NONE))
        );
        assert_eq!(
            parse_key("-"),
            Some((KeyCode::Char('-'), KeyModifiers::NONE))
        );
        assert_eq!(parse_key("Ctrl-"), None);
        assert_eq!(parse_key("Hyper-x"), None);
        // every built-in binding's label reads back as its key
        for b in BINDINGS {
            let (code, mods) =
                parse_key(&super::super::key_label(b)).unwrap_or_else(|| panic!("{b:?}"));
            assert_eq!(code, b.code, "{b:?}");
            assert_eq!(
                mods - KeyModifiers::SHIFT,
                b.mods - KeyModifiers::SHIFT,
                "{b:?}"
            );
        }
    }

    #[test]
    fn an_override_moves_the_action_and_bad_ones_are_reported() {
        let (table, problems) = apply(&overrides("results", "edit_cell", &["Ctrl-E", "F12"]));
        assert!(problems.is_empty(), "{problems:?}");
        let _on = use_on_this_thread(table);
        let key = |code, mods| super::super::lookup(KeyEvent::new(code, mods), PaneId::Results);
        assert_eq!(
            key(KeyCode::Char('e'), KeyModifiers::CONTROL),
            Some(Bindable::EditCell)
        );
        assert_eq!(
            key(KeyCode::F(12), KeyModifiers::NONE),
            Some(Bindable::EditCell)
        );
        assert_ne!(
            key(KeyCode::Char('e'), KeyModifiers::NONE),
            Some(Bindable::EditCell)
        );
        drop(_on);
        let (_, p) = apply(&overrides("results", "edit_sell", &["Ctrl-E"]));
        assert!(
            p[0].contains("unknown action \"edit_sell\"") && p[0].contains("edit_cell"),
            "{p:?}"
        );
        let (table, p) = apply(&overrides("results", "edit_cell", &["d"]));
        assert!(p[0].contains("already does \"stage_delete\""), "{p:?}");
        assert!(
            table
                .iter()
                .any(|b| b.command == Bindable::EditCell && b.code == KeyCode::Char('e'))
        );
        let (_, p) = apply(&overrides("grid", "edit_cell", &["x"]));
        assert!(p[0].contains("unknown scope \"grid\""), "{p:?}");
        let (_, p) = apply(&overrides("global", "quit", &["Ctrl-Qq"]));
        assert!(p[0].contains("\"Ctrl-Qq\" is not a key"), "{p:?}");
        let (_, p) = apply(&overrides("results", "edit_cell", &["Ctrl+E"]));
        assert!(
            p.iter()
                .any(|m| m.contains("\"Ctrl+E\" is not a key; \"Ctrl-E\" is")),
            "{p:?}"
        );
        // a global key may not take one a pane already has, nor a key that types
        let (_, p) = apply(&overrides("global", "quit", &["Alt-3"]));
        assert!(
            p[0].contains("Alt-3 already does \"focus_results\""),
            "{p:?}"
        );
        let (_, p) = apply(&overrides("global", "quit", &["q"]));
        assert!(p[0].contains("types text"), "{p:?}");
        // the prompts' and pop-ups' keys are in the keymap too
        let (table, p) = apply(&overrides("prompt", "prompt_yes", &["j"]));
        assert!(p.is_empty(), "{p:?}");
        let _on = use_on_this_thread(table);
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(
            super::super::lookup_in(Scope::Prompt, j),
            Some(Bindable::PromptYes)
        );
        let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(super::super::lookup_in(Scope::Prompt, y), None);
    }
}
