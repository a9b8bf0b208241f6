//! PostgreSQL's own types, functions and operators in the flush's statements, named so that
//! the session's search_path cannot put others in their place. The flush runs on the session
//! connection, where the user may have run `set search_path = evil, pg_catalog`: a schema
//! before pg_catalog may hold a `text` domain whose CHECK runs code, an `unnest`, or an `=`
//! of the very same signature, and the server would take those.
//!
//! So a cast to one of PostgreSQL's types names pg_catalog (the types SQL's grammar names by
//! keywords, `integer` or `character varying`, are pg_catalog's whatever the search_path), a
//! comparison of two values of PostgreSQL's types uses `OPERATOR(pg_catalog.=)`, and each
//! function is `pg_catalog.`-qualified. A user's type (an enum, a domain, citext) keeps its
//! name and its own `=`: which schema's it is, is the catalog's to say.

/// pg_catalog's types whose names are plain identifiers (found on the search_path), as
/// `format_type` writes them.
const NAMED: &[&str] = &[
    "text",
    "bpchar",
    "varbit",
    "\"char\"",
    "name",
    "date",
    "timetz",
    "timestamptz",
    "uuid",
    "json",
    "jsonb",
    "jsonpath",
    "xml",
    "bytea",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "oid",
    "xid",
    "xid8",
    "tid",
    "cid",
    "pg_lsn",
    "tsvector",
    "tsquery",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "int2",
    "int4",
    "int8",
    "float4",
    "float8",
    "bool",
    "int4range",
    "int8range",
    "numrange",
    "daterange",
    "tsrange",
    "tstzrange",
    "regclass",
    "regtype",
    "regproc",
    "regprocedure",
    "regoper",
    "regoperator",
    "regnamespace",
    "regrole",
    "regconfig",
    "regdictionary",
];

/// pg_catalog's types that SQL's grammar names by keywords (never looked up on the
/// search_path), as `format_type` writes them.
const KEYWORD: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "real",
    "double precision",
    "numeric",
    "boolean",
    "character",
    "character varying",
    "bit",
    "bit varying",
    "interval",
    "timestamp without time zone",
    "timestamp with time zone",
    "time without time zone",
    "time with time zone",
];

/// pg_catalog's `text`.
pub const TEXT: &str = "pg_catalog.text";

/// pg_catalog's `=`.
pub const EQ: &str = "OPERATOR(pg_catalog.=)";

/// A type's name and its array dimensions (`text[]` → `text`, `[]`).
fn split_dims(ty: &str) -> (&str, &str) {
    let ty = ty.trim();
    match ty.find('[') {
        Some(at) => (ty[..at].trim_end(), &ty[at..]),
        None => (ty, ""),
    }
}

/// The type as a cast names it: one of pg_catalog's plain-named types qualified
/// (`text[]` → `pg_catalog.text[]`), any other as it is.
pub fn pg_type(ty: &str) -> String {
    let (name, dims) = split_dims(ty);
    match NAMED.contains(&name.to_ascii_lowercase().as_str()) {
        true => format!("pg_catalog.{}{dims}", name.to_ascii_lowercase()),
        false => ty.trim().to_string(),
    }
}

/// Whether the type (as `format_type` or `pg_type` writes it) is one of pg_catalog's.
pub fn is_own(ty: &str) -> bool {
    let (name, _) = split_dims(ty);
    let name = name.to_ascii_lowercase();
    let name = name.strip_prefix("pg_catalog.").unwrap_or(&name);
    NAMED.contains(&name) || KEYWORD.contains(&name)
}

/// The `=` that compares values of the type: pg_catalog's for its own types, else the one
/// the type brings (found on the search_path, as the user's own SQL finds it).
pub fn eq_for(ty: &str) -> &'static str {
    match is_own(ty) {
        true => EQ,
        false => "=",
    }
}

/// `a IS NOT DISTINCT FROM b` for values of the type: that form asks the search_path for its
/// `=`, so for pg_catalog's types it is written out with pg_catalog's.
pub fn not_distinct(a: &str, b: &str, ty: &str) -> String {
    match is_own(ty) {
        true => format!("({a} {EQ} {b} OR ({a} IS NULL AND {b} IS NULL))"),
        false => format!("{a} IS NOT DISTINCT FROM {b}"),
    }
}

/// The arrays side by side as rows, a FROM item: each unnested by pg_catalog's `unnest`.
pub fn unnest(arrays: &[String]) -> String {
    let calls: Vec<String> = (arrays.iter())
        .map(|a| format!("pg_catalog.unnest({a})"))
        .collect();
    match calls.as_slice() {
        [one] => one.clone(),
        _ => format!("ROWS FROM ({})", calls.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_catalog_types_are_named_by_schema() {
        assert_eq!(pg_type("text"), "pg_catalog.text");
        assert_eq!(pg_type("TEXT[]"), "pg_catalog.text[]");
        assert_eq!(pg_type("date"), "pg_catalog.date");
        assert_eq!(pg_type("\"char\""), "pg_catalog.\"char\"");
        // keywords are pg_catalog's by the grammar; a user's type keeps its name
        assert_eq!(pg_type("integer"), "integer");
        assert_eq!(pg_type("character varying"), "character varying");
        assert_eq!(pg_type("mood"), "mood");
        assert_eq!(pg_type("public.citext"), "public.citext");
    }

    #[test]
    fn pg_catalog_types_compare_with_pg_catalog_operators() {
        for ty in [
            "integer",
            "pg_catalog.text",
            "text",
            "numeric[]",
            "timestamp with time zone",
        ] {
            assert_eq!(eq_for(ty), EQ, "{ty}");
        }
        for ty in ["mood", "public.citext", "\"Text\""] {
            assert_eq!(eq_for(ty), "=", "{ty}");
        }
        assert_eq!(
            not_distinct("a", "b", "pg_catalog.text"),
            "(a OPERATOR(pg_catalog.=) b OR (a IS NULL AND b IS NULL))"
        );
        assert_eq!(not_distinct("a", "b", "mood"), "a IS NOT DISTINCT FROM b");
        assert_eq!(unnest(&["$1".into()]), "pg_catalog.unnest($1)");
        assert_eq!(
            unnest(&["$1".into(), "$2".into()]),
            "ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2))"
        );
    }
}
