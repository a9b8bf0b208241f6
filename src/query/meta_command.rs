//! psql's backslash commands (`\dt`, `\d users`, `\x`…), as retort answers them: parsed here,
//! answered from the reflected catalog (`meta::describe`, `meta::answer`), so that they work
//! alike on every engine. Nothing a backslash command is made of is ever sent to the server.

pub use crate::meta::psql::ListArgs;

/// A backslash command retort knows. Listings carry their pattern and psql's `+` (more
/// detail) and `S` (system objects too) as typed flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaCommand {
    /// `\d` alone: relations and sequences. `\d NAME`: one table's columns, indexes, foreign
    /// keys; an index's columns and table; a sequence's settings and owner.
    Describe(ListArgs),
    /// `\dt[S+] [PATTERN]`
    Tables(ListArgs),
    /// `\dv[S+] [PATTERN]`
    Views(ListArgs),
    /// `\di[S+] [PATTERN]`
    Indexes(ListArgs),
    /// `\dn[S+] [PATTERN]`
    Schemas(ListArgs),
    /// `\df[S] [PATTERN]`
    Functions(ListArgs),
    /// `\l[+] [PATTERN]`
    Databases(ListArgs),
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
pub const COMMANDS: [(&str, &str); 17] = [
    (
        "\\d[S+] [NAME]",
        "relations and sequences; with NAME, a table's columns, indexes and foreign keys, \
         an index's columns and table, a sequence's settings and owner",
    ),
    ("\\dt[S+] [PATTERN]", "tables"),
    ("\\dv[S+] [PATTERN]", "views"),
    ("\\di[S+] [PATTERN]", "indexes"),
    ("\\dn[S+] [PATTERN]", "schemas"),
    (
        "\\df[S] [PATTERN]",
        "functions and procedures (where the catalog keeps them)",
    ),
    ("\\l[+] [PATTERN]", "databases"),
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
        "a name, * and ? as wildcards, schema.name to qualify; a bare name finds what the \
         search path does (MySQL: the current database; SQLite: main), *.* every schema",
    ),
    (
        "+",
        "more: sizes and descriptions (\\d+ NAME: each column's description too)",
    ),
    (
        "S",
        "the system's objects too (pg_catalog, information_schema; mysql, sys…; sqlite_*)",
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
    let (bare, args) = suffixed(name, arg);
    Some(match bare {
        "d" => Ok(MetaCommand::Describe(args)),
        "dt" => Ok(MetaCommand::Tables(args)),
        "dv" => Ok(MetaCommand::Views(args)),
        "di" => Ok(MetaCommand::Indexes(args)),
        "dn" => Ok(MetaCommand::Schemas(args)),
        "df" => Ok(MetaCommand::Functions(args)),
        "l" | "list" => Ok(MetaCommand::Databases(args)),
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

/// A command's name without psql's trailing `+` (more detail) and `S` (system objects), in
/// either order, and what it was given.
fn suffixed<'a>(name: &'a str, arg: Option<&str>) -> (&'a str, ListArgs) {
    let bare = name.trim_end_matches(['+', 'S']);
    let bare = if bare.is_empty() { name } else { bare };
    let suffixes = &name[bare.len()..];
    let args = ListArgs {
        pattern: arg.map(str::to_string),
        more: suffixes.contains('+'),
        system: suffixes.contains('S'),
    };
    (bare, args)
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

    fn listed(pattern: Option<&str>, more: bool, system: bool) -> ListArgs {
        ListArgs {
            pattern: pattern.map(str::to_string),
            more,
            system,
        }
    }

    #[test]
    fn reads_psqls_commands_and_refuses_others() {
        assert_eq!(parse("select 1"), None);
        assert_eq!(
            parse("\\dt"),
            Some(Ok(MetaCommand::Tables(ListArgs::default())))
        );
        assert_eq!(
            parse("\\d users"),
            Some(Ok(MetaCommand::Describe(listed(
                Some("users"),
                false,
                false
            ))))
        );
        assert_eq!(parse("\\x on"), Some(Ok(MetaCommand::Expanded(Some(true)))));
        assert_eq!(parse("\\timing"), Some(Ok(MetaCommand::Timing(None))));
        assert_eq!(
            parse("\\l"),
            Some(Ok(MetaCommand::Databases(ListArgs::default())))
        );
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

    #[test]
    fn plus_and_s_are_typed_flags_in_either_order() {
        assert_eq!(
            parse("  \\dt+ us*;"),
            Some(Ok(MetaCommand::Tables(listed(Some("us*"), true, false))))
        );
        assert_eq!(
            parse("\\dS"),
            Some(Ok(MetaCommand::Describe(listed(None, false, true))))
        );
        for text in ["\\dtS+ pg_*", "\\dt+S pg_*"] {
            assert_eq!(
                parse(text),
                Some(Ok(MetaCommand::Tables(listed(Some("pg_*"), true, true)))),
                "{text}"
            );
        }
        assert_eq!(
            parse("\\dnS"),
            Some(Ok(MetaCommand::Schemas(listed(None, false, true))))
        );
        assert_eq!(
            parse("\\d+ users"),
            Some(Ok(MetaCommand::Describe(listed(
                Some("users"),
                true,
                false
            ))))
        );
        assert_eq!(
            parse("\\l+"),
            Some(Ok(MetaCommand::Databases(listed(None, true, false))))
        );
        // an S inside the name is no suffix
        assert!(parse("\\Sdt").unwrap().is_err());
    }
}
