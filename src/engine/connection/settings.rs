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
    /// Before a statement of the user's: the refusal a statement of retort's own met first
    /// (an export run again, fetch more) is kept for the user's next statement, which would
    /// otherwise run without the settings.
    pub(super) fn refusal_kept_for_the_user(&self) -> Result<(), EngineError> {
        match self
            .kept_refusal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            Some(why) => Err(EngineError::SettingsLost(why)),
            None => Ok(()),
        }
    }

    /// Notes a statement that changed the session, and turns a connection made again into
    /// the refusal that names what was lost. `users`: the statement is the user's (else the
    /// refusal is also kept for the user's next one).
    pub(super) fn follow_settings(
        &self,
        sql: &str,
        users: bool,
        result: Result<StatementSummary, EngineError>,
    ) -> Result<StatementSummary, EngineError> {
        match result {
            Err(EngineError::SettingsLost(_)) => {
                let lost = std::mem::take(&mut *self.lock_settings());
                let why = format!(
                    "the connection to the server dropped and was made again, and the session \
                     settings changed on the old one are gone ({}): this statement would have \
                     run without them. Run them again if they are still wanted, then the \
                     statement.",
                    lost.join("; ")
                );
                if !users {
                    *self.kept_refusal.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(why.clone());
                }
                Err(EngineError::SettingsLost(why))
            }
            Ok(summary) if users && changes_session(sql, self.info.engine) => {
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
