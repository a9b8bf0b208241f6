//! The table detail view: what the tree's selected table is, in SQLAlchemy's words, as DDL, and as
//! a declarative model class.

use std::fmt::Write as _;

use crate::meta::{Catalog, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailTab {
    Info,
    Ddl,
    Model,
}

impl DetailTab {
    pub const ALL: [DetailTab; 3] = [DetailTab::Info, DetailTab::Ddl, DetailTab::Model];

    pub fn label(self) -> &'static str {
        match self {
            DetailTab::Info => "Table",
            DetailTab::Ddl => "DDL",
            DetailTab::Model => "Model",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailView {
    pub schema: String,
    pub table: String,
    pub tab: DetailTab,
    pub scroll: usize,
    pub text: String,
    /// The DDL came from the server (sqlite_master, SHOW CREATE TABLE) rather than retort.
    pub from_server: bool,
}

/// The text of a tab, from the catalog assembled of the loaded schemas.
pub fn detail_text(catalog: &Catalog, table: &Table, tab: DetailTab) -> String {
    match tab {
        DetailTab::Info => info(catalog, table),
        DetailTab::Ddl => crate::meta::ddl::table_ddl(catalog, table),
        DetailTab::Model => crate::meta::models::table_class(catalog, table.schema(), table.name()),
    }
}

fn info(catalog: &Catalog, t: &Table) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Table {:?} — a {} in schema {:?} of the MetaData ({})",
        t.name(),
        t.relation.kind.label(),
        t.schema(),
        catalog.dialect
    );
    if let Some(n) = t.relation.row_estimate {
        let _ = writeln!(s, "about {n} rows (catalog estimate, no COUNT run)");
    }
    if let Some(c) = &t.relation.comment {
        let _ = writeln!(s, "comment: {c}");
    }
    columns(&mut s, t);
    constraints(&mut s, t);
    indexes(&mut s, t);
    foreign_keys(&mut s, catalog, t);
    s
}

/// Each column: its name, its type, and what SQLAlchemy's `Column` would say of it.
fn columns(s: &mut String, t: &Table) {
    let _ = writeln!(s, "\nColumn");
    let widest = |f: fn(&crate::meta::ColumnInfo) -> usize| t.columns.iter().map(f).max();
    let width = widest(|c| c.name.chars().count()).unwrap_or(4);
    let type_width = widest(|c| c.data_type.chars().count()).unwrap_or(4);
    for c in &t.columns {
        let _ = writeln!(
            s,
            "  {:<width$}  {:<type_width$}  {}",
            c.name,
            c.data_type,
            column_flags(t, c).join(" · ")
        );
        if let Some(comment) = &c.comment {
            let _ = writeln!(s, "  {:<width$}  -- {comment}", "");
        }
    }
}

fn column_flags(t: &Table, c: &crate::meta::ColumnInfo) -> Vec<String> {
    let mut flags = Vec::new();
    if t.is_pk(&c.name) {
        flags.push("primary_key".to_string());
    }
    if let Some(fk) = t.foreign_keys.iter().find(|f| f.columns.contains(&c.name)) {
        let to = format!("{}.{}", fk.ref_table, fk.ref_columns.join(","));
        flags.push(format!("ForeignKey({to})"));
    }
    flags.push(if c.nullable { "nullable" } else { "NOT NULL" }.into());
    if c.autoincrement {
        flags.push("autoincrement".into());
    }
    if let Some(d) = &c.default {
        flags.push(format!("server_default {d}"));
    }
    if let Some(g) = &c.generated {
        flags.push(format!("Computed({g})"));
    }
    flags
}

/// The primary key, unique and check constraints.
fn constraints(s: &mut String, t: &Table) {
    if let Some(pk) = &t.primary_key {
        let _ = writeln!(s, "\nPrimaryKeyConstraint ({})", pk.columns.join(", "));
    }
    for u in &t.unique_constraints {
        let columns = u.columns.join(", ");
        let _ = writeln!(s, "UniqueConstraint ({columns}){}", named(&u.name));
    }
    for c in &t.check_constraints {
        let _ = writeln!(s, "CheckConstraint {}{}", c.expression, named(&c.name));
    }
}

fn indexes(s: &mut String, t: &Table) {
    if t.indexes.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nIndex");
    for ix in &t.indexes {
        let unique = if ix.unique { "unique " } else { "" };
        let method = (ix.method.as_deref())
            .map(|m| format!(" using {m}"))
            .unwrap_or_default();
        let predicate = (ix.predicate.as_deref())
            .map(|p| format!(" where {p}"))
            .unwrap_or_default();
        let columns = ix.columns.join(", ");
        let _ = writeln!(s, "  {} {unique}({columns}){method}{predicate}", ix.name);
    }
}

/// Both sides of each relationship: the parents this table points at, the children that
/// point at it.
fn foreign_keys(s: &mut String, catalog: &Catalog, t: &Table) {
    if !t.foreign_keys.is_empty() {
        let _ = writeln!(
            s,
            "\nForeignKey (this table → parent; the many-to-one side of a relationship)"
        );
        for fk in &t.foreign_keys {
            let _ = writeln!(
                s,
                "  ({}) → {}.{}({})  on delete {} · on update {}",
                fk.columns.join(", "),
                fk.ref_schema,
                fk.ref_table,
                fk.ref_columns.join(", "),
                fk.on_delete.to_lowercase(),
                fk.on_update.to_lowercase()
            );
        }
    }
    let incoming = catalog.referencing(t.schema(), t.name());
    if !incoming.is_empty() {
        let _ = writeln!(
            s,
            "\nReferenced by (child → this table; the one-to-many side)"
        );
        for (child, fk) in incoming {
            let columns = fk.columns.join(", ");
            let _ = writeln!(s, "  {}.{}({columns})", child.schema(), child.name());
        }
    }
}

fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!(" name={n}"))
        .unwrap_or_default()
}
