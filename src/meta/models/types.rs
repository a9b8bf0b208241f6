//! A column's SQLAlchemy type, from its catalog type: a domain is its base type (with the
//! domain's name left to the database), an enum is an `sa.Enum` of its own name, labels and
//! schema, an array of either an ARRAY of it.

use crate::meta::catalog::{Catalog, ColumnInfo, Domain, EnumType, Table};
use crate::meta::sa_types::{SaEnum, sa_type};

/// (`sa.…` expression, Python annotation) of a column.
pub fn column_type(catalog: &Catalog, table: &Table, column: &ColumnInfo) -> (String, String) {
    let (sa, py) = type_of(catalog, table, &column.data_type, 0);
    match &column.collation {
        Some(c) => (with_collation(sa, c), py),
        None => (sa, py),
    }
}

/// `sa.String(20)` → `sa.String(20, collation="C")`, for the string types that take one.
fn with_collation(sa: String, collation: &str) -> String {
    let takes = ["sa.String(", "sa.Text(", "sa.CHAR("];
    if !takes.iter().any(|t| sa.starts_with(t)) || !sa.ends_with(')') {
        return sa;
    }
    let inner = &sa[sa.find('(').map_or(0, |i| i + 1)..sa.len() - 1];
    let sep = if inner.is_empty() { "" } else { ", " };
    format!(
        "{}{sep}collation={})",
        &sa[..sa.len() - 1],
        crate::meta::python::py_str(collation)
    )
}

fn type_of(catalog: &Catalog, table: &Table, data_type: &str, depth: u8) -> (String, String) {
    if catalog.dialect != "postgresql" || depth > 8 {
        return sa_type(&catalog.dialect, data_type, None);
    }
    if let Some(inner) = data_type.strip_suffix("[]") {
        let (sa, py) = type_of(catalog, table, inner, depth + 1);
        return (format!("postgresql.ARRAY({sa})"), format!("List[{py}]"));
    }
    let (schema, name) = split_qualified(data_type);
    if let Some(d) = find(
        catalog,
        table,
        schema.as_deref(),
        &name,
        |s| &s.domains,
        domain_name,
    ) {
        return type_of(catalog, table, &d.base_type, depth + 1);
    }
    let e = find(
        catalog,
        table,
        schema.as_deref(),
        &name,
        |s| &s.enums,
        enum_name,
    );
    let e = e.map(|e| SaEnum {
        name: &e.name,
        values: &e.values,
        schema: Some(e.schema.as_str()).filter(|s| catalog.default_schema.as_deref() != Some(s)),
    });
    sa_type(&catalog.dialect, data_type, e)
}

fn domain_name(d: &Domain) -> &str {
    &d.name
}

fn enum_name(e: &EnumType) -> &str {
    &e.name
}

/// The named type: in `schema` when the name is qualified, else where an unqualified name
/// resolves (the default schema), else in the table's schema or any other.
fn find<'c, T>(
    catalog: &'c Catalog,
    table: &Table,
    schema: Option<&str>,
    name: &str,
    list: impl Fn(&'c crate::meta::Schema) -> &'c Vec<T>,
    name_of: impl Fn(&T) -> &str,
) -> Option<&'c T> {
    let in_schema = |s: &str| {
        catalog
            .schema(s)
            .and_then(|s| list(s).iter().find(|x| name_of(x) == name))
    };
    match schema {
        Some(s) => in_schema(s),
        None => catalog
            .default_schema
            .as_deref()
            .and_then(in_schema)
            .or_else(|| in_schema(table.schema()))
            .or_else(|| {
                catalog
                    .schemas
                    .iter()
                    .flat_map(|s| list(s).iter())
                    .find(|x| name_of(x) == name)
            }),
    }
}

/// `"Odd ""S""".mood` → (Some(`Odd "S"`), `mood`); `mood` → (None, `mood`).
pub fn split_qualified(text: &str) -> (Option<String>, String) {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    match parts.len() {
        2 => {
            let name = parts.pop().unwrap_or_default();
            (parts.pop(), name)
        }
        _ => (None, parts.pop().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::split_qualified;

    #[test]
    fn qualified_names_split_outside_quotes() {
        assert_eq!(split_qualified("mood"), (None, "mood".into()));
        assert_eq!(
            split_qualified("inventory.condition"),
            (Some("inventory".into()), "condition".into())
        );
        assert_eq!(
            split_qualified("\"Odd \"\"S\"\".x\".\"a.b\""),
            (Some("Odd \"S\".x".into()), "a.b".into())
        );
    }
}
