//! SQL differences between the engines that retort's own SQL must respect.

use super::url::EngineKind;

/// Words that must be quoted to be used as names (a common subset of the three engines').
const RESERVED: &[&str] = &[
    "all",
    "alter",
    "and",
    "any",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "in",
    "index",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "right",
    "select",
    "set",
    "table",
    "then",
    "to",
    "true",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

/// Quotes an identifier for the engine when it needs quoting: not a plain lower-case name
/// (PostgreSQL folds unquoted names to lower case), or a reserved word.
pub fn quote_ident(engine: EngineKind, name: &str) -> String {
    let plain = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name);
    if plain {
        return name.to_string();
    }
    always_quote(engine, name)
}

/// Quotes an identifier whatever it is.
pub fn always_quote(engine: EngineKind, name: &str) -> String {
    match engine {
        EngineKind::MySql => format!("`{}`", name.replace('`', "``")),
        EngineKind::Postgres | EngineKind::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// `schema.table`, each part quoted as needed; the schema is left out when it is the default.
pub fn qualified(
    engine: EngineKind,
    schema: &str,
    name: &str,
    default_schema: Option<&str>,
) -> String {
    if default_schema == Some(schema) || (engine == EngineKind::Sqlite && schema == "main") {
        quote_ident(engine, name)
    } else {
        format!(
            "{}.{}",
            quote_ident(engine, schema),
            quote_ident(engine, name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote_ident(EngineKind::Postgres, "users"), "users");
        assert_eq!(quote_ident(EngineKind::Postgres, "Users"), "\"Users\"");
        assert_eq!(quote_ident(EngineKind::Postgres, "order"), "\"order\"");
        assert_eq!(quote_ident(EngineKind::Postgres, "a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident(EngineKind::MySql, "my table"), "`my table`");
        assert_eq!(quote_ident(EngineKind::MySql, "a`b"), "`a``b`");
        assert_eq!(quote_ident(EngineKind::Sqlite, "café"), "\"café\"");
        assert_eq!(
            qualified(EngineKind::Postgres, "public", "t", Some("public")),
            "t"
        );
        assert_eq!(
            qualified(EngineKind::Postgres, "Sales", "t", Some("public")),
            "\"Sales\".t"
        );
    }
}
