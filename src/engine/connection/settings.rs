//! Session settings across a dropped connection: what the user changed on the session
//! connection (a role, a search path, autocommit, a variable) is remembered, and when the
//! connection had to be made again the next statement is refused with their names, never run
//! silently without them.

use super::super::error::EngineError;
use super::super::events::StatementSummary;
use super::super::session_settings::changes_session;
use super::{Connection, Driver};

/// How much of each statement the refusal names.
const SHOWN: usize = 80;

impl Connection {
    /// Notes a statement that changed the session, and turns a connection made again into
    /// the refusal that names what was lost.
    pub(super) fn follow_settings(
        &self,
        sql: &str,
        result: Result<StatementSummary, EngineError>,
    ) -> Result<StatementSummary, EngineError> {
        match result {
            Err(EngineError::SettingsLost(_)) => {
                let lost = std::mem::take(&mut *self.lock_settings());
                Err(EngineError::SettingsLost(format!(
                    "the connection to the server dropped and was made again, and the session \
                     settings changed on the old one are gone ({}): this statement would have \
                     run without them. Run them again if they are still wanted, then the \
                     statement.",
                    lost.join("; ")
                )))
            }
            Ok(summary) if changes_session(sql) => {
                let shown: String = super::super::secrets::redact_secrets(sql.trim())
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(SHOWN)
                    .collect();
                self.lock_settings().push(shown);
                match &self.driver {
                    Driver::Postgres(d) => d.note_settings(true),
                    Driver::MySql(d) => d.note_settings(true),
                    Driver::Sqlite(_) => {}
                }
                Ok(summary)
            }
            other => other,
        }
    }

    fn lock_settings(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner())
    }
}
