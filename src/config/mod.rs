//! The user's configuration: a TOML file in the user config directory (or `--config FILE`, or
//! `$RETORT_CONFIG`) laid over the defaults embedded in the binary. It names connections and
//! sets the row cap, the memory budget, autoflush, read-only and the theme.
//! A bad file is reported with its path, line and column, and retort goes on with the
//! defaults; it never holds a password (`password_command` fetches one when needed).

pub mod edit;
mod editor_mode;
mod password;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use editor_mode::EditorMode;
pub use password::{mysql_client_password, run_password_command};

/// The defaults, embedded; the user's file overrides any of them.
pub const DEFAULTS: &str = include_str!("default.toml");

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The connection opened when no URL or name is given (and `$DATABASE_URL` is not set).
    pub default: Option<String>,
    pub max_rows: Option<u64>,
    pub max_result_mb: Option<u64>,
    pub autoflush: Option<bool>,
    /// Completion opens by itself after a pause in typing (on unless false).
    pub complete_while_typing: Option<bool>,
    /// dark, light, 16color, or a theme file's path.
    pub theme: Option<String>,
    pub connect_timeout: Option<u64>,
    pub read_only: Option<bool>,
    /// The editor's keys: default, emacs or vi.
    pub editor_mode: Option<String>,
    #[serde(default)]
    pub connections: BTreeMap<String, NamedConnection>,
    /// Key overrides: scope (global, panes, schema, results, session, overlay) → action →
    /// key or keys. The workbench checks the names and reports what it cannot use.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, KeySpec>>,
}

/// One key ("Ctrl-K") or several.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeySpec::One(k) => vec![k.clone()],
            KeySpec::Many(ks) => ks.clone(),
        }
    }
}

impl Settings {
    /// The editor's keys, and a sentence when the setting names no mode.
    pub fn editor_mode(&self) -> (EditorMode, Option<String>) {
        EditorMode::from_setting(self.editor_mode.as_deref())
    }

    /// The key overrides as plain lists.
    pub fn key_overrides(&self) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        self.keys
            .iter()
            .map(|(scope, actions)| {
                let actions = actions.iter().map(|(a, k)| (a.clone(), k.keys())).collect();
                (scope.clone(), actions)
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NamedConnection {
    pub url: String,
    pub read_only: Option<bool>,
    /// A shell command whose first line of output is the password (`pass show db/shop`).
    pub password_command: Option<String>,
    pub max_rows: Option<u64>,
    pub max_result_mb: Option<u64>,
    pub autoflush: Option<bool>,
    /// Statements run on the session connection each time one is made for this connection
    /// (as psql's `~/.psqlrc`): `["set search_path to app", "set statement_timeout = '5s'"]`.
    #[serde(default)]
    pub startup: Vec<String>,
}

/// The configuration in effect, and what went wrong reading it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub settings: Settings,
    /// The user's file, when there is one.
    pub path: Option<PathBuf>,
    /// A sentence for the user when the file could not be used (retort then runs on the
    /// defaults).
    pub problem: Option<String>,
}

/// Where the user's file is: `--config`, else `$RETORT_CONFIG`, else
/// `<config dir>/retort/config.toml`.
pub fn config_path(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os("RETORT_CONFIG")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| dirs::config_dir().map(|d| d.join("retort").join("config.toml")))
}

/// Reads the configuration. `explicit` says the path was asked for (a missing file is then a
/// problem; the default location may simply have no file).
pub fn load(path: Option<PathBuf>, explicit: bool) -> Config {
    let defaults = parse(DEFAULTS, Path::new("<built-in defaults>")).unwrap_or_default();
    let Some(path) = path else {
        return Config {
            settings: defaults,
            ..Config::default()
        };
    };
    let text = match crate::engine::files::read_regular(&path, crate::engine::files::READ_CAP) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Config {
                settings: defaults,
                ..Config::default()
            };
        }
        Err(e) => {
            return Config {
                settings: defaults,
                problem: Some(format!("cannot read {}: {e}", path.display())),
                path: Some(path),
            };
        }
    };
    from_text(&text, path)
}

/// The configuration a file's text gives (over the defaults), as `load` reads it.
pub fn from_text(text: &str, path: PathBuf) -> Config {
    let defaults = parse(DEFAULTS, Path::new("<built-in defaults>")).unwrap_or_default();
    match parse(text, &path) {
        Ok(user) => Config {
            settings: overlay(defaults, user),
            path: Some(path),
            problem: None,
        },
        // an unknown key costs that key, not the file (its named connections included)
        Err(problem) => match without_unknown_keys(text) {
            Some((user, dropped)) if !dropped.is_empty() => Config {
                settings: overlay(defaults, user),
                problem: Some(format!(
                    "{}; ignored ({}): the rest of the file is used",
                    problem.trim_end_matches("; using the defaults"),
                    dropped.join(", ")
                )),
                path: Some(path),
            },
            _ => Config {
                settings: defaults,
                path: Some(path),
                problem: Some(problem),
            },
        },
    }
}

const SETTINGS_KEYS: &[&str] = &[
    "default",
    "max_rows",
    "max_result_mb",
    "autoflush",
    "complete_while_typing",
    "theme",
    "connect_timeout",
    "read_only",
    "editor_mode",
    "connections",
    "keys",
];
const CONNECTION_KEYS: &[&str] = &[
    "url",
    "read_only",
    "password_command",
    "max_rows",
    "max_result_mb",
    "autoflush",
    "startup",
];

/// The file's settings without the keys retort does not know, and those keys; None when the
/// file is not TOML or is wrong in another way (a value of the wrong type).
fn without_unknown_keys(text: &str) -> Option<(Settings, Vec<String>)> {
    let mut table: toml::Table = toml::from_str(text).ok()?;
    let mut dropped: Vec<String> = Vec::new();
    table.retain(|k, _| {
        let known = SETTINGS_KEYS.contains(&k);
        if !known {
            dropped.push(k.to_string());
        }
        known
    });
    if let Some(toml::Value::Table(connections)) = table.get_mut("connections") {
        for (name, connection) in connections.iter_mut() {
            if let toml::Value::Table(fields) = connection {
                fields.retain(|k, _| {
                    let known = CONNECTION_KEYS.contains(&k);
                    if !known {
                        dropped.push(format!("connections.{name}.{k}"));
                    }
                    known
                });
            }
        }
    }
    let settings = toml::Value::Table(table).try_into::<Settings>().ok()?;
    Some((settings, dropped))
}

/// Parses one file; an error names the file, the line and column, and the key.
pub fn parse(text: &str, path: &Path) -> Result<Settings, String> {
    toml::from_str::<Settings>(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let text = text.lines().nth(line - 1).unwrap_or("").trim();
                let text: String = text.chars().take(60).collect();
                format!(", line {line}, column {column} (`{text}`)")
            })
            .unwrap_or_default();
        format!(
            "{}{at}: {}; using the defaults",
            path.display(),
            e.message().trim()
        )
    })
}

/// `user` over `base`: each setting the user gives replaces the default; connections merge.
fn overlay(base: Settings, user: Settings) -> Settings {
    let mut connections = base.connections;
    connections.extend(user.connections);
    let mut keys = base.keys;
    for (scope, actions) in user.keys {
        keys.entry(scope).or_default().extend(actions);
    }
    Settings {
        default: user.default.or(base.default),
        max_rows: user.max_rows.or(base.max_rows),
        max_result_mb: user.max_result_mb.or(base.max_result_mb),
        autoflush: user.autoflush.or(base.autoflush),
        complete_while_typing: user.complete_while_typing.or(base.complete_while_typing),
        theme: user.theme.or(base.theme),
        connect_timeout: user.connect_timeout.or(base.connect_timeout),
        read_only: user.read_only.or(base.read_only),
        editor_mode: user.editor_mode.or(base.editor_mode),
        connections,
        keys,
    }
}

/// What the command line's target names: a URL, or a configured connection.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Url(String),
    Named(String, NamedConnection),
    /// Nothing named but libpq's environment (`PGHOST`, `PGSERVICE`…), read as psql reads it.
    ClientEnv,
    Demo,
}

impl Settings {
    /// The argument (a URL, a conninfo or a connection's name), else `$DATABASE_URL`, else the
    /// configured default, else libpq's environment when it names a database (`client_env`),
    /// else the demo. An unknown name is an error that lists the known ones.
    pub fn target(
        &self,
        arg: Option<&str>,
        env_url: Option<String>,
        client_env: bool,
    ) -> Result<Target, String> {
        let named = |name: &str| match self.connections.get(name) {
            Some(c) => Ok(Target::Named(name.to_string(), c.clone())),
            None => {
                let known: Vec<&str> = self.connections.keys().map(String::as_str).collect();
                Err(format!(
                    "no connection named {name:?} in the configuration{}",
                    if known.is_empty() {
                        " (it names none)".to_string()
                    } else {
                        format!(" (known: {})", known.join(", "))
                    }
                ))
            }
        };
        match arg {
            Some(a) if looks_like_url(a) => Ok(Target::Url(a.to_string())),
            Some(name) => named(name),
            None => match (env_url, &self.default) {
                (Some(url), _) => Ok(Target::Url(url)),
                (None, Some(name)) => named(name),
                (None, None) if client_env => Ok(Target::ClientEnv),
                (None, None) => Ok(Target::Demo),
            },
        }
    }
}

/// A URL has a scheme and a conninfo an `=`; a name is a bare word.
fn looks_like_url(s: &str) -> bool {
    s.contains("://") || s.contains(':') || s.contains('/') || s.contains('=')
}

#[cfg(test)]
mod tests;
