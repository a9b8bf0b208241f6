//! The schema tree as rows: schemas → tables and views → columns, indexes, foreign keys out and
//! in. Computed from the model on demand (cheap: only names are walked), filtered as you type.

use std::collections::HashSet;

use crate::app::schema::catalog::{LoadedCatalog, SchemaDetails};
use crate::meta::{RelationKind, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Indexes,
    ForeignKeys,
    ReferencedBy,
}

/// What can be expanded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeKey {
    Schema(String),
    Table(String, String),
    Group(String, String, Group),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// The engine and database, at the top.
    Root,
    Schema,
    Table(RelationKind),
    Column {
        pk: bool,
        fk: bool,
        nullable: bool,
    },
    Group,
    Index,
    ForeignKey,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub depth: u16,
    pub text: String,
    /// Dim text after the name (a type, a target).
    pub detail: String,
    pub kind: RowKind,
    pub key: Option<NodeKey>,
    pub expanded: bool,
    /// The table this row belongs to (schema, name).
    pub table: Option<(String, String)>,
    /// Where Enter goes for a foreign key row.
    pub target: Option<(String, String)>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TreeState {
    pub expanded: HashSet<NodeKey>,
    pub selected: usize,
    pub filter: crate::app::line_input::LineInput,
    /// Keys go to the filter while this is set.
    pub filtering: bool,
}

fn matches(filter: &str, name: &str) -> bool {
    filter.is_empty() || name.to_lowercase().contains(&filter.to_lowercase())
}

/// The rows under a root row naming the engine (`root`) and the database (`database`).
pub fn rows(catalog: &LoadedCatalog, tree: &TreeState, root: &str, database: &str) -> Vec<TreeRow> {
    let mut out = vec![TreeRow {
        depth: 0,
        text: root.to_string(),
        detail: database.to_string(),
        kind: RowKind::Root,
        key: None,
        expanded: true,
        table: None,
        target: None,
    }];
    schema_rows(catalog, tree, &mut out);
    out
}

fn schema_rows(catalog: &LoadedCatalog, tree: &TreeState, out: &mut Vec<TreeRow>) {
    let filtering = !tree.filter.is_empty();
    for schema in &catalog.schemas {
        let rels: Vec<_> = catalog
            .relations_of(schema)
            .filter(|r| matches(&tree.filter, &r.name))
            .collect();
        if filtering && rels.is_empty() {
            continue;
        }
        let key = NodeKey::Schema(schema.clone());
        let open = filtering || tree.expanded.contains(&key);
        out.push(TreeRow {
            depth: 1,
            text: schema.clone(),
            detail: format!("{} relations", rels.len()),
            kind: RowKind::Schema,
            key: Some(key),
            expanded: open,
            table: None,
            target: None,
        });
        if !open {
            continue;
        }
        for r in rels {
            let key = NodeKey::Table(schema.clone(), r.name.clone());
            let open = tree.expanded.contains(&key);
            let detail = match (&r.partition_of, r.row_estimate) {
                (Some(p), _) if p.schema == *schema => format!("partition of {}", p.name),
                (Some(p), _) => format!("partition of {}.{}", p.schema, p.name),
                (None, Some(n)) if r.kind == RelationKind::Table => format!("~{n} rows"),
                _ if r.kind != RelationKind::Table => r.kind.label().to_string(),
                _ => String::new(),
            };
            let table_id = Some((schema.clone(), r.name.clone()));
            out.push(TreeRow {
                depth: 2,
                text: r.name.clone(),
                detail,
                kind: RowKind::Table(r.kind),
                key: Some(key),
                expanded: open,
                table: table_id.clone(),
                target: None,
            });
            if open {
                table_children(catalog, tree, schema, &r.name, out);
            }
        }
    }
}

fn note(depth: u16, text: &str, table: Option<(String, String)>) -> TreeRow {
    TreeRow {
        depth,
        text: text.to_string(),
        detail: String::new(),
        kind: RowKind::Note,
        key: None,
        expanded: false,
        table,
        target: None,
    }
}

fn table_children(
    catalog: &LoadedCatalog,
    tree: &TreeState,
    schema: &str,
    name: &str,
    out: &mut Vec<TreeRow>,
) {
    let id = Some((schema.to_string(), name.to_string()));
    let table = match catalog.details.get(schema) {
        Some(SchemaDetails::Loaded(s)) => s.table(name),
        Some(SchemaDetails::Failed(e)) => {
            out.push(note(3, &format!("reflection failed: {e}"), id));
            return;
        }
        _ => {
            out.push(note(3, "loading…", id));
            return;
        }
    };
    let Some(t) = table else {
        out.push(note(3, "not found: refresh with Ctrl-R", id));
        return;
    };
    for c in &t.columns {
        let fk = t.foreign_keys.iter().any(|f| f.columns.contains(&c.name));
        let mut detail = c.data_type.clone();
        if !c.nullable {
            detail.push_str(" not null");
        }
        out.push(TreeRow {
            depth: 3,
            text: c.name.clone(),
            detail,
            kind: RowKind::Column {
                pk: t.is_pk(&c.name),
                fk,
                nullable: c.nullable,
            },
            key: None,
            expanded: false,
            table: id.clone(),
            target: None,
        });
    }
    let referencing = referencing(catalog, schema, name);
    let groups = [
        (Group::Indexes, "indexes", t.indexes.len()),
        (Group::ForeignKeys, "foreign keys", t.foreign_keys.len()),
        (Group::ReferencedBy, "referenced by", referencing.len()),
    ];
    for (group, label, count) in groups {
        if count == 0 {
            continue;
        }
        let key = NodeKey::Group(schema.to_string(), name.to_string(), group);
        let open = tree.expanded.contains(&key);
        out.push(TreeRow {
            depth: 3,
            text: label.to_string(),
            detail: format!("{count}"),
            kind: RowKind::Group,
            key: Some(key),
            expanded: open,
            table: id.clone(),
            target: None,
        });
        if open {
            group_rows(t, group, &referencing, &id, out);
        }
    }
}

fn group_rows(
    t: &Table,
    group: Group,
    referencing: &[(String, String, Vec<String>)],
    id: &Option<(String, String)>,
    out: &mut Vec<TreeRow>,
) {
    let row =
        |text: String, detail: String, kind: RowKind, target: Option<(String, String)>| TreeRow {
            depth: 4,
            text,
            detail,
            kind,
            key: None,
            expanded: false,
            table: id.clone(),
            target,
        };
    match group {
        Group::Indexes => {
            for ix in &t.indexes {
                let mut detail = format!("({})", ix.columns.join(", "));
                if ix.unique {
                    detail.insert_str(0, "unique ");
                }
                if let Some(p) = &ix.predicate {
                    detail.push_str(&format!(" where {p}"));
                }
                out.push(row(ix.name.clone(), detail, RowKind::Index, None));
            }
        }
        Group::ForeignKeys => {
            for fk in &t.foreign_keys {
                let detail = format!("→ {}({})", fk.ref_table, fk.ref_columns.join(", "));
                let target = Some((fk.ref_schema.clone(), fk.ref_table.clone()));
                out.push(row(
                    fk.columns.join(", "),
                    detail,
                    RowKind::ForeignKey,
                    target,
                ));
            }
        }
        Group::ReferencedBy => {
            for (schema, table, cols) in referencing {
                let detail = format!("{table}({})", cols.join(", "));
                let target = Some((schema.clone(), table.clone()));
                out.push(row(
                    format!("← {table}"),
                    detail,
                    RowKind::ForeignKey,
                    target,
                ));
            }
        }
    }
}

/// Tables (of loaded schemas) whose foreign keys point at schema.name.
fn referencing(
    catalog: &LoadedCatalog,
    schema: &str,
    name: &str,
) -> Vec<(String, String, Vec<String>)> {
    catalog
        .details
        .values()
        .filter_map(|d| match d {
            SchemaDetails::Loaded(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| s.tables.iter())
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
        .filter(|(_, fk)| fk.ref_schema == schema && fk.ref_table == name)
        .map(|(t, fk)| {
            (
                t.schema().to_string(),
                t.name().to_string(),
                fk.columns.clone(),
            )
        })
        .collect()
}

/// The index of a table's row, if it is visible.
pub fn find_table(rows: &[TreeRow], schema: &str, name: &str) -> Option<usize> {
    rows.iter()
        .position(|r| matches!(&r.key, Some(NodeKey::Table(s, n)) if s == schema && n == name))
}

/// The index of the nearest row above `i` with a smaller depth.
pub fn parent_of(rows: &[TreeRow], i: usize) -> Option<usize> {
    let depth = rows.get(i)?.depth;
    (0..i).rev().find(|&j| rows[j].depth < depth)
}
