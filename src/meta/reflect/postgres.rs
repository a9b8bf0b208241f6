//! PostgreSQL reflection from pg_catalog. Every query selects text columns only.

use super::sql_text::split_top_level;
use super::{Cells, TableIndex, referential_action, rows};
use crate::engine::{Connection, EngineError};
use crate::meta::catalog::{
    CheckConstraint, ColumnInfo, Domain, EnumType, ForeignKey, Identity, Index, PrimaryKey,
    QualifiedName, Relation, RelationKind, Schema, Table, UniqueConstraint,
};

const SYSTEM: &str = "n.nspname not in ('pg_catalog', 'information_schema') \
     and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'";

pub async fn schemas(conn: &Connection) -> Result<Vec<String>, EngineError> {
    let sql =
        format!("select n.nspname::text from pg_catalog.pg_namespace n where {SYSTEM} order by 1");
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| r.s(0))
        .collect())
}

pub const RELATIONS_SQL: &str = "select n.nspname::text, c.relname::text, c.relkind::text, \
       case when c.reltuples < 0 then null else c.reltuples::bigint::text end, \
       obj_description(c.oid, 'pg_class'), pn.nspname::text, pc.relname::text \
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     left join pg_catalog.pg_inherits i on c.relispartition and i.inhrelid = c.oid \
     left join pg_catalog.pg_class pc on pc.oid = i.inhparent \
     left join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace \
     where c.relkind in ('r', 'p', 'v', 'm', 'f') \
       and n.nspname not in ('pg_catalog', 'information_schema') \
       and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%' \
     order by 1, 2";

pub async fn relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    Ok(rows(conn, RELATIONS_SQL, &[])
        .await?
        .iter()
        .map(|r| Relation {
            schema: r.s(0),
            name: r.s(1),
            kind: match r.s(2).as_str() {
                "v" => RelationKind::View,
                "m" => RelationKind::MaterializedView,
                "f" => RelationKind::ForeignTable,
                _ => RelationKind::Table,
            },
            row_estimate: r.int(3),
            comment: r.opt(4),
            partition_of: r.opt(6).map(|name| QualifiedName {
                schema: r.s(5),
                name,
            }),
            storage: None,
        })
        .collect())
}

pub const COLUMNS_SQL: &str = "select c.relname::text, a.attname::text, \
       pg_catalog.format_type(a.atttypid, a.atttypmod), (not a.attnotnull)::text, \
       pg_catalog.pg_get_expr(d.adbin, d.adrelid), \
       (a.attidentity in ('a', 'd') or coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') like 'nextval(%')::text, \
       case when a.attgenerated = 's' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end, \
       pg_catalog.col_description(c.oid, a.attnum), \
       case when a.attcollation <> 0 and a.attcollation <> ty.typcollation then co.collname::text end, \
       a.attidentity::text, \
       case when a.attidentity in ('a', 'd') then (select concat_ws(' ', s.seqstart, s.seqincrement, \
           s.seqmin, s.seqmax, s.seqcycle, ty.typname) \
         from pg_catalog.pg_depend dep join pg_catalog.pg_sequence s on s.seqrelid = dep.objid \
         where dep.refobjid = c.oid and dep.refobjsubid = a.attnum and dep.deptype = 'i' limit 1) end, \
       (d.adbin is not null and exists (select 1 from pg_catalog.pg_depend dep \
         where dep.refobjid = c.oid and dep.refobjsubid = a.attnum and dep.deptype = 'a' \
           and dep.classid = 'pg_catalog.pg_class'::regclass))::text \
     from pg_catalog.pg_attribute a \
     join pg_catalog.pg_class c on c.oid = a.attrelid \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     join pg_catalog.pg_type ty on ty.oid = a.atttypid \
     left join pg_catalog.pg_collation co on co.oid = a.attcollation \
     left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum \
     where n.nspname::text = $1 and c.relkind in ('r', 'p', 'v', 'm', 'f') \
       and a.attnum > 0 and not a.attisdropped \
     order by c.relname, a.attnum";

/// One row per key column of each constraint (checks: one row, their columns aside).
pub const CONSTRAINTS_SQL: &str = "select c.relname::text, k.conname::text, k.contype::text, a.attname::text, \
       fn.nspname::text, fc.relname::text, fa.attname::text, k.confdeltype::text, k.confupdtype::text, \
       case when k.contype = 'c' then pg_catalog.pg_get_constraintdef(k.oid, true) end, \
       k.condeferrable::text, k.condeferred::text \
     from pg_catalog.pg_constraint k \
     join pg_catalog.pg_class c on c.oid = k.conrelid \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     left join lateral unnest(case when k.contype = 'c' then null else k.conkey end, k.confkey) \
       with ordinality u(attnum, fattnum, ord) on true \
     left join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum \
     left join pg_catalog.pg_class fc on fc.oid = k.confrelid \
     left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace \
     left join pg_catalog.pg_attribute fa on fa.attrelid = k.confrelid and fa.attnum = u.fattnum \
     where n.nspname::text = $1 and k.contype in ('p', 'f', 'u', 'c') \
     order by c.relname, k.conname, u.ord";

/// One row per key column of each index that does not back a constraint; expression columns
/// come as NULL, with the index's expressions alongside.
pub const INDEXES_SQL: &str = "select t.relname::text, i.relname::text, x.indisunique::text, am.amname::text, \
       a.attname::text, pg_catalog.pg_get_expr(x.indexprs, x.indrelid, true), \
       pg_catalog.pg_get_expr(x.indpred, x.indrelid, true), \
       (x.indoption[k.ord - 1] & 1 = 1)::text, \
       (select oc.opcname::text from pg_catalog.pg_opclass oc \
         where oc.oid = x.indclass[k.ord - 1] and not oc.opcdefault) \
     from pg_catalog.pg_index x \
     join pg_catalog.pg_class i on i.oid = x.indexrelid \
     join pg_catalog.pg_class t on t.oid = x.indrelid \
     join pg_catalog.pg_namespace n on n.oid = t.relnamespace \
     join pg_catalog.pg_am am on am.oid = i.relam \
     cross join lateral unnest(x.indkey::int2[]) with ordinality k(attnum, ord) \
     left join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum and k.attnum > 0 \
     left join pg_catalog.pg_constraint kc on kc.conindid = x.indexrelid and kc.contype in ('p', 'u', 'x') \
     where n.nspname::text = $1 and kc.oid is null and k.ord <= x.indnkeyatts \
     order by t.relname, i.relname, k.ord";

pub const VIEWS_SQL: &str = "select c.relname::text, pg_catalog.pg_get_viewdef(c.oid, true) \
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where n.nspname::text = $1 and c.relkind in ('v', 'm') order by 1";

pub const ENUMS_SQL: &str = "select t.typname::text, json_agg(e.enumlabel order by e.enumsortorder)::text \
     from pg_catalog.pg_type t \
     join pg_catalog.pg_enum e on e.enumtypid = t.oid \
     join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
     where n.nspname::text = $1 group by t.typname order by 1";

pub const DOMAINS_SQL: &str = "select t.typname::text, \
       pg_catalog.format_type(t.typbasetype, t.typtypmod), (not t.typnotnull)::text, t.typdefault, \
       coalesce((select json_agg(pg_catalog.pg_get_constraintdef(c.oid) order by c.conname) \
         from pg_catalog.pg_constraint c where c.contypid = t.oid), '[]')::text \
     from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
     where n.nspname::text = $1 and t.typtype = 'd' order by 1";

pub const SEQUENCES_SQL: &str = "select c.relname::text from pg_catalog.pg_class c \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where n.nspname::text = $1 and c.relkind = 'S' order by 1";

pub async fn details(
    conn: &Connection,
    schema: &str,
    tables: &mut [Table],
    out: &mut Schema,
) -> Result<(), EngineError> {
    let fetched = fetch_details(conn, schema).await?;
    apply_details(fetched, schema, tables, out);
    Ok(())
}

/// The rows of one schema's detail queries, not yet sorted into its tables.
pub struct Details(
    Vec<Cells>,
    Vec<Cells>,
    Vec<Cells>,
    Vec<Cells>,
    Vec<Cells>,
    Vec<Cells>,
    Vec<Cells>,
);

/// Runs one schema's detail queries side by side on the pool's connections. They need no
/// list of its tables, so they may run while that list is read.
pub async fn fetch_details(conn: &Connection, schema: &str) -> Result<Details, EngineError> {
    let p = [schema];
    let (a, b, c, d, e, f, g) = tokio::try_join!(
        rows(conn, COLUMNS_SQL, &p),
        rows(conn, CONSTRAINTS_SQL, &p),
        rows(conn, INDEXES_SQL, &p),
        rows(conn, ENUMS_SQL, &p),
        rows(conn, SEQUENCES_SQL, &p),
        rows(conn, VIEWS_SQL, &p),
        rows(conn, DOMAINS_SQL, &p),
    )?;
    Ok(Details(a, b, c, d, e, f, g))
}

/// Sorts one schema's detail rows into its tables.
pub fn apply_details(fetched: Details, schema: &str, tables: &mut [Table], out: &mut Schema) {
    let Details(columns, constraints, indexes, enums, sequences, views, domains) = fetched;
    let mut by_name = TableIndex::new(tables);
    for r in columns {
        if let Some(t) = by_name.get(&r.s(0)) {
            t.columns.push(column(&r));
        }
    }
    let mut last: Option<(String, String)> = None;
    for r in constraints {
        let key = (r.s(0), r.s(1));
        let same = last.as_ref() == Some(&key);
        last = Some(key);
        let Some(t) = by_name.get(&r.s(0)) else {
            continue;
        };
        let name = r.opt(1);
        let col = r.opt(3);
        match (r.s(2).as_str(), same) {
            ("p", false) => {
                t.primary_key = Some(PrimaryKey {
                    name,
                    columns: col.into_iter().collect(),
                })
            }
            ("p", true) => {
                if let Some(pk) = t.primary_key.as_mut() {
                    pk.columns.extend(col);
                }
            }
            ("u", false) => t.unique_constraints.push(UniqueConstraint {
                name,
                columns: col.into_iter().collect(),
            }),
            ("u", true) => {
                if let Some(u) = t.unique_constraints.last_mut() {
                    u.columns.extend(col);
                }
            }
            ("f", false) => t.foreign_keys.push(ForeignKey {
                name,
                columns: col.into_iter().collect(),
                ref_schema: r.s(4),
                ref_table: r.s(5),
                ref_columns: r.opt(6).into_iter().collect(),
                on_delete: referential_action(&r.s(7)),
                on_update: referential_action(&r.s(8)),
                deferrable: r.s(10) == "true",
                initially_deferred: r.s(11) == "true",
            }),
            ("f", true) => {
                if let Some(fk) = t.foreign_keys.last_mut() {
                    fk.columns.extend(col);
                    fk.ref_columns.extend(r.opt(6));
                }
            }
            ("c", false) => t.check_constraints.push(CheckConstraint {
                name,
                expression: check_expression(&r.s(9)),
            }),
            _ => {}
        }
    }
    let mut last: Option<(String, String)> = None;
    let mut expressions: Vec<String> = Vec::new();
    for r in indexes {
        let key = (r.s(0), r.s(1));
        let same = last.as_ref() == Some(&key);
        last = Some(key);
        let Some(t) = by_name.get(&r.s(0)) else {
            continue;
        };
        if !same {
            expressions = r
                .opt(5)
                .map(|e| {
                    split_top_level(&e)
                        .into_iter()
                        .map(|p| p.trim().to_string())
                        .collect()
                })
                .unwrap_or_default();
            expressions.reverse();
            t.indexes.push(Index {
                name: r.s(1),
                unique: r.flag(2),
                method: r.opt(3),
                predicate: r.opt(6),
                ..Default::default()
            });
        }
        let col = r.opt(4).or_else(|| expressions.pop()).unwrap_or_default();
        if let Some(ix) = t.indexes.last_mut() {
            if r.flag(7) {
                ix.descending.push(col.clone());
            }
            if let Some(class) = r.opt(8) {
                ix.operator_classes.push((col.clone(), class));
            }
            ix.columns.push(col);
        }
    }
    for r in views {
        if let Some(t) = by_name.get(&r.s(0)) {
            t.definition = r.opt(1);
        }
    }
    for r in enums {
        out.enums.push(EnumType {
            schema: schema.to_string(),
            name: r.s(0),
            values: r.list(1),
        });
    }
    out.sequences = sequences.iter().map(|r| r.s(0)).collect();
    out.domains = domains
        .iter()
        .map(|r| Domain {
            schema: schema.to_string(),
            name: r.s(0),
            base_type: r.s(1),
            nullable: r.flag(2),
            default: r.opt(3),
            checks: r.list(4),
        })
        .collect();
    resolve_user_types(tables, out);
}

/// A column of a domain gets the domain's base type, a column of an enum (or of a domain over
/// one) its labels: from the schema's own domains and enums, by the name `format_type` gave
/// (a type of another schema comes qualified and is left as it is). Done here rather than in
/// the columns query, where a lookup per row would keep the server from computing the rows in
/// parallel.
fn resolve_user_types(tables: &mut [Table], out: &Schema) {
    let own = |data_type: &str| -> Option<String> {
        let (schema, name) = crate::meta::models::split_qualified(data_type);
        match schema {
            Some(s) if s != out.name => None,
            _ => Some(name),
        }
    };
    let labels = |name: &str| {
        out.enums
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.values.clone())
    };
    for c in tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        let Some(name) = own(&c.data_type) else {
            continue;
        };
        if let Some(d) = out.domains.iter().find(|d| d.name == name) {
            c.base_type = Some(d.base_type.clone());
            if let Some(l) = own(&d.base_type).and_then(|b| labels(&b)) {
                c.enum_values = l;
            }
        } else if let Some(l) = labels(&name) {
            c.enum_values = l;
        }
    }
}

fn column(r: &Cells) -> ColumnInfo {
    let generated = r.opt(6);
    let identity = match r.s(9).as_str() {
        kind @ ("a" | "d") => Some(identity(kind == "a", &r.s(10))),
        _ => None,
    };
    ColumnInfo {
        name: r.s(1),
        data_type: r.s(2),
        nullable: r.flag(3),
        default: if generated.is_some() { None } else { r.opt(4) },
        autoincrement: r.flag(5),
        generated_stored: generated.is_some(),
        generated,
        comment: r.opt(7),
        collation: r.opt(8),
        identity,
        serial: r.flag(11),
        ..Default::default()
    }
}

/// An identity column from `start increment min max cycle type` of its sequence: the bounds
/// only where they are not the type's own (ascending from 1 to its largest value).
fn identity(always: bool, seq: &str) -> Identity {
    let parts: Vec<&str> = seq.split(' ').collect();
    let int = |i: usize, or: i64| parts.get(i).and_then(|p| p.parse().ok()).unwrap_or(or);
    let largest = match parts.get(5).copied() {
        Some("int2") => i64::from(i16::MAX),
        Some("int4") => i64::from(i32::MAX),
        _ => i64::MAX,
    };
    let increment = int(1, 1);
    let (min, max) = (int(2, 1), int(3, largest));
    let (own_min, own_max) = match increment > 0 {
        true => (1, largest),
        false => (-largest - 1, -1),
    };
    Identity {
        always,
        start: int(0, 1),
        increment,
        minvalue: (min != own_min).then_some(min),
        maxvalue: (max != own_max).then_some(max),
        cycle: parts.get(4) == Some(&"t"),
    }
}

/// `CHECK ((price > 0))` → `(price > 0)`.
fn check_expression(def: &str) -> String {
    let body = def.strip_prefix("CHECK ").unwrap_or(def);
    let body = body.trim_end_matches(" NOT VALID");
    match body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        Some(inner) if inner.starts_with('(') => inner.to_string(),
        _ => body.to_string(),
    }
}
