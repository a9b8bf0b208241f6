//! MySQL and MariaDB, before a flush sends anything: what would make its statements reach
//! another table than the one shown, or compare and store other text than was read and
//! staged, asked of the server itself.
//! - A temporary table of the session hides the table of the same name, even written with its
//!   database (`DELETE FROM shop.t` deletes from the temporary `t`): `SHOW CREATE TABLE` says
//!   `CREATE TEMPORARY TABLE` for it.
//! - The connection's character sets (after `SET NAMES latin1`): text sent is converted
//!   ('x😀' stored as 'x?') and text read back may have lost characters.

use crate::engine::dialect::qualified;
use crate::engine::{Connection, EngineKind};
use crate::query::execute::session_rows;

use super::plan::Plan;

/// Why the plan must not be sent on this connection now; None when nothing stands in its way.
pub(super) async fn refusal(conn: &Connection, plan: &Plan) -> Option<String> {
    if conn.info().engine != EngineKind::MySql {
        return None;
    }
    let sets = "select @@character_set_client, @@character_set_connection, \
                @@character_set_results";
    let rows = match session_rows(conn, sets).await {
        Ok(rows) => rows,
        Err(e) => {
            return Some(format!(
                "the connection's character sets could not be read: {e}"
            ));
        }
    };
    let names: Vec<String> = rows
        .first()
        .map(|r| {
            r.iter()
                .map(|c| c.clone().unwrap_or("NULL".into()))
                .collect()
        })
        .unwrap_or_default();
    if names.len() != 3 || !names.iter().all(|n| n.eq_ignore_ascii_case("utf8mb4")) {
        return Some(format!(
            "the connection's character sets are not utf8mb4 (client, connection, results: \
             {}), as after SET NAMES: values would be converted on the way and rows read may \
             have lost characters. SET NAMES utf8mb4, read the rows again, then commit (with \
             autoflush on, A in the Session pane turns it off to run SET NAMES)",
            names.join(", ")
        ));
    }
    hidden_table(conn, plan).await
}

/// A temporary table of the session that hides a table of the plan, said; None when there is
/// none (asked before the flush, and again after its statements, before it is kept).
pub(super) async fn hidden_table(conn: &Connection, plan: &Plan) -> Option<String> {
    if conn.info().engine != EngineKind::MySql {
        return None;
    }
    let mut seen = Vec::new();
    for step in &plan.steps {
        if seen.contains(&&step.table) {
            continue;
        }
        seen.push(&step.table);
        let name = qualified(
            EngineKind::MySql,
            &step.table.schema,
            &step.table.name,
            None,
        );
        let Ok(rows) = session_rows(conn, &format!("show create table {name}")).await else {
            continue;
        };
        let ddl = rows
            .first()
            .and_then(|r| r.get(1).cloned().flatten())
            .unwrap_or_default();
        if ddl.trim_start().starts_with("CREATE TEMPORARY TABLE") {
            return Some(format!(
                "a temporary table of this session named {} hides {}.{}: the flush would \
                 write to it instead. Drop it (DROP TEMPORARY TABLE), then commit (with autoflush \
                 on, A in the Session pane turns it off to run the DROP)",
                step.table.name, step.table.schema, step.table.name
            ));
        }
    }
    None
}
