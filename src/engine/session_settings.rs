//! Statements that leave a setting on the session connection (a role, a search path,
//! autocommit, a variable, a prepared statement, a temporary table): a connection made again
//! after the server dropped it would not have them, so the next statement is refused and the
//! lost settings named (`NetSession::connected`).

use super::txn::{first_keyword, skip_comments};

/// Whether `sql` changes the session beyond its transaction. Read from its first two words:
/// what it misses is a setting changed inside a function (`set_config(…, false)`), said in
/// the README.
pub fn changes_session(sql: &str) -> bool {
    let first = first_keyword(sql);
    let rest = skip_comments(&skip_comments(sql)[first.len().min(sql.len())..]);
    let second = rest
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '@')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    match first.as_str() {
        // SET LOCAL / SET TRANSACTION end with the transaction; SET GLOBAL is the server's;
        // SET CONSTRAINTS is the transaction's
        "SET" => !matches!(
            second.as_str(),
            "LOCAL" | "TRANSACTION" | "GLOBAL" | "@@GLOBAL" | "CONSTRAINTS" | "PERSIST"
        ),
        "RESET" | "USE" | "PREPARE" | "LISTEN" | "LOAD" => true,
        "CREATE" => matches!(second.as_str(), "TEMP" | "TEMPORARY"),
        "DECLARE" => rest.to_ascii_uppercase().contains("WITH HOLD"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::changes_session;

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
