//! A column's type in each engine's own terms: what a PostgreSQL parameter is cast to (never a
//! cast that cuts a value short), and how a value as read is matched against what the column
//! holds now (never through a cast that changes it).

use crate::engine::{EngineKind, Kind, Value};

/// The type a PostgreSQL parameter is cast to: the column's type without its modifier, so that
/// the column's own assignment applies it (a too-long value is an error; an explicit cast
/// would cut it short, `'hello'::character(3)` is 'hel'). `character` and `bit` without a
/// length mean length 1, so they become the types of any length, `bpchar` and `varbit`.
/// pg_catalog's types are named by schema (`pg_own`): the search_path cannot change them.
pub fn cast_type(data_type: &str) -> String {
    let base = base_type(data_type);
    let (name, dims) = match base.find('[') {
        Some(at) => base.split_at(at),
        None => (base.as_str(), ""),
    };
    let name = match name.trim().to_ascii_lowercase().as_str() {
        "character" | "char" | "pg_catalog.bpchar" => "bpchar".to_string(),
        "bit" | "pg_catalog.bit" => "varbit".to_string(),
        _ => name.to_string(),
    };
    super::pg_own::pg_type(&format!("{name}{dims}"))
}

/// How a PostgreSQL column's value as read is matched against what it holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PgCompare {
    /// As the text the client read (`col::text`): JSON has no equality, and citext's would
    /// call 'A' and 'a' one value.
    Text,
    /// In the column's own type, where its cast to text is not the text the client read:
    /// `char(n)` drops its padding (`'ab   '` read, `'ab'` cast), `inet` adds the mask of a
    /// host address (`'::1'` read, `'::1/128'` cast).
    Own(&'static str),
}

/// `declared` is the column's type (a domain's base type), as the catalog writes it.
pub fn pg_compare(declared: &str) -> PgCompare {
    match base_type(declared).trim().to_ascii_lowercase().as_str() {
        "character" | "char" | "bpchar" => PgCompare::Own("pg_catalog.bpchar"),
        "inet" => PgCompare::Own("pg_catalog.inet"),
        "cidr" => PgCompare::Own("pg_catalog.cidr"),
        _ => PgCompare::Text,
    }
}

/// Whether a MySQL value is matched as itself (`col <=> ?`), not as its text: numbers,
/// booleans (a BOOLEAN reads as true, its text is '1'), BIT (its text is raw bytes; the value
/// is bound as a number), bytes.
pub fn mysql_compares_as_value(value: &Value) -> bool {
    matches!(
        value,
        Value::Bool(_)
            | Value::Int(_)
            | Value::UInt(_)
            | Value::Bytes(_)
            | Value::Text(Kind::Bit, _)
    )
}

/// Whether a MySQL column is a BIT(n) column.
pub fn mysql_is_bit(declared: &str) -> bool {
    let t = declared.trim().to_ascii_lowercase();
    t == "bit" || t.starts_with("bit(")
}

/// A column's value as text in a read-back, as the grid shows it.
pub fn text_of(engine: EngineKind, declared: &str, col: &str) -> String {
    match engine {
        EngineKind::Postgres => format!("{col}::{}", super::pg_own::TEXT),
        EngineKind::MySql if mysql_is_bit(declared) => format!("BIN({col})"),
        EngineKind::MySql => format!("CONVERT({col} USING utf8mb4)"),
        EngineKind::Sqlite => col.to_string(),
    }
}

/// A PostgreSQL type without its modifier: `character varying(30)` → `character varying`,
/// `timestamp(3) with time zone` → `timestamp with time zone`, `numeric(10,2)[]` →
/// `numeric[]`. Quoted names are left alone.
pub fn base_type(data_type: &str) -> String {
    let mut out = String::with_capacity(data_type.len());
    let mut quoted = false;
    let mut chars = data_type.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == '(' && !quoted {
            let mut inner = String::new();
            for d in chars.by_ref() {
                if d == ')' {
                    break;
                }
                inner.push(d);
            }
            if inner
                .chars()
                .all(|d| d.is_ascii_digit() || d == ',' || d == ' ' || d == '-')
            {
                continue;
            }
            out.push('(');
            out.push_str(&inner);
            out.push(')');
            continue;
        }
        out.push(c);
    }
    out.replace("  ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_modifiers_are_left_off_the_cast() {
        assert_eq!(base_type("character varying(30)"), "character varying");
        assert_eq!(
            base_type("timestamp(3) with time zone"),
            "timestamp with time zone"
        );
        assert_eq!(base_type("numeric(10,2)[]"), "numeric[]");
        assert_eq!(base_type("\"My(3)Type\""), "\"My(3)Type\"");
        assert_eq!(base_type("public.mood"), "public.mood");
    }

    #[test]
    fn a_cast_never_cuts_a_value_short() {
        assert_eq!(cast_type("character(5)"), "pg_catalog.bpchar");
        assert_eq!(cast_type("character(5)[]"), "pg_catalog.bpchar[]");
        assert_eq!(cast_type("bit(3)"), "pg_catalog.varbit");
        assert_eq!(cast_type("bit varying(8)"), "bit varying");
        assert_eq!(cast_type("character varying(5)"), "character varying");
        assert_eq!(cast_type("numeric(5,2)"), "numeric");
        assert_eq!(cast_type("\"char\""), "pg_catalog.\"char\"");
        assert_eq!(cast_type("text"), "pg_catalog.text");
        assert_eq!(cast_type("mood"), "mood");
    }
}
