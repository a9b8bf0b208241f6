//! A view runs its own query when it is read: on MySQL / MariaDB its definition, as the
//! server's catalog gives it, is proven a read in turn (a view over a stored function that
//! takes a lock or sets a variable is refused as that function would be), view over view.

use super::mysql::{Relation, SqlMode, prove_reading};
use crate::engine::Connection;

/// How deep views over views are followed before the proof gives up.
const DEPTH: usize = 8;

const VIEW_SQL: &str = "select view_definition from information_schema.views \
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
                continue;
            };
            let definition = row.first().cloned().flatten().unwrap_or_default();
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
/// for.
async fn current_database(conn: &Connection) -> Result<Option<String>, String> {
    let rows = conn
        .session_text_rows("select database()")
        .await
        .map_err(|e| format!("the current database could not be read ({e})"))?;
    Ok(rows.first().and_then(|r| r.first().cloned().flatten()))
}
