//! What kind of statement a text is, read from its first keywords.

pub use super::confirm::needs_confirmation;
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
