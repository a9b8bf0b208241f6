//! psql's `\di`: every index, the ones behind a primary key and unique constraints too, where
//! each stands, and with `+` its size and description. Also what `\d` of an index says of it.

use super::relations::{sqlite_schemas, sqlite_sizes, sqlite_standing};
use super::{ListArgs, Standing, pretty_size};
use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::describe::{Answer, Listing, nothing_or};
use crate::meta::reflect::sqlite::{key_columns, where_clause};
use crate::meta::reflect::{Cells, rows};

/// What an index is to its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    PrimaryKey,
    Unique,
    Plain,
}

/// An index as psql's listings show it (its table is in its schema on every engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexListed {
    pub schema: String,
    pub name: String,
    pub table: String,
    /// Its key columns, or their expressions.
    pub columns: Vec<String>,
    pub role: Role,
    /// btree, hash, gin… (None where the engine does not say).
    pub method: Option<String>,
    /// A partial index's WHERE.
    pub predicate: Option<String>,
    pub standing: Standing,
    /// With `+`: its size, in `pg_size_pretty`'s words.
    pub size: Option<String>,
    pub description: Option<String>,
}

/// $1: the reach's word, $2: "more" for sizes.
pub const PG_INDEXES: &str = "select n.nspname::text, i.relname::text, t.relname::text, \
       (select json_agg(pg_catalog.pg_get_indexdef(x.indexrelid, k, true) order by k) \
         from generate_series(1, x.indnkeyatts) k)::text, \
       case when x.indisprimary then 'p' when x.indisunique then 'u' else '' end, \
       am.amname::text, pg_catalog.pg_get_expr(x.indpred, x.indrelid, true), \
       pg_catalog.pg_table_is_visible(i.oid)::text, \
       (n.nspname in ('pg_catalog', 'information_schema') or n.nspname like 'pg\\_toast%')::text, \
       case when $2 = 'more' then pg_catalog.pg_size_pretty(pg_catalog.pg_relation_size(i.oid)) end, \
       pg_catalog.obj_description(i.oid, 'pg_class') \
     from pg_catalog.pg_index x \
     join pg_catalog.pg_class i on i.oid = x.indexrelid \
     join pg_catalog.pg_class t on t.oid = x.indrelid \
     join pg_catalog.pg_namespace n on n.oid = i.relnamespace \
     join pg_catalog.pg_am am on am.oid = i.relam \
     where $1 = 'all' or (pg_catalog.pg_table_is_visible(i.oid) and ($1 = 'visible' \
       or (n.nspname not in ('pg_catalog', 'information_schema') \
         and n.nspname not like 'pg\\_toast%'))) \
     order by 1, 2";

/// Parameters: the reach's word twice. MySQL keeps no size of one index.
pub const MYSQL_INDEXES: &str = "select s.table_schema, s.index_name, s.table_name, \
       concat('[', group_concat(json_quote(concat(coalesce(s.column_name, '<expression>'), \
         coalesce(concat('(', s.sub_part, ')'), ''))) order by s.seq_in_index separator ','), ']'), \
       case when s.index_name = 'PRIMARY' then 'p' when min(s.non_unique) = 0 then 'u' \
         else '' end, \
       lower(min(s.index_type)), null, \
       cast(s.table_schema = database() or (database() is null and s.table_schema not in \
         ('mysql', 'information_schema', 'performance_schema', 'sys')) as char), \
       cast(s.table_schema in ('mysql', 'information_schema', 'performance_schema', 'sys') \
         as char), \
       null, max(s.index_comment) \
     from information_schema.statistics s \
     where ? = 'all' or ((s.table_schema = database() or (database() is null \
         and s.table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
       and (? = 'visible' or s.table_schema not in \
         ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
     group by s.table_schema, s.table_name, s.index_name \
     order by 1, 2";

/// The indexes `args` may list (narrowed on the server; `ListArgs::shows` decides).
pub async fn read(conn: &Connection, args: &ListArgs) -> Result<Vec<IndexListed>, EngineError> {
    let reach = args.reach().word();
    let found = match conn.info().engine {
        EngineKind::Postgres => rows(conn, PG_INDEXES, &[reach, args.more_word()]).await?,
        EngineKind::MySql => rows(conn, MYSQL_INDEXES, &[reach, reach]).await?,
        EngineKind::Sqlite => return sqlite(conn, args).await,
    };
    Ok(found.iter().map(server_row).collect())
}

fn server_row(r: &Cells) -> IndexListed {
    IndexListed {
        schema: r.s(0),
        name: r.s(1),
        table: r.s(2),
        columns: r.list(3),
        role: match r.s(4).as_str() {
            "p" => Role::PrimaryKey,
            "u" => Role::Unique,
            _ => Role::Plain,
        },
        method: r.opt(5),
        predicate: r.opt(6),
        standing: Standing {
            visible: r.flag(7),
            system: r.flag(8),
        },
        size: r.opt(9),
        description: r.opt(10),
    }
}

/// One row per key column of each index of a SQLite database.
fn sqlite_sql(schema: &str) -> String {
    let db = quote_ident(EngineKind::Sqlite, schema);
    format!(
        "select m.name, il.name, il.\"unique\", il.origin, ii.name, s.sql \
         from {db}.sqlite_master m join pragma_index_list(m.name, ?1) il \
         join pragma_index_xinfo(il.name, ?1) ii \
         left join {db}.sqlite_master s on s.type = 'index' and s.name = il.name \
         where m.type = 'table' and ii.key = 1 order by m.name, il.name, ii.seqno"
    )
}

async fn sqlite(conn: &Connection, args: &ListArgs) -> Result<Vec<IndexListed>, EngineError> {
    let mut out = Vec::new();
    for schema in sqlite_schemas(conn, args.reach()).await? {
        let sizes = match args.more {
            true => sqlite_sizes(conn, &schema).await?,
            false => Default::default(),
        };
        let mut groups: Vec<(Cells, Vec<Option<String>>)> = Vec::new();
        for r in rows(conn, &sqlite_sql(&schema), &[&schema]).await? {
            let column = r.opt(4);
            match groups
                .last_mut()
                .filter(|(g, _)| (g.s(0), g.s(1)) == (r.s(0), r.s(1)))
            {
                Some((_, columns)) => columns.push(column),
                None => groups.push((r, vec![column])),
            }
        }
        for (r, columns) in groups {
            let sql = r.opt(5);
            out.push(IndexListed {
                schema: schema.clone(),
                name: r.s(1),
                standing: sqlite_standing(&schema, &r.s(0)),
                table: r.s(0),
                columns: key_columns(columns, sql.as_deref()),
                role: match (r.s(3).as_str(), r.flag(2)) {
                    ("pk", _) => Role::PrimaryKey,
                    (_, true) => Role::Unique,
                    _ => Role::Plain,
                },
                method: None,
                predicate: sql.as_deref().and_then(where_clause),
                size: sizes.get(&r.s(1)).copied().map(pretty_size),
                description: None,
            });
        }
    }
    Ok(out)
}

/// `\di`: the indexes `args` lists; `+` adds Size and Description.
pub fn listing(all: &[IndexListed], args: &ListArgs, engine: EngineKind) -> Answer {
    let mut headers = vec!["Schema", "Name", "Table", "Columns", "Unique"];
    if args.more {
        headers.extend(["Size", "Description"]);
    }
    let mut out = Listing::new("List of indexes", &headers);
    for ix in all
        .iter()
        .filter(|ix| args.shows(ix.standing, &ix.schema, &ix.name))
    {
        let unique = match ix.role {
            Role::PrimaryKey => "primary key",
            Role::Unique => "yes",
            Role::Plain => "no",
        };
        let mut row = [&ix.schema, &ix.name, &ix.table, &ix.columns.join(", ")]
            .map(|s| Some(s.to_string()))
            .to_vec();
        row.push(Some(unique.to_string()));
        if args.more {
            row.extend([ix.size.clone(), ix.description.clone()]);
        }
        out.rows.push(row);
    }
    out.rows.sort();
    if args.more && engine == EngineKind::MySql {
        out.footer.push(
            "Size: MySQL and MariaDB keep one size for all of a table's indexes (\\dt+ counts \
             it in), none for each."
                .into(),
        );
    }
    nothing_or(out, args.pattern.as_deref(), "index")
}
