//! PostgreSQL: which object of the dump depends on which, from `pg_depend`, each object
//! named by the key the dump gives it (`r` relation, `t` type, `f` function, `c` cast,
//! `o` operator, `d` text search dictionary, `s` text search configuration, with its oid).

/// Each object as its key (`r` relation, `t` type, `f` function and its oid), the dependent
/// first: a column default's, a constraint's and a view's rule's dependencies count as their
/// table's; an array type as its element; a table's row type as the table.
pub(super) const DEPENDENCIES_SQL: &str = "with k as ( \
       select 'pg_catalog.pg_class'::regclass::oid as cls, c.oid, \
         case when c.relkind = 'c' then 't' || c.reltype else 'r' || c.oid end as key \
       from pg_catalog.pg_class c \
       union all \
       select 'pg_catalog.pg_type'::regclass::oid, t.oid, \
         case when b.typrelid <> 0 and bc.relkind <> 'c' then 'r' || b.typrelid \
         else 't' || b.oid end \
       from pg_catalog.pg_type t join pg_catalog.pg_type b on b.oid = \
         case when t.typcategory = 'A' and t.typelem <> 0 then t.typelem else t.oid end \
       left join pg_catalog.pg_class bc on bc.oid = b.typrelid \
       union all \
       select 'pg_catalog.pg_proc'::regclass::oid, p.oid, 'f' || p.oid from pg_catalog.pg_proc p \
       union all \
       select 'pg_catalog.pg_cast'::regclass::oid, c.oid, 'c' || c.oid from pg_catalog.pg_cast c \
       union all \
       select 'pg_catalog.pg_operator'::regclass::oid, o.oid, 'o' || o.oid \
       from pg_catalog.pg_operator o \
       union all \
       select 'pg_catalog.pg_ts_dict'::regclass::oid, d.oid, 'd' || d.oid \
       from pg_catalog.pg_ts_dict d \
       union all \
       select 'pg_catalog.pg_ts_config'::regclass::oid, c.oid, 's' || c.oid \
       from pg_catalog.pg_ts_config c \
       union all \
       select 'pg_catalog.pg_attrdef'::regclass::oid, a.oid, 'r' || a.adrelid \
       from pg_catalog.pg_attrdef a \
       union all \
       select 'pg_catalog.pg_rewrite'::regclass::oid, w.oid, 'r' || w.ev_class \
       from pg_catalog.pg_rewrite w \
       union all \
       select 'pg_catalog.pg_constraint'::regclass::oid, c.oid, \
         case when c.conrelid <> 0 then 'r' || c.conrelid else 't' || c.contypid end \
       from pg_catalog.pg_constraint c where c.contype <> 'f' \
     ) \
     select distinct a.key, b.key from pg_catalog.pg_depend d \
     join k a on a.cls = d.classid and a.oid = d.objid \
     join k b on b.cls = d.refclassid and b.oid = d.refobjid \
     where d.deptype = 'n' and a.key <> b.key and d.objid >= 16384 \
     union \
     select 'r' || i.inhrelid, 'r' || i.inhparent from pg_catalog.pg_inherits i";
