//! The catalog as the workbench holds it: relation names first, then each schema's details,
//! loaded lazily. Replies from a superseded load are dropped by generation.

use std::collections::HashMap;

use crate::engine::EngineError;
use crate::meta::{Catalog, Relation, Schema, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Generation(pub u64);

#[derive(Debug)]
pub enum SchemaDetails {
    Loading,
    Loaded(Schema),
    Failed(EngineError),
}

#[derive(Debug)]
pub struct LoadedCatalog {
    pub schemas: Vec<String>,
    pub relations: Vec<Relation>,
    pub details: HashMap<String, SchemaDetails>,
}

impl LoadedCatalog {
    pub fn relations_of<'a>(&'a self, schema: &'a str) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations.iter().filter(move |r| r.schema == schema)
    }

    pub fn schema_details(&self, schema: &str) -> Option<&Schema> {
        match self.details.get(schema) {
            Some(SchemaDetails::Loaded(s)) => Some(s),
            _ => None,
        }
    }

    pub fn table(&self, schema: &str, name: &str) -> Option<&Table> {
        self.schema_details(schema)?.table(name)
    }

    /// A MetaData of the schemas loaded so far (for DDL and model rendering).
    pub fn assembled(
        &self,
        dialect: &str,
        database: &str,
        default_schema: Option<&str>,
    ) -> Catalog {
        Catalog {
            dialect: dialect.to_string(),
            database: database.to_string(),
            default_schema: default_schema.map(str::to_string),
            schemas: self
                .schemas
                .iter()
                .filter_map(|s| self.schema_details(s).cloned())
                .collect(),
        }
    }
}

#[derive(Debug)]
pub enum CatalogState {
    Loading,
    Loaded(LoadedCatalog),
    Failed(EngineError),
}

impl CatalogState {
    pub fn loaded(&self) -> Option<&LoadedCatalog> {
        match self {
            CatalogState::Loaded(c) => Some(c),
            _ => None,
        }
    }

    pub fn loaded_mut(&mut self) -> Option<&mut LoadedCatalog> {
        match self {
            CatalogState::Loaded(c) => Some(c),
            _ => None,
        }
    }
}
