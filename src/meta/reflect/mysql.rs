//! MySQL / MariaDB reflection from information_schema. Every query selects text columns only.

use super::{Cells, referential_action, rows, table_mut};
use crate::engine::EngineKind;
use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError};
use crate::meta::catalog::{
    CheckConstraint, ColumnInfo, ForeignKey, Index, PrimaryKey, Relation, RelationKind, Table,
    UniqueConstraint,
};

const SYSTEM: &str = "('mysql', 'information_schema', 'performance_schema', 'sys')";

/// With a database in the URL, that database; without one, every user database.
fn in_scope(column: &str) -> String {
    format!("(({column} = database()) or (database() is null and {column} not in {SYSTEM}))")
}

pub async fn schemas(conn: &Connection) -> Result<Vec<String>, EngineError> {
    let sql = format!(
        "select schema_name from information_schema.schemata where {} order by 1",
        in_scope("schema_name")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| r.s(0))
        .collect())
}

pub async fn relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    let sql = format!(
        "select table_schema, table_name, table_type, cast(table_rows as char), table_comment, \
           engine \
         from information_schema.tables where {} \
           and table_type <> 'SEQUENCE' order by 1, 2",
        in_scope("table_schema")
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| Relation {
            schema: r.s(0),
            name: r.s(1),
            kind: if r.s(2).contains("VIEW") {
                RelationKind::View
            } else {
                RelationKind::Table
            },
            row_estimate: r.int(3),
            comment: r.opt(4).filter(|c| c != "VIEW"),
            partition_of: None,
            storage: r.opt(5),
        })
        .collect())
}

pub const COLUMNS_SQL: &str = "select table_name, column_name, column_type, is_nullable, column_default, \
       extra, generation_expression, column_comment, character_set_name \
     from information_schema.columns where table_schema = ? \
     order by table_name, ordinal_position";

pub const KEYS_SQL: &str = "select k.table_name, k.constraint_name, tc.constraint_type, k.column_name, \
       k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name, \
       rc.delete_rule, rc.update_rule \
     from information_schema.key_column_usage k \
     join information_schema.table_constraints tc on tc.constraint_schema = k.constraint_schema \
       and tc.table_name = k.table_name and tc.constraint_name = k.constraint_name \
     left join information_schema.referential_constraints rc on rc.constraint_schema = k.constraint_schema \
       and rc.table_name = k.table_name and rc.constraint_name = k.constraint_name \
     where k.table_schema = ? \
     order by k.table_name, k.constraint_name, k.ordinal_position";

pub const CHECKS_SQL: &str = "select tc.table_name, cc.constraint_name, cc.check_clause \
     from information_schema.check_constraints cc \
     join information_schema.table_constraints tc on tc.constraint_schema = cc.constraint_schema \
       and tc.constraint_name = cc.constraint_name and tc.constraint_type = 'CHECK' \
     where cc.constraint_schema = ? order by 1, 2";

pub const INDEXES_SQL: &str = "select table_name, index_name, cast(non_unique as char), column_name, \
       index_type, cast(sub_part as char), collation \
     from information_schema.statistics where table_schema = ? \
     order by table_name, index_name, seq_in_index";

pub async fn details(
    conn: &Connection,
    schema: &str,
    tables: &mut [Table],
) -> Result<(), EngineError> {
    for r in rows(conn, COLUMNS_SQL, &[schema]).await? {
        if let Some(t) = table_mut(tables, &r.s(0)) {
            t.columns.push(column(&r));
        }
    }
    for r in rows(conn, KEYS_SQL, &[schema]).await? {
        let Some(t) = table_mut(tables, &r.s(0)) else {
            continue;
        };
        let name = r.s(1);
        let col = r.s(3);
        match r.s(2).as_str() {
            "PRIMARY KEY" => t
                .primary_key
                .get_or_insert_with(|| PrimaryKey {
                    name: Some(name),
                    columns: Vec::new(),
                })
                .columns
                .push(col),
            "UNIQUE" => match t
                .unique_constraints
                .iter_mut()
                .find(|u| u.name.as_deref() == Some(&name))
            {
                Some(u) => u.columns.push(col),
                None => t.unique_constraints.push(UniqueConstraint {
                    name: Some(name),
                    columns: vec![col],
                }),
            },
            "FOREIGN KEY" => match t
                .foreign_keys
                .iter_mut()
                .find(|f| f.name.as_deref() == Some(&name))
            {
                Some(f) => {
                    f.columns.push(col);
                    f.ref_columns.push(r.s(6));
                }
                None => t.foreign_keys.push(ForeignKey {
                    name: Some(name),
                    columns: vec![col],
                    ref_schema: r.s(4),
                    ref_table: r.s(5),
                    ref_columns: vec![r.s(6)],
                    on_delete: referential_action(&r.s(7)),
                    on_update: referential_action(&r.s(8)),
                    deferrable: false,
                    initially_deferred: false,
                }),
            },
            _ => {}
        }
    }
    for r in rows(conn, CHECKS_SQL, &[schema]).await? {
        if let Some(t) = table_mut(tables, &r.s(0)) {
            let (name, clause) = (r.s(1), r.s(2));
            // MariaDB's JSON: a LONGTEXT column with a check of its own name
            let json = format!("json_valid({})", quote_ident(EngineKind::MySql, &name));
            let always = format!("json_valid(`{}`)", name.replace('`', "``"));
            if (clause == json || clause == always)
                && let Some(c) = t.columns.iter_mut().find(|c| c.name == name)
            {
                c.data_type = "json".into();
                continue;
            }
            t.check_constraints.push(CheckConstraint {
                name: Some(name).filter(|n| !n.is_empty()),
                expression: clause,
            });
        }
    }
    for r in rows(conn, INDEXES_SQL, &[schema]).await? {
        let Some(t) = table_mut(tables, &r.s(0)) else {
            continue;
        };
        let name = r.s(1);
        // the primary key and unique constraints are listed as such
        if name == "PRIMARY"
            || t.unique_constraints
                .iter()
                .any(|u| u.name.as_deref() == Some(&name))
        {
            continue;
        }
        // a foreign key's implicit index carries the key's name: still an index worth showing
        let mut col = r.s(3);
        if let Some(len) = r.opt(5) {
            col = format!("{col}({len})");
        }
        let at = match t.indexes.iter().position(|i| i.name == name) {
            Some(at) => at,
            None => {
                t.indexes.push(Index {
                    name,
                    unique: r.s(2) == "0",
                    method: r.opt(4).map(|m| m.to_ascii_lowercase()),
                    ..Default::default()
                });
                t.indexes.len() - 1
            }
        };
        let ix = &mut t.indexes[at];
        if r.s(6) == "D" {
            ix.descending.push(col.clone());
        }
        ix.columns.push(col);
    }
    Ok(())
}

fn column(r: &Cells) -> ColumnInfo {
    let extra = r.s(5).to_ascii_lowercase();
    let generated = r.opt(6).filter(|_| extra.contains("generated"));
    let default = r.opt(4).filter(|d| d != "NULL" && generated.is_none());
    let data_type = r.s(2);
    let enum_values = match data_type.strip_prefix("enum(") {
        Some(_) => labels(&data_type).unwrap_or_default(),
        None => Vec::new(),
    };
    ColumnInfo {
        name: r.s(1),
        enum_values,
        data_type,
        nullable: r.s(3) == "YES",
        default,
        autoincrement: extra.contains("auto_increment"),
        generated_stored: generated.is_some() && extra.contains("stored"),
        generated,
        comment: r.opt(7),
        charset: r.opt(8),
        ..Default::default()
    }
}

/// The labels of a MySQL `enum('a','it''s')` or `set(…)` column type, as COLUMN_TYPE writes
/// them (a quote doubled, a backslash doubled).
pub fn labels(column_type: &str) -> Option<Vec<String>> {
    let inner = column_type.split_once('(')?.1.strip_suffix(')')?;
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        if chars.next()? != '\'' {
            return None;
        }
        let mut label = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    label.push('\'');
                }
                '\'' => break,
                '\\' => label.push(chars.next()?),
                c => label.push(c),
            }
        }
        out.push(label);
        match chars.next() {
            None => return Some(out),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}
