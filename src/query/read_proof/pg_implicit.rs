//! What a PostgreSQL statement may run without calling it by name, vouched for by the
//! catalog: the functions and operators of the views and row-level policies of the relations
//! it reads (through `pg_depend`, view over view, transitively); a domain's CHECK; a cast's
//! function; a type's input and output functions; an operator class's support functions
//! (ORDER BY, GROUP BY, joins); the function `f` of the column notation `row.f`; the default
//! arguments of the functions it calls. Any of these that the catalog marks VOLATILE refuses
//! the statement. Built-in objects have none (checked on PostgreSQL 15); a database where a
//! user made one gets no proof for the reads that could reach it.

use serde_json::json;

use super::postgres::Calls;
use crate::engine::Connection;

const HAZARDS_SQL: &str = "\
with recursive \
rels as (select value as name from json_array_elements_text($1::json)), \
colfns as (select value as name from json_array_elements_text($2::json)), \
funcs as (select value as name from json_array_elements_text($3::json)), \
reached(oid) as ( \
  select c.oid from pg_class c where c.relname in (select name from rels) \
  union \
  select d.refobjid from reached r join pg_depend d \
    on d.refclassid = 'pg_class'::regclass \
   and ((d.classid = 'pg_rewrite'::regclass \
         and d.objid in (select w.oid from pg_rewrite w where w.ev_class = r.oid)) \
     or (d.classid = 'pg_policy'::regclass \
         and d.objid in (select pol.oid from pg_policy pol where pol.polrelid = r.oid)))), \
exprs(classid, objid, what) as ( \
  select 'pg_rewrite'::regclass, w.oid, 'the view ' || w.ev_class::regclass::text \
    from reached r join pg_rewrite w on w.ev_class = r.oid \
  union all \
  select 'pg_policy'::regclass, pol.oid, 'the policy ' || quote_ident(pol.polname::text) \
    || ' on ' || pol.polrelid::regclass::text \
    from reached r join pg_policy pol on pol.polrelid = r.oid \
  union all \
  select 'pg_constraint'::regclass, c.oid, 'the CHECK of the domain ' \
    || c.contypid::regtype::text from pg_constraint c where c.contypid <> 0), \
called(what, proc) as ( \
  select e.what, d.refobjid from exprs e join pg_depend d on d.classid = e.classid \
    and d.objid = e.objid and d.refclassid = 'pg_proc'::regclass \
  union all \
  select e.what, o.oprcode from exprs e join pg_depend d on d.classid = e.classid \
    and d.objid = e.objid and d.refclassid = 'pg_operator'::regclass \
    join pg_operator o on o.oid = d.refobjid) \
select c.what || ' calls ' || p.oid::regprocedure::text \
  from called c join pg_proc p on p.oid = c.proc where p.provolatile = 'v' \
union all \
select 'a cast into ' || c.casttarget::regtype::text || ' runs ' || p.oid::regprocedure::text \
  from pg_cast c join pg_proc p on p.oid = c.castfunc where p.provolatile = 'v' \
union all \
select 'the type ' || t.oid::regtype::text || ' reads or writes its values with ' \
  || p.oid::regprocedure::text from pg_type t join pg_proc p \
  on p.oid in (t.typinput, t.typoutput, t.typreceive, t.typsend) where p.provolatile = 'v' \
union all \
select 'the operator class support function ' || p.oid::regprocedure::text \
  || ', which ORDER BY, GROUP BY and joins call,' \
  from pg_amproc a join pg_proc p on p.oid = a.amproc where p.provolatile = 'v' \
union all \
select 'the column notation .' || quote_ident(p.proname::text) || ' calls ' \
  || p.oid::regprocedure::text from pg_proc p \
  where p.proname in (select name from colfns) and p.pronargs = 1 and p.provolatile = 'v' \
union all \
select 'a default argument of ' || p.oid::regprocedure::text || ' calls ' \
  || q.oid::regprocedure::text from pg_proc p join pg_depend d \
  on d.classid = 'pg_proc'::regclass and d.objid = p.oid \
  and d.refclassid = 'pg_proc'::regclass join pg_proc q on q.oid = d.refobjid \
  where p.proname in (select name from funcs) and p.pronargdefaults > 0 \
  and q.provolatile = 'v' \
limit 1";

/// Ok when nothing the statement may reach unnamed is VOLATILE, else what is.
pub async fn check(conn: &Connection, calls: &Calls) -> Result<(), String> {
    let names = |v: Vec<&String>| json!(v).to_string();
    let params = [
        names(calls.relations.iter().map(|r| &r.name).collect()),
        names(calls.column_functions.iter().collect()),
        names(calls.functions.iter().map(|f| &f.name).collect()),
    ];
    let rows = conn
        .pinned_catalog_query(HAZARDS_SQL, &params)
        .await
        .map_err(|e| format!("the catalog could not be asked what it reaches ({e})"))?;
    match rows.first().and_then(|r| r.first().cloned().flatten()) {
        None => Ok(()),
        Some(what) => Err(format!(
            "{what}, which the catalog marks VOLATILE (it may write)"
        )),
    }
}
