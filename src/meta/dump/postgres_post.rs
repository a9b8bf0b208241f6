//! PostgreSQL: what the dump adds once every table and view exists: constraints not made with
//! their table, foreign keys, indexes, triggers and comments.

use super::postgres::{USER, relations};
use crate::meta::reflect::Cells;

/// Constraints not made with their table: those of partitions (beside what they inherit) and
/// checks that are NOT VALID.
pub(super) fn post_constraints_sql(only: bool) -> String {
    format!(
        "select 'ALTER TABLE ' || con.conrelid::regclass::text || ' ADD CONSTRAINT ' || \
         quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid) \
         from pg_catalog.pg_constraint con join pg_catalog.pg_class c on c.oid = con.conrelid \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where con.contype in ('p', 'u', 'x', 'c') and con.conislocal and con.conparentid = 0 \
         and (c.relispartition or not con.convalidated) and c.relkind in ('r', 'p') \
         and {USER} and {} order by c.oid::regclass::text, con.conname",
        relations(only)
    )
}

pub(super) fn foreign_keys_sql(only: bool) -> String {
    format!(
        "select 'ALTER TABLE ' || con.conrelid::regclass::text || ' ADD CONSTRAINT ' || \
         quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid) \
         from pg_catalog.pg_constraint con join pg_catalog.pg_class c on c.oid = con.conrelid \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where con.contype = 'f' and con.conparentid = 0 and {USER} and {} \
         order by c.oid::regclass::text, con.conname",
        relations(only)
    )
}

/// Indexes not made by a constraint nor by a partitioned parent's index: the definition, and
/// for a partitioned table's index the text up to its `ON ONLY`, which goes, so that the index
/// reaches the partitions as it did.
pub(super) fn indexes_sql(only: bool) -> String {
    format!(
        "select pg_catalog.pg_get_indexdef(i.indexrelid), case when c.relkind = 'p' then \
         'CREATE ' || case when i.indisunique then 'UNIQUE ' else '' end || 'INDEX ' || \
         quote_ident(ic.relname) || ' ON ONLY ' end \
         from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indrelid \
         join pg_catalog.pg_class ic on ic.oid = i.indexrelid \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where c.relkind in ('r', 'p', 'm') and {USER} and {} \
         and not exists (select 1 from pg_catalog.pg_constraint con where con.conindid = \
         i.indexrelid and con.contype in ('p', 'u', 'x') and con.conrelid = c.oid) \
         and not exists (select 1 from pg_catalog.pg_inherits h where h.inhrelid = i.indexrelid) \
         order by c.oid::regclass::text, ic.relname",
        relations(only)
    )
}

pub(super) fn index_ddl(r: &Cells) -> String {
    let def = r.s(0);
    match r.opt(1) {
        Some(only) if def.starts_with(&only) => {
            let head = only.trim_end_matches(" ON ONLY ");
            format!("{head} ON {}", &def[only.len()..])
        }
        _ => def,
    }
}

pub(super) fn triggers_sql(only: bool) -> String {
    format!(
        "select pg_catalog.pg_get_triggerdef(t.oid), case when t.tgenabled = 'D' then \
         'ALTER TABLE ' || c.oid::regclass::text || ' DISABLE TRIGGER ' || quote_ident(t.tgname) \
         end from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where not t.tgisinternal and t.tgparentid = 0 and {USER} and {} \
         order by c.oid::regclass::text, t.tgname",
        relations(only)
    )
}

pub(super) fn comments_sql() -> String {
    format!(
        "select s.stmt || ' IS ' || quote_literal(d.description) from pg_catalog.pg_description d \
         cross join lateral (select case \
           when d.classoid = 'pg_catalog.pg_class'::regclass then (select case \
             when d.objsubid = 0 then 'COMMENT ON ' || case c.relkind when 'v' then 'VIEW' \
               when 'm' then 'MATERIALIZED VIEW' when 'S' then 'SEQUENCE' when 'i' then 'INDEX' \
               when 'I' then 'INDEX' when 'f' then 'FOREIGN TABLE' when 'c' then 'TYPE' \
               else 'TABLE' end || ' ' || case when c.relkind = 'c' then c.reltype::regtype::text \
               else c.oid::regclass::text end \
             else 'COMMENT ON COLUMN ' || c.oid::regclass::text || '.' || (select \
               quote_ident(a.attname) from pg_catalog.pg_attribute a where a.attrelid = c.oid \
               and a.attnum = d.objsubid) end \
             from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
             where c.oid = d.objoid and {USER}) \
           when d.classoid = 'pg_catalog.pg_proc'::regclass then (select 'COMMENT ON ' || case \
             p.prokind when 'p' then 'PROCEDURE' else 'FUNCTION' end || ' ' || \
             p.oid::regprocedure::text from pg_catalog.pg_proc p join pg_catalog.pg_namespace n \
             on n.oid = p.pronamespace where p.oid = d.objoid and {USER}) \
           when d.classoid = 'pg_catalog.pg_type'::regclass then (select 'COMMENT ON ' || case \
             t.typtype when 'd' then 'DOMAIN' else 'TYPE' end || ' ' || t.oid::regtype::text \
             from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
             where t.oid = d.objoid and {USER}) \
           when d.classoid = 'pg_catalog.pg_namespace'::regclass then (select 'COMMENT ON \
             SCHEMA ' || quote_ident(n.nspname) from pg_catalog.pg_namespace n where n.oid = \
             d.objoid and {USER} and n.nspname <> 'public') \
           when d.classoid = 'pg_catalog.pg_constraint'::regclass then (select 'COMMENT ON \
             CONSTRAINT ' || quote_ident(c.conname) || ' ON ' || case when c.conrelid <> 0 then \
             c.conrelid::regclass::text else 'DOMAIN ' || c.contypid::regtype::text end \
             from pg_catalog.pg_constraint c join pg_catalog.pg_namespace n on n.oid = \
             c.connamespace where c.oid = d.objoid and {USER}) \
           when d.classoid = 'pg_catalog.pg_trigger'::regclass then (select 'COMMENT ON \
             TRIGGER ' || quote_ident(t.tgname) || ' ON ' || t.tgrelid::regclass::text \
             from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid \
             join pg_catalog.pg_namespace n on n.oid = c.relnamespace where t.oid = d.objoid \
             and {USER}) \
           end as stmt) s \
         where s.stmt is not null and not exists (select 1 from pg_catalog.pg_depend x where \
         x.classid = d.classoid and x.objid = d.objoid and x.deptype = 'e') \
         order by 1"
    )
}
