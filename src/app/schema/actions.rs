//! How tree and catalog messages change the model.

use std::collections::HashMap;

use crate::app::model::Model;
use crate::app::msg::Command;
use crate::app::overlays::detail::{DetailTab, DetailView, detail_text};
use crate::app::schema::catalog::{CatalogState, Generation, LoadedCatalog, SchemaDetails};
use crate::app::schema::tree::{NodeKey, RowKind, find_table, parent_of};
use crate::engine::{EngineError, EngineKind};
use crate::meta::{Relation, Schema};

/// Starts a new load; replies of older loads will be dropped.
pub fn refresh(model: &mut Model) -> Vec<Command> {
    model.catalog_generation = Generation(model.catalog_generation.0 + 1);
    model.catalog = CatalogState::Loading;
    model.tree_changed();
    vec![Command::LoadCatalog {
        generation: model.catalog_generation,
    }]
}

pub fn catalog_loaded(
    model: &mut Model,
    generation: Generation,
    result: Result<(Vec<String>, Vec<Relation>), EngineError>,
) -> Vec<Command> {
    if generation != model.catalog_generation {
        return vec![];
    }
    let (schemas, relations) = match result {
        Ok(r) => r,
        Err(e) => {
            model.catalog = CatalogState::Failed(e);
            model.tree_changed();
            return vec![];
        }
    };
    // the default schema opens by itself, and its details load at once
    let default = model
        .info
        .schema
        .clone()
        .filter(|s| schemas.contains(s))
        .or_else(|| schemas.first().cloned());
    if let Some(d) = &default
        && model.tree.expanded.is_empty()
    {
        model.tree.expanded.insert(NodeKey::Schema(d.clone()));
    }
    model.catalog = CatalogState::Loaded(LoadedCatalog {
        schemas,
        relations,
        details: HashMap::new(),
    });
    model.tree_changed();
    let mut cmds = Vec::new();
    let mut wanted: Vec<String> = default.into_iter().collect();
    // schemas the user had opened tables in before a refresh
    for key in &model.tree.expanded {
        if let NodeKey::Table(s, _) = key
            && !wanted.contains(s)
        {
            wanted.push(s.clone());
        }
    }
    for s in wanted {
        cmds.extend(ensure_schema(model, &s));
    }
    clamp_selection(model);
    cmds
}

pub fn schema_loaded(
    model: &mut Model,
    generation: Generation,
    schema: String,
    result: Result<Schema, EngineError>,
) -> Vec<Command> {
    if generation != model.catalog_generation {
        return vec![];
    }
    if let Some(c) = model.catalog.loaded_mut() {
        let details = match result {
            Ok(s) => SchemaDetails::Loaded(s),
            Err(e) => SchemaDetails::Failed(e),
        };
        c.details.insert(schema, details);
    }
    model.tree_changed();
    if let Some(view) = model.detail() {
        let tab = view.tab;
        refresh_detail(model, tab);
    }
    vec![]
}

pub(crate) fn ensure_schema(model: &mut Model, schema: &str) -> Vec<Command> {
    let generation = model.catalog_generation;
    let Some(c) = model.catalog.loaded_mut() else {
        return vec![];
    };
    if c.details.contains_key(schema) {
        return vec![];
    }
    c.details.insert(schema.to_string(), SchemaDetails::Loading);
    let relations = c.relations_of(schema).cloned().collect();
    model.tree_changed();
    vec![Command::LoadSchema {
        generation,
        schema: schema.to_string(),
        relations,
    }]
}

fn clamp_selection(model: &mut Model) {
    let len = model.tree_rows().len();
    model.tree.selected = model.tree.selected.min(len.saturating_sub(1));
}

pub fn move_selection(model: &mut Model, delta: isize) {
    let len = model.tree_rows().len();
    if len == 0 {
        model.tree.selected = 0;
        return;
    }
    model.tree.selected = (model.tree.selected as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize;
}

/// Right / l: open the node; on an open node or a leaf, step down.
pub fn expand(model: &mut Model) -> Vec<Command> {
    let rows = model.tree_rows();
    let Some(row) = rows.get(model.tree.selected) else {
        return vec![];
    };
    match (&row.key, row.expanded) {
        (Some(key), false) => open(model, key.clone()),
        _ => {
            move_selection(model, 1);
            vec![]
        }
    }
}

/// Left / h: close the node, or go to its parent.
pub fn collapse(model: &mut Model) {
    let rows = model.tree_rows();
    let Some(row) = rows.get(model.tree.selected) else {
        return;
    };
    match (&row.key, row.expanded) {
        (Some(key), true) if model.tree.filter.is_empty() || !matches!(key, NodeKey::Schema(_)) => {
            model.tree.expanded.remove(key);
            model.tree_changed();
        }
        _ => {
            if let Some(p) = parent_of(&rows, model.tree.selected) {
                model.tree.selected = p;
            }
        }
    }
    clamp_selection(model);
}

fn open(model: &mut Model, key: NodeKey) -> Vec<Command> {
    let cmds = match &key {
        NodeKey::Schema(s) | NodeKey::Table(s, _) | NodeKey::Group(s, _, _) => {
            ensure_schema(model, &s.clone())
        }
    };
    model.tree.expanded.insert(key);
    model.tree_changed();
    cmds
}

/// Enter: toggle a node, or follow a foreign key to its table.
pub fn activate(model: &mut Model) -> Vec<Command> {
    let rows = model.tree_rows();
    let Some(row) = rows.get(model.tree.selected).cloned() else {
        return vec![];
    };
    if let (RowKind::ForeignKey, Some((schema, table))) = (&row.kind, &row.target) {
        return follow(model, schema, table);
    }
    match (row.key, row.expanded) {
        (Some(key), false) => open(model, key),
        (Some(key), true) => {
            model.tree.expanded.remove(&key);
            model.tree_changed();
            clamp_selection(model);
            vec![]
        }
        (None, _) => vec![],
    }
}

/// Selects a table, opening its schema (and clearing a filter that hides it).
pub fn follow(model: &mut Model, schema: &str, table: &str) -> Vec<Command> {
    let mut cmds = ensure_schema(model, schema);
    model
        .tree
        .expanded
        .insert(NodeKey::Schema(schema.to_string()));
    model.tree_changed();
    let mut rows = model.tree_rows();
    if find_table(&rows, schema, table).is_none() && !model.tree.filter.is_empty() {
        model.tree.filter.clear();
        model.tree_changed();
        rows = model.tree_rows();
    }
    if let Some(i) = find_table(&rows, schema, table) {
        model.tree.selected = i;
        model.inform(format!("followed the foreign key to {table}"));
    } else {
        model.warn(format!("{schema}.{table} is not in the catalog"));
    }
    cmds.extend(open(
        model,
        NodeKey::Table(schema.to_string(), table.to_string()),
    ));
    cmds
}

pub fn filter_changed(model: &mut Model) {
    model.tree_changed();
    // keep the cursor on the first match
    let rows = model.tree_rows();
    model.tree.selected = rows
        .iter()
        .position(|r| matches!(r.kind, RowKind::Table(_)))
        .unwrap_or(0);
}

pub fn show_detail(model: &mut Model, tab: DetailTab) -> Vec<Command> {
    let Some((schema, table)) = model.selected_table() else {
        model.warn("Select a table in the schema tree first.");
        return vec![];
    };
    let mut cmds = ensure_schema(model, &schema);
    model.set_detail(Some(DetailView {
        schema: schema.clone(),
        table: table.clone(),
        tab,
        scroll: 0,
        text: String::new(),
        from_server: false,
    }));
    refresh_detail(model, tab);
    if tab == DetailTab::Ddl {
        cmds.push(Command::LoadServerDdl { schema, table });
    }
    cmds
}

/// Recomputes the detail text from the catalog (after a schema loaded, or a tab change).
pub fn refresh_detail(model: &mut Model, tab: DetailTab) {
    let Some(view) = model.detail() else {
        return;
    };
    let (schema, table) = (view.schema.clone(), view.table.clone());
    let text = match model.catalog.loaded() {
        Some(c) => {
            let dialect = match model.info.engine {
                EngineKind::Postgres => "postgresql",
                EngineKind::MySql => "mysql",
                EngineKind::Sqlite => "sqlite",
            };
            let assembled =
                c.assembled(dialect, &model.info.database, model.info.schema.as_deref());
            match assembled.table(&schema, &table) {
                Some(t) => detail_text(&assembled, t, tab),
                None => "loading…".to_string(),
            }
        }
        None => "loading…".to_string(),
    };
    if let Some(view) = model.detail_mut()
        && !(view.from_server && view.tab == tab)
    {
        view.tab = tab;
        view.text = text;
        view.from_server = false;
    }
}

pub fn server_ddl_loaded(model: &mut Model, schema: &str, table: &str, ddl: Option<String>) {
    if let (Some(view), Some(ddl)) = (model.detail_mut(), ddl)
        && view.schema == schema
        && view.table == table
        && view.tab == DetailTab::Ddl
    {
        view.text = ddl;
        view.from_server = true;
    }
}
