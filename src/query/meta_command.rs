//! psql's backslash commands (`\dt`, `\d users`, `\x`…), as retort answers them: parsed here,
//! answered from the reflected catalog (`meta::describe`, `meta::answer`), so that they work
//! alike on every engine. Nothing a backslash command is made of is ever sent to the server.

/// A backslash command retort knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaCommand {
    /// `\d` alone: tables and views. `\d NAME`: one table's columns, indexes, foreign keys.
    Describe(Option<String>),
    /// `\dt [PATTERN]`
    Tables(Option<String>),
    /// `\dv [PATTERN]`
    Views(Option<String>),
    /// `\di [PATTERN]`
    Indexes(Option<String>),
    /// `\dn [PATTERN]`
    Schemas(Option<String>),
    /// `\df [PATTERN]`
    Functions(Option<String>),
    /// `\l`
    Databases,
    /// `\du`
    Roles,
    /// `\conninfo`
    ConnInfo,
    /// `\x [on|off]`: expanded display (None toggles).
    Expanded(Option<bool>),
    /// `\timing [on|off]` (None toggles).
    Timing(Option<bool>),
    /// `\?`
    Help,
}

impl MetaCommand {
    /// Whether its answer needs the database (a catalog read); the others are answered by
    /// the front end from what it holds.
    pub fn reads_catalog(&self) -> bool {
        !matches!(
            self,
            MetaCommand::ConnInfo
                | MetaCommand::Expanded(_)
                | MetaCommand::Timing(_)
                | MetaCommand::Help
        )
    }
}

/// Each command retort answers and what it shows: `\?`'s text.
pub const COMMANDS: [(&str, &str); 15] = [
    (
        "\\d [NAME]",
        "tables and views; with NAME, its columns, indexes and foreign keys",
    ),
    ("\\dt [PATTERN]", "tables"),
    ("\\dv [PATTERN]", "views"),
    ("\\di [PATTERN]", "indexes"),
    ("\\dn [PATTERN]", "schemas"),
    (
        "\\df [PATTERN]",
        "functions and procedures (where the catalog keeps them)",
    ),
    ("\\l", "databases"),
    (
        "\\du",
        "roles and users (where the server lets them be listed)",
    ),
    ("\\conninfo", "the connection: database, user, server"),
    ("\\x [on|off]", "expanded display: one line per column"),
    ("\\timing [on|off]", "each statement's time"),
    ("\\g", "sends the statement typed so far, as ; does"),
    (
        "\\gx, \\G",
        "sends it, and shows its result expanded, one line per column",
    ),
    ("\\?", "this list"),
    (
        "PATTERN",
        "a name, * and ? as wildcards, schema.name to qualify",
    ),
];

/// Reads `text` as a backslash command: None when it is not one (SQL), else the command or
/// why it is none retort knows (nothing is sent to the server either way).
pub fn parse(text: &str) -> Option<Result<MetaCommand, String>> {
    let text = text.trim();
    let rest = text.strip_prefix('\\')?;
    let line = rest
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches(';')
        .trim();
    let (name, arg) = match line.split_once(char::is_whitespace) {
        Some((n, a)) => (n, Some(a.trim()).filter(|a| !a.is_empty())),
        None => (line, None),
    };
    let arg_owned = arg.map(str::to_string);
    // psql's `+` (more detail) and `S` (system objects) are taken and ignored
    let bare = name.trim_end_matches(['+', 'S']);
    let bare = if bare.is_empty() { name } else { bare };
    Some(match bare {
        "d" => Ok(MetaCommand::Describe(arg_owned)),
        "dt" => Ok(MetaCommand::Tables(arg_owned)),
        "dv" => Ok(MetaCommand::Views(arg_owned)),
        "di" => Ok(MetaCommand::Indexes(arg_owned)),
        "dn" => Ok(MetaCommand::Schemas(arg_owned)),
        "df" => Ok(MetaCommand::Functions(arg_owned)),
        "l" | "list" => Ok(MetaCommand::Databases),
        "du" | "dg" => Ok(MetaCommand::Roles),
        "conninfo" => Ok(MetaCommand::ConnInfo),
        "x" => on_off(arg).map(MetaCommand::Expanded),
        "timing" => on_off(arg).map(MetaCommand::Timing),
        "?" => Ok(MetaCommand::Help),
        // the splitter sends the statement at a bare one: here it has psql's FILE or |command
        "g" | "gx" | "G" => Err(no_file(name, arg)),
        _ => Err(unknown(name)),
    })
}

/// Why `\name` does nothing.
fn unknown(name: &str) -> String {
    let name = crate::query::format::escape_controls(name);
    format!("\\{name}: no such backslash command (\\? lists them); nothing was sent to the server")
}

/// Why `\g FILE` does nothing.
fn no_file(name: &str, arg: Option<&str>) -> String {
    let line = crate::query::format::escape_controls(&format!("{name} {}", arg.unwrap_or("")));
    format!(
        "\\{line}: retort shows results, never writes them to a file or a pipe; nothing was sent \
         to the server"
    )
}

/// `\?`: the commands retort answers.
pub fn help() -> crate::meta::describe::Answer {
    use crate::meta::describe::{Answer, Listing};
    let mut out = Listing::new("Backslash commands", &["Command", "Shows"]);
    out.rows = (COMMANDS.iter())
        .map(|(c, s)| vec![Some(c.to_string()), Some(s.to_string())])
        .collect();
    Answer::Listings(vec![out])
}

fn on_off(arg: Option<&str>) -> Result<Option<bool>, String> {
    match arg.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(None),
        Some("on" | "true" | "1" | "yes") => Ok(Some(true)),
        Some("off" | "false" | "0" | "no") => Ok(Some(false)),
        Some(other) => Err(format!("\\x and \\timing take on or off, not {other}")),
    }
}

pub use crate::meta::describe::{matches, split_pattern};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_psqls_commands_and_refuses_others() {
        assert_eq!(parse("select 1"), None);
        assert_eq!(parse("\\dt"), Some(Ok(MetaCommand::Tables(None))));
        assert_eq!(
            parse("  \\dt+ us*;"),
            Some(Ok(MetaCommand::Tables(Some("us*".into()))))
        );
        assert_eq!(
            parse("\\d users"),
            Some(Ok(MetaCommand::Describe(Some("users".into()))))
        );
        assert_eq!(parse("\\x on"), Some(Ok(MetaCommand::Expanded(Some(true)))));
        assert_eq!(parse("\\timing"), Some(Ok(MetaCommand::Timing(None))));
        assert_eq!(parse("\\dS"), Some(Ok(MetaCommand::Describe(None))));
        assert_eq!(parse("\\l"), Some(Ok(MetaCommand::Databases)));
        let err = parse("\\foo").unwrap().unwrap_err();
        assert!(
            err.contains("\\foo") && err.contains("nothing was sent"),
            "{err}"
        );
        assert!(parse("\\x maybe").unwrap().is_err());
        // the splitter sends at a bare `\g`: here it has psql's FILE, which retort refuses
        let err = parse("\\g out.txt").unwrap().unwrap_err();
        assert!(
            err.contains("out.txt") && err.contains("nothing was sent"),
            "{err}"
        );
    }
}
