//! PostgreSQL: the DDL of the whole database, in an order `psql -v ON_ERROR_STOP=1` applies to
//! a fresh database. The server renders every definition itself (`format_type`,
//! `pg_get_functiondef`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_viewdef`,
//! `pg_get_triggerdef`, `pg_get_expr`, `::regclass`), so names and expressions come out quoted
//! and qualified exactly as the server reads them. Objects that belong to an extension are
//! left to its `CREATE EXTENSION`.

use super::postgres_filters::{USER, collate, own, relations};
use serde_json::Value as Json;

use super::order::{Object, dependency_order};
use super::postgres_post::{
    comments_sql, foreign_keys_sql, index_ddl, indexes_sql, post_constraints_sql, privileges_sql,
    row_security_sql, rules_sql, triggers_sql, view_defaults_sql,
};
use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::reflect::{Cells, rows};

/// The whole database's DDL.
pub async fn database(conn: &Connection) -> Result<String, EngineError> {
    let mut out = String::from(
        "-- PostgreSQL schema written by retort\n\
         SET check_function_bodies = false;\n\
         SET standard_conforming_strings = on;\n\
         SET client_min_messages = warning;\n\n",
    );
    for r in rows(conn, &schemas_sql(), &[]).await? {
        out.push_str(&format!("CREATE SCHEMA {};\n", r.s(0)));
    }
    for r in rows(conn, EXTENSIONS_SQL, &[]).await? {
        out.push_str(&format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};\n",
            quote_ident(EngineKind::Postgres, &r.s(0)),
            quote_ident(EngineKind::Postgres, &r.s(1))
        ));
    }
    for r in rows(conn, &super::postgres_post::foreign_servers_sql(), &[]).await? {
        out.push_str(&format!("{}\n", r.s(0)));
    }
    out.push('\n');
    let mut objects = Vec::new();
    let mut after = Vec::new();
    objects.extend(enums(conn).await?);
    objects.extend(composites(conn).await?);
    objects.extend(domains(conn).await?);
    objects.extend(sequences(conn, &mut after).await?);
    objects.extend(super::postgres_types::ranges(conn).await?);
    objects.extend(functions(conn).await?);
    objects.extend(super::postgres_types::aggregates(conn).await?);
    objects.extend(super::postgres_types::casts(conn).await?);
    objects.extend(super::postgres_types::operators(conn).await?);
    objects.extend(super::postgres_types::ts_dictionaries(conn).await?);
    objects.extend(super::postgres_types::ts_configurations(conn).await?);
    objects.extend(tables(conn).await?);
    objects.extend(views(conn, None).await?);
    let edges: Vec<(String, String)> = rows(conn, super::postgres_deps::DEPENDENCIES_SQL, &[])
        .await?
        .iter()
        .map(|r| (r.s(0), r.s(1)))
        .collect();
    for o in dependency_order(objects, &edges) {
        out.push_str(&o.ddl);
        out.push('\n');
    }
    for line in after {
        out.push_str(&line);
    }
    out.push_str(&after_tables(conn, None).await?);
    for r in rows(conn, &super::postgres_post::event_triggers_sql(), &[]).await? {
        out.push_str(&format!("{};\n", r.s(0)));
        if let Some(state) = r.opt(1) {
            let name = quote_ident(EngineKind::Postgres, &r.s(2));
            out.push_str(&format!("ALTER EVENT TRIGGER {name} {state};\n"));
        }
    }
    for r in rows(conn, &comments_sql(), &[]).await? {
        out.push_str(&format!("{};\n", r.s(0)));
    }
    for r in rows(conn, &privileges_sql(), &[]).await? {
        out.push_str(&format!("{};\n", r.s(0)));
    }
    Ok(out)
}

/// Constraints added after the tables, foreign keys, indexes and triggers: of every relation,
/// or of the one named.
async fn after_tables(conn: &Connection, only: Option<&str>) -> Result<String, EngineError> {
    let p: Vec<&str> = only.into_iter().collect();
    let one = only.is_some();
    let mut out = String::new();
    for sql in [post_constraints_sql(one), foreign_keys_sql(one)] {
        for r in rows(conn, &sql, &p).await? {
            out.push_str(&format!("{};\n", r.s(0)));
        }
    }
    for r in rows(conn, &indexes_sql(one), &p).await? {
        out.push_str(&format!("{};\n", index_ddl(&r)));
    }
    for r in rows(conn, &triggers_sql(one), &p).await? {
        out.push_str(&format!("{};\n", r.s(0)));
        if let Some(off) = r.opt(1) {
            out.push_str(&format!("{off};\n"));
        }
    }
    for r in rows(conn, &rules_sql(one), &p).await? {
        out.push_str(&format!("{}\n", r.s(0)));
    }
    for sql in [row_security_sql(one), view_defaults_sql(one)] {
        for r in rows(conn, &sql, &p).await? {
            out.push_str(&format!("{};\n", r.s(0)));
        }
    }
    Ok(out)
}

/// One table's or view's DDL as the dump writes it (for the tree's DDL tab): its CREATE, then
/// its constraints, foreign keys, indexes and triggers, then its and its columns' comments.
pub async fn relation(conn: &Connection, schema: &str, name: &str) -> Result<String, EngineError> {
    let q = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    let target = format!("{}.{}", q(schema), q(name));
    let p = [target.as_str()];
    let mut out = String::new();
    for r in rows(conn, &super::postgres_tables::tables_sql(true), &p).await? {
        out.push_str(&table_ddl(&r));
    }
    for v in views(conn, Some(&target)).await? {
        out.push_str(&v.ddl);
    }
    out.push_str(&after_tables(conn, Some(&target)).await?);
    let comments = "select 'COMMENT ON ' || case when d.objsubid = 0 then case c.relkind \
         when 'v' then 'VIEW ' when 'm' then 'MATERIALIZED VIEW ' else 'TABLE ' end || \
         c.oid::regclass::text else 'COLUMN ' || c.oid::regclass::text || '.' || \
         quote_ident(a.attname) end || ' IS ' || quote_literal(d.description) \
         from pg_catalog.pg_description d join pg_catalog.pg_class c on c.oid = d.objoid \
         left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid \
         where d.classoid = 'pg_catalog.pg_class'::regclass and c.oid = $1::regclass \
         order by d.objsubid";
    for r in rows(conn, comments, &p).await? {
        out.push_str(&format!("{};\n", r.s(0)));
    }
    Ok(out)
}

fn schemas_sql() -> String {
    format!(
        "select quote_ident(n.nspname) from pg_catalog.pg_namespace n where {USER} \
         and n.nspname <> 'public' and {} order by n.nspname",
        own("pg_namespace", "n.oid")
    )
}

const EXTENSIONS_SQL: &str = "select e.extname::text, n.nspname::text \
     from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace \
     where e.extname <> 'plpgsql' order by 1";

fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn json_rows(text: &str) -> Vec<Vec<Json>> {
    serde_json::from_str::<Vec<Vec<Json>>>(text).unwrap_or_default()
}

fn cell(row: &[Json], i: usize) -> String {
    match row.get(i) {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

fn flag(row: &[Json], i: usize) -> bool {
    matches!(row.get(i), Some(Json::Bool(true)))
}

async fn enums(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select t.oid::text, t.oid::regtype::text, (select json_agg(e.enumlabel order by \
         e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = t.oid)::text \
         from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
         where t.typtype = 'e' and {USER} and {}",
        own("pg_type", "t.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let labels: Vec<String> = r.list(2).iter().map(|l| literal(l)).collect();
            object(
                format!("t{}", r.s(0)),
                0,
                r.s(1),
                format!("CREATE TYPE {} AS ENUM ({});\n", r.s(1), labels.join(", ")),
            )
        })
        .collect())
}

fn object(key: String, rank: u8, name: String, ddl: String) -> Object {
    Object {
        key,
        rank,
        name,
        ddl,
    }
}

async fn composites(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select t.oid::text, t.oid::regtype::text, (select json_agg(json_build_array(\
         quote_ident(a.attname), pg_catalog.format_type(a.atttypid, a.atttypmod), {}) order by \
         a.attnum) from pg_catalog.pg_attribute a join pg_catalog.pg_type ty on ty.oid = \
         a.atttypid where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)::text \
         from pg_catalog.pg_type t join pg_catalog.pg_class c on c.oid = t.typrelid and \
         c.relkind = 'c' join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
         where {USER} and {}",
        collate("a.attcollation", "ty.typcollation"),
        own("pg_type", "t.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let fields: Vec<String> = json_rows(&r.s(2))
                .iter()
                .map(|f| format!("    {} {}{}", cell(f, 0), cell(f, 1), cell(f, 2)))
                .collect();
            object(
                format!("t{}", r.s(0)),
                1,
                r.s(1),
                format!("CREATE TYPE {} AS (\n{}\n);\n", r.s(1), fields.join(",\n")),
            )
        })
        .collect())
}

async fn domains(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select t.oid::text, t.oid::regtype::text, \
         pg_catalog.format_type(t.typbasetype, t.typtypmod), {}, t.typnotnull::text, \
         t.typdefault, (select json_agg(json_build_array(quote_ident(c.conname), \
         pg_catalog.pg_get_constraintdef(c.oid)) order by c.conname) from \
         pg_catalog.pg_constraint c where c.contypid = t.oid and c.contype = 'c')::text \
         from pg_catalog.pg_type t join pg_catalog.pg_type b on b.oid = t.typbasetype \
         join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
         where t.typtype = 'd' and {USER} and {}",
        collate("t.typcollation", "b.typcollation"),
        own("pg_type", "t.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let mut ddl = format!("CREATE DOMAIN {} AS {}{}", r.s(1), r.s(2), r.s(3));
            if let Some(d) = r.opt(5) {
                ddl.push_str(&format!(" DEFAULT {d}"));
            }
            if r.flag(4) {
                ddl.push_str(" NOT NULL");
            }
            for c in json_rows(&r.s(6)) {
                ddl.push_str(&format!(" CONSTRAINT {} {}", cell(&c, 0), cell(&c, 1)));
            }
            object(format!("t{}", r.s(0)), 1, r.s(1), format!("{ddl};\n"))
        })
        .collect())
}

/// Standalone sequences (an identity column's own is made with its column); their `OWNED BY`
/// goes to `after`, once the tables exist.
async fn sequences(conn: &Connection, after: &mut Vec<String>) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select c.oid::text, c.oid::regclass::text, {SEQ_OPTIONS}, \
         (select d.refobjid::regclass::text || '.' || quote_ident(a.attname) from \
         pg_catalog.pg_depend d join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and \
         a.attnum = d.refobjsubid where d.classid = 'pg_catalog.pg_class'::regclass and \
         d.objid = c.oid and d.deptype = 'a' and d.refclassid = 'pg_catalog.pg_class'::regclass) \
         from pg_catalog.pg_sequence s join pg_catalog.pg_class c on c.oid = s.seqrelid \
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where {USER} and {} and not exists (select 1 from pg_catalog.pg_depend d where \
         d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'i') \
         order by c.oid::regclass::text",
        own("pg_class", "c.oid")
    );
    let mut out = Vec::new();
    for r in rows(conn, &sql, &[]).await? {
        let options = sequence_options(&r.s(2), true);
        if let Some(owner) = r.opt(3) {
            after.push(format!("ALTER SEQUENCE {} OWNED BY {owner};\n", r.s(1)));
        }
        out.push(object(
            format!("r{}", r.s(0)),
            2,
            r.s(1),
            format!("CREATE SEQUENCE {}{options};\n", r.s(1)),
        ));
    }
    Ok(out)
}

/// A sequence's settings as one JSON array (see `sequence_options`).
const SEQ_OPTIONS: &str = "json_build_array(pg_catalog.format_type(s.seqtypid, null), \
     s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, \
     s.seqcycle)::text";

fn sequence_options(json: &str, with_type: bool) -> String {
    let v: Vec<Json> = serde_json::from_str(json).unwrap_or_default();
    let mut o = String::new();
    if with_type {
        o.push_str(&format!(" AS {}", cell(&v, 0)));
    }
    o.push_str(&format!(
        " START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {}",
        cell(&v, 1),
        cell(&v, 2),
        cell(&v, 3),
        cell(&v, 4),
        cell(&v, 5)
    ));
    if flag(&v, 6) {
        o.push_str(" CYCLE");
    }
    o
}

async fn functions(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    // aggregates have no pg_get_functiondef; a range type's constructors are its own
    let sql = format!(
        "select p.oid::text, p.oid::regprocedure::text, pg_catalog.pg_get_functiondef(p.oid) \
         from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace \
         where p.prokind in ('f', 'p', 'w') and {USER} and {} \
         and not exists (select 1 from pg_catalog.pg_depend x where x.classid = \
         'pg_catalog.pg_proc'::regclass and x.objid = p.oid and x.deptype = 'i')",
        own("pg_proc", "p.oid")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| {
            let def = r.s(2);
            object(
                format!("f{}", r.s(0)),
                3,
                r.s(1),
                format!("{};\n", def.trim_end()),
            )
        })
        .collect())
}

async fn tables(conn: &Connection) -> Result<Vec<Object>, EngineError> {
    let rows = rows(conn, &super::postgres_tables::tables_sql(false), &[]).await?;
    Ok(rows
        .iter()
        .map(|r| object(format!("r{}", r.s(0)), 4, r.s(1), table_ddl(r)))
        .collect())
}

/// CREATE TABLE of one row of `tables_sql`.
fn table_ddl(r: &Cells) -> String {
    let name = r.s(1);
    let unlogged = if r.s(3) == "u" { "UNLOGGED " } else { "" };
    let foreign = if r.s(2) == "f" { "FOREIGN " } else { "" };
    let mut ddl = format!("CREATE {unlogged}{foreign}TABLE {name}");
    let partition_by = r.opt(7).map(|k| format!(" PARTITION BY {k}"));
    if let Some(parent) = r.opt(5).filter(|_| r.flag(4)) {
        ddl.push_str(&format!(" PARTITION OF {parent} {}", r.s(6)));
    } else {
        let mut lines: Vec<String> = json_rows(&r.s(10))
            .iter()
            .filter(|c| flag(c, 7))
            .map(|c| column_ddl(c))
            .collect();
        for c in json_rows(&r.s(11)) {
            lines.push(format!("    CONSTRAINT {} {}", cell(&c, 0), cell(&c, 1)));
        }
        ddl.push_str(&format!(" (\n{}\n)", lines.join(",\n")));
        let parents: Vec<String> = serde_json::from_str(&r.s(8)).unwrap_or_default();
        if !parents.is_empty() {
            ddl.push_str(&format!(" INHERITS ({})", parents.join(", ")));
        }
    }
    if let Some(p) = partition_by {
        ddl.push_str(&p);
    }
    if let Some(opts) = r.opt(9) {
        ddl.push_str(&format!(" WITH ({opts})"));
    }
    if let Some(server) = r.opt(12) {
        ddl.push_str(&format!(" SERVER {server}{}", r.s(13)));
    }
    ddl.push_str(";\n");
    ddl
}

/// One column of `tables_sql`'s JSON: name, type, not null, default, identity, generated,
/// collation, local, identity sequence.
fn column_ddl(c: &[Json]) -> String {
    let mut l = format!("    {} {}{}", cell(c, 0), cell(c, 1), cell(c, 6));
    let default = cell(c, 3);
    match (cell(c, 4).as_str(), cell(c, 5).as_str()) {
        (_, "s") => l.push_str(&format!(" GENERATED ALWAYS AS ({default}) STORED")),
        (id @ ("a" | "d"), _) => {
            let how = if id == "a" { "ALWAYS" } else { "BY DEFAULT" };
            let seq: Vec<Json> = match c.get(8) {
                Some(Json::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            let opts = serde_json::to_string(&seq.get(1..).unwrap_or(&[])).unwrap_or_default();
            l.push_str(&format!(
                " GENERATED {how} AS IDENTITY (SEQUENCE NAME {}{})",
                cell(&seq, 0),
                sequence_options(&opts, false)
            ));
        }
        _ if !default.is_empty() => l.push_str(&format!(" DEFAULT {default}")),
        _ => {}
    }
    if flag(c, 2) {
        l.push_str(" NOT NULL");
    }
    l
}

async fn views(conn: &Connection, only: Option<&str>) -> Result<Vec<Object>, EngineError> {
    let sql = format!(
        "select c.oid::text, c.oid::regclass::text, c.relkind::text, \
         pg_catalog.pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', ') \
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where c.relkind in ('v', 'm') and {USER} and {}",
        relations(only.is_some())
    );
    Ok(rows(conn, &sql, &only.into_iter().collect::<Vec<_>>())
        .await?
        .iter()
        .map(|r| {
            let with = r.opt(4).map(|o| format!(" WITH ({o})")).unwrap_or_default();
            let body = r.s(3);
            let body = body.trim_end().trim_end_matches(';');
            let (kind, rank, tail) = match r.s(2).as_str() {
                "m" => ("MATERIALIZED VIEW", 6, "\n  WITH NO DATA"),
                _ => ("VIEW", 5, ""),
            };
            object(
                format!("r{}", r.s(0)),
                rank,
                r.s(1),
                format!("CREATE {kind} {}{with} AS\n{body}{tail};\n", r.s(1)),
            )
        })
        .collect())
}
