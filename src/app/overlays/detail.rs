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
    let _ = writeln!(s, "\nColumn");
    let width = t
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(4);
    let type_width = t
        .columns
        .iter()
        .map(|c| c.data_type.chars().count())
        .max()
        .unwrap_or(4);
    for c in &t.columns {
        let mut flags = Vec::new();
        if t.is_pk(&c.name) {
            flags.push("primary_key".to_string());
        }
        if let Some(fk) = t.foreign_keys.iter().find(|f| f.columns.contains(&c.name)) {
            flags.push(format!(
                "ForeignKey({}.{})",
                fk.ref_table,
                fk.ref_columns.join(",")
            ));
        }
        flags.push(if c.nullable {
            "nullable".into()
        } else {
            "NOT NULL".into()
        });
        if c.autoincrement {
            flags.push("autoincrement".into());
        }
        if let Some(d) = &c.default {
            flags.push(format!("server_default {d}"));
        }
        if let Some(g) = &c.generated {
            flags.push(format!("Computed({g})"));
        }
        let _ = writeln!(
            s,
            "  {:<width$}  {:<type_width$}  {}",
            c.name,
            c.data_type,
            flags.join(" · ")
        );
        if let Some(comment) = &c.comment {
            let _ = writeln!(s, "  {:<width$}  -- {comment}", "");
        }
    }
    if let Some(pk) = &t.primary_key {
        let _ = writeln!(s, "\nPrimaryKeyConstraint ({})", pk.columns.join(", "));
    }
    for u in &t.unique_constraints {
        let _ = writeln!(
            s,
            "UniqueConstraint ({}){}",
            u.columns.join(", "),
            named(&u.name)
        );
    }
    for c in &t.check_constraints {
        let _ = writeln!(s, "CheckConstraint {}{}", c.expression, named(&c.name));
    }
    if !t.indexes.is_empty() {
        let _ = writeln!(s, "\nIndex");
        for ix in &t.indexes {
            let unique = if ix.unique { "unique " } else { "" };
            let method = ix
                .method
                .as_deref()
                .map(|m| format!(" using {m}"))
                .unwrap_or_default();
            let predicate = ix
                .predicate
                .as_deref()
                .map(|p| format!(" where {p}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {} {unique}({}){method}{predicate}",
                ix.name,
                ix.columns.join(", ")
            );
        }
    }
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
            let _ = writeln!(
                s,
                "  {}.{}({})",
                child.schema(),
                child.name(),
                fk.columns.join(", ")
            );
        }
    }
    s
}

fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!(" name={n}"))
        .unwrap_or_default()
}
