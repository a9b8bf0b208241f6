//! What kind of statement a text is, read from its first keywords.

pub use crate::engine::txn::{
    TxEffect, first_keyword, may_return_rows, skip_comments, transaction_effect,
};

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

/// Why a statement should be confirmed before it runs, if it should: it drops, truncates or
/// alters, updates / deletes every row, or changes rows from inside a query (a WITH clause).
pub fn needs_confirmation(sql: &str, engine: crate::engine::EngineKind) -> Option<String> {
    use super::lex::{self, LexOptions, Token};
    let opts = LexOptions {
        engine,
        backslash_escapes: engine == crate::engine::EngineKind::MySql,
    };
    // a text whose end cannot be told has no WHERE that counts
    let toks = lex::tokens(sql, opts).unwrap_or_default();
    if let Some(word) = super::read_proof::hidden_write_in(&toks) {
        return Some(format!("this query runs {word} inside it"));
    }
    let has_where = toks.contains(&Token::Word("WHERE".into()));
    match first_keyword(sql).as_str() {
        "DROP" => Some("DROP removes it for good".into()),
        "TRUNCATE" => Some("TRUNCATE empties the table".into()),
        "ALTER" => Some("ALTER changes the schema".into()),
        "UPDATE" if !has_where => Some("UPDATE without WHERE changes every row".into()),
        "DELETE" if !has_where => Some("DELETE without WHERE removes every row".into()),
        _ => None,
    }
}

#[cfg(test)]
mod safety_tests {
    use super::*;

    fn needs_confirmation_pg(sql: &str) -> Option<String> {
        needs_confirmation(sql, crate::engine::EngineKind::Postgres)
    }

    #[test]
    fn destructive_statements_ask_first() {
        assert!(
            needs_confirmation_pg("with x as (delete from t returning *) select * from x")
                .is_some_and(|r| r.contains("DELETE"))
        );
        assert!(needs_confirmation_pg("drop table users").is_some());
        assert!(needs_confirmation_pg("TRUNCATE posts").is_some());
        assert!(needs_confirmation_pg("delete from posts").is_some());
        assert!(needs_confirmation_pg("update users set name = 'where'").is_some());
        assert!(needs_confirmation_pg("update users set a = 1 where id = 3").is_none());
        assert!(needs_confirmation_pg("delete from t -- where\n").is_some());
        assert!(needs_confirmation_pg("select * from users").is_none());
    }
}
