//! psql's backslash commands answered alike on every engine (their bounds: `meta::psql`): each
//! answer is a listing (a title, columns of text, rows, footer lines) or a sentence.

use std::sync::Arc;

use super::catalog::Table;
use crate::engine::{Column, Columns, Kind, RowBatch};

/// One table of an answer: psql's "List of relations" and its like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    /// Lines said after the rows (a table's indexes and foreign keys).
    pub footer: Vec<String>,
}

/// What a backslash command answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Listings(Vec<Listing>),
    /// A sentence: the connection, a setting changed, why there is nothing to list.
    Said(String),
    /// `\d NAME` found no such relation: said, and (as psql's) a failure of the script.
    NotFound(String),
}

impl Listing {
    pub fn new(title: &str, headers: &[&str]) -> Self {
        Listing {
            title: title.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            footer: Vec::new(),
        }
    }

    /// Its columns, all text.
    pub fn columns(&self) -> Columns {
        let cols: Vec<Column> = (self.headers.iter())
            .map(|h| Column {
                name: h.clone(),
                type_name: "text".into(),
                kind: Kind::Text,
            })
            .collect();
        Arc::from(cols)
    }

    /// Its rows as one batch.
    pub fn batch(&self) -> RowBatch {
        let mut batch = RowBatch::new(self.headers.len());
        for row in &self.rows {
            for cell in row {
                match cell {
                    Some(text) => batch.push(Kind::Text, text.as_bytes()),
                    None => batch.push_null(),
                }
            }
        }
        batch
    }
}

/// An empty listing is said in words, as psql does ("Did not find any relation named …").
pub(crate) fn nothing_or(listing: Listing, pattern: Option<&str>, what: &str) -> Answer {
    match (listing.rows.is_empty(), pattern) {
        (false, _) => Answer::Listings(vec![listing]),
        (true, Some(p)) => {
            let p = p.replace('`', "");
            Answer::Said(format!("Did not find any {what} named \"{p}\"."))
        }
        (true, None) => Answer::Said(match what.strip_suffix('x') {
            Some(stem) => format!("Did not find any {stem}xes."),
            None => format!("Did not find any {what}s."),
        }),
    }
}

/// `\d NAME`: the relation's columns, then its key, indexes and foreign keys as psql's footer;
/// `more` (`\d+`) adds each column's description.
pub fn table(t: &Table, more: bool) -> Answer {
    let title = format!(
        "{} \"{}.{}\"",
        capitalised(t.relation.kind.label()),
        t.schema(),
        t.name()
    );
    let mut headers = vec!["Column", "Type", "Nullable", "Default"];
    if more {
        headers.push("Description");
    }
    let mut out = Listing::new(&title, &headers);
    for c in &t.columns {
        let default = (c.generated.as_ref())
            .map(|g| format!("generated always as ({g})"))
            .or_else(|| c.default.clone());
        let mut row = vec![
            Some(c.name.clone()),
            Some(c.data_type.clone()),
            Some(if c.nullable { "" } else { "not null" }.to_string()),
            default,
        ];
        if more {
            row.push(c.comment.clone());
        }
        out.rows.push(row);
    }
    out.footer = footer(t);
    Answer::Listings(vec![out])
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A column's name as psql writes it in a definition: bare when it reads the same unquoted
/// (lower case letters, digits, `_`), else double-quoted with `"` doubled. An entry that is
/// not one of the table's columns (an expression) is left as it is.
fn column_name(t: &Table, name: &str) -> String {
    match t.columns.iter().any(|c| c.name == name) {
        true => ident(name),
        false => name.to_string(),
    }
}

/// A name bare when it reads the same unquoted, else double-quoted (psql's quote_ident).
fn ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    match plain {
        true => name.to_string(),
        false => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn column_names(t: &Table, names: &[String]) -> String {
    (names.iter())
        .map(|n| column_name(t, n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// psql's "Indexes:" and "Foreign-key constraints:" lines.
fn footer(t: &Table) -> Vec<String> {
    let mut lines = Vec::new();
    let pk = t.primary_key.as_ref();
    if pk.is_some() || !t.indexes.is_empty() || !t.unique_constraints.is_empty() {
        lines.push("Indexes:".to_string());
    }
    if let Some(pk) = pk {
        let name = named(pk.name.as_deref());
        lines.push(format!(
            "    {name}PRIMARY KEY ({})",
            column_names(t, &pk.columns)
        ));
    }
    for u in &t.unique_constraints {
        let name = named(u.name.as_deref());
        let cols = column_names(t, &u.columns);
        lines.push(format!("    {name}UNIQUE CONSTRAINT ({cols})"));
    }
    for ix in &t.indexes {
        let unique = if ix.unique { " UNIQUE" } else { "" };
        let method = ix
            .method
            .as_ref()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let predicate = (ix.predicate.as_ref())
            .map(|p| format!(" WHERE {p}"))
            .unwrap_or_default();
        let cols = column_names(t, &ix.columns);
        lines.push(format!(
            "    \"{}\"{unique}{method} ({cols}){predicate}",
            ix.name
        ));
    }
    if !t.foreign_keys.is_empty() {
        lines.push("Foreign-key constraints:".to_string());
    }
    for fk in &t.foreign_keys {
        let name = named(fk.name.as_deref());
        lines.push(format!(
            "    {name}FOREIGN KEY ({}) REFERENCES {}.{}({})",
            column_names(t, &fk.columns),
            fk.ref_schema,
            fk.ref_table,
            (fk.ref_columns.iter())
                .map(|c| ident(c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines
}

/// `"name" ` before a constraint that has a name (SQLite's often have none).
fn named(name: Option<&str>) -> String {
    name.map(|n| format!("\"{n}\" ")).unwrap_or_default()
}

/// A list of names from the server (databases, roles, functions) under its title.
pub fn rows(title: &str, headers: &[&str], rows: Vec<Vec<Option<String>>>) -> Answer {
    let mut out = Listing::new(title, headers);
    out.rows = rows;
    let what = title.trim_start_matches("List of ").trim_end_matches('s');
    nothing_or(out, None, what)
}

/// `\conninfo`, in psql's words.
pub fn conninfo(info: &crate::engine::ServerInfo) -> Answer {
    use crate::engine::EngineKind;
    let server = format!("{} {}", info.engine_label(), info.short_version());
    Answer::Said(match info.engine {
        EngineKind::Sqlite => format!(
            "You are connected to the SQLite database \"{}\" ({server}).",
            info.location
        ),
        _ => format!(
            "You are connected to database \"{}\" as user \"{}\" on \"{}\" ({server}).",
            info.database, info.user, info.location
        ),
    })
}

/// One piece of a pattern: a wildcard, or a character compared without case (unquoted) or
/// exactly (inside `"…"` or backticks).
#[derive(Clone, Copy, PartialEq)]
enum Piece {
    Any,
    One,
    Char(char, bool),
}

/// The pattern's pieces: quotes make what they hold exact (a doubled quote inside is one).
fn pieces(pattern: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = pattern.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q && chars.peek() == Some(&q) => {
                chars.next();
                out.push(Piece::Char(q, true));
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => out.push(Piece::Char(c, true)),
            (None, '"' | '`') => quote = Some(c),
            (None, '*') => out.push(Piece::Any),
            (None, '?') => out.push(Piece::One),
            (None, c) => out.push(Piece::Char(c, false)),
        }
    }
    out
}

/// Whether `name` matches psql's `pattern`: `*` any run, `?` one character; a quoted part
/// exactly, the rest without case (as MySQL and SQLite compare names; PostgreSQL's patterns
/// are folded first, `folded_for_postgres`).
pub fn matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[Piece], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((Piece::Any, rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some((Piece::One, rest)) => !n.is_empty() && go(rest, &n[1..]),
            Some((Piece::Char(c, exact), rest)) => {
                let same = |f: &char| match exact {
                    true => f == c,
                    false => f.to_lowercase().eq(c.to_lowercase()),
                };
                n.first().is_some_and(same) && go(rest, &n[1..])
            }
        }
    }
    let n: Vec<char> = name.chars().collect();
    go(&pieces(pattern), &n)
}

/// A pattern as psql reads it on PostgreSQL: what is not quoted is folded to lower case and
/// then compared exactly, as an unquoted name is (`USERS` is `users`, `"Users"` is not).
pub fn folded_for_postgres(pattern: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut quoted = false;
    // an unquoted run, folded, goes in backticks (exact, and never taken for a doubled `"`)
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push('`');
            out.push_str(&run.to_lowercase().replace('`', "``"));
            out.push('`');
            run.clear();
        }
    };
    for c in pattern.chars() {
        match (quoted, c) {
            (_, '"') => {
                flush(&mut run, &mut out);
                quoted = !quoted;
                out.push(c);
            }
            (false, '*' | '?' | '.') => {
                flush(&mut run, &mut out);
                out.push(c);
            }
            (false, c) => run.push(c),
            (true, c) => out.push(c),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A pattern's schema part and name part, split at the first `.` outside quotes:
/// `public.us*` → (Some("public"), "us*").
pub fn split_pattern(pattern: &str) -> (Option<&str>, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in pattern.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '`') => quote = Some(c),
            (None, '.') => {
                let name = &pattern[i + 1..];
                return (
                    Some(&pattern[..i]),
                    if name.is_empty() { "*" } else { name },
                );
            }
            _ => {}
        }
    }
    (None, pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_psqls() {
        assert!(matches("us*", "users"));
        assert!(matches("USERS", "users"));
        assert!(matches("p?sts", "posts"));
        assert!(!matches("us", "users"));
        assert_eq!(split_pattern("public.u*"), (Some("public"), "u*"));
        assert_eq!(split_pattern("public."), (Some("public"), "*"));
        assert_eq!(split_pattern("\"a.b\".c"), (Some("\"a.b\""), "c"));
    }

    #[test]
    fn quoted_parts_are_exact_and_postgresql_folds_the_rest() {
        assert!(matches("\"Users\"", "Users") && !matches("\"Users\"", "users"));
        assert!(matches("`Weird Name`", "Weird Name"));
        assert!(matches("\"a\"\"b\"", "a\"b"));
        let pg = |p: &str, n: &str| matches(&folded_for_postgres(p), n);
        assert!(pg("USERS", "users") && !pg("USERS", "Users"));
        assert!(pg("Us*", "users") && !pg("Us*", "Users"));
        assert!(pg("\"Users\"", "Users") && !pg("\"Users\"", "users"));
        assert_eq!(folded_for_postgres("Public.T*"), "`public`.`t`*");
        assert!(pg("\"Ab\"C", "Abc") && !pg("\"Ab\"C", "AbC"));
    }

    #[test]
    fn names_in_definitions_are_quoted_as_psql_quotes_them() {
        assert_eq!(ident("user_id"), "user_id");
        assert_eq!(ident("co\"l"), "\"co\"\"l\"");
        assert_eq!(ident("Name"), "\"Name\"");
        assert_eq!(ident("first name"), "\"first name\"");
        assert_eq!(ident("2nd"), "\"2nd\"");
    }
}
