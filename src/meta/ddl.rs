//! CREATE TABLE statements in each engine's own dialect, reconstructed from the catalog.
//! (The server's own text — sqlite_master, SHOW CREATE TABLE — is fetched by `server_ddl`.)

use crate::engine::dialect::{qualified, quote_ident};
use crate::engine::{Connection, EngineError, EngineKind};

use super::catalog::{Catalog, RelationKind, Table};

fn list(engine: EngineKind, names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote_ident(engine, n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// CREATE TABLE with its constraints, then CREATE INDEX for its indexes.
pub fn table_ddl(catalog: &Catalog, table: &Table) -> String {
    let e = catalog.engine();
    let default_schema = catalog.default_schema.as_deref();
    let name = qualified(e, table.schema(), table.name(), default_schema);
    if table.relation.kind != RelationKind::Table {
        return match &table.definition {
            Some(def) => format!(
                "CREATE {} {name} AS\n{};\n",
                table.relation.kind.label().to_uppercase(),
                def.trim().trim_end_matches(';')
            ),
            None => format!("-- {name}: a {}\n", table.relation.kind.label()),
        };
    }
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let mut l = format!("    {} {}", quote_ident(e, &c.name), c.data_type);
            if let Some(g) = &c.generated {
                l.push_str(&format!(" GENERATED ALWAYS AS ({g}) STORED"));
            }
            if !c.nullable {
                l.push_str(" NOT NULL");
            }
            if let Some(d) = &c.default {
                l.push_str(&format!(" DEFAULT {d}"));
            }
            if c.autoincrement && e == EngineKind::MySql {
                l.push_str(" AUTO_INCREMENT");
            }
            l
        })
        .collect();
    let constraint = |n: &Option<String>| match n {
        Some(n) => format!("CONSTRAINT {} ", quote_ident(e, n)),
        None => String::new(),
    };
    if let Some(pk) = &table.primary_key {
        let named = if e == EngineKind::MySql {
            String::new()
        } else {
            constraint(&pk.name)
        };
        lines.push(format!("    {named}PRIMARY KEY ({})", list(e, &pk.columns)));
    }
    for u in &table.unique_constraints {
        lines.push(format!(
            "    {}UNIQUE ({})",
            constraint(&u.name),
            list(e, &u.columns)
        ));
    }
    for fk in &table.foreign_keys {
        let target = qualified(e, &fk.ref_schema, &fk.ref_table, default_schema);
        let mut l = format!(
            "    {}FOREIGN KEY ({}) REFERENCES {target} ({})",
            constraint(&fk.name),
            list(e, &fk.columns),
            list(e, &fk.ref_columns)
        );
        for (what, action) in [("DELETE", &fk.on_delete), ("UPDATE", &fk.on_update)] {
            if !action.is_empty() && action != "NO ACTION" {
                l.push_str(&format!(" ON {what} {action}"));
            }
        }
        lines.push(l);
    }
    for c in &table.check_constraints {
        lines.push(format!(
            "    {}CHECK ({})",
            constraint(&c.name),
            c.expression
        ));
    }
    let mut out = format!("CREATE TABLE {name} (\n{}\n);\n", lines.join(",\n"));
    for ix in &table.indexes {
        let unique = if ix.unique { "UNIQUE " } else { "" };
        let using = match (&ix.method, e) {
            (Some(m), EngineKind::Postgres) if m != "btree" => format!(" USING {m}"),
            _ => String::new(),
        };
        let cols: Vec<String> = ix
            .columns
            .iter()
            .map(|c| {
                if is_plain_column(table, c) {
                    quote_ident(e, c)
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&format!(
            "CREATE {unique}INDEX {} ON {name}{using} ({})",
            quote_ident(e, &ix.name),
            cols.join(", ")
        ));
        if let Some(p) = &ix.predicate {
            out.push_str(&format!(" WHERE {p}"));
        }
        out.push_str(";\n");
    }
    out
}

fn is_plain_column(table: &Table, text: &str) -> bool {
    table.columns.iter().any(|c| c.name == text)
}

/// The DDL of every table, parents before children where foreign keys allow.
pub fn catalog_ddl(catalog: &Catalog) -> String {
    let mut out = String::new();
    for t in super::order::dependency_order(catalog) {
        out.push_str(&table_ddl(catalog, t));
        out.push('\n');
    }
    out
}

/// The server's own CREATE statement where it offers one (SQLite, MySQL); for PostgreSQL the
/// dump's, rendered by the server's own functions.
pub async fn server_ddl(conn: &Connection, table: &Table) -> Result<Option<String>, EngineError> {
    match conn.info().engine {
        EngineKind::Postgres => super::dump::postgres_relation(conn, table.schema(), table.name())
            .await
            .map(Some),
        EngineKind::Sqlite => {
            let rows = conn
                .catalog_query(
                    "select sql from sqlite_master where tbl_name = ?1 and sql is not null \
                     order by case type when 'table' then 0 when 'view' then 0 else 1 end, name",
                    &[table.name().to_string()],
                )
                .await?;
            let stmts: Vec<String> = rows
                .into_iter()
                .filter_map(|r| r.into_iter().next().flatten())
                .collect();
            Ok(Some(stmts.iter().map(|s| format!("{s};\n")).collect()))
        }
        EngineKind::MySql => {
            // SHOW takes no parameters: the name is quoted by the dialect instead
            let sql = format!(
                "show create table {}",
                qualified(EngineKind::MySql, table.schema(), table.name(), None)
            );
            let rows = conn.query_text_rows(&sql).await?;
            Ok(rows
                .into_iter()
                .next()
                .and_then(|r| r.get(1).cloned().flatten())
                .map(|s| format!("{s};\n")))
        }
    }
}
