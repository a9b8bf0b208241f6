//! `--read-only` on SQLite, proven by SQLite's own parser: while a proven read is prepared,
//! the authorizer (`sqlite3_set_authorizer`) is asked about every action the compiled
//! statement takes, views and their functions included, and allows only reading tables,
//! a SELECT, a recursive CTE, the built-in functions known to read, and the pragmas that only
//! report (without a value, or with the name of a table or index). Everything else (a write,
//! ATTACH, a transaction, `pragma user_version(7)`, `load_extension`) is denied before the
//! statement can run.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

use super::error::EngineError;

/// Built-in functions that only compute or read (core, dates, math, JSON, aggregates and
/// windows).
const READ_FUNCTIONS: &[&str] = &[
    "abs",
    "char",
    "coalesce",
    "concat",
    "concat_ws",
    "format",
    "glob",
    "hex",
    "ifnull",
    "iif",
    "if",
    "instr",
    "last_insert_rowid",
    "changes",
    "total_changes",
    "length",
    "like",
    "likelihood",
    "likely",
    "lower",
    "ltrim",
    "max",
    "min",
    "nullif",
    "octet_length",
    "printf",
    "quote",
    "random",
    "randomblob",
    "replace",
    "round",
    "rtrim",
    "sign",
    "soundex",
    "sqlite_compileoption_get",
    "sqlite_compileoption_used",
    "sqlite_offset",
    "sqlite_source_id",
    "sqlite_version",
    "substr",
    "substring",
    "trim",
    "typeof",
    "unhex",
    "unicode",
    "unlikely",
    "upper",
    "zeroblob",
    "date",
    "time",
    "datetime",
    "julianday",
    "unixepoch",
    "strftime",
    "timediff",
    "avg",
    "count",
    "group_concat",
    "string_agg",
    "sum",
    "total",
    "median",
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "ceiling",
    "cos",
    "cosh",
    "degrees",
    "exp",
    "floor",
    "ln",
    "log",
    "log10",
    "log2",
    "mod",
    "pi",
    "pow",
    "power",
    "radians",
    "sin",
    "sinh",
    "sqrt",
    "tan",
    "tanh",
    "trunc",
    "json",
    "jsonb",
    "json_array",
    "jsonb_array",
    "json_array_length",
    "json_error_position",
    "json_extract",
    "jsonb_extract",
    "->",
    "->>",
    "json_insert",
    "jsonb_insert",
    "json_object",
    "jsonb_object",
    "json_patch",
    "jsonb_patch",
    "json_pretty",
    "json_remove",
    "jsonb_remove",
    "json_replace",
    "jsonb_replace",
    "json_set",
    "jsonb_set",
    "json_type",
    "json_valid",
    "json_quote",
    "json_group_array",
    "jsonb_group_array",
    "json_group_object",
    "jsonb_group_object",
    "json_each",
    "json_tree",
    "regexp",
];

/// Pragmas that only report. Those in `NAMED_PRAGMAS` take a table or index name; the others
/// take no value (with one they change a setting).
const REPORTING_PRAGMAS: &[&str] = &[
    "table_list",
    "database_list",
    "collation_list",
    "function_list",
    "module_list",
    "pragma_list",
    "compile_options",
    "page_count",
    "page_size",
    "freelist_count",
    "user_version",
    "schema_version",
    "application_id",
    "encoding",
    "journal_mode",
    "foreign_keys",
    "data_version",
    "auto_vacuum",
    "cache_size",
    "busy_timeout",
    "max_page_count",
    "synchronous",
    "temp_store",
    "query_only",
    "recursive_triggers",
];
const NAMED_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
    "table_list",
];

/// Why the statement was denied, the first action that was.
pub type Denial = Arc<Mutex<Option<String>>>;

/// Runs `run` (which prepares and runs the statement) with the guard on, then takes it off. A denied
/// statement is refused before it runs, with what SQLite's parser found.
pub fn run<T>(
    conn: &Connection,
    run: impl FnOnce(&Connection) -> Result<T, EngineError>,
) -> Result<T, EngineError> {
    let denial = Denial::default();
    if conn.authorizer(Some(read_guard(denial.clone()))).is_err() {
        return Err(refused("the read guard could not be set"));
    }
    let result = run(conn);
    let _ = conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
    let denied = denial.lock().ok().and_then(|d| d.clone());
    match (result, denied) {
        (Err(_), Some(why)) => Err(refused(&why)),
        (result, _) => result,
    }
}

/// Prepares `sql` under the guard without running it.
pub fn prove(conn: &Connection, sql: &str) -> Result<(), String> {
    run(conn, |c| {
        let stmt = c.prepare(sql).map_err(super::sqlite_convert::map_error)?;
        // sqlite3_stmt_readonly: the statement makes no direct change to the file
        match stmt.readonly() {
            true => Ok(()),
            false => Err(refused("SQLite says it changes the database")),
        }
    })
    .map_err(|e| match e {
        EngineError::NotSent(why) => why,
        other => format!("SQLite's parser does not accept it ({other})"),
    })
}

fn refused(why: &str) -> EngineError {
    EngineError::NotSent(format!("not sent: only proven reads run here, and {why}"))
}

/// The authorizer: `denial` gets the first action it refused, for the message.
pub fn read_guard(denial: Denial) -> impl FnMut(AuthContext<'_>) -> Authorization + Send {
    move |ctx: AuthContext<'_>| match why_denied(&ctx.action) {
        None => Authorization::Allow,
        Some(why) => {
            if let Ok(mut d) = denial.lock() {
                d.get_or_insert(why);
            }
            Authorization::Deny
        }
    }
}

fn why_denied(action: &AuthAction<'_>) -> Option<String> {
    match action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => None,
        AuthAction::Function { function_name } => {
            let name = function_name.to_ascii_lowercase();
            (!READ_FUNCTIONS.contains(&name.as_str()))
                .then(|| format!("it calls {name}(), which is not a built-in known to read"))
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            let reports = match pragma_value {
                None => {
                    REPORTING_PRAGMAS.contains(&name.as_str())
                        || NAMED_PRAGMAS.contains(&name.as_str())
                }
                Some(_) => NAMED_PRAGMAS.contains(&name.as_str()),
            };
            (!reports).then(|| format!("PRAGMA {name} may change a setting"))
        }
        other => Some(format!("SQLite's parser says it {}", what(other))),
    }
}

fn what(action: &AuthAction<'_>) -> &'static str {
    match action {
        AuthAction::Insert { .. } => "inserts rows",
        AuthAction::Update { .. } => "updates rows",
        AuthAction::Delete { .. } => "deletes rows",
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => "controls a transaction",
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => "attaches or detaches a file",
        _ => "changes the database or the connection",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(conn: &Connection, sql: &str) -> Result<(), String> {
        prove(conn, sql)
    }

    #[test]
    fn sqlites_parser_tells_reads_from_the_rest() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "create table t(a integer primary key, b text); \
             create view v as select a, upper(b) from t;",
        )
        .unwrap();
        for sql in [
            "select * from t where b like 'x%'",
            "select * from v",
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) \
             select count(*) from r",
            "pragma table_info('t')",
            "pragma table_info(t)",
            "pragma user_version",
            "select * from pragma_table_info('t')",
            "select json_extract('{\"a\":1}', '$.a'), date('now')",
        ] {
            assert_eq!(guarded(&c, sql), Ok(()), "{sql}");
        }
        for sql in [
            "insert into t values (1, 'x')",
            "pragma user_version(7)",
            "pragma user_version = 7",
            "pragma foreign_keys(1)",
            "pragma main.journal_mode = wal",
            "attach ':memory:' as x",
            "begin immediate",
            "select load_extension('x')",
            "vacuum",
        ] {
            assert!(guarded(&c, sql).is_err(), "{sql} allowed");
        }
    }
}
