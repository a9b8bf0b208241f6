//! psql's lists of relations (`\dt`, `\dv`, `\d`): tables, views and sequences, where each
//! stands, and with `+` its size and description. One catalog query per engine (SQLite: one
//! per attached database), narrowed on the server by `Reach`.

use std::collections::HashMap;

use super::{ListArgs, Reach, Standing, pretty_size};
use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::RelationKind;
use crate::meta::describe::{Answer, Listing, nothing_or};
use crate::meta::reflect::{Cells, rows};

/// What psql lists as a relation: one of the catalog's kinds, or a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Relation(RelationKind),
    Sequence,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Relation(k) => k.label(),
            Kind::Sequence => "sequence",
        }
    }
}

/// A relation as psql's listings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub schema: String,
    pub name: String,
    pub kind: Kind,
    pub standing: Standing,
    pub row_estimate: Option<i64>,
    /// With `+`: its size, in `pg_size_pretty`'s words.
    pub size: Option<String>,
    pub description: Option<String>,
}

/// $1: the reach's word, $2: "more" for sizes.
pub const PG_RELATIONS: &str = "select n.nspname::text, c.relname::text, c.relkind::text, \
       case when c.reltuples < 0 or c.relkind = 'S' then null else c.reltuples::bigint::text end, \
       pg_catalog.pg_table_is_visible(c.oid)::text, \
       (n.nspname in ('pg_catalog', 'information_schema') or n.nspname like 'pg\\_toast%')::text, \
       case when $2 = 'more' then pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) end, \
       pg_catalog.obj_description(c.oid, 'pg_class') \
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and ($1 = 'all' \
       or (pg_catalog.pg_table_is_visible(c.oid) and ($1 = 'visible' \
         or (n.nspname not in ('pg_catalog', 'information_schema') \
           and n.nspname not like 'pg\\_toast%')))) \
     order by 1, 2";

/// Parameters: "more" for sizes (in bytes), then the reach's word twice.
pub const MYSQL_RELATIONS: &str = "select table_schema, table_name, table_type, \
       cast(table_rows as char), \
       cast(table_schema = database() or (database() is null \
         and table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')) \
         as char), \
       cast(table_schema in ('mysql', 'information_schema', 'performance_schema', 'sys') as char), \
       case when ? = 'more' then cast(coalesce(data_length, 0) + coalesce(index_length, 0) \
         as char) end, \
       table_comment \
     from information_schema.tables \
     where ? = 'all' or ((table_schema = database() or (database() is null \
         and table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
       and (? = 'visible' \
         or table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
     order by 1, 2";

/// SQLite's databases a listing reads: main, or with a schema in the pattern every one
/// attached.
const SQLITE_SCHEMAS: &str = "select name from pragma_database_list order by seq";
/// Bytes per table and index of one database (the `dbstat` table reads its every page).
const SQLITE_SIZES: &str = "select name, sum(pgsize) from dbstat where schema = ?1 group by name";

/// The relations `args` may list (narrowed on the server; `ListArgs::shows` decides).
pub async fn read(conn: &Connection, args: &ListArgs) -> Result<Vec<Listed>, EngineError> {
    let (reach, more) = (args.reach().word(), args.more_word());
    let engine = conn.info().engine;
    let found = match engine {
        EngineKind::Postgres => rows(conn, PG_RELATIONS, &[reach, more]).await?,
        EngineKind::MySql => rows(conn, MYSQL_RELATIONS, &[more, reach, reach]).await?,
        EngineKind::Sqlite => return sqlite(conn, args).await,
    };
    Ok(found.iter().map(|r| server_row(r, engine)).collect())
}

fn server_row(r: &Cells, engine: EngineKind) -> Listed {
    let kind = match (engine, r.s(2).as_str()) {
        (EngineKind::Postgres, "S") | (_, "SEQUENCE") => Kind::Sequence,
        (EngineKind::Postgres, "v") => Kind::Relation(RelationKind::View),
        (EngineKind::Postgres, "m") => Kind::Relation(RelationKind::MaterializedView),
        (EngineKind::Postgres, "f") => Kind::Relation(RelationKind::ForeignTable),
        (_, t) if t.contains("VIEW") => Kind::Relation(RelationKind::View),
        _ => Kind::Relation(RelationKind::Table),
    };
    Listed {
        schema: r.s(0),
        name: r.s(1),
        kind,
        standing: Standing {
            visible: r.flag(4),
            system: r.flag(5),
        },
        row_estimate: r.int(3).filter(|_| kind != Kind::Sequence),
        size: match engine {
            EngineKind::MySql => r.int(6).map(pretty_size),
            _ => r.opt(6),
        },
        // MySQL says VIEW as a view's comment
        description: r.opt(7).filter(|c| c != "VIEW"),
    }
}

async fn sqlite(conn: &Connection, args: &ListArgs) -> Result<Vec<Listed>, EngineError> {
    let mut out = Vec::new();
    for schema in sqlite_schemas(conn, args.reach()).await? {
        let sizes = match args.more {
            true => sqlite_sizes(conn, &schema).await?,
            false => HashMap::new(),
        };
        let sql = format!(
            "select m.name, m.type from {}.sqlite_master m where m.type in ('table', 'view') \
             order by m.name",
            quote_ident(EngineKind::Sqlite, &schema)
        );
        for r in rows(conn, &sql, &[]).await? {
            let name = r.s(0);
            out.push(Listed {
                kind: Kind::Relation(match r.s(1).as_str() {
                    "view" => RelationKind::View,
                    _ => RelationKind::Table,
                }),
                standing: sqlite_standing(&schema, &name),
                row_estimate: None,
                size: sizes.get(&name).copied().map(pretty_size),
                description: None,
                schema: schema.clone(),
                name,
            });
        }
    }
    Ok(out)
}

/// SQLite: main is what a bare name finds (as the task's bounds have it); sqlite_* are its own.
pub(super) fn sqlite_standing(schema: &str, name: &str) -> Standing {
    Standing {
        visible: schema == "main",
        system: name.starts_with("sqlite_"),
    }
}

/// The databases of a SQLite connection a listing of this reach reads.
pub(super) async fn sqlite_schemas(
    conn: &Connection,
    reach: Reach,
) -> Result<Vec<String>, EngineError> {
    if reach != Reach::Everywhere {
        return Ok(vec!["main".to_string()]);
    }
    Ok(rows(conn, SQLITE_SCHEMAS, &[])
        .await?
        .iter()
        .map(|r| r.s(0))
        .collect())
}

/// Bytes of each table and index of one SQLite database, from `dbstat` (built into retort's
/// SQLite).
pub(super) async fn sqlite_sizes(
    conn: &Connection,
    schema: &str,
) -> Result<HashMap<String, i64>, EngineError> {
    let found = rows(conn, SQLITE_SIZES, &[schema]).await?;
    Ok(found
        .iter()
        .filter_map(|r| Some((r.s(0), r.int(1)?)))
        .collect())
}

/// `\dt`, `\dv`, `\d`: the relations of these kinds `args` lists; `+` adds Size and
/// Description.
pub fn listing(all: &[Listed], kinds: &[Kind], args: &ListArgs) -> Answer {
    let mut headers = vec!["Schema", "Name", "Type", "Rows (estimate)"];
    if args.more {
        headers.extend(["Size", "Description"]);
    }
    let mut out = Listing::new("List of relations", &headers);
    let shown = (all.iter())
        .filter(|r| kinds.contains(&r.kind) && args.shows(r.standing, &r.schema, &r.name));
    for r in shown {
        let mut row = vec![
            Some(r.schema.clone()),
            Some(r.name.clone()),
            Some(r.kind.label().to_string()),
            r.row_estimate.map(|n| n.to_string()),
        ];
        if args.more {
            row.extend([r.size.clone(), r.description.clone()]);
        }
        out.rows.push(row);
    }
    out.rows.sort();
    nothing_or(out, args.pattern.as_deref(), "relation")
}
