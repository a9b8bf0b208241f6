//! Reflection: catalog queries one per level (all relations, all columns of a schema, all
//! constraints of a schema…), never one per table (design.md §4).

pub(crate) mod mysql;
mod postgres;
mod sql_text;
pub(crate) mod sqlite;
pub use mysql::labels as mysql_labels;

/// The catalog queries, for benchmarks and the curious.
pub mod sql {
    pub use super::postgres::{
        COLUMNS_SQL as PG_COLUMNS, CONSTRAINTS_SQL as PG_CONSTRAINTS, ENUMS_SQL as PG_ENUMS,
        INDEXES_SQL as PG_INDEXES, RELATIONS_SQL as PG_RELATIONS, SEQUENCES_SQL as PG_SEQUENCES,
        VIEWS_SQL as PG_VIEWS,
    };
}

use crate::engine::{Connection, EngineError, EngineKind};

use super::catalog::{Catalog, Relation, Schema, Table};

/// A catalog row: text cells, NULL as None.
pub(crate) struct Cells(Vec<Option<String>>);

impl Cells {
    pub fn s(&self, i: usize) -> String {
        self.0.get(i).cloned().flatten().unwrap_or_default()
    }

    pub fn opt(&self, i: usize) -> Option<String> {
        self.0.get(i).cloned().flatten().filter(|s| !s.is_empty())
    }

    pub fn flag(&self, i: usize) -> bool {
        matches!(
            self.s(i).to_ascii_lowercase().as_str(),
            "t" | "true" | "1" | "yes"
        )
    }

    pub fn int(&self, i: usize) -> Option<i64> {
        self.s(i).parse::<f64>().ok().map(|f| f as i64)
    }

    /// A JSON array of strings (PostgreSQL's json_agg of names).
    pub fn list(&self, i: usize) -> Vec<String> {
        serde_json::from_str(&self.s(i)).unwrap_or_default()
    }
}

pub(crate) async fn rows(
    conn: &Connection,
    sql: &str,
    params: &[&str],
) -> Result<Vec<Cells>, EngineError> {
    let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
    Ok(conn
        .catalog_query(sql, &params)
        .await?
        .into_iter()
        .map(Cells)
        .collect())
}

/// All tables and views the user can browse, in one catalog query.
pub async fn list_relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    match conn.info().engine {
        EngineKind::Postgres => postgres::relations(conn).await,
        EngineKind::MySql => mysql::relations(conn).await,
        EngineKind::Sqlite => sqlite::relations(conn).await,
    }
}

/// Every schema, even those without tables.
pub async fn list_schemas(conn: &Connection) -> Result<Vec<String>, EngineError> {
    match conn.info().engine {
        EngineKind::Postgres => postgres::schemas(conn).await,
        EngineKind::MySql => mysql::schemas(conn).await,
        EngineKind::Sqlite => Ok(vec!["main".to_string()]),
    }
}

/// Columns, keys, constraints and indexes of every relation of one schema: a few queries,
/// whatever the number of tables.
pub async fn reflect_schema(
    conn: &Connection,
    schema: &str,
    relations: &[Relation],
) -> Result<Schema, EngineError> {
    let mut tables: Vec<Table> = relations
        .iter()
        .filter(|r| r.schema == schema)
        .cloned()
        .map(Table::new)
        .collect();
    let mut out = Schema {
        name: schema.to_string(),
        tables: Vec::new(),
        enums: Vec::new(),
        sequences: Vec::new(),
        domains: Vec::new(),
    };
    match conn.info().engine {
        EngineKind::Postgres => postgres::details(conn, schema, &mut tables, &mut out).await?,
        EngineKind::MySql => mysql::details(conn, schema, &mut tables).await?,
        EngineKind::Sqlite => sqlite::details(conn, schema, &mut tables).await?,
    }
    out.tables = tables;
    Ok(out)
}

/// The whole database.
pub async fn reflect(conn: &Connection) -> Result<Catalog, EngineError> {
    let schemas = match conn.info().engine {
        EngineKind::Postgres => reflect_postgres(conn).await?,
        _ => {
            let relations = list_relations(conn).await?;
            let mut names = list_schemas(conn).await?;
            for r in &relations {
                if !names.contains(&r.schema) {
                    names.push(r.schema.clone());
                }
            }
            let mut schemas = Vec::with_capacity(names.len());
            for name in names {
                schemas.push(reflect_schema(conn, &name, &relations).await?);
            }
            schemas
        }
    };
    let info = conn.info();
    Ok(Catalog {
        dialect: match info.engine {
            EngineKind::Postgres => "postgresql",
            EngineKind::MySql => "mysql",
            EngineKind::Sqlite => "sqlite",
        }
        .to_string(),
        database: info.database.clone(),
        default_schema: info.schema.clone(),
        schemas,
    })
}

/// PostgreSQL's whole catalog: every schema's detail queries run while the list of relations
/// is read (they do not need it on the server), then the rows are sorted into the tables.
async fn reflect_postgres(conn: &Connection) -> Result<Vec<Schema>, EngineError> {
    let names = list_schemas(conn).await?;
    let details =
        futures_util::future::try_join_all(names.iter().map(|n| postgres::fetch_details(conn, n)));
    let (relations, details) = tokio::try_join!(list_relations(conn), details)?;
    let mut schemas = Vec::with_capacity(names.len());
    for (name, fetched) in names.iter().zip(details) {
        let mut tables: Vec<Table> = relations
            .iter()
            .filter(|r| r.schema == *name)
            .cloned()
            .map(Table::new)
            .collect();
        let mut out = Schema {
            name: name.clone(),
            tables: Vec::new(),
            enums: Vec::new(),
            sequences: Vec::new(),
            domains: Vec::new(),
        };
        postgres::apply_details(fetched, name, &mut tables, &mut out);
        out.tables = tables;
        schemas.push(out);
    }
    Ok(schemas)
}

/// Tables by name, for mapping catalog rows in constant time.
pub(crate) struct TableIndex<'a> {
    tables: &'a mut [Table],
    by_name: std::collections::HashMap<String, usize>,
}

impl<'a> TableIndex<'a> {
    pub fn new(tables: &'a mut [Table]) -> Self {
        let by_name = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.relation.name.clone(), i))
            .collect();
        TableIndex { tables, by_name }
    }

    pub fn get(&mut self, name: &str) -> Option<&mut Table> {
        let i = *self.by_name.get(name)?;
        self.tables.get_mut(i)
    }
}

/// Finds the table a row belongs to (rows come ordered by table, so this is usually the last).
pub(crate) fn table_mut<'a>(tables: &'a mut [Table], name: &str) -> Option<&'a mut Table> {
    tables.iter_mut().find(|t| t.relation.name == name)
}

/// ON DELETE / ON UPDATE as SQL spells them, from PostgreSQL's one-letter codes or words.
pub(crate) fn referential_action(code: &str) -> String {
    match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        other => return other.to_ascii_uppercase(),
    }
    .to_string()
}
