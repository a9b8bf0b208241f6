//! psql's `\dn` (schemas: a MySQL database is one, SQLite's attached databases are) and `\l`
//! (databases), each with what `+` adds: a schema's description, a database's size.

use super::{ListArgs, pretty_size};
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::describe::{Answer, Listing, matches, nothing_or};
use crate::meta::reflect::rows;

/// Name, whether the system's (psql hides `pg_*` and information_schema), description.
pub const PG_SCHEMAS: &str = "select n.nspname::text, \
       (n.nspname like 'pg\\_%' or n.nspname = 'information_schema')::text, \
       pg_catalog.obj_description(n.oid, 'pg_namespace') \
     from pg_catalog.pg_namespace n order by 1";
/// MariaDB keeps a comment per database (10.5 and later); MySQL none.
const MARIADB_SCHEMAS: &str = "select schema_name, cast(schema_name in \
       ('mysql', 'information_schema', 'performance_schema', 'sys') as char), schema_comment \
     from information_schema.schemata order by 1";
const MYSQL_SCHEMAS: &str = "select schema_name, cast(schema_name in \
       ('mysql', 'information_schema', 'performance_schema', 'sys') as char), null \
     from information_schema.schemata order by 1";
const SQLITE_SCHEMAS: &str = "select name, cast(name = 'temp' as text), null \
     from pragma_database_list order by seq";

/// $1: "more" for sizes; a database one may not connect to has none (psql's "No Access").
/// Every database, the templates too, as psql's `\l`.
pub const PG_DATABASE_LIST: &str = "select d.datname::text, case when $1 = 'more' then \
       case when pg_catalog.has_database_privilege(d.datname, 'CONNECT') \
         then pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname)) \
         else 'No Access' end end \
     from pg_catalog.pg_database d order by 1";
/// ?: "more" for sizes, in bytes: its tables' data and indexes.
const MYSQL_DATABASE_LIST: &str = "select s.schema_name, case when ? = 'more' then \
       cast(sum(coalesce(t.data_length, 0) + coalesce(t.index_length, 0)) as char) end \
     from information_schema.schemata s \
     left join information_schema.tables t on t.table_schema = s.schema_name \
     where s.schema_name not in ('information_schema', 'performance_schema', 'mysql', 'sys') \
     group by s.schema_name order by 1";
/// ?1: "more" for sizes, in bytes: pages times page size.
const SQLITE_DATABASE_LIST: &str = "select d.name, d.file, case when ?1 = 'more' then \
       (select page_count from pragma_page_count(d.name)) \
         * (select page_size from pragma_page_size(d.name)) end \
     from pragma_database_list d order by d.seq";

/// `\dn`: the schemas `args` lists; `+` adds Description.
pub async fn schemas(conn: &Connection, args: &ListArgs) -> Result<Answer, EngineError> {
    let sql = match conn.info().engine {
        EngineKind::Postgres => PG_SCHEMAS,
        EngineKind::MySql if conn.info().engine_label() == "MariaDB" => MARIADB_SCHEMAS,
        EngineKind::MySql => MYSQL_SCHEMAS,
        EngineKind::Sqlite => SQLITE_SCHEMAS,
    };
    let headers: &[&str] = if args.more {
        &["Name", "Description"]
    } else {
        &["Name"]
    };
    let mut out = Listing::new("List of schemas", headers);
    for r in rows(conn, sql, &[]).await? {
        if args.shows_schema(r.flag(1), &r.s(0)) {
            out.rows
                .push([r.opt(0), r.opt(2)][..headers.len()].to_vec());
        }
    }
    Ok(nothing_or(out, args.pattern.as_deref(), "schema"))
}

/// `\l`: the databases (SQLite: the connection's files); `+` adds Size.
pub async fn databases(conn: &Connection, args: &ListArgs) -> Result<Answer, EngineError> {
    let more = args.more_word();
    let engine = conn.info().engine;
    let found = match engine {
        EngineKind::Postgres => rows(conn, PG_DATABASE_LIST, &[more]).await?,
        EngineKind::MySql => rows(conn, MYSQL_DATABASE_LIST, &[more]).await?,
        EngineKind::Sqlite => rows(conn, SQLITE_DATABASE_LIST, &[more]).await?,
    };
    let sqlite = engine == EngineKind::Sqlite;
    let mut headers = vec!["Name"];
    headers.extend(sqlite.then_some("File"));
    headers.extend(args.more.then_some("Size"));
    let mut out = Listing::new("List of databases", &headers);
    let size_at = if sqlite { 2 } else { 1 };
    for r in found {
        if args
            .pattern
            .as_deref()
            .is_some_and(|p| !matches(p, &r.s(0)))
        {
            continue;
        }
        let mut row = vec![r.opt(0)];
        row.extend(sqlite.then(|| r.opt(1)));
        let size = match engine {
            EngineKind::Postgres => r.opt(size_at),
            _ => r.int(size_at).map(pretty_size),
        };
        row.extend(args.more.then_some(size));
        out.rows.push(row);
    }
    Ok(nothing_or(out, args.pattern.as_deref(), "database"))
}
