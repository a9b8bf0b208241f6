//! The bundled demo database: created from `assets/demo.sql` in the user's data directory on
//! first run, then reused (so what a student changes stays).

use std::path::{Path, PathBuf};

use super::error::EngineError;

pub const DEMO_SQL: &str = include_str!("../../assets/demo.sql");
pub const DEMO_FILE: &str = "demo-v1.db";

/// The demo's tables, children first (the reset empties them in this order, and fills them
/// in the other).
const DEMO_TABLES: [&str; 5] = ["post_tags", "comments", "posts", "tags", "users"];

/// Where retort keeps its files: `$RETORT_DATA_DIR`, else the platform data directory. Set but
/// empty counts as unset (it would put journals and history in the current directory).
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("RETORT_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("retort")))
}

/// Returns the demo database path, creating the database if it is not there yet.
pub fn ensure_demo_database() -> Result<PathBuf, EngineError> {
    let dir = data_dir().ok_or_else(|| {
        EngineError::usage("no data directory: set RETORT_DATA_DIR or pass a database URL")
    })?;
    let path = dir.join(DEMO_FILE);
    if !path.exists() {
        super::files::private_dir(&dir)
            .map_err(|e| EngineError::usage(format!("cannot create {}: {e}", dir.display())))?;
        create_demo_at(&path)?;
    }
    Ok(path)
}

/// Builds the demo in a temporary file and moves it into place, so that a crash half-way never
/// leaves a broken demo behind.
pub fn create_demo_at(path: &Path) -> Result<(), EngineError> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let conn = rusqlite::Connection::open(&tmp)
        .map_err(|e| EngineError::usage(format!("cannot create the demo database: {e}")))?;
    conn.execute_batch(DEMO_SQL)
        .map_err(|e| EngineError::Other(format!("the bundled demo script failed: {e}")))?;
    drop(conn);
    // a file retort writes in its data directory is the user's alone
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::rename(&tmp, path)
        .map_err(|e| EngineError::usage(format!("cannot create {}: {e}", path.display())))
}

/// A demo built afresh beside `demo`, when `identity` (the open database's canonical path) is
/// that demo; None when it is another database.
pub fn fresh_beside(demo: Option<&Path>, identity: &str) -> Result<Option<PathBuf>, EngineError> {
    let Some(demo) = demo.and_then(|d| std::fs::canonicalize(d).ok()) else {
        return Ok(None);
    };
    if demo.to_string_lossy() != identity {
        return Ok(None);
    }
    let fresh = demo.with_extension(format!("fresh{}", std::process::id()));
    create_demo_at(&fresh)?;
    Ok(Some(fresh))
}

/// The statements that put the demo's rows back from `fresh` (a demo built afresh): every
/// row of its tables and their AUTOINCREMENT counters, in one transaction, the tables'
/// shape kept (a connection of its own, foreign keys not enforced while the rows move).
pub fn reset_script(fresh: &Path) -> String {
    let path = fresh.to_string_lossy().replace('\'', "''");
    // the demo's own tables only: a table, index, view or trigger the learner added (or one
    // dropped) and the reset refuses, rather than cascade or fire into it
    let mut sql = format!(
        "pragma foreign_keys = off;\nattach database '{path}' as fresh;\nbegin immediate;\n\
         create temp table retort_reset (demo_tables_unchanged integer \
         check (demo_tables_unchanged = 1));\n\
         insert into retort_reset select \
         (select count(*) from (select type, name, sql from main.sqlite_master \
         except select type, name, sql from fresh.sqlite_master)) + \
         (select count(*) from (select type, name, sql from fresh.sqlite_master \
         except select type, name, sql from main.sqlite_master)) = 0;\n"
    );
    for t in DEMO_TABLES {
        sql.push_str(&format!("delete from main.\"{t}\";\n"));
    }
    for t in DEMO_TABLES.iter().rev() {
        sql.push_str(&format!(
            "insert into main.\"{t}\" select * from fresh.\"{t}\";\n"
        ));
    }
    sql.push_str(
        "delete from main.sqlite_sequence;\n\
         insert into main.sqlite_sequence select * from fresh.sqlite_sequence;\n\
         drop table temp.retort_reset;\ncommit;\ndetach database fresh;",
    );
    sql
}

/// What a reset's failure means to the learner: a demo whose tables were changed is left as
/// it is, said so.
pub fn reset_failure(message: &str) -> String {
    match message.contains("demo_tables_unchanged") {
        true => "the demo's tables were changed (a table, view, index or trigger added or \
                 dropped), so the course leaves them as they are; delete demo-v1.db from the \
                 data directory and retort makes a fresh one"
            .into(),
        false => message.to_string(),
    }
}
