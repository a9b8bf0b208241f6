//! PostgreSQL reflection from pg_catalog. Every query selects text columns only.

use super::{Cells, referential_action, rows, table_mut};
use crate::engine::{Connection, EngineError};
use crate::meta::catalog::{
    CheckConstraint, ColumnInfo, EnumType, ForeignKey, Index, PrimaryKey, Relation, RelationKind,
    Schema, Table, UniqueConstraint,
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

pub async fn relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    let sql = format!(
        "select n.nspname::text, c.relname::text, c.relkind::text, \
           case when c.reltuples < 0 then null else c.reltuples::bigint::text end, \
           obj_description(c.oid, 'pg_class') \
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
         where c.relkind in ('r', 'p', 'v', 'm', 'f') and {SYSTEM} order by 1, 2"
    );
    Ok(rows(conn, &sql, &[])
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
        })
        .collect())
}

pub const COLUMNS_SQL: &str = "select c.relname::text, a.attname::text, \
       pg_catalog.format_type(a.atttypid, a.atttypmod), (not a.attnotnull)::text, \
       pg_catalog.pg_get_expr(d.adbin, d.adrelid), \
       (a.attidentity in ('a', 'd') or coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') like 'nextval(%')::text, \
       case when a.attgenerated = 's' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end, \
       pg_catalog.col_description(c.oid, a.attnum) \
     from pg_catalog.pg_attribute a \
     join pg_catalog.pg_class c on c.oid = a.attrelid \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum \
     where n.nspname::text = $1 and c.relkind in ('r', 'p', 'v', 'm', 'f') \
       and a.attnum > 0 and not a.attisdropped \
     order by c.relname, a.attnum";

pub const CONSTRAINTS_SQL: &str = "select c.relname::text, k.conname::text, k.contype::text, \
       coalesce((select json_agg(a.attname order by u.ord)::text \
                 from unnest(k.conkey) with ordinality u(attnum, ord) \
                 join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum), '[]'), \
       fn.nspname::text, fc.relname::text, \
       coalesce((select json_agg(a.attname order by u.ord)::text \
                 from unnest(k.confkey) with ordinality u(attnum, ord) \
                 join pg_catalog.pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum), '[]'), \
       k.confdeltype::text, k.confupdtype::text, pg_catalog.pg_get_constraintdef(k.oid, true) \
     from pg_catalog.pg_constraint k \
     join pg_catalog.pg_class c on c.oid = k.conrelid \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     left join pg_catalog.pg_class fc on fc.oid = k.confrelid \
     left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace \
     where n.nspname::text = $1 and k.contype in ('p', 'f', 'u', 'c') \
     order by c.relname, k.conname";

pub const INDEXES_SQL: &str = "select t.relname::text, i.relname::text, x.indisunique::text, am.amname::text, \
       (select json_agg(pg_catalog.pg_get_indexdef(x.indexrelid, k, true) order by k)::text \
          from generate_series(1, x.indnkeyatts::int) k), \
       pg_catalog.pg_get_expr(x.indpred, x.indrelid, true), \
       exists (select 1 from pg_catalog.pg_constraint k where k.conindid = x.indexrelid \
               and k.contype in ('p', 'u'))::text \
     from pg_catalog.pg_index x \
     join pg_catalog.pg_class i on i.oid = x.indexrelid \
     join pg_catalog.pg_class t on t.oid = x.indrelid \
     join pg_catalog.pg_namespace n on n.oid = t.relnamespace \
     join pg_catalog.pg_am am on am.oid = i.relam \
     where n.nspname::text = $1 \
     order by t.relname, i.relname";

pub const ENUMS_SQL: &str = "select t.typname::text, json_agg(e.enumlabel order by e.enumsortorder)::text \
     from pg_catalog.pg_type t \
     join pg_catalog.pg_enum e on e.enumtypid = t.oid \
     join pg_catalog.pg_namespace n on n.oid = t.typnamespace \
     where n.nspname::text = $1 group by t.typname order by 1";

pub const SEQUENCES_SQL: &str = "select c.relname::text from pg_catalog.pg_class c \
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
     where n.nspname::text = $1 and c.relkind = 'S' order by 1";

pub async fn details(
    conn: &Connection,
    schema: &str,
    tables: &mut [Table],
    out: &mut Schema,
) -> Result<(), EngineError> {
    for r in rows(conn, COLUMNS_SQL, &[schema]).await? {
        if let Some(t) = table_mut(tables, &r.s(0)) {
            t.columns.push(column(&r));
        }
    }
    for r in rows(conn, CONSTRAINTS_SQL, &[schema]).await? {
        let Some(t) = table_mut(tables, &r.s(0)) else {
            continue;
        };
        let name = r.opt(1);
        let columns = r.list(3);
        match r.s(2).as_str() {
            "p" => t.primary_key = Some(PrimaryKey { name, columns }),
            "u" => t
                .unique_constraints
                .push(UniqueConstraint { name, columns }),
            "f" => t.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_schema: r.s(4),
                ref_table: r.s(5),
                ref_columns: r.list(6),
                on_delete: referential_action(&r.s(7)),
                on_update: referential_action(&r.s(8)),
            }),
            _ => t.check_constraints.push(CheckConstraint {
                name,
                expression: check_expression(&r.s(9)),
            }),
        }
    }
    for r in rows(conn, INDEXES_SQL, &[schema]).await? {
        // indexes that back a primary key or unique constraint are shown as those
        if r.flag(6) {
            continue;
        }
        if let Some(t) = table_mut(tables, &r.s(0)) {
            t.indexes.push(Index {
                name: r.s(1),
                unique: r.flag(2),
                method: r.opt(3),
                columns: r.list(4),
                predicate: r.opt(5),
            });
        }
    }
    for r in rows(conn, ENUMS_SQL, &[schema]).await? {
        out.enums.push(EnumType {
            schema: schema.to_string(),
            name: r.s(0),
            values: r.list(1),
        });
    }
    out.sequences = rows(conn, SEQUENCES_SQL, &[schema])
        .await?
        .iter()
        .map(|r| r.s(0))
        .collect();
    Ok(())
}

fn column(r: &Cells) -> ColumnInfo {
    let generated = r.opt(6);
    ColumnInfo {
        name: r.s(1),
        data_type: r.s(2),
        nullable: r.flag(3),
        default: if generated.is_some() { None } else { r.opt(4) },
        autoincrement: r.flag(5),
        generated,
        comment: r.opt(7),
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
