//! MetaData: reflection of the schema into a typed catalog. This first part lists the tables
//! and views; columns, keys, indexes, DDL and models follow with the MetaData capability.

use crate::engine::{Connection, EngineError, EngineKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    Table,
    View,
    MaterializedView,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub schema: String,
    pub name: String,
    pub kind: RelationKind,
}

pub const PG_RELATIONS_SQL: &str = "select n.nspname, c.relname, c.relkind::text \
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where c.relkind in ('r', 'p', 'v', 'm', 'f') \
       and n.nspname not in ('pg_catalog', 'information_schema') \
       and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%' \
     order by 1, 2";

pub const MYSQL_RELATIONS_SQL: &str = "select table_schema, table_name, table_type \
     from information_schema.tables \
     where table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys') \
     order by 1, 2";

pub const SQLITE_RELATIONS_SQL: &str = "select 'main', name, type from sqlite_master \
     where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\' order by name";

/// All tables and views the user can browse, one catalog query for the whole database.
pub async fn list_relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    let sql = match conn.info().engine {
        EngineKind::Postgres => PG_RELATIONS_SQL,
        EngineKind::MySql => MYSQL_RELATIONS_SQL,
        EngineKind::Sqlite => SQLITE_RELATIONS_SQL,
    };
    let rows = conn.query_text_rows(sql).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let mut it = r.into_iter();
            let schema = it.next()??;
            let name = it.next()??;
            let kind = match it.next()??.to_ascii_lowercase().as_str() {
                "v" | "view" | "system view" => RelationKind::View,
                "m" => RelationKind::MaterializedView,
                _ => RelationKind::Table,
            };
            Some(Relation { schema, name, kind })
        })
        .collect())
}
