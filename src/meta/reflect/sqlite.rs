//! SQLite reflection from sqlite_master and the table-valued pragma functions, one query per
//! level for the whole database.

use super::sql_text::{balanced, split_top_level};
use super::{Cells, rows, table_mut};
use crate::engine::{Connection, EngineError};
use crate::meta::catalog::{
    CheckConstraint, ColumnInfo, ForeignKey, Index, PrimaryKey, Relation, RelationKind, Table,
    UniqueConstraint,
};

const USER_OBJECTS: &str = "m.name not like 'sqlite\\_%' escape '\\'";

pub async fn relations(conn: &Connection) -> Result<Vec<Relation>, EngineError> {
    let sql = format!(
        "select m.name, m.type from sqlite_master m where m.type in ('table', 'view') and {USER_OBJECTS} \
         order by m.name"
    );
    Ok(rows(conn, &sql, &[])
        .await?
        .iter()
        .map(|r| Relation {
            schema: "main".into(),
            name: r.s(0),
            kind: if r.s(1) == "view" {
                RelationKind::View
            } else {
                RelationKind::Table
            },
            row_estimate: None,
            comment: None,
            partition_of: None,
            storage: None,
        })
        .collect())
}

/// `schema` as it goes before `.sqlite_master` (its name is bound as ?1 where a value).
fn db(schema: &str) -> String {
    crate::engine::dialect::quote_ident(crate::engine::EngineKind::Sqlite, schema)
}

/// ?1: the schema (main, or an attached database), also quoted in the text.
pub fn columns_sql(schema: &str) -> String {
    format!(
        "select m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden, m.sql \
         from {}.sqlite_master m join pragma_table_xinfo(m.name, ?1) p \
         where m.type in ('table', 'view') order by m.name, p.cid",
        db(schema)
    )
}

pub fn foreign_keys_sql(schema: &str) -> String {
    format!(
        "select m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_delete, p.on_update \
         from {}.sqlite_master m join pragma_foreign_key_list(m.name, ?1) p \
         where m.type = 'table' order by m.name, p.id, p.seq",
        db(schema)
    )
}

pub fn indexes_sql(schema: &str) -> String {
    let db = db(schema);
    format!(
        "select m.name, il.name, il.\"unique\", il.origin, ii.name, s.sql, ii.\"desc\" \
         from {db}.sqlite_master m join pragma_index_list(m.name, ?1) il \
         join pragma_index_xinfo(il.name, ?1) ii \
         left join {db}.sqlite_master s on s.type = 'index' and s.name = il.name \
         where m.type = 'table' and ii.key = 1 \
         order by m.name, il.name, ii.seqno"
    )
}

/// Columns, keys and indexes of `tables`, all of one schema (main, or an attached database).
pub async fn details(
    conn: &Connection,
    schema: &str,
    tables: &mut [Table],
) -> Result<(), EngineError> {
    let mut pk_order: Vec<(String, i64, String)> = Vec::new();
    for r in rows(conn, &columns_sql(schema), &[schema]).await? {
        let Some(t) = table_mut(tables, &r.s(0)) else {
            continue;
        };
        let create = r.s(7);
        let name = r.s(1);
        let hidden = r.int(6).unwrap_or(0);
        if hidden == 1 {
            continue; // a virtual table's hidden column
        }
        let pk = r.int(5).unwrap_or(0);
        if pk > 0 {
            pk_order.push((t.relation.name.clone(), pk, name.clone()));
        }
        let data_type = r.s(2);
        t.columns.push(ColumnInfo {
            generated: (hidden >= 2)
                .then(|| generated_expression(&create, &name).unwrap_or_default()),
            generated_stored: hidden == 3,
            default: r.opt(4),
            nullable: !r.flag(3),
            autoincrement: pk == 1 && data_type.eq_ignore_ascii_case("integer"),
            data_type,
            name,
            ..Default::default()
        });
        if t.check_constraints.is_empty() && t.columns.len() == 1 {
            t.check_constraints = check_constraints(&create);
            let (autoincrement, without_rowid) = table_options(&create);
            t.sqlite_autoincrement = autoincrement;
            t.without_rowid = without_rowid;
        }
    }
    pk_order.sort();
    for (table, _, column) in pk_order {
        if let Some(t) = table_mut(tables, &table) {
            t.primary_key
                .get_or_insert_with(|| PrimaryKey {
                    name: None,
                    columns: Vec::new(),
                })
                .columns
                .push(column);
        }
    }
    // a single-column INTEGER primary key is the rowid: autoincrement only when it is the whole key
    for t in tables.iter_mut() {
        let whole = t.primary_key.as_ref().map_or(0, |pk| pk.columns.len());
        if whole > 1 {
            t.columns.iter_mut().for_each(|c| c.autoincrement = false);
        }
    }
    let mut fk_ids: Vec<(String, i64)> = Vec::new();
    for r in rows(conn, &foreign_keys_sql(schema), &[schema]).await? {
        let table = r.s(0);
        let id = r.int(1).unwrap_or(0);
        let Some(t) = table_mut(tables, &table) else {
            continue;
        };
        let to = r.opt(4);
        if fk_ids.last() == Some(&(table.clone(), id)) {
            if let Some(fk) = t.foreign_keys.last_mut() {
                fk.columns.push(r.s(3));
                fk.ref_columns.extend(to);
            }
        } else {
            fk_ids.push((table, id));
            t.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![r.s(3)],
                ref_schema: schema.into(),
                ref_table: r.s(2),
                ref_columns: to.into_iter().collect(),
                on_delete: r.s(5),
                on_update: r.s(6),
                deferrable: false,
                initially_deferred: false,
            });
        }
    }
    // `REFERENCES users` without columns means the target's primary key
    let pks: Vec<(String, Vec<String>)> = tables
        .iter()
        .filter_map(|t| {
            t.primary_key
                .as_ref()
                .map(|pk| (t.relation.name.clone(), pk.columns.clone()))
        })
        .collect();
    for fk in tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if fk.ref_columns.is_empty()
            && let Some((_, cols)) = pks.iter().find(|(n, _)| *n == fk.ref_table)
        {
            fk.ref_columns = cols.clone();
        }
    }
    // SQLite reports foreign keys in reverse order of declaration
    tables.iter_mut().for_each(|t| t.foreign_keys.reverse());
    // rows come one per key column, ordered by table, index and position
    let mut groups: Vec<(String, String, Vec<KeyColumn>, Cells)> = Vec::new();
    for r in rows(conn, &indexes_sql(schema), &[schema]).await? {
        let (table, index) = (r.s(0), r.s(1));
        let column = (r.opt(4), r.flag(6));
        match groups.last_mut().filter(|g| g.0 == table && g.1 == index) {
            Some(g) => g.2.push(column),
            None => groups.push((table, index, vec![column], r)),
        }
    }
    for (table, name, columns, r) in groups {
        if let Some(t) = table_mut(tables, &table) {
            add_index(t, name, columns, &r);
        }
    }
    Ok(())
}

/// An index's key column (None for an expression) and whether it sorts descending.
type KeyColumn = (Option<String>, bool);

/// One index: a unique constraint's autoindex becomes that constraint; the primary key's is
/// skipped; a CREATE INDEX stays an index (expressions read from its SQL).
fn add_index(t: &mut Table, name: String, columns: Vec<KeyColumn>, r: &Cells) {
    let sql = r.opt(5);
    let (columns, desc): (Vec<Option<String>>, Vec<bool>) = columns.into_iter().unzip();
    match r.s(3).as_str() {
        "pk" => {}
        "u" => t.unique_constraints.push(UniqueConstraint {
            name: (!name.starts_with("sqlite_autoindex_")).then_some(name),
            columns: columns.into_iter().map(Option::unwrap_or_default).collect(),
        }),
        _ => {
            let columns = key_columns(columns, sql.as_deref());
            let descending = columns
                .iter()
                .zip(desc)
                .filter(|(_, d)| *d)
                .map(|(c, _)| c.clone())
                .collect();
            t.indexes.push(Index {
                name,
                columns,
                unique: r.flag(2),
                predicate: sql.as_deref().and_then(where_clause),
                descending,
                ..Default::default()
            });
        }
    }
}

/// An index's key columns by name, an expression's read from its CREATE INDEX statement.
pub(crate) fn key_columns(columns: Vec<Option<String>>, sql: Option<&str>) -> Vec<String> {
    let mut expressions = sql.map(index_expressions).unwrap_or_default().into_iter();
    (columns.into_iter())
        .map(|c| {
            let expr = expressions.next();
            c.or(expr).unwrap_or_else(|| "<expression>".into())
        })
        .collect()
}

/// (AUTOINCREMENT, WITHOUT ROWID) of a CREATE TABLE statement, read outside its quoted names,
/// strings and comments.
fn table_options(create: &str) -> (bool, bool) {
    let words = super::sql_text::bare_words(create);
    let autoincrement = words.iter().any(|w| w == "AUTOINCREMENT");
    let without_rowid = words
        .windows(2)
        .any(|w| w[0] == "WITHOUT" && w[1] == "ROWID");
    (autoincrement, without_rowid)
}

/// The comma-separated parts of the first top-level parenthesis after `ON table`.
fn index_expressions(sql: &str) -> Vec<String> {
    let lower = sql.to_ascii_lowercase();
    let Some(on) = lower.find(" on ") else {
        return vec![];
    };
    let Some(open) = sql[on..].find('(').map(|i| on + i) else {
        return vec![];
    };
    let Some(body) = balanced(&sql[open..]) else {
        return vec![];
    };
    split_top_level(body)
        .into_iter()
        .map(|s| without_order(s.trim()).to_string())
        .collect()
}

/// An index entry without its ASC or DESC (the index says which, by itself) and without
/// parentheses around all of it (`(lower(x))` is `lower(x)`).
fn without_order(entry: &str) -> &str {
    let lower = entry.to_ascii_lowercase();
    let mut entry = entry;
    for word in [" desc", " asc"] {
        if lower.ends_with(word) {
            entry = entry[..entry.len() - word.len()].trim_end();
            break;
        }
    }
    match balanced(entry) {
        Some(inner) if entry.starts_with('(') && inner.len() + 2 == entry.len() => inner.trim(),
        _ => entry,
    }
}

pub(crate) fn where_clause(sql: &str) -> Option<String> {
    let lower = sql.to_ascii_lowercase();
    let at = lower.rfind(" where ")?;
    Some(sql[at + 7..].trim().to_string())
}

/// CHECK constraints of a CREATE TABLE statement (SQLite keeps no catalog of them).
pub fn check_constraints(create: &str) -> Vec<CheckConstraint> {
    let upper = create.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = upper[from..].find("CHECK").map(|i| from + i) {
        from = i + 5;
        let before_ok = i == 0 || !upper.as_bytes()[i - 1].is_ascii_alphanumeric();
        let rest = create[from..].trim_start();
        if !before_ok || !rest.starts_with('(') {
            continue;
        }
        let Some(body) = balanced(rest) else { break };
        let name = constraint_name_before(&create[..i]);
        out.push(CheckConstraint {
            name,
            expression: body.trim().to_string(),
        });
    }
    out
}

/// The name in `… CONSTRAINT name ` right before a constraint keyword, if there is one.
fn constraint_name_before(head: &str) -> Option<String> {
    let head = head.trim_end();
    let (name, rest) = match head.chars().last()? {
        q @ ('"' | '`' | ']') => {
            let open = if q == ']' { '[' } else { q };
            let start = head[..head.len() - 1].rfind(open)?;
            (
                head[start + 1..head.len() - 1].replace("\"\"", "\""),
                &head[..start],
            )
        }
        _ => {
            let start = head.rfind(|c: char| c.is_whitespace() || c == ',' || c == '(')? + 1;
            (head[start..].to_string(), &head[..start])
        }
    };
    rest.trim_end()
        .to_ascii_uppercase()
        .ends_with("CONSTRAINT")
        .then_some(name)
}

/// The expression of a generated column, read from its CREATE TABLE statement.
fn generated_expression(create: &str, column: &str) -> Option<String> {
    let body = balanced(&create[create.find('(')?..])?;
    split_top_level(body).into_iter().find_map(|def| {
        let def = def.trim();
        let name = def
            .split_whitespace()
            .next()?
            .trim_matches(['"', '`', '[', ']']);
        if name != column {
            return None;
        }
        let upper = def.to_ascii_uppercase();
        let at = upper.find(" AS ")?;
        balanced(def[at + 4..].trim_start()).map(|e| e.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_and_generated_columns_from_create_statements() {
        let sql = "CREATE TABLE t (a int CHECK (a > 0), b text, c int GENERATED ALWAYS AS (a * 2) STORED, \
                   CONSTRAINT \"b ok\" CHECK (length(b) < 10))";
        let checks = check_constraints(sql);
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].expression, "a > 0");
        assert_eq!(checks[1].name.as_deref(), Some("b ok"));
        assert_eq!(checks[1].expression, "length(b) < 10");
        assert_eq!(generated_expression(sql, "c").as_deref(), Some("a * 2"));
        assert_eq!(
            index_expressions("CREATE INDEX ix ON t (lower(b), a) WHERE a > 1"),
            vec!["lower(b)", "a"]
        );
        assert_eq!(
            where_clause("CREATE INDEX ix ON t (a) WHERE a > 1").as_deref(),
            Some("a > 1")
        );
    }
}
