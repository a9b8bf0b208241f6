//! The second half of PostgreSQL's proof: what the tree calls, vouched for by the catalog.
//! A function passes only when every function of that name the call could resolve to (every
//! schema for an unqualified name, since a better-matching overload elsewhere on the search
//! path would win) is IMMUTABLE or STABLE, and an aggregate's support functions too; an
//! operator when every operator of that symbol has such a function. A name the catalog does
//! not know is refused. A few VOLATILE built-ins that only read are let through by name.

use serde_json::json;

use super::postgres::{Callee, Calls, refused_by_name};
use crate::engine::Connection;

/// Every function and operator of the names asked for: schema, name, whether it writes as
/// far as the catalog says ('t' when it is IMMUTABLE or STABLE, its aggregate's support
/// functions included), and 'f' for a function, 'o' for an operator.
const CALLEES_SQL: &str = "\
with wanted as (select value as name from json_array_elements_text($1::json)), \
     ops as (select value as name from json_array_elements_text($2::json)) \
select n.nspname::text, p.proname::text, \
  (p.provolatile <> 'v' and not exists (select 1 from pg_aggregate a join pg_proc s \
     on s.oid in (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, \
     a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn) \
     where a.aggfnoid = p.oid and s.provolatile = 'v'))::text, 'f' \
from pg_proc p join pg_namespace n on n.oid = p.pronamespace \
where p.proname in (select name from wanted) \
union all \
select n.nspname::text, o.oprname::text, (p.provolatile <> 'v')::text, 'o' \
from pg_operator o join pg_proc p on p.oid = o.oprcode \
join pg_namespace n on n.oid = o.oprnamespace \
where o.oprname in (select name from ops)";

/// VOLATILE in the catalog, yet they only read (sizes, clocks, random numbers).
const READING_VOLATILES: &[&str] = &[
    "random",
    "random_normal",
    "clock_timestamp",
    "timeofday",
    "gen_random_uuid",
    "pg_relation_size",
    "pg_table_size",
    "pg_indexes_size",
    "pg_total_relation_size",
    "pg_database_size",
    "pg_tablespace_size",
    "pg_blocking_pids",
    "pg_current_wal_lsn",
    "pg_last_wal_receive_lsn",
    "pg_last_wal_replay_lsn",
];

/// One row of `CALLEES_SQL`.
struct Found {
    schema: String,
    name: String,
    reads: bool,
    operator: bool,
}

/// Ok when the catalog vouches for every call, else why not.
pub async fn check(conn: &Connection, calls: &Calls) -> Result<(), String> {
    if calls.functions.is_empty() && calls.operators.is_empty() {
        return Ok(());
    }
    let names = |c: &[Callee]| json!(c.iter().map(|c| &c.name).collect::<Vec<_>>()).to_string();
    let rows = conn
        .pinned_catalog_query(
            CALLEES_SQL,
            &[names(&calls.functions), names(&calls.operators)],
        )
        .await
        .map_err(|e| format!("the catalog could not be asked what it calls ({e})"))?;
    let found: Vec<Found> = rows
        .into_iter()
        .filter_map(|r| {
            let mut r = r.into_iter().map(Option::unwrap_or_default);
            Some(Found {
                schema: r.next()?,
                name: r.next()?,
                reads: r.next()? == "true",
                operator: r.next()? == "o",
            })
        })
        .collect();
    for f in &calls.functions {
        vouch(f, false, &found)?;
    }
    for o in &calls.operators {
        vouch(o, true, &found)?;
    }
    Ok(())
}

fn vouch(callee: &Callee, operator: bool, found: &[Found]) -> Result<(), String> {
    let what = if operator { "operator" } else { "function" };
    let shown = match &callee.schema {
        Some(s) => format!("{s}.{}", callee.name),
        None => callee.name.clone(),
    };
    if let Some(why) = refused_by_name(&callee.name) {
        return Err(why);
    }
    let candidates: Vec<&Found> = found
        .iter()
        .filter(|f| f.operator == operator && f.name == callee.name)
        .filter(|f| callee.schema.as_ref().is_none_or(|s| *s == f.schema))
        .collect();
    if candidates.is_empty() {
        return Err(format!("the catalog knows no {what} {shown}"));
    }
    let known_reader = |f: &&Found| {
        !operator && f.schema == "pg_catalog" && READING_VOLATILES.contains(&f.name.as_str())
    };
    match candidates.iter().find(|f| !f.reads && !known_reader(f)) {
        None => Ok(()),
        Some(f) => Err(format!(
            "it calls the {what} {}.{}, which the catalog marks VOLATILE (it may write)",
            f.schema, f.name
        )),
    }
}
