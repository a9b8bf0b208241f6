//! Statements that leave a setting on the session connection (a role, a search path,
//! autocommit, a variable, a prepared statement, a temporary table): a connection made again
//! after the server dropped it would not have them, so the next statement is refused and the
//! lost settings named (`NetSession::connected`).

use super::txn::{first_keyword, skip_comments};
use super::url::EngineKind;

/// Whether `sql` changes the session beyond its transaction, on `engine`. Read from its first
/// words, and, when in doubt, counted: a setting made only inside a function the statement
/// calls is what it misses (said in the README).
pub fn changes_session(sql: &str, engine: EngineKind) -> bool {
    let first = first_keyword(sql);
    let rest = skip_comments(&skip_comments(sql)[first.len().min(sql.len())..]);
    let upper = rest.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '@')
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let second = words.first().copied().unwrap_or("");
    let mysql = engine == EngineKind::MySql;
    // a variable set inside any statement (`select @x := 1`, `select … into @x`)
    if mysql && (sql.contains(":=") || upper.contains("INTO @")) {
        return true;
    }
    if engine == EngineKind::Postgres && sql.to_ascii_lowercase().contains("set_config") {
        return true;
    }
    match first.as_str() {
        // PostgreSQL's SET LOCAL ends with the transaction (MySQL's LOCAL is SESSION); SET
        // TRANSACTION and SET CONSTRAINTS are the transaction's; GLOBAL is the server's
        "SET" => match second {
            "LOCAL" => mysql,
            "TRANSACTION" | "GLOBAL" | "@@GLOBAL" | "CONSTRAINTS" | "PERSIST" => false,
            _ => true,
        },
        "RESET" | "USE" | "PREPARE" | "LISTEN" | "LOAD" | "DISCARD" => true,
        // CREATE [LOCAL | GLOBAL] TEMP[ORARY] TABLE, which hides a table of the same name
        "CREATE" => words
            .iter()
            .take(2)
            .any(|w| matches!(*w, "TEMP" | "TEMPORARY")),
        // SELECT … INTO TEMP t (PostgreSQL)
        "SELECT" | "WITH" => upper.contains("INTO TEMP") || upper.contains("INTO LOCAL TEMP"),
        "DECLARE" => upper.contains("WITH HOLD"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::url::EngineKind;

    fn changes_session(sql: &str) -> bool {
        super::changes_session(sql, EngineKind::Postgres)
    }

    #[test]
    fn the_forms_a_hostile_test_found_count_too() {
        let my = |sql| super::changes_session(sql, EngineKind::MySql);
        assert!(my("set local autocommit = 0"), "MySQL's LOCAL is SESSION");
        assert!(my("select @limit_id := 2"));
        assert!(my("select 2 into @limit_id"));
        assert!(!changes_session("set local search_path = x"));
        for sql in [
            "create local temporary table t2 (id int)",
            "create global temp table t2 (id int)",
            "select * into temp t2 from t",
            "select set_config('search_path', 's2', false)",
        ] {
            assert!(changes_session(sql), "{sql}");
        }
    }

    #[test]
    fn session_settings_are_told_from_transaction_and_server_ones() {
        for sql in [
            "set role limited",
            "SET search_path = s2, public",
            "/* c */ set autocommit = 0",
            "set @x := 1",
            "set session sql_mode = ''",
            "use other_db",
            "reset role",
            "prepare p as select 1",
            "create temporary table t (a int)",
            "create temp table t (a int)",
            "listen ch",
        ] {
            assert!(changes_session(sql), "{sql}");
        }
        for sql in [
            "set local search_path = x",
            "set transaction isolation level serializable",
            "set global max_connections = 10",
            "set @@global.read_only = 1",
            "set constraints all deferred",
            "select 1",
            "create table t (a int)",
            "begin",
        ] {
            assert!(!changes_session(sql), "{sql}");
        }
    }
}
