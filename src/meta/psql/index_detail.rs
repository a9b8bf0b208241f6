//! `\d` of an index, as psql shows it: each of its columns (Column, Type, Key?, Definition),
//! then what it is for: `unique, btree, for table "public.users"`, a partial one's predicate.

use super::indexes::{IndexListed, Role};
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::describe::Listing;
use crate::meta::reflect::rows;

/// $1 schema, $2 index: its columns, INCLUDE ones too (not keys).
pub const PG_INDEX_COLUMNS: &str = "select a.attname::text, \
       pg_catalog.format_type(a.atttypid, a.atttypmod), \
       case when a.attnum <= x.indnkeyatts then 'yes' else 'no' end, \
       pg_catalog.pg_get_indexdef(x.indexrelid, a.attnum, true) \
     from pg_catalog.pg_index x \
     join pg_catalog.pg_class i on i.oid = x.indexrelid \
     join pg_catalog.pg_namespace n on n.oid = i.relnamespace \
     join pg_catalog.pg_attribute a on a.attrelid = i.oid and a.attnum > 0 \
     where n.nspname::text = $1 and i.relname::text = $2 order by a.attnum";

/// Schema, table, index (a MySQL index is named within its table).
pub const MYSQL_INDEX_COLUMNS: &str = "select s.column_name, c.column_type, 'yes', \
       concat(coalesce(s.column_name, '<expression>'), \
         coalesce(concat('(', s.sub_part, ')'), ''), \
         case when s.collation = 'D' then ' desc' else '' end) \
     from information_schema.statistics s \
     left join information_schema.columns c on c.table_schema = s.table_schema \
       and c.table_name = s.table_name and c.column_name = s.column_name \
     where s.table_schema = ? and s.table_name = ? and s.index_name = ? \
     order by s.seq_in_index";

/// ?1 index, ?2 schema, ?3 table: the key columns and their declared types.
pub const SQLITE_INDEX_COLUMNS: &str = "select ii.name, c.type, 'yes' \
     from pragma_index_xinfo(?1, ?2) ii left join pragma_table_xinfo(?3, ?2) c \
       on c.name = ii.name \
     where ii.key = 1 order by ii.seqno";

/// psql's `Index "schema.name"`.
pub async fn describe(conn: &Connection, ix: &IndexListed) -> Result<Listing, EngineError> {
    let (schema, name, table) = (ix.schema.as_str(), ix.name.as_str(), ix.table.as_str());
    let found = match conn.info().engine {
        EngineKind::Postgres => rows(conn, PG_INDEX_COLUMNS, &[schema, name]).await?,
        EngineKind::MySql => rows(conn, MYSQL_INDEX_COLUMNS, &[schema, table, name]).await?,
        EngineKind::Sqlite => rows(conn, SQLITE_INDEX_COLUMNS, &[name, schema, table]).await?,
    };
    let headers = ["Column", "Type", "Key?", "Definition"];
    let mut out = Listing::new(&format!("Index \"{schema}.{name}\""), &headers);
    for (i, r) in found.iter().enumerate() {
        // SQLite names no expression: its text is what the listing read from CREATE INDEX
        let definition = r.opt(3).or_else(|| ix.columns.get(i).cloned());
        let column = r.opt(0).unwrap_or_else(|| "expr".into());
        out.rows
            .push(vec![Some(column), r.opt(1), r.opt(2), definition]);
    }
    out.footer.push(footer(ix));
    Ok(out)
}

/// psql's line under `\d` of an index: `primary key, btree, for table "public.users"`.
pub fn footer(ix: &IndexListed) -> String {
    let mut parts: Vec<String> = Vec::new();
    match ix.role {
        Role::PrimaryKey => parts.push("primary key".into()),
        Role::Unique => parts.push("unique".into()),
        Role::Plain => {}
    }
    parts.extend(ix.method.clone());
    parts.push(format!("for table \"{}.{}\"", ix.schema, ix.table));
    parts.extend(ix.predicate.as_ref().map(|p| format!("predicate ({p})")));
    parts.join(", ")
}
