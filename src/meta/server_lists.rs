//! What psql's backslash commands read beyond the relations: one relation reflected alone
//! (`\d NAME`), and the named catalog queries for what the typed catalog does not hold
//! (databases, roles, functions).

use super::catalog::Relation;
use super::describe::{self, Answer, matches, split_pattern};
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
const PG_FUNCTIONS: &str = "select n.nspname::text, p.proname::text, \
       pg_catalog.pg_get_function_result(p.oid)::text, \
       pg_catalog.pg_get_function_arguments(p.oid)::text, \
       case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' \
         when 'w' then 'window' else 'function' end \
     from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace \
     where n.nspname not in ('pg_catalog', 'information_schema') \
       and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%' \
     order by 1, 2, 4";
const MYSQL_FUNCTIONS: &str = "select cast(routine_schema as char), cast(routine_name as char), \
       cast(coalesce(data_type, '') as char), cast('' as char), \
       cast(lower(routine_type) as char) \
     from information_schema.routines where routine_schema = database() order by 1, 2";

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

async fn relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    super::list_relations(conn).await
}

/// `\d NAME`: the relation named (its schema's first, else any schema's), reflected alone.
pub async fn describe_one(conn: &Connection, name: &str) -> Result<Answer, EngineError> {
    let all = relations(conn).await?;
    let shown = name.replace('`', "");
    let (schema, bare) = split_pattern(name);
    let default = conn.info().schema.clone();
    let named =
        |r: &&Relation| matches(bare, &r.name) && schema.is_none_or(|s| matches(s, &r.schema));
    let found = (all.iter().filter(named))
        .min_by_key(|r| (Some(&r.schema) != default.as_ref(), r.name != bare));
    let Some(found) = found else {
        return Ok(Answer::NotFound(format!(
            "Did not find any relation named \"{shown}\"."
        )));
    };
    let reflected = super::reflect_schema(conn, &found.schema, std::slice::from_ref(found)).await?;
    Ok(match reflected.tables.first() {
        Some(t) => describe::table(t),
        None => Answer::NotFound(format!("Did not find any relation named \"{shown}\".")),
    })
}

pub async fn databases_listing(conn: &Connection) -> Result<Answer, EngineError> {
    if conn.info().engine == EngineKind::Sqlite {
        let rows = conn.query_text_rows(SQLITE_DATABASES).await?;
        return Ok(describe::rows("List of databases", &["Name", "File"], rows));
    }
    let names = databases(conn).await?;
    let rows = names.into_iter().map(|n| vec![Some(n)]).collect();
    Ok(describe::rows("List of databases", &["Name"], rows))
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

pub async fn functions(conn: &Connection, pattern: Option<&str>) -> Result<Answer, EngineError> {
    let sql = match conn.info().engine {
        EngineKind::Postgres => PG_FUNCTIONS,
        EngineKind::MySql => MYSQL_FUNCTIONS,
        EngineKind::Sqlite => {
            return Ok(Answer::Said(
                "SQLite keeps no functions in its catalog: its functions are built in or \
                 registered by the program that opens the file."
                    .into(),
            ));
        }
    };
    let rows = conn.query_text_rows(sql).await?;
    let rows = (rows.into_iter())
        .filter(|r| {
            pattern.is_none_or(|p| {
                let (s, n) = split_pattern(p);
                let cell = |i: usize| r.get(i).cloned().flatten().unwrap_or_default();
                s.is_none_or(|s| matches(s, &cell(0))) && matches(n, &cell(1))
            })
        })
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
