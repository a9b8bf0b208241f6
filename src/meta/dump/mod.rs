//! `--schema ddl`: the DDL of the whole database in the engine's dialect, in an order that the
//! engine's own client applies to a fresh, empty database (`psql -v ON_ERROR_STOP=1`,
//! `mariadb`, `sqlite3`).

mod mysql;
pub mod order;
mod postgres;
mod postgres_deps;
mod postgres_filters;
mod postgres_post;
mod postgres_tables;
mod postgres_types;
mod sqlite;

use crate::engine::{Connection, EngineError, EngineKind};

use super::catalog::Catalog;

/// One PostgreSQL table's or view's DDL as the dump writes it (the tree's DDL tab).
pub async fn postgres_relation(
    conn: &Connection,
    schema: &str,
    name: &str,
) -> Result<String, EngineError> {
    postgres::relation(conn, schema, name).await
}

/// Every object of the database that the DDL of its engine can rebuild.
pub async fn database_ddl(conn: &Connection, catalog: &Catalog) -> Result<String, EngineError> {
    match conn.info().engine {
        EngineKind::Postgres => postgres::database(conn).await,
        EngineKind::MySql => mysql::database(conn, catalog).await,
        EngineKind::Sqlite => sqlite::database(conn).await,
    }
}
