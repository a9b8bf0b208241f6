//! PostgreSQL: what the dump adds once every table and view exists: constraints not made with
//! their table, foreign keys, indexes, triggers, row-level security and its policies, view
//! column defaults, event triggers, comments, and the privileges granted or revoked beside
//! the defaults.

use super::postgres_filters::{USER, own, relations};
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

/// `ENABLE` / `FORCE ROW LEVEL SECURITY` of the tables that have it, then their policies, as
/// the server renders their expressions.
pub(super) fn row_security_sql(only: bool) -> String {
    format!(
        "select s from (\
           select c.oid::regclass::text as t, 0 as k, 'ALTER TABLE ' || c.oid::regclass::text \
             || ' ENABLE ROW LEVEL SECURITY' as s \
           from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
           where c.relrowsecurity and {USER} and {rel} \
           union all \
           select c.oid::regclass::text, 1, 'ALTER TABLE ' || c.oid::regclass::text \
             || ' FORCE ROW LEVEL SECURITY' \
           from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
           where c.relforcerowsecurity and {USER} and {rel} \
           union all \
           select c.oid::regclass::text, 2, 'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' \
             || c.oid::regclass::text || ' AS ' || case when p.polpermissive then 'PERMISSIVE' \
             else 'RESTRICTIVE' end || ' FOR ' || case p.polcmd when 'r' then 'SELECT' \
             when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end \
             || ' TO ' || (select string_agg(case when r = 0 then 'PUBLIC' else \
             quote_ident(pg_catalog.pg_get_userbyid(r)) end, ', ' order by r) \
             from unnest(p.polroles) r) \
             || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '') \
             || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) \
             || ')', '') \
           from pg_catalog.pg_policy p join pg_catalog.pg_class c on c.oid = p.polrelid \
           join pg_catalog.pg_namespace n on n.oid = c.relnamespace where {USER} and {rel} \
         ) x order by t, k, s",
        rel = relations(only)
    )
}

/// The privileges of tables (and their columns), views, sequences, schemas and functions that
/// differ from the defaults (`acldefault` of the object's kind and owner): GRANTs of what was
/// added, in the order of the object's ACL (so that the copy's ACL reads the same), and
/// REVOKEs of what was taken away, as pg_dump writes them.
pub(super) fn privileges_sql() -> String {
    let rel_own = own("pg_class", "c.oid");
    let ns_own = own("pg_namespace", "n.oid");
    let proc_own = own("pg_proc", "p.oid");
    format!(
        "with objs as (\
           select case when c.relkind = 'S' then 'SEQUENCE ' else 'TABLE ' end || \
             c.oid::regclass::text as obj, c.relacl as acl, pg_catalog.acldefault((case when \
             c.relkind = 'S' then 's' else 'r' end)::\"char\", c.relowner) as def \
           from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
           where c.relacl is not null and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') \
           and {USER} and {rel_own} \
           union all \
           select 'SCHEMA ' || quote_ident(n.nspname), n.nspacl, \
             pg_catalog.acldefault('n'::\"char\", n.nspowner) \
           from pg_catalog.pg_namespace n where n.nspacl is not null and {USER} and {ns_own} \
           union all \
           select case p.prokind when 'p' then 'PROCEDURE ' else 'FUNCTION ' end || \
             p.oid::regprocedure::text, p.proacl, pg_catalog.acldefault('f'::\"char\", p.proowner) \
           from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace \
           where p.proacl is not null and {USER} and {proc_own} \
         ), granted as (select o.obj, a.grantee, a.privilege_type, a.is_grantable, a.n \
           from objs o cross join lateral pg_catalog.aclexplode(o.acl) with ordinality \
           a(grantor, grantee, privilege_type, is_grantable, n)), \
         defaults as (select o.obj, a.grantee, a.privilege_type, a.is_grantable \
           from objs o cross join lateral pg_catalog.aclexplode(o.def) a) \
         select s from (\
           select obj, 0 as k, g.n, 'GRANT ' || privilege_type || ' ON ' || obj || ' TO ' || \
             case when grantee = 0 then 'PUBLIC' else \
             quote_ident(pg_catalog.pg_get_userbyid(grantee)) end || case when is_grantable \
             then ' WITH GRANT OPTION' else '' end as s \
           from granted g where not exists (select 1 from defaults d where d.obj = g.obj \
             and d.grantee = g.grantee and d.privilege_type = g.privilege_type \
             and d.is_grantable = g.is_grantable) \
           union all \
           select obj, 1, 0, 'REVOKE ' || privilege_type || ' ON ' || obj || ' FROM ' || \
             case when grantee = 0 then 'PUBLIC' else \
             quote_ident(pg_catalog.pg_get_userbyid(grantee)) end \
           from (select * from defaults except select obj, grantee, privilege_type, \
             is_grantable from granted) r \
           union all \
           select 'TABLE ' || c.oid::regclass::text, 2, a.attnum * 1000 + x.n, 'GRANT ' || \
             x.privilege_type || '(' || \
             quote_ident(a.attname) || ') ON TABLE ' || c.oid::regclass::text || ' TO ' || \
             case when x.grantee = 0 then 'PUBLIC' else \
             quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) end || case when \
             x.is_grantable then ' WITH GRANT OPTION' else '' end \
           from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid \
           join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
           cross join lateral pg_catalog.aclexplode(a.attacl) with ordinality \
           x(grantor, grantee, privilege_type, is_grantable, n) \
           where a.attacl is not null and not a.attisdropped and {USER} and {rel_own} \
         ) x order by obj, k, n, s"
    )
}

/// Rules other than a view's own (`_RETURN`), as the server writes them (with their `;`).
pub(super) fn rules_sql(only: bool) -> String {
    format!(
        "select pg_catalog.pg_get_ruledef(w.oid) from pg_catalog.pg_rewrite w \
         join pg_catalog.pg_class c on c.oid = w.ev_class \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where w.rulename <> '_RETURN' and {USER} and {} \
         order by c.oid::regclass::text, w.rulename",
        relations(only)
    )
}

/// Column defaults of views (`ALTER VIEW … ALTER COLUMN … SET DEFAULT`): an INSERT through
/// the view uses them.
pub(super) fn view_defaults_sql(only: bool) -> String {
    format!(
        "select 'ALTER VIEW ' || c.oid::regclass::text || ' ALTER COLUMN ' || \
         quote_ident(a.attname) || ' SET DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) \
         from pg_catalog.pg_attrdef d join pg_catalog.pg_class c on c.oid = d.adrelid \
         join pg_catalog.pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where c.relkind = 'v' and {USER} and {} order by c.oid::regclass::text, a.attnum",
        relations(only)
    )
}

/// Event triggers of the database (not an extension's), then those disabled or enabled only
/// for replication, as pg_dump writes them.
pub(super) fn event_triggers_sql() -> String {
    format!(
        "select 'CREATE EVENT TRIGGER ' || quote_ident(e.evtname) || ' ON ' || \
         quote_ident(e.evtevent) || case when e.evttags is not null then ' WHEN TAG IN (' || \
         (select string_agg(quote_literal(t), ', ') from unnest(e.evttags) t) || ')' else '' end \
         || ' EXECUTE FUNCTION ' || e.evtfoid::regproc::text || '()', \
         case e.evtenabled when 'D' then 'DISABLE' when 'R' then 'ENABLE REPLICA' \
         when 'A' then 'ENABLE ALWAYS' end, e.evtname \
         from pg_catalog.pg_event_trigger e where {} order by e.evtname",
        own("pg_event_trigger", "e.oid")
    )
}

/// `OPTIONS (name 'value', …)` of an options array (`col`), or nothing.
pub(super) fn options_of(col: &str) -> String {
    format!(
        "coalesce(' OPTIONS (' || (select string_agg(quote_ident(o.option_name) || ' ' || \
         quote_literal(o.option_value), ', ') from pg_catalog.pg_options_to_table({col}) o) || \
         ')', '')"
    )
}

/// Foreign data wrappers (not an extension's), then their servers, then user mappings: what
/// foreign tables need, made before every other object. A mapping's `password` option is left
/// out (a secret never written), and said so.
pub(super) fn foreign_servers_sql() -> String {
    let no_password =
        "(select array_agg(x) from unnest(u.umoptions) x where x not like 'password=%')";
    format!(
        "select s from (\
         select 0 as k, w.fdwname::text as n, 'CREATE FOREIGN DATA WRAPPER ' || \
           quote_ident(w.fdwname) || case when w.fdwhandler <> 0 then ' HANDLER ' || \
           w.fdwhandler::regproc::text else '' end || case when w.fdwvalidator <> 0 then \
           ' VALIDATOR ' || w.fdwvalidator::regproc::text else '' end || {fdw_options} || ';' as s \
         from pg_catalog.pg_foreign_data_wrapper w where {own_fdw} \
         union all \
         select 1, s.srvname::text, 'CREATE SERVER ' || quote_ident(s.srvname) || \
           coalesce(' TYPE ' || quote_literal(s.srvtype), '') || \
           coalesce(' VERSION ' || quote_literal(s.srvversion), '') || \
           ' FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname) || {srv_options} || ';' \
         from pg_catalog.pg_foreign_server s \
         join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw where {own_srv} \
         union all \
         select 2, s.srvname::text || ' ' || coalesce(r.rolname::text, ''), \
           case when exists (select 1 from unnest(u.umoptions) x where x like 'password=%') \
           then '-- the password option of this user mapping is left out\n' else '' end || \
           'CREATE USER MAPPING FOR ' || case when u.umuser = 0 then 'PUBLIC' else \
           quote_ident(r.rolname) end || ' SERVER ' || quote_ident(s.srvname) || {um_options} \
           || ';' \
         from pg_catalog.pg_user_mapping u \
         join pg_catalog.pg_foreign_server s on s.oid = u.umserver \
         left join pg_catalog.pg_roles r on r.oid = u.umuser where {own_srv}\
         ) x order by k, n",
        fdw_options = options_of("w.fdwoptions"),
        srv_options = options_of("s.srvoptions"),
        um_options = options_of(no_password),
        own_fdw = own("pg_foreign_data_wrapper", "w.oid"),
        own_srv = own("pg_foreign_server", "s.oid"),
    )
}
