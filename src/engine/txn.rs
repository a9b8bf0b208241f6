//! The session's transaction as the engine follows it: opened and ended by the statements the
//! user runs, aborted by a failure inside it on PostgreSQL, and lost when the connection drops
//! while it is open. Each server reports it itself after every statement (ServerTx); the
//! statement's text is only the fallback.

use super::url::EngineKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TxStatus {
    #[default]
    Idle,
    Open,
    /// PostgreSQL refuses everything but ROLLBACK after an error inside a transaction.
    Aborted,
    /// The connection dropped with the transaction open: the server rolled it back. Retort
    /// refuses further statements until the user ends the transaction.
    Lost,
}

impl TxStatus {
    /// A transaction block is open (or must still be ended by the user).
    pub fn is_open(self) -> bool {
        self != TxStatus::Idle
    }
}

/// The transaction as the server itself reports it after each statement: PostgreSQL's
/// ReadyForQuery status, MySQL's SERVER_STATUS_IN_TRANS flag, SQLite's autocommit flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerTx {
    Idle,
    Open,
    /// PostgreSQL's failed transaction block: everything but ROLLBACK is refused.
    Failed,
}

/// The server's last word on the session's transaction, written by the task that ran the
/// statement before it answers, read by the connection that follows the transaction.
#[derive(Debug, Clone, Default)]
pub struct ServerTxCell(std::sync::Arc<std::sync::atomic::AtomicU8>);

impl ServerTxCell {
    pub fn set(&self, tx: Option<ServerTx>) {
        let v = match tx {
            None => 0,
            Some(ServerTx::Idle) => 1,
            Some(ServerTx::Open) => 2,
            Some(ServerTx::Failed) => 3,
        };
        self.0.store(v, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn get(&self) -> Option<ServerTx> {
        match self.0.load(std::sync::atomic::Ordering::SeqCst) {
            1 => Some(ServerTx::Idle),
            2 => Some(ServerTx::Open),
            3 => Some(ServerTx::Failed),
            _ => None,
        }
    }
}

/// What a statement does to the session's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxEffect {
    Begin,
    /// COMMIT (or END)
    Commit,
    /// ROLLBACK (or ABORT), not to a savepoint
    Rollback,
    None,
}

impl TxEffect {
    pub fn ends(self) -> bool {
        matches!(self, TxEffect::Commit | TxEffect::Rollback)
    }
}

pub fn transaction_effect(sql: &str) -> TxEffect {
    let first = first_keyword(sql);
    let after = skip_comments(&skip_comments(sql)[first.len().min(sql.len())..]);
    let second = after
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    match first.as_str() {
        "BEGIN" if second != "ATOMIC" => TxEffect::Begin,
        "START" if second == "TRANSACTION" => TxEffect::Begin,
        "COMMIT" | "END" => TxEffect::Commit,
        "ABORT" => TxEffect::Rollback,
        "ROLLBACK" if second != "TO" => TxEffect::Rollback,
        _ => TxEffect::None,
    }
}

/// The status after a statement ran: the server's own word where it gave one, else followed
/// from the statement's text.
pub fn next_status(
    now: TxStatus,
    sql: &str,
    ok: bool,
    engine: EngineKind,
    server: Option<ServerTx>,
) -> TxStatus {
    match server {
        Some(ServerTx::Idle) => return TxStatus::Idle,
        Some(ServerTx::Open) => return TxStatus::Open,
        Some(ServerTx::Failed) => return TxStatus::Aborted,
        None => {}
    }
    match (transaction_effect(sql), ok) {
        (e, _) if e.ends() => TxStatus::Idle,
        (TxEffect::Begin, true) => TxStatus::Open,
        (_, false) if now == TxStatus::Open && engine == EngineKind::Postgres => TxStatus::Aborted,
        // MySQL commits implicitly before DDL
        (_, true) if engine == EngineKind::MySql && is_ddl(sql) => TxStatus::Idle,
        _ => now,
    }
}

pub fn is_ddl(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "CREATE" | "DROP" | "ALTER" | "RENAME" | "TRUNCATE"
    )
}

/// The first keyword, upper-cased, after comments and opening parentheses.
pub fn first_keyword(sql: &str) -> String {
    let mut s = skip_comments(sql);
    while let Some(rest) = s.strip_prefix('(') {
        s = skip_comments(rest);
    }
    s.split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// The text after any leading whitespace and comments (`--`, `#`, `/* */`).
pub fn skip_comments(sql: &str) -> &str {
    let mut s = sql.trim_start();
    loop {
        if let Some(rest) = s.strip_prefix("--").or_else(|| s.strip_prefix('#')) {
            s = rest
                .split_once('\n')
                .map(|(_, r)| r)
                .unwrap_or("")
                .trim_start();
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest
                .split_once("*/")
                .map(|(_, r)| r)
                .unwrap_or("")
                .trim_start();
        } else {
            return s;
        }
    }
}

/// Whether a statement may produce a result set (possibly empty).
pub fn may_return_rows(sql: &str) -> bool {
    matches!(
        first_keyword(sql).as_str(),
        "SELECT"
            | "WITH"
            | "VALUES"
            | "TABLE"
            | "SHOW"
            | "EXPLAIN"
            | "DESCRIBE"
            | "DESC"
            | "PRAGMA"
    ) || sql.to_ascii_uppercase().contains("RETURNING")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_statements() {
        assert_eq!(transaction_effect("BEGIN"), TxEffect::Begin);
        assert_eq!(
            transaction_effect("start transaction read only"),
            TxEffect::Begin
        );
        assert_eq!(transaction_effect("commit"), TxEffect::Commit);
        assert_eq!(transaction_effect("/* x */ rollback"), TxEffect::Rollback);
        assert_eq!(
            transaction_effect("rollback to savepoint a"),
            TxEffect::None
        );
        assert_eq!(transaction_effect("select 1"), TxEffect::None);
        assert_eq!(transaction_effect("begin atomic"), TxEffect::None);
    }

    #[test]
    fn status_follows_the_statements() {
        use TxStatus::*;
        let pg = EngineKind::Postgres;
        assert_eq!(next_status(Idle, "begin", true, pg, None), Open);
        assert_eq!(next_status(Open, "insert x", false, pg, None), Aborted);
        assert_eq!(next_status(Aborted, "commit", true, pg, None), Idle);
        assert_eq!(
            next_status(
                Open,
                "create table t (a int)",
                true,
                EngineKind::MySql,
                None
            ),
            Idle
        );
        // the server's word wins over the text
        let sqlite = EngineKind::Sqlite;
        assert_eq!(
            next_status(Idle, "select 1", true, sqlite, Some(ServerTx::Open)),
            Open
        );
        assert_eq!(
            next_status(Open, "commit", true, pg, Some(ServerTx::Open)),
            Open
        );
        assert_eq!(
            next_status(Open, "select 1", true, pg, Some(ServerTx::Failed)),
            Aborted
        );
    }
}
