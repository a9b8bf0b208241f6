//! `\d` of a sequence, as psql shows it: its type, bounds, step, cycling and cache, and the
//! column that owns it. PostgreSQL from pg_sequence; MariaDB from the sequence itself (a
//! SELECT on a sequence reads its settings and draws no value).

use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::describe::Listing;
use crate::meta::reflect::rows;

/// $1 schema, $2 name: the settings, then the owning column as psql words it.
pub const PG_SEQUENCE: &str = "select pg_catalog.format_type(s.seqtypid, null), \
       s.seqstart::text, s.seqmin::text, s.seqmax::text, s.seqincrement::text, \
       case when s.seqcycle then 'yes' else 'no' end, s.seqcache::text, \
       (select case d.deptype when 'i' then 'Sequence for identity column: ' \
           else 'Owned by: ' end || pg_catalog.quote_ident(tn.nspname) || '.' \
           || pg_catalog.quote_ident(t.relname) || '.' || pg_catalog.quote_ident(a.attname) \
         from pg_catalog.pg_depend d \
         join pg_catalog.pg_class t on t.oid = d.refobjid \
         join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace \
         join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid \
         where d.classid = 'pg_catalog.pg_class'::regclass \
           and d.refclassid = 'pg_catalog.pg_class'::regclass \
           and d.objid = c.oid and d.deptype in ('a', 'i') limit 1) \
     from pg_catalog.pg_sequence s \
     join pg_catalog.pg_class c on c.oid = s.seqrelid \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where n.nspname::text = $1 and c.relname::text = $2";

/// A MariaDB sequence's settings, read from the sequence named (quoted by the caller).
fn mysql_sql(schema: &str, name: &str) -> String {
    let q = |s: &str| quote_ident(EngineKind::MySql, s);
    format!(
        "select 'bigint', cast(start_value as char), cast(minimum_value as char), \
           cast(maximum_value as char), cast(increment as char), \
           case when cycle_option then 'yes' else 'no' end, cast(cache_size as char), null \
         from {}.{}",
        q(schema),
        q(name)
    )
}

/// psql's `Sequence "schema.name"`: one row of settings, the owner in the footer.
pub async fn describe(
    conn: &Connection,
    schema: &str,
    name: &str,
) -> Result<Option<Listing>, EngineError> {
    let found = match conn.info().engine {
        EngineKind::Postgres => rows(conn, PG_SEQUENCE, &[schema, name]).await?,
        EngineKind::MySql => rows(conn, &mysql_sql(schema, name), &[]).await?,
        EngineKind::Sqlite => return Ok(None),
    };
    let Some(r) = found.first() else {
        return Ok(None);
    };
    let headers = [
        "Type",
        "Start",
        "Minimum",
        "Maximum",
        "Increment",
        "Cycles?",
        "Cache",
    ];
    let mut out = Listing::new(&format!("Sequence \"{schema}.{name}\""), &headers);
    out.rows
        .push((0..headers.len()).map(|i| r.opt(i)).collect());
    out.footer.extend(r.opt(headers.len()));
    Ok(Some(out))
}
