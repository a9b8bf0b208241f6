//! Errors of the engine layer: every database failure becomes one of these, never a panic.

use std::fmt;

/// A statement the server refused: its message, SQLSTATE or error number, and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementError {
    pub message: String,
    pub code: Option<String>,
    /// 1-based character position in the statement, when the server reports one.
    pub position: Option<usize>,
    pub detail: Option<String>,
    pub hint: Option<String>,
}

/// The most of a server's message retort keeps (a 3 MB message made each keypress redraw it).
pub const MESSAGE_KEPT: usize = 16 * 1024;

/// `text` cut to `MESSAGE_KEPT` bytes (at a character boundary), saying how much more there was.
fn bounded_text(text: String) -> String {
    if text.len() <= MESSAGE_KEPT {
        return text;
    }
    let mut end = MESSAGE_KEPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}… (the server's message goes on for {} more bytes, not kept)",
        &text[..end],
        text.len() - end
    )
}

impl StatementError {
    /// The same error with its message, detail and hint cut to a size that can be drawn.
    pub fn bounded(self) -> Self {
        StatementError {
            message: bounded_text(self.message),
            detail: self.detail.map(bounded_text),
            hint: self.hint.map(bounded_text),
            ..self
        }
    }
}

impl fmt::Display for StatementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, "\nDETAIL: {detail}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nHINT: {hint}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    /// The command line or the URL is wrong.
    #[error("{0}")]
    Usage(String),
    /// The server could not be reached or refused the login.
    #[error("{message}")]
    Connect { message: String, auth_failed: bool },
    /// The server rejected a statement.
    #[error("{0}")]
    Statement(StatementError),
    /// The statement was cancelled on the server at the user's request.
    #[error("canceling statement due to user request")]
    Cancelled,
    /// The connection broke while a statement ran.
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    /// The connection broke with a transaction open: the server rolled it back.
    #[error("{0}")]
    TransactionLost(String),
    /// The connection broke before the server answered a statement that commits, and the
    /// server cannot say (or could not be asked) whether it did.
    #[error("{0}")]
    CommitUnknown(String),
    /// As CommitUnknown, and the old connection's work may still be under way on the server
    /// (its thread is still there): its rows cannot tell yet.
    #[error("{0}")]
    CommitInFlight(String),
    /// Retort did not send the statement, for the reason given.
    #[error("not sent: {0}")]
    NotSent(String),
    /// The session connection was made again after the server dropped it, and the session
    /// settings the user had changed on the old one (role, search_path, autocommit,
    /// variables) are gone: the statement was not sent.
    #[error("not sent: {0}")]
    SettingsLost(String),
    #[error("{0}")]
    Other(String),
}

impl EngineError {
    pub fn usage(msg: impl Into<String>) -> Self {
        EngineError::Usage(msg.into())
    }

    pub fn connect(msg: impl Into<String>) -> Self {
        EngineError::Connect {
            message: msg.into(),
            auth_failed: false,
        }
    }

    /// Exit status for headless mode: 1 for a failed statement, 2 for usage and connection errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            EngineError::Statement(_)
            | EngineError::Other(_)
            | EngineError::NotSent(_)
            | EngineError::SettingsLost(_) => 1,
            EngineError::Cancelled => 130,
            EngineError::Usage(_)
            | EngineError::Connect { .. }
            | EngineError::ConnectionLost(_)
            | EngineError::TransactionLost(_)
            | EngineError::CommitUnknown(_)
            | EngineError::CommitInFlight(_) => 2,
        }
    }

    /// Locates a server error inside `sql`: (1-based line, 1-based column).
    pub fn line_and_column(&self, sql: &str) -> Option<(usize, usize)> {
        let EngineError::Statement(e) = self else {
            return None;
        };
        let pos = e.position?;
        let before: String = sql.chars().take(pos.saturating_sub(1)).collect();
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        Some((line, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_maps_to_line_and_column() {
        let err = EngineError::Statement(StatementError {
            message: "syntax error".into(),
            code: Some("42601".into()),
            position: Some(12),
            detail: None,
            hint: None,
        });
        assert_eq!(err.line_and_column("select 1\nfrom x"), Some((2, 3)));
        assert_eq!(err.exit_code(), 1);
        assert_eq!(EngineError::usage("x").exit_code(), 2);
    }
}
