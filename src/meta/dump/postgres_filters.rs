//! The conditions every part of PostgreSQL's dump shares: the user's schemas, objects not
//! made by an extension, the relations asked for, a column's collation when not its type's.

/// A user's schema (not the system's).
pub(super) const USER: &str = "n.nspname not in ('pg_catalog', 'information_schema') \
     and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'";

/// Not created by an extension (`cat` is the catalog of `oid`).
pub(super) fn own(cat: &str, oid: &str) -> String {
    format!(
        "not exists (select 1 from pg_catalog.pg_depend x where x.classid = \
         'pg_catalog.{cat}'::regclass and x.objid = {oid} and x.deptype = 'e')"
    )
}

/// The relations a query covers: those not of an extension, and with `only` just the one
/// named by the query's `$1` (a qualified, quoted name).
pub(super) fn relations(only: bool) -> String {
    let own = own("pg_class", "c.oid");
    if only {
        format!("{own} and c.oid = $1::regclass")
    } else {
        own
    }
}

/// `COLLATE …` when a column's collation is not its type's.
pub(super) fn collate(coll: &str, typ: &str) -> String {
    format!(
        "case when {coll} <> 0 and {coll} <> {typ} then (select ' COLLATE ' || \
         quote_ident(cn.nspname) || '.' || quote_ident(co.collname) from pg_catalog.pg_collation \
         co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace where co.oid = {coll}) \
         else '' end"
    )
}
