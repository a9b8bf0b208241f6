//! What a column, a foreign key and a table carry besides their types, written so that
//! `create_all` makes what was reflected: identity and sequences, collations, stored
//! generated columns, deferred keys, index order, operator classes and kinds, and SQLite's
//! AUTOINCREMENT and WITHOUT ROWID.

use super::super::catalog::{Catalog, ColumnInfo, ForeignKey, Index, Table};
use super::super::python::py_str;
use super::{schema_is_default, table_key};

pub(super) fn fk_options(fk: &ForeignKey) -> String {
    let mut s = String::new();
    if let Some(n) = &fk.name {
        s.push_str(&format!(", name={}", py_str(n)));
    }
    for (what, action) in [("ondelete", &fk.on_delete), ("onupdate", &fk.on_update)] {
        if !action.is_empty() && action != "NO ACTION" {
            s.push_str(&format!(", {what}={}", py_str(action)));
        }
    }
    if fk.deferrable {
        s.push_str(", deferrable=True");
    }
    if fk.initially_deferred {
        s.push_str(", initially=\"DEFERRED\"");
    }
    s
}

/// The sequence a default of `nextval('name'::regclass)` draws from: (schema, name), each
/// part of the name read as SQL reads it (`"My ""Seq"""` is `My "Seq"`).
pub(super) fn sequence_of(default: &str) -> Option<(Option<String>, String)> {
    let inner = default.strip_prefix("nextval('")?;
    let end = inner.rfind("'::regclass)").or_else(|| inner.rfind("')"))?;
    let text = inner[..end].replace("''", "'");
    let mut parts: Vec<String> = Vec::new();
    let mut part = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                part.push('"');
            }
            ('"', _) => quoted = !quoted,
            ('.', false) => parts.push(std::mem::take(&mut part)),
            (c, _) => part.push(c),
        }
    }
    parts.push(part);
    let name = parts.pop()?;
    Some((parts.pop(), name))
}

/// `sa.Sequence(…)` of a column whose default draws from a sequence it does not own.
fn own_sequence(c: &ColumnInfo) -> Option<String> {
    if c.serial || c.identity.is_some() {
        return None;
    }
    let (schema, name) = sequence_of(c.default.as_deref()?)?;
    let schema = schema
        .map(|s| format!(", schema={}", py_str(&s)))
        .unwrap_or_default();
    Some(format!("sa.Sequence({}{schema})", py_str(&name)))
}

fn identity(c: &ColumnInfo) -> Option<String> {
    let id = c.identity.as_ref()?;
    let mut kw = vec![format!(
        "always={}",
        if id.always { "True" } else { "False" }
    )];
    if id.start != 1 {
        kw.push(format!("start={}", id.start));
    }
    if id.increment != 1 {
        kw.push(format!("increment={}", id.increment));
    }
    if let Some(min) = id.minvalue {
        kw.push(format!("minvalue={min}"));
    }
    if let Some(max) = id.maxvalue {
        kw.push(format!("maxvalue={max}"));
    }
    if id.cycle {
        kw.push("cycle=True".into());
    }
    Some(format!("sa.Identity({})", kw.join(", ")))
}

pub(super) fn column_options(t: &Table, c: &ColumnInfo) -> Vec<String> {
    let mut o = Vec::new();
    // positional first: a computed expression, an identity, a sequence
    if let Some(g) = &c.generated {
        let stored = if c.generated_stored {
            ", persisted=True"
        } else {
            ""
        };
        o.push(format!("sa.Computed({}{stored})", py_str(g)));
    }
    o.extend(identity(c));
    let sequence = own_sequence(c);
    o.extend(sequence.clone());
    if t.is_pk(&c.name) {
        o.push("primary_key=True".to_string());
        let single = t.primary_key.as_ref().is_some_and(|p| p.columns.len() == 1);
        if single && !c.autoincrement {
            o.push("autoincrement=False".to_string());
        }
        // SQLite: a key column that is not the rowid takes NULL unless it says NOT NULL
        if c.nullable {
            o.push("nullable=True".to_string());
        }
    } else {
        o.push(format!(
            "nullable={}",
            if c.nullable { "True" } else { "False" }
        ));
    }
    let drawn_by_server = c.autoincrement && sequence.is_none();
    if let Some(d) = c
        .default
        .as_ref()
        .filter(|_| c.generated.is_none() && !drawn_by_server)
    {
        o.push(format!("server_default=sa.text({})", py_str(d)));
    }
    if let Some(comment) = &c.comment {
        o.push(format!("comment={}", py_str(comment)));
    }
    o
}

/// An index entry: a column by name; an expression, a descending or classed column, or a
/// MySQL prefix with DESC as text the dialect reads. `lengths` gathers MySQL's prefix lengths.
fn index_entry(
    catalog: &Catalog,
    t: &Table,
    ix: &Index,
    entry: &str,
    lengths: &mut Vec<(String, String)>,
) -> String {
    let is_column = |name: &str| t.columns.iter().any(|col| col.name == name);
    let desc = ix.descending.iter().any(|d| d == entry);
    let quote = |name: &str| crate::engine::dialect::quote_ident(dialect_kind(catalog), name);
    // MySQL `name(20)`: a prefix of a column (none for a SPATIAL index, whose 32 is no prefix)
    let prefix = entry
        .strip_suffix(')')
        .and_then(|e| e.rsplit_once('('))
        .filter(|(name, n)| {
            catalog.dialect == "mysql" && is_column(name) && n.chars().all(|c| c.is_ascii_digit())
        });
    let mut text = match prefix {
        Some((name, _)) if ix.method.as_deref() == Some("spatial") => return py_str(name),
        Some((name, n)) if !desc => {
            lengths.push((name.to_string(), n.to_string()));
            return py_str(name);
        }
        Some((name, n)) => format!("{}({n})", quote(name)),
        None if is_column(entry) && !desc => return py_str(entry),
        None if is_column(entry) => quote(entry),
        None => format!("({entry})"),
    };
    if desc {
        if let Some((_, class)) = ix.operator_classes.iter().find(|(e, _)| e == entry) {
            text = format!("{text} {class}");
        }
        text.push_str(" DESC");
    }
    format!("sa.text({})", py_str(&text))
}

fn dialect_kind(catalog: &Catalog) -> crate::engine::EngineKind {
    match catalog.dialect.as_str() {
        "postgresql" => crate::engine::EngineKind::Postgres,
        "mysql" => crate::engine::EngineKind::MySql,
        _ => crate::engine::EngineKind::Sqlite,
    }
}

fn index(catalog: &Catalog, t: &Table, ix: &Index) -> String {
    let mut lengths = Vec::new();
    let cols: Vec<String> = ix
        .columns
        .iter()
        .map(|c| index_entry(catalog, t, ix, c, &mut lengths))
        .collect();
    let mut extra = String::new();
    if ix.unique {
        extra.push_str(", unique=True");
    }
    let pg = catalog.dialect == "postgresql";
    if let Some(p) = &ix.predicate {
        let dialect = if pg { "postgresql" } else { "sqlite" };
        extra.push_str(&format!(", {dialect}_where=sa.text({})", py_str(p)));
    }
    if let Some(m) = ix.method.as_ref().filter(|m| pg && *m != "btree") {
        extra.push_str(&format!(", postgresql_using={}", py_str(m)));
    }
    let classes: Vec<String> = ix
        .operator_classes
        .iter()
        .filter(|(e, _)| !ix.descending.contains(e))
        .map(|(e, class)| format!("{}: {}", py_str(e), py_str(class)))
        .collect();
    if pg && !classes.is_empty() {
        extra.push_str(&format!(", postgresql_ops={{{}}}", classes.join(", ")));
    }
    if !lengths.is_empty() {
        let pairs: Vec<String> = lengths
            .iter()
            .map(|(c, n)| format!("{}: {n}", py_str(c)))
            .collect();
        extra.push_str(&format!(", mysql_length={{{}}}", pairs.join(", ")));
    }
    if let Some(kind) = ix
        .method
        .as_deref()
        .filter(|m| catalog.dialect == "mysql" && matches!(*m, "fulltext" | "spatial"))
    {
        extra.push_str(&format!(
            ", mysql_prefix={}",
            py_str(&kind.to_ascii_uppercase())
        ));
    }
    format!("sa.Index({}, {}{extra})", py_str(&ix.name), cols.join(", "))
}

/// The primary key as a constraint, when its columns' order or its name is not what the
/// columns' `primary_key=True` would give: a key of several columns keeps their order (a key
/// referred to by a composite foreign key must), a named key its name.
fn primary_key(catalog: &Catalog, t: &Table) -> Option<String> {
    let pk = t.primary_key.as_ref()?;
    let default_name = match catalog.dialect.as_str() {
        "postgresql" => Some(format!("{}_pkey", t.name())),
        "mysql" => Some("PRIMARY".to_string()),
        _ => None,
    };
    let name = pk
        .name
        .as_ref()
        .filter(|n| Some(*n) != default_name.as_ref());
    if pk.columns.len() < 2 && name.is_none() {
        return None;
    }
    let cols: Vec<String> = pk.columns.iter().map(|c| py_str(c)).collect();
    let name = name
        .map(|n| format!(", name={}", py_str(n)))
        .unwrap_or_default();
    Some(format!(
        "sa.PrimaryKeyConstraint({}{name})",
        cols.join(", ")
    ))
}

/// Constraints and indexes that do not sit on one column, and the table's schema.
pub(super) fn table_args(catalog: &Catalog, t: &Table, as_table: bool) -> String {
    let mut items = Vec::new();
    items.extend(primary_key(catalog, t));
    for fk in t.foreign_keys.iter().filter(|fk| fk.columns.len() > 1) {
        let key = table_key(catalog, &fk.ref_schema, &fk.ref_table);
        let cols: Vec<String> = fk.columns.iter().map(|c| py_str(c)).collect();
        let refs: Vec<String> = fk
            .ref_columns
            .iter()
            .map(|c| py_str(&format!("{key}.{c}")))
            .collect();
        items.push(format!(
            "sa.ForeignKeyConstraint([{}], [{}]{})",
            cols.join(", "),
            refs.join(", "),
            fk_options(fk)
        ));
    }
    for u in &t.unique_constraints {
        let cols: Vec<String> = u.columns.iter().map(|c| py_str(c)).collect();
        let name = u
            .name
            .as_ref()
            .map(|n| format!(", name={}", py_str(n)))
            .unwrap_or_default();
        items.push(format!("sa.UniqueConstraint({}{name})", cols.join(", ")));
    }
    for c in &t.check_constraints {
        let name = c
            .name
            .as_ref()
            .map(|n| format!(", name={}", py_str(n)))
            .unwrap_or_default();
        items.push(format!(
            "sa.CheckConstraint({}{name})",
            py_str(&c.expression)
        ));
    }
    items.extend(t.indexes.iter().map(|ix| index(catalog, t, ix)));
    // keyword arguments: (name, Python value)
    let mut kw: Vec<(&str, String)> = Vec::new();
    if !schema_is_default(catalog, t.schema()) {
        kw.push(("schema", py_str(t.schema())));
    }
    if let Some(c) = &t.relation.comment {
        kw.push(("comment", py_str(c)));
    }
    if t.sqlite_autoincrement {
        kw.push(("sqlite_autoincrement", "True".into()));
    }
    if t.without_rowid {
        kw.push(("sqlite_with_rowid", "False".into()));
    }
    let mut s = String::new();
    if as_table {
        for i in &items {
            s.push_str(&format!("    {i},\n"));
        }
        for (k, v) in kw.iter().filter(|(k, _)| *k != "comment") {
            s.push_str(&format!("    {k}={v},\n"));
        }
        return s;
    }
    for i in &items {
        s.push_str(&format!("        {i},\n"));
    }
    if !kw.is_empty() {
        let pairs: Vec<String> = kw.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        s.push_str(&format!("        {{{}}},\n", pairs.join(", ")));
    }
    s
}
