//! SQLite: the statements the database keeps of itself (`sqlite_schema`), tables first, then
//! indexes, views and triggers (a trigger needs its table; views are checked only when used),
//! each kind in the order it was made. A virtual table's shadow tables come with it.

use crate::engine::{Connection, EngineError};
use crate::meta::reflect::rows;

const SCHEMA_SQL: &str = "select sql from sqlite_schema where sql is not null \
     and name not like 'sqlite\\_%' escape '\\' \
     and name not in (select name from pragma_table_list where type = 'shadow') \
     order by case type when 'table' then 0 when 'index' then 1 when 'view' then 2 else 3 end, \
     rowid";

pub async fn database(conn: &Connection) -> Result<String, EngineError> {
    let mut out = String::from("-- SQLite schema written by retort\n");
    for r in rows(conn, SCHEMA_SQL, &[]).await? {
        out.push_str(r.s(0).trim_end());
        out.push_str(";\n");
    }
    Ok(out)
}
