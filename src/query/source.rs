//! Where a result's rows came from. A SELECT of plain columns from one table (a table preview is
//! one) that includes the table's key gives rows the session can edit, each identified by its
//! key. Anything else (joins, aggregates, expressions, renamed columns, DISTINCT, views) is
//! read-only, and the reason says why in words the user can act on.

use crate::engine::{Column, EngineKind, Value};
use crate::meta::{RelationKind, Table};

use super::lex::{self, LexOptions, Token};

/// A name as the statement wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub quoted: bool,
}

impl Name {
    /// Whether the server reads this name as `actual` (a name from the catalog).
    pub fn matches(&self, actual: &str, engine: EngineKind) -> bool {
        if self.quoted || engine == EngineKind::MySql {
            // MySQL compares table names as stored (case matters on Linux) whether quoted or not
            return self.text == actual;
        }
        match engine {
            EngineKind::Postgres => self.text.to_lowercase() == actual,
            _ => self.text.eq_ignore_ascii_case(actual),
        }
    }
}

/// The one table a SELECT reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableTarget {
    pub schema: Option<Name>,
    pub table: Name,
}

/// How rows of a source are told apart.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KeyKind {
    Primary,
    /// A unique constraint or index over NOT NULL columns (its name).
    Unique(String),
    /// SQLite's rowid.
    Rowid,
}

/// The table a result's rows belong to, and where their key is in each row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSource {
    pub schema: String,
    pub table: String,
    /// The table column each result column shows.
    pub columns: Vec<String>,
    /// Result positions of the key columns, in the key's order.
    pub key: Vec<usize>,
    pub key_kind: KeyKind,
}

impl RowSource {
    /// The key column names, in order.
    pub fn key_names(&self) -> Vec<String> {
        self.key.iter().map(|&i| self.columns[i].clone()).collect()
    }

    /// A row's key from its cells (`cell(col)` gives the value shown at a result column).
    pub fn key_of(&self, mut cell: impl FnMut(usize) -> Option<Value>) -> Option<Vec<Value>> {
        self.key.iter().map(|&i| cell(i)).collect()
    }
}

const STOP_WORDS: &[&str] = &[
    "WHERE",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "FETCH",
    "FOR",
    "GROUP",
    "HAVING",
    "WINDOW",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "JOIN",
    "NATURAL",
    "LEFT",
    "RIGHT",
    "INNER",
    "OUTER",
    "CROSS",
    "FULL",
    "STRAIGHT_JOIN",
    "USING",
    "ON",
    "INTO",
    "LOCK",
    "TABLESAMPLE",
    "INDEXED",
    "NOT",
    "USE",
    "FORCE",
    "IGNORE",
    "PARTITION",
];

/// The rest of a single-table SELECT may only filter, order and limit its rows.
const REST_STARTS: &[&str] = &["WHERE", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR"];
const REST_FORBIDS: &[&str] = &[
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "GROUP",
    "HAVING",
    "WINDOW",
    "INTO",
];

/// The one table a statement reads when it is a SELECT of plain columns from one table; else
/// why its rows cannot be edited. Both readings of backslashes must agree.
pub fn single_table(sql: &str, engine: EngineKind) -> Result<TableTarget, String> {
    let mut found: Option<TableTarget> = None;
    for opts in LexOptions::all_readings(engine) {
        let target = single_table_in(sql, opts)?;
        if found.as_ref().is_some_and(|f| *f != target) {
            return Err("the statement reads differently depending on a server setting".into());
        }
        found = Some(target);
    }
    found.ok_or_else(|| "empty statement".into())
}

fn single_table_in(sql: &str, opts: LexOptions) -> Result<TableTarget, String> {
    let mut toks = lex::spanned_tokens(sql, opts).map_err(|u| format!("unterminated {}", u.0))?;
    while matches!(toks.last(), Some((Token::Punct(';'), _))) {
        toks.pop();
    }
    let text = |i: usize| -> Name {
        let (tok, span) = &toks[i];
        let raw = &sql[span.clone()];
        match tok {
            Token::QuotedName => Name {
                text: unquote(raw),
                quoted: true,
            },
            _ => Name {
                text: raw.to_string(),
                quoted: false,
            },
        }
    };
    let word = |i: usize| match toks.get(i) {
        Some((Token::Word(w), _)) => Some(w.as_str()),
        _ => None,
    };
    let is_name = |i: usize| match toks.get(i) {
        Some((Token::QuotedName, _)) => true,
        Some((Token::Word(w), _)) => !STOP_WORDS.contains(&w.as_str()) && w != "FROM",
        _ => false,
    };
    let punct = |i: usize, c: char| matches!(toks.get(i), Some((Token::Punct(p), _)) if *p == c);
    if word(0) != Some("SELECT") {
        return Err("only the rows of a SELECT can be edited".into());
    }
    let mut i = 1;
    if word(i).is_some_and(|w| {
        matches!(
            w,
            "DISTINCT" | "DISTINCTROW" | "TOP" | "ALL" | "HIGH_PRIORITY"
        ) || w.starts_with("SQL_")
    }) {
        return Err(format!(
            "a SELECT {} does not give one row per table row",
            word(i).unwrap_or_default()
        ));
    }
    // the select list: plain columns, optionally qualified, and *
    let mut qualifiers: Vec<Vec<Name>> = Vec::new();
    let mut position = 1;
    loop {
        let mut path = Vec::new();
        loop {
            if punct(i, '*') {
                i += 1;
                break;
            }
            if !is_name(i) {
                return Err(not_plain(position));
            }
            path.push(text(i));
            i += 1;
            if punct(i, '.') {
                i += 1;
                continue;
            }
            if word(i) == Some("AS") || (is_name(i) && !matches!(word(i), Some("FROM"))) {
                // an alias: allowed only when it is the column's own name
                let at = if word(i) == Some("AS") { i + 1 } else { i };
                let same = is_name(at)
                    && path
                        .last()
                        .is_some_and(|c: &Name| c.text.eq_ignore_ascii_case(&text(at).text));
                if !same {
                    return Err(format!(
                        "column {position} is renamed (AS): edit the table's own column names"
                    ));
                }
                i = at + 1;
            }
            break;
        }
        if path.len() > 1 || (punct(i - 1, '*') && !path.is_empty()) {
            let q = if punct(i - 1, '*') {
                path.clone()
            } else {
                path[..path.len() - 1].to_vec()
            };
            qualifiers.push(q);
        }
        if punct(i, ',') {
            i += 1;
            position += 1;
            continue;
        }
        break;
    }
    if word(i) != Some("FROM") {
        return Err(not_plain(position));
    }
    i += 1;
    if !is_name(i) {
        return Err("the rows do not come from one table".into());
    }
    let mut table = text(i);
    let mut schema = None;
    i += 1;
    if punct(i, '.') {
        if !is_name(i + 1) {
            return Err("the rows do not come from one table".into());
        }
        schema = Some(table);
        table = text(i + 1);
        i += 2;
    }
    let mut alias = None;
    if word(i) == Some("AS") {
        i += 1;
    }
    if is_name(i) {
        alias = Some(text(i));
        i += 1;
    }
    match word(i) {
        None if i >= toks.len() => {}
        Some(w) if REST_STARTS.contains(&w) => {}
        Some(w) if REST_FORBIDS.contains(&w) => {
            return Err(format!(
                "a SELECT with {w} does not give one row per table row"
            ));
        }
        _ => return Err("the rows come from more than one table (a join or a list)".into()),
    }
    let mut depth = 0i32;
    for (tok, _) in &toks[i..] {
        match tok {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => depth -= 1,
            Token::Word(w) if depth == 0 && REST_FORBIDS.contains(&w.as_str()) => {
                return Err(format!(
                    "a SELECT with {w} does not give one row per table row"
                ));
            }
            _ => {}
        }
    }
    // qualified columns must name this table
    for q in &qualifiers {
        let Some(last) = q.last() else { continue };
        let names_it = match &alias {
            Some(a) => last.text == a.text,
            None => last.text.eq_ignore_ascii_case(&table.text),
        };
        if !names_it || q.len() > 2 {
            return Err(format!(
                "a column is qualified by {}, not by the table",
                last.text
            ));
        }
    }
    Ok(TableTarget { schema, table })
}

fn not_plain(position: usize) -> String {
    format!("column {position} is an expression, not a column of one table")
}

/// The text of a quoted name (`"a""b"` is `a"b`).
fn unquote(raw: &str) -> String {
    let (open, close) = match raw.as_bytes().first() {
        Some(b'[') => ('[', ']'),
        Some(b'`') => ('`', '`'),
        _ => ('"', '"'),
    };
    let inner = raw
        .strip_prefix(open)
        .and_then(|r| r.strip_suffix(close))
        .unwrap_or(raw);
    if open == '[' {
        inner.to_string()
    } else {
        let doubled: String = [close, close].iter().collect();
        inner.replace(&doubled, &close.to_string())
    }
}

/// The source of a result whose statement reads `table`: each result column mapped to a table
/// column, and a key that tells rows apart (primary key, else a unique key of NOT NULL columns,
/// else SQLite's rowid when the result includes it). Else why the rows are read-only.
pub fn resolve(result: &[Column], table: &Table, engine: EngineKind) -> Result<RowSource, String> {
    let label = table.name();
    if table.relation.kind != RelationKind::Table {
        return Err(format!(
            "{label} is a {}: its rows are read-only here",
            table.relation.kind.label()
        ));
    }
    let mut columns = Vec::with_capacity(result.len());
    let mut rowid_at = None;
    for (i, c) in result.iter().enumerate() {
        let found = table.columns.iter().find(|t| t.name == c.name).or_else(|| {
            (engine != EngineKind::Postgres)
                .then(|| {
                    table
                        .columns
                        .iter()
                        .find(|t| t.name.eq_ignore_ascii_case(&c.name))
                })
                .flatten()
        });
        match found {
            Some(t) => columns.push(t.name.clone()),
            None if engine == EngineKind::Sqlite
                && ["rowid", "_rowid_", "oid"]
                    .iter()
                    .any(|r| c.name.eq_ignore_ascii_case(r)) =>
            {
                rowid_at.get_or_insert(i);
                columns.push("rowid".into());
            }
            None => {
                return Err(format!("column {} is not a column of {label}", c.name));
            }
        }
    }
    let positions = |names: &[String]| -> Option<Vec<usize>> {
        names
            .iter()
            .map(|n| columns.iter().position(|c| c == n))
            .collect()
    };
    let source = |key: Vec<usize>, key_kind: KeyKind| RowSource {
        schema: table.schema().to_string(),
        table: table.name().to_string(),
        columns: columns.clone(),
        key,
        key_kind,
    };
    let mut missing = None;
    if let Some(pk) = table
        .primary_key
        .as_ref()
        .filter(|pk| !pk.columns.is_empty())
    {
        match positions(&pk.columns) {
            Some(key) => return Ok(source(key, KeyKind::Primary)),
            None => missing = Some(pk.columns.join(", ")),
        }
    }
    let not_null = |names: &[String]| {
        names.iter().all(|n| {
            table
                .columns
                .iter()
                .any(|c| c.name == *n && !c.nullable && c.generated.is_none())
        })
    };
    let uniques = table
        .unique_constraints
        .iter()
        .map(|u| (u.name.clone().unwrap_or_default(), &u.columns))
        .chain(
            table
                .indexes
                .iter()
                .filter(|ix| ix.unique && ix.predicate.is_none())
                .map(|ix| (ix.name.clone(), &ix.columns)),
        );
    for (name, cols) in uniques {
        if !cols.is_empty() && not_null(cols) {
            match positions(cols) {
                Some(key) => return Ok(source(key, KeyKind::Unique(name))),
                None => {
                    missing.get_or_insert(cols.join(", "));
                }
            }
        }
    }
    if let Some(at) = rowid_at {
        return Ok(source(vec![at], KeyKind::Rowid));
    }
    Err(match missing {
        Some(cols) => format!(
            "the result does not include {label}'s key ({cols}): select it to edit these rows"
        ),
        None if engine == EngineKind::Sqlite => format!(
            "{label} has no primary key or unique NOT NULL key: select its rowid to edit it"
        ),
        None => format!(
            "{label} has no primary key or unique NOT NULL key, so a row cannot be told apart \
             from another: editing it is refused"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(sql: &str, engine: EngineKind) -> Result<(Option<String>, String), String> {
        single_table(sql, engine).map(|t| (t.schema.map(|s| s.text), t.table.text))
    }

    #[test]
    fn plain_selects_of_one_table_are_found() {
        let pg = EngineKind::Postgres;
        assert_eq!(
            target("select * from users", pg),
            Ok((None, "users".into()))
        );
        assert_eq!(
            target(
                "SELECT id, \"Name\" FROM public.\"Odd \"\"t\"\"\" WHERE x = 'a,b' ORDER BY 1 LIMIT 5;",
                pg
            ),
            Ok((Some("public".into()), "Odd \"t\"".into()))
        );
        assert_eq!(
            target("select u.id, u.* from users u where u.id in (select 1)", pg),
            Ok((None, "users".into()))
        );
        assert_eq!(
            target("select `id` from `my``t`", EngineKind::MySql),
            Ok((None, "my`t".into()))
        );
        assert_eq!(
            target("select rowid, * from [t 1]", EngineKind::Sqlite),
            Ok((None, "t 1".into()))
        );
        assert!(target("select id as id from t", pg).is_ok());
    }

    #[test]
    fn anything_else_is_read_only_with_a_reason() {
        let pg = EngineKind::Postgres;
        for (sql, why) in [
            (
                "select a.id from a join b on a.id = b.id",
                "more than one table",
            ),
            ("select * from a, b", "more than one table"),
            ("select count(*) from a", "expression"),
            ("select id, name || 'x' from a", "column 2 is an expression"),
            ("select id as ident from a", "renamed"),
            ("select distinct id from a", "DISTINCT"),
            ("select id from a group by id", "GROUP"),
            ("select id from a union select id from b", "UNION"),
            ("select id from a where x = 1 union all select 2", "UNION"),
            ("select b.id from a", "qualified by b"),
            ("with x as (select 1) select * from x", "SELECT"),
            ("update a set x = 1", "SELECT"),
            ("select 1", "expression"),
        ] {
            let err = target(sql, pg).unwrap_err();
            assert!(err.contains(why), "{sql}: {err}");
        }
        // a union hidden in a string is no union; one in a subquery is the subquery's
        assert!(target("select id from a where s = ' union '", pg).is_ok());
        assert!(
            target(
                "select id from a where id in (select id from b union select 1)",
                pg
            )
            .is_ok()
        );
    }
}
