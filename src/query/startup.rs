//! A connection's startup statements (the configuration's `startup`, as psql's `~/.psqlrc`):
//! run in order on the session connection once it is made, each on the user's path (so
//! `--read-only`'s proof holds for them too) and shown in the echo log as retort's own. A
//! failing one is said and the others still run; nothing else waits on them.

use crate::engine::secrets::redact_secrets;
use crate::engine::{Connection, events::collect_text_rows};

use super::execute::run_startup_statement;

/// How much of a statement a failure names.
const SHOWN: usize = 60;

/// Runs `statements` on `conn`; a sentence for each that failed, naming it.
pub async fn run_startup(conn: &Connection, statements: &[String]) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, sql) in statements.iter().enumerate() {
        let ran =
            collect_text_rows(|tx| async move { run_startup_statement(conn, sql, &tx).await });
        if let Err(e) = ran.await {
            failures.push(format!(
                "startup statement {} ({}) failed: {e}",
                i + 1,
                shown(sql)
            ));
        }
    }
    failures
}

/// The statement's first line, its secrets hidden, cut short.
fn shown(sql: &str) -> String {
    let first = redact_secrets(sql.trim());
    let first = first.lines().next().unwrap_or_default();
    match first.chars().count() > SHOWN {
        true => format!("{}…", first.chars().take(SHOWN).collect::<String>()),
        false => first.to_string(),
    }
}
