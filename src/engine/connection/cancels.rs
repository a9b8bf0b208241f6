//! Whose cancel a cancelled statement met: retort's own (Esc, Ctrl-C, a cap), or someone
//! else's (a timeout, another session, an administrator), said in the server's words.

use super::super::error::EngineError;
use super::super::events::StatementSummary;
use super::super::url::EngineKind;
use super::Connection;

impl Connection {
    /// How many cancels retort has asked for so far.
    pub(super) fn cancels_asked(&self) -> u64 {
        self.cancels.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A statement the server cancelled is retort's cancel only when retort asked for one
    /// while it ran; else it is the server's own error (`statement_timeout`, another
    /// session's `pg_cancel_backend`, `KILL QUERY`), reported in its words and code.
    pub(super) fn own_cancel(
        &self,
        asked_before: u64,
        result: Result<StatementSummary, EngineError>,
    ) -> Result<StatementSummary, EngineError> {
        let code = match self.info.engine {
            EngineKind::Postgres => "57014",
            // ER_QUERY_INTERRUPTED (KILL QUERY)
            EngineKind::MySql => "1317",
            EngineKind::Sqlite => return result,
        };
        match result {
            Err(EngineError::Statement(e))
                if e.code.as_deref() == Some(code) && self.cancels_asked() > asked_before =>
            {
                Err(EngineError::Cancelled)
            }
            other => other,
        }
    }
}
