//! What kind of statement a text is, read from its first keywords.

/// The first keyword, upper-cased, after comments and opening parentheses.
pub fn first_keyword(sql: &str) -> String {
    let mut s = sql.trim_start();
    loop {
        if let Some(rest) = s.strip_prefix("--") {
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
        } else if let Some(rest) = s.strip_prefix('(') {
            s = rest.trim_start();
        } else {
            break;
        }
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
