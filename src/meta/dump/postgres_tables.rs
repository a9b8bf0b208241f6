//! PostgreSQL: the catalog query behind each CREATE TABLE of the dump.

use super::postgres_filters::{USER, collate, relations};

/// One row per table (plain, partitioned or foreign, partitions included): oid, name as the server
/// spells it, relkind, persistence, is a partition, its parent, its bound, its partition key,
/// the parents it inherits (JSON), storage options, its columns (JSON: name, type, not null,
/// default, identity, generated, collation, declared here, identity sequence), and the
/// constraints made with it (JSON: name, definition); a foreign table's server and options.
pub fn tables_sql(only: bool) -> String {
    format!(
        "select c.oid::text, c.oid::regclass::text, c.relkind::text, c.relpersistence::text, \
         c.relispartition::text, \
         (select i.inhparent::regclass::text from pg_catalog.pg_inherits i \
           where i.inhrelid = c.oid and c.relispartition), \
         case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end, \
         case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end, \
         coalesce((select json_agg(i.inhparent::regclass::text order by i.inhseqno) \
           from pg_catalog.pg_inherits i where i.inhrelid = c.oid and not c.relispartition), \
           '[]')::text, \
         array_to_string(c.reloptions, ', '), \
         (select json_agg(json_build_array(quote_ident(a.attname), \
             pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, \
             pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, \
             {collation}, a.attislocal, \
             (select json_build_array(s.seqrelid::regclass::text, \
                pg_catalog.format_type(s.seqtypid, null), s.seqstart::text, \
                s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, \
                s.seqcycle) \
              from pg_catalog.pg_depend d join pg_catalog.pg_sequence s on s.seqrelid = d.objid \
              where d.classid = 'pg_catalog.pg_class'::regclass and d.refobjid = c.oid \
                and d.refobjsubid = a.attnum and d.deptype = 'i')) order by a.attnum) \
           from pg_catalog.pg_attribute a \
           left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum \
           join pg_catalog.pg_type ty on ty.oid = a.atttypid \
           where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)::text, \
         (select json_agg(json_build_array(quote_ident(con.conname), \
             pg_catalog.pg_get_constraintdef(con.oid)) \
             order by case con.contype when 'p' then 0 when 'u' then 1 when 'x' then 2 else 3 \
             end, con.conname) \
           from pg_catalog.pg_constraint con where con.conrelid = c.oid \
             and con.contype in ('p', 'u', 'x', 'c') and con.conislocal \
             and con.conparentid = 0 and con.convalidated)::text, \
         (select quote_ident(s.srvname) from pg_catalog.pg_foreign_table ft \
           join pg_catalog.pg_foreign_server s on s.oid = ft.ftserver where ft.ftrelid = c.oid), \
         (select {ft_options} from pg_catalog.pg_foreign_table ft where ft.ftrelid = c.oid) \
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where c.relkind in ('r', 'p', 'f') and {USER} and {own}",
        collation = collate("a.attcollation", "ty.typcollation"),
        ft_options = super::postgres_post::options_of("ft.ftoptions"),
        own = relations(only)
    )
}
