//! The names the models module gives tables: a class per table with a primary key (made
//! unique), and an attribute per column that is a valid, unclashing Python identifier.

use std::collections::HashSet;

use super::super::catalog::{Catalog, RelationKind, Table};
use super::super::order::dependency_order;
use super::super::python::{class_name, py_ident, singular};

/// Names the module gives a table: its class (when it has a primary key) and attributes.
pub(super) struct Mapped<'a> {
    pub(super) table: &'a Table,
    pub(super) class: Option<String>,
    /// (column name, attribute name)
    pub(super) attrs: Vec<(String, String)>,
    pub(super) used: HashSet<String>,
}

impl Mapped<'_> {
    pub(super) fn attr(&self, column: &str) -> String {
        self.attrs
            .iter()
            .find(|(c, _)| c == column)
            .map_or_else(|| py_ident(column), |(_, a)| a.clone())
    }

    pub(super) fn fresh(&mut self, base: &str) -> String {
        let mut name = py_ident(base);
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{}_{n}", py_ident(base));
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// The class and attribute names a table gets in the module (class None: mapped as a Table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedNames {
    pub schema: String,
    pub table: String,
    pub class: Option<String>,
    /// (column, attribute)
    pub attrs: Vec<(String, String)>,
}

/// The names `module` gives every table, for code that uses the module (session scripts).
pub fn mapped_names(catalog: &Catalog) -> Vec<MappedNames> {
    let tables: Vec<&Table> = dependency_order(catalog)
        .into_iter()
        .filter(|t| t.relation.kind == RelationKind::Table)
        .collect();
    mapped_tables(&tables)
        .into_iter()
        .map(|m| MappedNames {
            schema: m.table.schema().to_string(),
            table: m.table.name().to_string(),
            class: m.class,
            attrs: m.attrs,
        })
        .collect()
}

/// Names the module itself binds, which a class body must not shadow (a column named `sa`
/// would make the next line's `sa.Integer()` its attribute).
const MODULE_NAMES: &[&str] = &[
    "sa",
    "Mapped",
    "mapped_column",
    "relationship",
    "Optional",
    "List",
    "Any",
    "DbType",
    "Base",
    "DeclarativeBase",
    "datetime",
    "decimal",
    "uuid",
    "postgresql",
    "mysql",
    "json",
    "sys",
    "annotations",
];

pub(super) fn mapped_tables<'a>(tables: &[&'a Table]) -> Vec<Mapped<'a>> {
    let mut classes_used: HashSet<String> = MODULE_NAMES.iter().map(|n| n.to_string()).collect();
    tables
        .iter()
        .map(|t| {
            let class = t
                .primary_key
                .as_ref()
                .filter(|pk| !pk.columns.is_empty())
                .map(|_| {
                    let mut name = class_name(&singular(t.name()));
                    while !classes_used.insert(name.clone()) {
                        name.push('_');
                    }
                    name
                });
            let mut m = Mapped {
                table: t,
                class,
                attrs: Vec::new(),
                used: HashSet::new(),
            };
            for reserved in [
                "metadata",
                "registry",
                "__tablename__",
                "__table_args__",
                "__table__",
            ]
            .iter()
            .chain(MODULE_NAMES)
            {
                m.used.insert(reserved.to_string());
            }
            for c in &t.columns {
                let a = m.fresh(&c.name);
                m.attrs.push((c.name.clone(), a));
            }
            m
        })
        .collect()
}
