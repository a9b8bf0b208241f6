//! MySQL and MariaDB: the server's own `SHOW CREATE …` of every table (parents first), routine,
//! view (each after the views it reads), trigger and event, in the form the `mysql`/`mariadb`
//! client applies to a fresh database: routines, triggers and events between `DELIMITER`
//! lines, each under the `sql_mode` it was created with (which decides how its body reads:
//! `||`, quotes), and without their `DEFINER=` clause, so that they belong to whoever applies
//! the file.

use super::order::{Object, dependency_order};
use crate::engine::dialect::quote_ident;
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::catalog::{Catalog, RelationKind};
use crate::meta::reflect::rows;

const VIEWS_SQL: &str = "select table_name from information_schema.views \
     where table_schema = database() order by table_name";
const ROUTINES_SQL: &str = "select routine_name, routine_type from information_schema.routines \
     where routine_schema = database() order by routine_type, routine_name";
const EVENTS_SQL: &str = "select event_name from information_schema.events \
     where event_schema = database() order by event_name";
const TRIGGERS_SQL: &str = "select trigger_name from information_schema.triggers \
     where trigger_schema = database() order by event_object_table, action_timing, \
     event_manipulation, action_order";

fn q(name: &str) -> String {
    quote_ident(EngineKind::MySql, name)
}

/// Column `i` of the one row a `SHOW CREATE …` gives.
async fn show(conn: &Connection, sql: &str, i: usize) -> Result<String, EngineError> {
    Ok(show_row(conn, sql)
        .await?
        .get(i)
        .cloned()
        .flatten()
        .unwrap_or_default())
}

async fn show_row(conn: &Connection, sql: &str) -> Result<Vec<Option<String>>, EngineError> {
    let rows = conn.query_text_rows(sql).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// A routine, trigger or event as `SHOW CREATE` gives it: the `sql_mode` (column 1) it is to
/// be created under, then its statement (column `i`) without its definer.
async fn show_with_mode(
    conn: &Connection,
    sql: &str,
    i: usize,
) -> Result<Vec<String>, EngineError> {
    let row = show_row(conn, sql).await?;
    let cell = |i: usize| row.get(i).cloned().flatten().unwrap_or_default();
    Ok(vec![
        format!(
            "SET sql_mode = '{}'",
            cell(1).replace('\\', "\\\\").replace('\'', "''")
        ),
        without_definer(&cell(i)),
    ])
}

/// `CREATE DEFINER=`u`@`h` VIEW …` without its definer.
fn without_definer(ddl: &str) -> String {
    let Some(at) = ddl.find("DEFINER=") else {
        return ddl.to_string();
    };
    // the definer is `user`@`host`, each part backquoted with `` for a backquote inside
    let rest = &ddl[at + "DEFINER=".len()..];
    let mut chars = rest.char_indices().peekable();
    let mut quoted = false;
    let mut end = rest.len();
    while let Some((i, c)) = chars.next() {
        match c {
            '`' if quoted && chars.peek().is_some_and(|&(_, n)| n == '`') => {
                chars.next();
            }
            '`' => quoted = !quoted,
            ' ' if !quoted => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    format!("{}{}", &ddl[..at], &rest[end..])
}

/// Statements with `;` inside, between `DELIMITER` lines, with a delimiter that none of them
/// contains (a body may well hold `;;` in a string).
fn delimited(statements: &[String]) -> String {
    if statements.is_empty() {
        return String::new();
    }
    let delimiter = [";;", "$$", "//", "@@"]
        .into_iter()
        .map(String::from)
        .chain((1..).map(|n| format!("$retort{n}$")))
        .find(|d| !statements.iter().any(|s| s.contains(d.as_str())))
        .expect("an endless list");
    let mut out = format!("DELIMITER {delimiter}\n");
    for s in statements {
        out.push_str(&format!("{s}{delimiter}\n"));
    }
    out.push_str("DELIMITER ;\n\n");
    out
}

pub async fn database(conn: &Connection, catalog: &Catalog) -> Result<String, EngineError> {
    let mut out = String::from(
        "-- MySQL/MariaDB schema written by retort\n\
         SET FOREIGN_KEY_CHECKS = 0;\n\n",
    );
    for table in crate::meta::order::dependency_order(catalog) {
        if table.relation.kind != RelationKind::Table {
            continue;
        }
        let ddl = show(conn, &format!("show create table {}", q(table.name())), 1).await?;
        out.push_str(&format!("{ddl};\n\n"));
    }
    let routines = rows(conn, ROUTINES_SQL, &[]).await?;
    let triggers = rows(conn, TRIGGERS_SQL, &[]).await?;
    out.push_str("SET @retort_sql_mode = @@sql_mode;\n");
    let mut bodies = Vec::new();
    for r in &routines {
        let kind = r.s(1).to_ascii_lowercase();
        let sql = format!("show create {kind} {}", q(&r.s(0)));
        bodies.extend(show_with_mode(conn, &sql, 2).await?);
    }
    out.push_str(&delimited(&bodies));
    if !bodies.is_empty() {
        out.push_str("SET sql_mode = @retort_sql_mode;\n\n");
    }
    let mut views = Vec::new();
    for r in rows(conn, VIEWS_SQL, &[]).await? {
        let name = r.s(0);
        let ddl = show(conn, &format!("show create view {}", q(&name)), 1).await?;
        views.push(Object {
            key: name.clone(),
            rank: 0,
            name,
            ddl: format!("{};\n", without_definer(&ddl)),
        });
    }
    // a view reads another when its text names it (the server writes every name backquoted)
    let mut edges = Vec::new();
    for a in &views {
        for b in &views {
            let body = a.ddl.split_once(" AS ").map_or("", |(_, body)| body);
            if a.key != b.key && body.contains(&format!("`{}`", b.key.replace('`', "``"))) {
                edges.push((a.key.clone(), b.key.clone()));
            }
        }
    }
    for v in dependency_order(views, &edges) {
        out.push_str(&v.ddl);
    }
    let mut bodies = Vec::new();
    for r in &triggers {
        let sql = format!("show create trigger {}", q(&r.s(0)));
        bodies.extend(show_with_mode(conn, &sql, 2).await?);
    }
    for r in rows(conn, EVENTS_SQL, &[]).await? {
        let sql = format!("show create event {}", q(&r.s(0)));
        bodies.extend(show_with_mode(conn, &sql, 3).await?);
    }
    out.push('\n');
    out.push_str(&delimited(&bodies));
    out.push_str("SET sql_mode = @retort_sql_mode;\n");
    out.push_str("\nSET FOREIGN_KEY_CHECKS = 1;\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{delimited, without_definer};

    #[test]
    fn the_delimiter_is_one_no_body_contains() {
        let bodies = vec![
            "begin select ';;'; end".to_string(),
            "begin end".to_string(),
        ];
        assert_eq!(
            delimited(&bodies),
            "DELIMITER $$\nbegin select ';;'; end$$\nbegin end$$\nDELIMITER ;\n\n"
        );
        assert_eq!(delimited(&[]), "");
    }

    #[test]
    fn the_definer_clause_goes_whatever_its_quoting() {
        assert_eq!(
            without_definer("CREATE DEFINER=`root`@`localhost` FUNCTION `f`() RETURNS int"),
            "CREATE FUNCTION `f`() RETURNS int"
        );
        assert_eq!(
            without_definer(
                "CREATE ALGORITHM=UNDEFINED DEFINER=`a b``c`@`%` SQL SECURITY DEFINER VIEW `v`"
            ),
            "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v`"
        );
        assert_eq!(without_definer("CREATE VIEW `v`"), "CREATE VIEW `v`");
    }
}
