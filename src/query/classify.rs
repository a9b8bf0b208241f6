//! What kind of statement a text is, read from its first keywords.

/// The first keyword, upper-cased, after comments and opening parentheses.
pub fn first_keyword(sql: &str) -> String {
    let mut s = skip_comments(sql);
    while let Some(rest) = s.strip_prefix('(') {
        s = skip_comments(rest);
    }
    s.split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// The text after any leading whitespace and comments (`--`, `#`, `/* */`).
pub fn skip_comments(sql: &str) -> &str {
    let mut s = sql.trim_start();
    loop {
        if let Some(rest) = s.strip_prefix("--").or_else(|| s.strip_prefix('#')) {
            s = rest
                .split_once('\n')
                .map(|(_, r)| r)
                .unwrap_or("")
                .trim_start();
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest
                .split_once("*/")
                .map(|(_, r)| r)
                .unwrap_or("")
                .trim_start();
        } else {
            return s;
        }
    }
}

/// Whether a statement may produce a result set (possibly empty).
pub fn may_return_rows(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "SELECT"
            | "WITH"
            | "VALUES"
            | "TABLE"
            | "SHOW"
            | "EXPLAIN"
            | "DESCRIBE"
            | "DESC"
            | "PRAGMA"
    ) || sql.to_ascii_uppercase().contains("RETURNING")
}

/// A psql-like command tag for a statement that returned no rows: "INSERT 0 3", "UPDATE 2",
/// "CREATE TABLE".
pub fn command_tag(sql: &str, rows_affected: u64) -> String {
    let kw = first_keyword(sql);
    match kw.as_str() {
        "INSERT" => format!("INSERT 0 {rows_affected}"),
        "UPDATE" | "DELETE" | "MERGE" | "COPY" | "REPLACE" => format!("{kw} {rows_affected}"),
        "CREATE" | "DROP" | "ALTER" => {
            let words: Vec<String> = sql
                .split_whitespace()
                .take(4)
                .map(|w| w.to_ascii_uppercase())
                .collect();
            let object = words
                .iter()
                .skip(1)
                .find(|w| {
                    !matches!(
                        w.as_str(),
                        "OR" | "REPLACE"
                            | "TEMP"
                            | "TEMPORARY"
                            | "UNIQUE"
                            | "UNLOGGED"
                            | "MATERIALIZED"
                            | "IF"
                    )
                })
                .cloned()
                .unwrap_or_default();
            let materialized = words.iter().any(|w| w == "MATERIALIZED");
            let object = if materialized {
                format!("MATERIALIZED {object}")
            } else {
                object
            };
            format!("{kw} {object}").trim().to_string()
        }
        "" => String::new(),
        _ => kw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_tags() {
        assert_eq!(first_keyword("  -- hi\n/* x */ (select 1)"), "SELECT");
        assert!(may_return_rows("with x as (select 1) select * from x"));
        assert!(may_return_rows("insert into t values (1) returning id"));
        assert!(!may_return_rows("insert into t values (1)"));
        assert_eq!(command_tag("insert into t values (1),(2)", 2), "INSERT 0 2");
        assert_eq!(
            command_tag("create table if not exists t (a int)", 0),
            "CREATE TABLE"
        );
        assert_eq!(
            command_tag("create materialized view v as select 1", 0),
            "CREATE MATERIALIZED VIEW"
        );
        assert_eq!(command_tag("begin", 0), "BEGIN");
    }
}

/// What a statement does to the session's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxEffect {
    Begin,
    End,
    None,
}

pub fn transaction_effect(sql: &str) -> TxEffect {
    let words: Vec<String> = code_only(sql)
        .split_whitespace()
        .take(2)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let second = words.get(1).map(String::as_str).unwrap_or("");
    match first_keyword(sql).as_str() {
        "BEGIN" if !matches!(second, "ATOMIC") => TxEffect::Begin,
        "START" if second.starts_with("TRANSACTION") => TxEffect::Begin,
        "COMMIT" | "END" | "ABORT" => TxEffect::End,
        "ROLLBACK" if second != "TO" => TxEffect::End,
        _ => TxEffect::None,
    }
}

/// Why a statement should be confirmed before it runs, if it should: it drops, truncates or
/// alters, or updates / deletes every row.
pub fn needs_confirmation(sql: &str) -> Option<String> {
    let code = code_only(sql).to_ascii_uppercase();
    let has_where = code
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == "WHERE");
    match first_keyword(sql).as_str() {
        "DROP" => Some("DROP removes it for good".into()),
        "TRUNCATE" => Some("TRUNCATE empties the table".into()),
        "ALTER" => Some("ALTER changes the schema".into()),
        "UPDATE" if !has_where => Some("UPDATE without WHERE changes every row".into()),
        "DELETE" if !has_where => Some("DELETE without WHERE removes every row".into()),
        _ => None,
    }
}

/// The statement with comments removed and string literals blanked, for keyword checks.
pub fn code_only(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                out.push(' ');
                while let Some(d) = chars.next() {
                    if d == c {
                        if chars.peek() == Some(&c) {
                            chars.next();
                            continue;
                        }
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
                out.push(' ');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                out.push(' ');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod safety_tests {
    use super::*;

    #[test]
    fn destructive_statements_ask_first() {
        assert!(needs_confirmation("drop table users").is_some());
        assert!(needs_confirmation("TRUNCATE posts").is_some());
        assert!(needs_confirmation("delete from posts").is_some());
        assert!(needs_confirmation("update users set name = 'where'").is_some());
        assert!(needs_confirmation("update users set a = 1 where id = 3").is_none());
        assert!(needs_confirmation("delete from t -- where\n").is_some());
        assert!(needs_confirmation("select * from users").is_none());
    }

    #[test]
    fn transaction_statements() {
        assert_eq!(transaction_effect("BEGIN"), TxEffect::Begin);
        assert_eq!(
            transaction_effect("start transaction read only"),
            TxEffect::Begin
        );
        assert_eq!(transaction_effect("commit"), TxEffect::End);
        assert_eq!(transaction_effect("rollback"), TxEffect::End);
        assert_eq!(
            transaction_effect("rollback to savepoint a"),
            TxEffect::None
        );
        assert_eq!(transaction_effect("select 1"), TxEffect::None);
    }
}
