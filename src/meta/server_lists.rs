//! What psql's backslash commands read beyond the relations: the named catalog queries for
//! what the typed catalog does not hold (databases, roles, functions).

use super::describe::{self, Answer};
use super::psql::{ListArgs, Standing};
use super::reflect::rows;
use crate::engine::{Connection, EngineError, EngineKind};

/// The databases a PostgreSQL server lets one connect to.
pub const PG_DATABASES: &str = "select datname::text from pg_catalog.pg_database \
     where datallowconn and not datistemplate order by 1";
/// A MySQL server's databases, its own system ones left out.
pub const MYSQL_DATABASES: &str = "select schema_name from information_schema.schemata \
     where schema_name not in ('information_schema', 'performance_schema', 'mysql', 'sys') \
     order by 1";
const SQLITE_DATABASES: &str = "select name, file from pragma_database_list order by seq";
const PG_ROLES: &str = "select rolname::text, concat_ws(', ', \
       case when rolsuper then 'superuser' end, case when rolcreaterole then 'create role' end, \
       case when rolcreatedb then 'create DB' end, \
       case when not rolcanlogin then 'cannot login' end)::text \
     from pg_catalog.pg_roles where rolname !~ '^pg_' order by 1";
const MYSQL_USERS: &str = "select cast(user as char), cast(host as char) from mysql.user \
     order by 1, 2";
const MYSQL_CURRENT_USER: &str = "select cast(current_user() as char), ''";
/// $1: the reach's word (`psql::Reach`).
const PG_FUNCTIONS: &str = "select n.nspname::text, p.proname::text, \
       pg_catalog.pg_get_function_result(p.oid)::text, \
       pg_catalog.pg_get_function_arguments(p.oid)::text, \
       case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' \
         when 'w' then 'window' else 'function' end, \
       pg_catalog.pg_function_is_visible(p.oid)::text, \
       (n.nspname in ('pg_catalog', 'information_schema') or n.nspname like 'pg\\_toast%')::text \
     from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace \
     where $1 = 'all' or (pg_catalog.pg_function_is_visible(p.oid) and ($1 = 'visible' \
       or (n.nspname not in ('pg_catalog', 'information_schema') \
         and n.nspname not like 'pg\\_toast%'))) \
     order by 1, 2, 4";
/// The reach's word twice.
const MYSQL_FUNCTIONS: &str = "select cast(routine_schema as char), cast(routine_name as char), \
       cast(coalesce(data_type, '') as char), cast('' as char), \
       cast(lower(routine_type) as char), \
       cast(routine_schema = database() or (database() is null and routine_schema not in \
         ('mysql', 'information_schema', 'performance_schema', 'sys')) as char), \
       cast(routine_schema in ('mysql', 'information_schema', 'performance_schema', 'sys') \
         as char) \
     from information_schema.routines \
     where ? = 'all' or ((routine_schema = database() or (database() is null \
         and routine_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
       and (? = 'visible' \
         or routine_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys'))) \
     order by 1, 2";

/// The databases of the server (the picker's list too); SQLite: the file's attached ones.
pub async fn databases(conn: &Connection) -> Result<Vec<String>, EngineError> {
    let sql = match conn.info().engine {
        EngineKind::Postgres => PG_DATABASES,
        EngineKind::MySql => MYSQL_DATABASES,
        EngineKind::Sqlite => SQLITE_DATABASES,
    };
    let rows = conn.query_text_rows(sql).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect())
}

pub async fn roles(conn: &Connection) -> Result<Answer, EngineError> {
    match conn.info().engine {
        EngineKind::Postgres => {
            let rows = conn.query_text_rows(PG_ROLES).await?;
            Ok(describe::rows(
                "List of roles",
                &["Role name", "Attributes"],
                rows,
            ))
        }
        EngineKind::MySql => {
            let headers = ["User", "Host"];
            match conn.query_text_rows(MYSQL_USERS).await {
                Ok(rows) => Ok(describe::rows("List of users", &headers, rows)),
                Err(e) => {
                    // mysql.user is the administrator's: the user's own account is known
                    let rows = conn.query_text_rows(MYSQL_CURRENT_USER).await?;
                    let mut answer = describe::rows("List of users", &headers, rows);
                    if let Answer::Listings(l) = &mut answer {
                        l[0].footer.push(format!("Only your own account: {e}"));
                    }
                    Ok(answer)
                }
            }
        }
        EngineKind::Sqlite => Ok(Answer::Said(
            "SQLite has no users or roles: the file's permissions decide who reads and writes it."
                .into(),
        )),
    }
}

/// `\\df`: the functions and procedures `args` lists, by psql's bounds.
pub async fn functions(conn: &Connection, args: &ListArgs) -> Result<Answer, EngineError> {
    let reach = args.reach().word();
    let found = match conn.info().engine {
        EngineKind::Postgres => rows(conn, PG_FUNCTIONS, &[reach]).await?,
        EngineKind::MySql => rows(conn, MYSQL_FUNCTIONS, &[reach, reach]).await?,
        EngineKind::Sqlite => {
            return Ok(Answer::Said(
                "SQLite keeps no functions in its catalog: its functions are built in or \
                 registered by the program that opens the file."
                    .into(),
            ));
        }
    };
    let rows = (found.into_iter())
        .filter(|r| {
            let standing = Standing {
                visible: r.flag(5),
                system: r.flag(6),
            };
            args.shows(standing, &r.s(0), &r.s(1))
        })
        .map(|r| (0..5).map(|i| r.opt(i)).collect())
        .collect();
    Ok(describe::rows(
        "List of functions",
        &[
            "Schema",
            "Name",
            "Result data type",
            "Argument data types",
            "Type",
        ],
        rows,
    ))
}
