//! Token-level checks over retort's own lexer, read under every reading of strings the server
//! may use: one statement or several, a write hidden in a WITH clause (for the confirmation
//! prompt), and SQLite's first look at a read (its real proof is SQLite's own parser, asked
//! through the authorizer when the statement is prepared: `engine::sqlite_guard`).

use crate::engine::EngineKind;
use crate::query::lex::{self, LexOptions, Token};

/// Words that start a read.
const READ_STARTS: &[&str] = &[
    "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "PRAGMA",
];

/// Words that never appear in a plain read: writes, DDL, session and transaction control,
/// code, locks, files.
const WRITE_WORDS: &[&str] = &[
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "UPSERT",
    "INTO",
    "CREATE",
    "DROP",
    "ALTER",
    "TRUNCATE",
    "RENAME",
    "GRANT",
    "REVOKE",
    "COPY",
    "CALL",
    "DO",
    "EXEC",
    "EXECUTE",
    "PREPARE",
    "DEALLOCATE",
    "LOCK",
    "UNLOCK",
    "SET",
    "RESET",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "START",
    "VACUUM",
    "REINDEX",
    "CLUSTER",
    "REFRESH",
    "LISTEN",
    "NOTIFY",
    "UNLISTEN",
    "LOAD",
    "HANDLER",
    "FLUSH",
    "KILL",
    "SHUTDOWN",
    "INSTALL",
    "UNINSTALL",
    "ATTACH",
    "DETACH",
    "OUTFILE",
    "DUMPFILE",
    "IMPORT",
    "SECURITY",
    "OWNER",
];

/// Functions that act (on other sessions, sequences, settings, files, locks) although called
/// from a SELECT.
const ACTING_FUNCTIONS: &[&str] = &[
    "SET_CONFIG",
    "NEXTVAL",
    "SETVAL",
    "PG_TERMINATE_BACKEND",
    "PG_CANCEL_BACKEND",
    "PG_RELOAD_CONF",
    "PG_ROTATE_LOGFILE",
    "PG_SWITCH_WAL",
    "PG_CREATE_RESTORE_POINT",
    "PG_PROMOTE",
    "PG_NOTIFY",
    "PG_FILE_WRITE",
    "LO_IMPORT",
    "LO_EXPORT",
    "LO_UNLINK",
    "LO_CREATE",
    "LO_FROM_BYTEA",
    "TXID_CURRENT",
    "PG_CURRENT_XACT_ID",
    "GET_LOCK",
    "RELEASE_LOCK",
    "RELEASE_ALL_LOCKS",
    "LOAD_EXTENSION",
    "WRITEFILE",
];

const ACTING_FUNCTION_PREFIXES: &[&str] = &[
    "PG_ADVISORY",
    "PG_TRY_ADVISORY",
    "PG_STAT_RESET",
    "PG_REPLICATION",
    "PG_DROP_REPLICATION",
    "PG_CREATE_",
    "PG_LOGICAL",
    "DBLINK",
];

/// SQLite pragmas that only read (without `= value`).
const READ_PRAGMAS: &[&str] = &[
    "TABLE_INFO",
    "TABLE_XINFO",
    "TABLE_LIST",
    "INDEX_LIST",
    "INDEX_INFO",
    "INDEX_XINFO",
    "FOREIGN_KEY_LIST",
    "FOREIGN_KEY_CHECK",
    "DATABASE_LIST",
    "COLLATION_LIST",
    "FUNCTION_LIST",
    "MODULE_LIST",
    "PRAGMA_LIST",
    "COMPILE_OPTIONS",
    "INTEGRITY_CHECK",
    "QUICK_CHECK",
    "PAGE_COUNT",
    "PAGE_SIZE",
    "FREELIST_COUNT",
    "USER_VERSION",
    "SCHEMA_VERSION",
    "APPLICATION_ID",
    "ENCODING",
    "JOURNAL_MODE",
    "FOREIGN_KEYS",
    "DATA_VERSION",
];

/// Ok when `sql` is proven to be one plain read; else why not, in words for the user.
pub fn prove_read(sql: &str, engine: EngineKind) -> Result<(), String> {
    for opts in LexOptions::all_readings(engine) {
        let toks = lex::tokens(sql, opts)
            .map_err(|e| format!("it has an unterminated {}, so its end cannot be told", e.0))?;
        check(&toks)?;
    }
    Ok(())
}

/// Ok when the text holds one statement under every reading of strings the server may use.
pub fn single_statement(sql: &str, engine: EngineKind) -> Result<(), String> {
    for opts in LexOptions::all_readings(engine) {
        let toks = lex::tokens(sql, opts)
            .map_err(|e| format!("it has an unterminated {}, so its end cannot be told", e.0))?;
        one_statement(&toks)?;
    }
    Ok(())
}

fn one_statement(toks: &[Token]) -> Result<(), String> {
    match toks.iter().position(|t| *t == Token::Punct(';')) {
        Some(semi) if toks[semi..].iter().any(|t| *t != Token::Punct(';')) => {
            Err("it holds more than one statement".into())
        }
        _ => Ok(()),
    }
}

fn word(t: &Token) -> Option<&str> {
    match t {
        Token::Word(w) => Some(w),
        _ => None,
    }
}

fn check(toks: &[Token]) -> Result<(), String> {
    one_statement(toks)?;
    let first = toks
        .iter()
        .find(|t| **t != Token::Punct('('))
        .and_then(word)
        .unwrap_or("");
    if !READ_STARTS.contains(&first) {
        return Err(if first.is_empty() {
            "it is not a statement retort can read".into()
        } else {
            format!("{first} is not a read")
        });
    }
    for (i, t) in toks.iter().enumerate() {
        let Some(w) = word(t) else { continue };
        if WRITE_WORDS.contains(&w) {
            return Err(format!("it contains {w}"));
        }
        let next = toks.get(i + 1);
        if w == "FOR"
            && next
                .and_then(word)
                .is_some_and(|n| matches!(n, "SHARE" | "NO" | "KEY"))
        {
            return Err("it locks rows (FOR …)".into());
        }
        if w == "ANALYZE" && i > 0 && toks[i - 1] != Token::Word("EXPLAIN".into()) {
            return Err("it contains ANALYZE".into());
        }
        if next == Some(&Token::Punct('('))
            && (ACTING_FUNCTIONS.contains(&w)
                || ACTING_FUNCTION_PREFIXES.iter().any(|p| w.starts_with(p)))
        {
            return Err(format!("it calls {}()", w.to_lowercase()));
        }
    }
    if first == "PRAGMA" {
        let name = toks
            .iter()
            .skip(1)
            .filter_map(word)
            .find(|w| !matches!(*w, "MAIN" | "TEMP"))
            .unwrap_or("");
        if !READ_PRAGMAS.contains(&name) || toks.contains(&Token::Punct('=')) {
            return Err("this PRAGMA may change a setting".into());
        }
    }
    Ok(())
}

/// The data-changing word inside a statement that does not start with one (a WITH clause
/// holding DELETE, say), for the confirmation prompt.
pub fn hidden_write(sql: &str, engine: EngineKind) -> Option<String> {
    let opts = LexOptions {
        engine,
        backslash_escapes: engine == EngineKind::MySql,
    };
    hidden_write_in(&lex::tokens(sql, opts).ok()?)
}

/// `hidden_write` over a statement's tokens.
pub fn hidden_write_in(toks: &[Token]) -> Option<String> {
    let first = toks.iter().find_map(word)?;
    if matches!(first, "INSERT" | "UPDATE" | "DELETE" | "MERGE" | "REPLACE") {
        return None;
    }
    toks.iter()
        .enumerate()
        .filter_map(|(i, t)| word(t).map(|w| (i, w)))
        .find(|&(i, w)| match w {
            "INSERT" | "DELETE" | "MERGE" => true,
            // FOR [NO KEY] UPDATE locks rows, it does not change them
            "UPDATE" => !(i > 0 && matches!(word(&toks[i - 1]), Some("FOR" | "KEY"))),
            _ => false,
        })
        .map(|(_, w)| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use EngineKind::*;

    #[test]
    fn plain_reads_are_proven() {
        for (sql, e) in [
            ("select * from users where name = 'delete'", Postgres),
            ("  -- note\n(select 1) union (select 2);", Postgres),
            ("with x as (select 1) select * from x", Postgres),
            ("select count(*) from \"update\"", Postgres),
            ("show search_path", Postgres),
            ("explain analyze select 1", Postgres),
            ("select `into` from t", MySql),
            ("pragma table_info('users')", Sqlite),
            ("values (1), (2)", Sqlite),
            ("select f(1)", Postgres),
        ] {
            assert_eq!(prove_read(sql, e), Ok(()), "{sql}");
        }
    }

    #[test]
    fn writes_and_tricks_are_not() {
        for (sql, e) in [
            ("insert into t values (1) returning *", Postgres),
            (
                "with x as (delete from t returning *) select * from x",
                Postgres,
            ),
            ("select * into t2 from t", Postgres),
            ("select * from t for update", Postgres),
            ("select * from t for no key update", Postgres),
            (
                "select set_config('default_transaction_read_only','off',false)",
                Postgres,
            ),
            ("select nextval('s')", Postgres),
            ("select pg_advisory_lock(1)", Postgres),
            ("begin read write", Postgres),
            ("set default_transaction_read_only = off", Postgres),
            ("reset all", Postgres),
            ("select 1; commit; insert into t values (1)", Postgres),
            // E'\'' hides nothing from the proof
            (
                r"select E'\'', 1; commit; insert into t values (1); select ''",
                Postgres,
            ),
            // with standard_conforming_strings off, '\'' is one quote too
            (r"select '\'', 1; delete from t; select ''", Postgres),
            ("select $$'$$; delete from t; select $$'$$", Postgres),
            ("select 'unterminated", Postgres),
            ("start transaction read write", MySql),
            ("set session transaction read write", MySql),
            ("select 1 /*! ; delete from t */", MySql),
            ("select * from t into outfile '/tmp/x'", MySql),
            ("select 1 -- x\n; delete from t", MySql),
            ("pragma journal_mode = wal", Sqlite),
            ("pragma writable_schema", Sqlite),
            ("explain analyze delete from t", Postgres),
            ("copy t to stdout", Postgres),
            ("do $$ begin perform 1; end $$", Postgres),
        ] {
            assert!(prove_read(sql, e).is_err(), "{sql} proven a read");
        }
        assert_eq!(
            prove_read("select 1; delete from t", Postgres),
            Err("it holds more than one statement".into())
        );
    }

    #[test]
    fn writes_inside_a_with_clause_are_found() {
        let e = Postgres;
        assert_eq!(
            hidden_write("with x as (delete from t returning *) select * from x", e),
            Some("DELETE".into())
        );
        assert_eq!(hidden_write("select * from t for update", e), None);
        assert_eq!(hidden_write("delete from t where id = 1", e), None);
        assert_eq!(hidden_write("select 'delete' from t", e), None);
    }
}
