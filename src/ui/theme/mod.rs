//! Semantic styles: panes ask for a role, not a colour. The roles' styles come from the theme
//! in effect: one of `themes/` (dark, light, 16color) or a user's file over one of them.

mod parse;

use std::sync::{Arc, RwLock};

use ratatui::style::{Modifier, Style};

pub use parse::{BUILT_IN, built_in, parse, style};

/// What a style means. Meaning never rests on colour alone: NULL shows `∅ NULL`, staged rows
/// their `+ ~ -` markers, errors their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    FocusedBorder,
    Border,
    FocusedTitle,
    Title,
    Muted,
    Null,
    Number,
    Error,
    Warning,
    Ok,
    Header,
    Selection,
    StatusBar,
    Accent,
    CurrentCell,
    Marked,
    EditorSelection,
    StagedNew,
    StagedChanged,
    StagedDeleted,
}

impl Role {
    pub const ALL: [Role; 20] = [
        Role::FocusedBorder,
        Role::Border,
        Role::FocusedTitle,
        Role::Title,
        Role::Muted,
        Role::Null,
        Role::Number,
        Role::Error,
        Role::Warning,
        Role::Ok,
        Role::Header,
        Role::Selection,
        Role::StatusBar,
        Role::Accent,
        Role::CurrentCell,
        Role::Marked,
        Role::EditorSelection,
        Role::StagedNew,
        Role::StagedChanged,
        Role::StagedDeleted,
    ];

    /// The role's name in a theme file.
    pub fn key(self) -> &'static str {
        match self {
            Role::FocusedBorder => "focused_border",
            Role::Border => "border",
            Role::FocusedTitle => "focused_title",
            Role::Title => "title",
            Role::Muted => "muted",
            Role::Null => "null",
            Role::Number => "number",
            Role::Error => "error",
            Role::Warning => "warning",
            Role::Ok => "ok",
            Role::Header => "header",
            Role::Selection => "selection",
            Role::StatusBar => "status_bar",
            Role::Accent => "accent",
            Role::CurrentCell => "current_cell",
            Role::Marked => "marked",
            Role::EditorSelection => "editor_selection",
            Role::StagedNew => "staged_new",
            Role::StagedChanged => "staged_changed",
            Role::StagedDeleted => "staged_deleted",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    fn index(self) -> usize {
        Role::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    /// The syntect theme the editor's highlighting uses.
    pub syntax: String,
    styles: [Style; Role::ALL.len()],
}

impl Theme {
    fn empty() -> Theme {
        Theme {
            name: String::new(),
            syntax: "base16-ocean.dark".into(),
            styles: [Style::new(); Role::ALL.len()],
        }
    }

    pub fn get(&self, role: Role) -> Style {
        self.styles[role.index()]
    }

    pub fn set(&mut self, role: Role, style: Style) {
        self.styles[role.index()] = style;
    }

    /// The theme for a terminal that gets no colour: what colour alone told apart gets a
    /// modifier that survives (the selection and the editor's selection in reverse video, the
    /// current cell bold and underlined, marked rows underlined, the status bar reversed).
    pub fn without_colour(mut self) -> Theme {
        for (role, added) in [
            (Role::Selection, Modifier::REVERSED),
            (Role::EditorSelection, Modifier::REVERSED),
            (Role::CurrentCell, Modifier::BOLD | Modifier::UNDERLINED),
            (Role::Marked, Modifier::UNDERLINED),
            (Role::StatusBar, Modifier::REVERSED),
        ] {
            let style = self.styles[role.index()];
            self.styles[role.index()] = style.add_modifier(added);
        }
        self
    }

    /// A built-in theme's name, or a theme file's path. The dark theme and a sentence when it
    /// cannot be used.
    pub fn load(choice: &str) -> (Theme, Option<String>) {
        let dark = || built_in("dark").unwrap_or_else(Theme::empty);
        if let Some(t) = built_in(choice) {
            return (t, None);
        }
        let is_path = choice.contains('/') || choice.ends_with(".toml");
        if !is_path {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            let msg = format!(
                "no theme named {choice:?} (built in: {}; or a file's path)",
                names.join(", ")
            );
            return (dark(), Some(msg));
        }
        let path = expand_home(choice);
        match crate::engine::files::read_regular(&path, crate::engine::files::READ_CAP) {
            Ok(text) => match parse(&text, Some(choice)) {
                Ok(t) => (t, None),
                Err(e) => (dark(), Some(e)),
            },
            Err(e) => (dark(), Some(format!("cannot read theme {choice}: {e}"))),
        }
    }
}

/// `~/…` as a shell reads it: in the home directory.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

static CURRENT: RwLock<Option<Arc<Theme>>> = RwLock::new(None);

thread_local! {
    /// A theme for this thread only (tests that render side by side).
    static LOCAL: std::cell::RefCell<Option<Arc<Theme>>> = const { std::cell::RefCell::new(None) };
}

/// Makes `theme` the one the workbench draws with.
pub fn set_current(theme: Theme) {
    if let Ok(mut c) = CURRENT.write() {
        *c = Some(Arc::new(theme));
    }
}

/// Draws with `theme` on this thread only, until the guard goes.
pub fn use_on_this_thread(theme: Theme) -> ThreadTheme {
    LOCAL.with(|l| *l.borrow_mut() = Some(Arc::new(theme)));
    ThreadTheme
}

pub struct ThreadTheme;

impl Drop for ThreadTheme {
    fn drop(&mut self) {
        LOCAL.with(|l| *l.borrow_mut() = None);
    }
}

pub fn current() -> Arc<Theme> {
    if let Some(t) = LOCAL.with(|l| l.borrow().clone()) {
        return t;
    }
    if let Some(t) = CURRENT.read().ok().and_then(|c| c.clone()) {
        return t;
    }
    static DARK: std::sync::OnceLock<Arc<Theme>> = std::sync::OnceLock::new();
    DARK.get_or_init(|| Arc::new(built_in("dark").unwrap_or_else(Theme::empty)))
        .clone()
}

pub fn role(role: Role) -> Style {
    current().get(role)
}

pub fn border(focused: bool) -> Style {
    role(if focused {
        Role::FocusedBorder
    } else {
        Role::Border
    })
}

pub fn title(focused: bool) -> Style {
    role(if focused {
        Role::FocusedTitle
    } else {
        Role::Title
    })
}

pub fn dim() -> Style {
    role(Role::Muted)
}

pub fn null() -> Style {
    role(Role::Null)
}

pub fn number() -> Style {
    role(Role::Number)
}

pub fn danger() -> Style {
    role(Role::Error)
}

pub fn warning() -> Style {
    role(Role::Warning)
}

pub fn ok() -> Style {
    role(Role::Ok)
}

pub fn header() -> Style {
    role(Role::Header)
}

pub fn selected() -> Style {
    role(Role::Selection)
}

pub fn status_bar() -> Style {
    role(Role::StatusBar)
}

pub fn accent() -> Style {
    role(Role::Accent)
}

pub fn current_cell() -> Style {
    let s = role(Role::CurrentCell);
    if s == Style::new() {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        s
    }
}

/// Rows marked for copying.
pub fn marked() -> Style {
    role(Role::Marked)
}

/// Text selected in the editor.
pub fn editor_selection() -> Style {
    role(Role::EditorSelection)
}

/// A staged new row (the marker `+` says it without colour).
pub fn staged_new() -> Style {
    role(Role::StagedNew)
}

/// A staged changed cell (marked `~`).
pub fn staged_dirty() -> Style {
    role(Role::StagedChanged)
}

/// A row staged for deletion (marked `-`, crossed out).
pub fn staged_deleted() -> Style {
    role(Role::StagedDeleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    #[test]
    fn every_built_in_theme_gives_every_role() {
        for (name, text) in BUILT_IN {
            let t = parse(text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            for r in Role::ALL {
                assert_ne!(t.get(r), Style::new(), "{name} lacks {}", r.key());
            }
        }
    }

    #[test]
    fn a_user_theme_changes_what_it_names_and_reports_what_it_cannot_read() {
        let t = parse(
            "base = \"light\"\n[roles]\nnull = \"#ff0000 on 17 bold\"\n",
            Some("mine.toml"),
        )
        .unwrap();
        assert_eq!(
            t.get(Role::Null),
            Style::new()
                .fg(Color::Rgb(255, 0, 0))
                .bg(Color::Indexed(17))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(t.get(Role::Ok), built_in("light").unwrap().get(Role::Ok));
        let e = parse("[roles]\nnul = \"red\"\n", Some("mine.toml")).unwrap_err();
        assert!(
            e.contains("mine.toml") && e.contains("\"nul\"") && e.contains("null"),
            "{e}"
        );
        let e = parse("[roles]\nnull = \"redish\"\n", Some("mine.toml")).unwrap_err();
        assert!(e.contains("role null") && e.contains("\"redish\""), "{e}");
        let e = parse("base = \"solar\"\n", Some("mine.toml")).unwrap_err();
        assert!(e.contains("solar"), "{e}");
        let (t, e) = Theme::load("neon");
        assert_eq!(t.name, "dark");
        assert!(e.unwrap().contains("dark, light, 16color"));
        // a file in the home directory, written with ~
        let home = dirs::home_dir().unwrap();
        assert_eq!(expand_home("~/t/mine.toml"), home.join("t/mine.toml"));
        assert_eq!(
            expand_home("/abs/mine.toml"),
            std::path::PathBuf::from("/abs/mine.toml")
        );
    }
}
