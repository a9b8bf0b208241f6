//! Theme files: TOML of semantic roles, each a style in words ("white on blue bold"). The
//! built-in themes are the files of `themes/`, embedded; a user's file may name one of them as
//! its `base` and change any role. An unknown role, a bad colour or a bad word is reported.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::{Role, Theme};

/// (name, file text) of each built-in theme.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("dark", include_str!("../../../themes/dark.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    ("16color", include_str!("../../../themes/16color.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    base: Option<String>,
    syntax: Option<String>,
    #[serde(default)]
    roles: BTreeMap<String, String>,
}

/// A built-in theme by name.
pub fn built_in(name: &str) -> Option<Theme> {
    let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
    parse(text, None).ok()
}

/// A theme from a file's text; `origin` names it in messages. Roles it leaves out come from
/// its `base` (default: dark).
pub fn parse(text: &str, origin: Option<&str>) -> Result<Theme, String> {
    let at = origin.unwrap_or("theme");
    let file: ThemeFile = toml::from_str(text).map_err(|e| format!("{at}: {}", e.message()))?;
    let mut theme = match file.base.as_deref() {
        None if origin.is_none() => Theme::empty(),
        None => built_in("dark").unwrap_or_else(Theme::empty),
        Some(b) => built_in(b).ok_or_else(|| {
            format!("{at}: no built-in theme {b:?} to start from (dark, light, 16color)")
        })?,
    };
    if let Some(n) = file.name {
        theme.name = n;
    }
    if let Some(s) = file.syntax {
        theme.syntax = s;
    }
    for (key, value) in &file.roles {
        let role = Role::from_key(key).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
            format!("{at}: unknown role {key:?} (roles: {})", known.join(", "))
        })?;
        let style = style(value).map_err(|e| format!("{at}: role {key}: {e}"))?;
        theme.set(role, style);
    }
    Ok(theme)
}

/// "white on blue bold" → a style.
pub fn style(text: &str) -> Result<Style, String> {
    let mut s = Style::new();
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        let modifier = match w.to_ascii_lowercase().as_str() {
            "bold" => Some(Modifier::BOLD),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "crossed_out" | "strikethrough" => Some(Modifier::CROSSED_OUT),
            "dim" => Some(Modifier::DIM),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            _ => None,
        };
        if let Some(m) = modifier {
            s = s.add_modifier(m);
        } else if w.eq_ignore_ascii_case("on") {
            let bg = words
                .next()
                .ok_or_else(|| format!("{text:?}: a colour must follow \"on\""))?;
            s = s.bg(colour(bg)?);
        } else {
            s = s.fg(colour(w)?);
        }
    }
    Ok(s)
}

fn colour(word: &str) -> Result<Color, String> {
    Color::from_str(word).map_err(|_| {
        format!("{word:?} is not a colour (a name such as cyan or darkgray, #rrggbb, or 0-255)")
    })
}
