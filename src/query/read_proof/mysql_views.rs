//! A view runs its own query when it is read: on MySQL / MariaDB its definition, as the
//! server's catalog gives it, is proven a read in turn (a view over a stored function that
//! takes a lock or sets a variable is refused as that function would be), view over view.

use super::mysql::{Relation, SqlMode, prove_reading};
use crate::engine::Connection;

/// How deep views over views are followed before the proof gives up.
const DEPTH: usize = 8;

/// Always one row (an aggregate), so that an answer cut short (a session's
/// `sql_select_limit`, say) is told from "not a view": no row refuses the proof.
const VIEW_SQL: &str = "select cast(count(*) as char), max(view_definition) \
                        from information_schema.views \
                        where table_schema = ? and table_name = ?";

/// Ok when every view among `relations`, and every view they read, reads only.
pub async fn check(
    conn: &Connection,
    relations: Vec<Relation>,
    mode: SqlMode,
) -> Result<(), String> {
    if relations.is_empty() {
        return Ok(());
    }
    let current = current_database(conn).await?;
    let mut todo = relations;
    let mut seen: Vec<(String, String)> = Vec::new();
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for (schema, name) in todo {
            let schema = schema.or_else(|| current.clone()).unwrap_or_default();
            if seen.contains(&(schema.clone(), name.clone())) {
                continue;
            }
            seen.push((schema.clone(), name.clone()));
            let rows = conn
                .catalog_query(VIEW_SQL, &[schema.clone(), name.clone()])
                .await
                .map_err(|e| format!("the catalog could not be asked about {name} ({e})"))?;
            let Some(row) = rows.first() else {
                return Err(format!(
                    "the catalog gave no answer about {name}: retort cannot tell whether it \
                     is a view"
                ));
            };
            if row.first().cloned().flatten().as_deref() == Some("0") {
                continue;
            }
            let definition = row.get(1).cloned().flatten().unwrap_or_default();
            if definition.trim().is_empty() {
                return Err(format!(
                    "it reads the view {schema}.{name}, whose definition this user cannot \
                     see: retort cannot prove what it runs"
                ));
            }
            let read = prove_reading(&definition, mode)
                .map_err(|why| format!("it reads the view {schema}.{name}, and {why}"))?;
            next.extend(
                read.into_iter()
                    .map(|(s, n)| (s.or(Some(schema.clone())), n)),
            );
        }
        if next.is_empty() {
            return Ok(());
        }
        todo = next;
    }
    Err("it reads views over views deeper than retort follows".into())
}

/// The session's current database (a `USE` changes it), where an unqualified name is looked
/// for: NULL when none is chosen. No row at all (an answer cut short by a session setting)
/// refuses the proof rather than look for the names nowhere.
async fn current_database(conn: &Connection) -> Result<Option<String>, String> {
    let rows = conn
        .session_text_rows("select database()")
        .await
        .map_err(|e| format!("the current database could not be read ({e})"))?;
    match rows.first() {
        Some(row) => Ok(row.first().cloned().flatten()),
        None => Err("the server gave no answer to which database is current".into()),
    }
}
