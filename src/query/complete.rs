//! Completion of keywords, tables and columns, aware of where the cursor is: tables after
//! FROM / JOIN / INTO / UPDATE, the columns of a table after `alias.`, else the columns of the
//! tables in the statement, then keywords.

use crate::engine::EngineKind;
use crate::engine::dialect::quote_ident;

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "NULL",
    "IS",
    "IN",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "EXISTS",
    "JOIN",
    "LEFT",
    "RIGHT",
    "INNER",
    "OUTER",
    "FULL",
    "CROSS",
    "ON",
    "USING",
    "GROUP",
    "BY",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "DISTINCT",
    "AS",
    "ASC",
    "DESC",
    "UNION",
    "ALL",
    "INSERT",
    "INTO",
    "VALUES",
    "UPDATE",
    "SET",
    "DELETE",
    "CREATE",
    "TABLE",
    "VIEW",
    "INDEX",
    "DROP",
    "ALTER",
    "ADD",
    "COLUMN",
    "PRIMARY",
    "KEY",
    "FOREIGN",
    "REFERENCES",
    "DEFAULT",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "WITH",
    "RETURNING",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "EXPLAIN",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "COALESCE",
    "CAST",
    "TRUE",
    "FALSE",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    Table,
    View,
    Column,
    Keyword,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What to insert (quoted by the dialect where needed).
    pub text: String,
    pub kind: CandidateKind,
    /// Where it comes from (a column's table), for display.
    pub detail: String,
}

/// What completion knows of the schema: tables, and their columns when loaded.
#[derive(Debug, Clone, Default)]
pub struct SchemaNames {
    /// (table, columns)
    pub tables: Vec<(String, Vec<String>)>,
    /// Which of them are views (materialized or not).
    pub views: std::collections::HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Characters before the cursor that the candidate replaces.
    pub prefix_chars: usize,
    pub candidates: Vec<Candidate>,
}

/// Candidates for the text of the statement before the cursor (`before`) and after it (`after`,
/// for the tables in scope).
pub fn complete(before: &str, after: &str, names: &SchemaNames, engine: EngineKind) -> Completion {
    let prefix: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let head = &before[..before.len() - prefix.len()];
    let lower_prefix = prefix.to_lowercase();
    let matches = |s: &str| s.to_lowercase().starts_with(&lower_prefix);
    let mut out = Vec::new();
    let statement = format!("{before}{after}");
    if let Some(qualifier) = head.strip_suffix('.') {
        // alias.col or table.col
        let word: String = qualifier
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '"' || *c == '`')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let word = word.trim_matches(['"', '`']);
        let table = resolve_alias(&statement, word).unwrap_or_else(|| word.to_string());
        if let Some((_, cols)) = names
            .tables
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(&table))
        {
            out.extend(cols.iter().filter(|c| matches(c)).map(|c| Candidate {
                text: quote_ident(engine, c),
                kind: CandidateKind::Column,
                detail: table.clone(),
            }));
        }
        return Completion {
            prefix_chars: prefix.chars().count(),
            candidates: out,
        };
    }
    let previous = head
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_ascii_uppercase();
    let wants_table = matches!(
        previous.as_str(),
        "FROM" | "JOIN" | "INTO" | "UPDATE" | "TABLE"
    );
    if wants_table {
        out.extend(
            names
                .tables
                .iter()
                .filter(|(t, _)| matches(t))
                .map(|(t, _)| match names.views.contains(t) {
                    true => Candidate {
                        text: quote_ident(engine, t),
                        kind: CandidateKind::View,
                        detail: "view".into(),
                    },
                    false => Candidate {
                        text: quote_ident(engine, t),
                        kind: CandidateKind::Table,
                        detail: "table".into(),
                    },
                }),
        );
    } else {
        for table in tables_in(&statement, names) {
            if let Some((t, cols)) = names
                .tables
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(&table))
            {
                out.extend(cols.iter().filter(|c| matches(c)).map(|c| Candidate {
                    text: quote_ident(engine, c),
                    kind: CandidateKind::Column,
                    detail: t.clone(),
                }));
            }
        }
    }
    if !prefix.is_empty() || !wants_table {
        out.extend(
            KEYWORDS
                .iter()
                .filter(|k| !prefix.is_empty() && matches(k))
                .map(|k| Candidate {
                    text: if prefix.chars().next().is_some_and(|c| c.is_lowercase()) {
                        k.to_lowercase()
                    } else {
                        k.to_string()
                    },
                    kind: CandidateKind::Keyword,
                    detail: "keyword".into(),
                }),
        );
    }
    out.dedup_by(|a, b| a.text == b.text);
    Completion {
        prefix_chars: prefix.chars().count(),
        candidates: out,
    }
}

/// Table names that follow FROM / JOIN / UPDATE / INTO in a statement and that the schema knows.
fn tables_in(statement: &str, names: &SchemaNames) -> Vec<String> {
    let words = words(statement);
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let kw = pair[0].to_ascii_uppercase();
        if matches!(kw.as_str(), "FROM" | "JOIN" | "UPDATE" | "INTO") {
            let name = pair[1]
                .rsplit('.')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '`'])
                .to_string();
            if names
                .tables
                .iter()
                .any(|(t, _)| t.eq_ignore_ascii_case(&name))
                && !out.contains(&name)
            {
                out.push(name);
            }
        }
    }
    out
}

/// The table an alias stands for: `from users u`, `join posts as p`.
fn resolve_alias(statement: &str, alias: &str) -> Option<String> {
    let words = words(statement);
    for (i, w) in words.iter().enumerate() {
        if !matches!(w.to_ascii_uppercase().as_str(), "FROM" | "JOIN" | "UPDATE") {
            continue;
        }
        let table = words.get(i + 1)?;
        let mut next = words.get(i + 2).map(String::as_str);
        if next.is_some_and(|n| n.eq_ignore_ascii_case("as")) {
            next = words.get(i + 3).map(String::as_str);
        }
        if next.is_some_and(|n| n.trim_matches(['"', '`']).eq_ignore_ascii_case(alias)) {
            return Some(
                table
                    .rsplit('.')
                    .next()
                    .unwrap_or(table)
                    .trim_matches(['"', '`'])
                    .to_string(),
            );
        }
    }
    None
}

fn words(statement: &str) -> Vec<String> {
    statement
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == ';')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> SchemaNames {
        SchemaNames {
            tables: vec![
                (
                    "users".into(),
                    vec!["id".into(), "username".into(), "email".into()],
                ),
                (
                    "posts".into(),
                    vec!["id".into(), "user_id".into(), "title".into()],
                ),
                ("Order Items".into(), vec!["qty".into()]),
            ],
            ..Default::default()
        }
    }

    fn texts(c: &Completion) -> Vec<&str> {
        c.candidates.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn tables_after_from_and_join() {
        let c = complete("select * from po", "", &names(), EngineKind::Postgres);
        assert_eq!(texts(&c), ["posts"]);
        assert_eq!(c.prefix_chars, 2);
        let c = complete(
            "select * from users u join ",
            "",
            &names(),
            EngineKind::Postgres,
        );
        assert_eq!(texts(&c), ["users", "posts", "\"Order Items\""]);
    }

    #[test]
    fn columns_of_an_alias_and_of_tables_in_scope() {
        let c = complete("select p.", " from posts p", &names(), EngineKind::Postgres);
        assert_eq!(texts(&c), ["id", "user_id", "title"]);
        let c = complete(
            "select u.user",
            " from users as u",
            &names(),
            EngineKind::Sqlite,
        );
        assert_eq!(texts(&c), ["username"]);
        let c = complete(
            "select ti",
            " from posts where",
            &names(),
            EngineKind::MySql,
        );
        assert_eq!(texts(&c), ["title"]);
        let c = complete(
            "select * from users where em",
            "",
            &names(),
            EngineKind::Postgres,
        );
        assert_eq!(texts(&c)[0], "email");
    }

    #[test]
    fn keywords_keep_the_case_typed() {
        let c = complete("sel", "", &names(), EngineKind::Postgres);
        assert_eq!(texts(&c), ["select"]);
        let c = complete("select * FR", "", &names(), EngineKind::Postgres);
        assert_eq!(texts(&c), ["FROM"]);
    }
}
