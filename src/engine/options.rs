//! How to connect: the connection timeout, and whether the session may write.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// The server refuses writes on the session (SQLite opens the file read-only).
    pub read_only: bool,
    /// Where the connections' lives are told (connect, checkout, checkin, invalidate): the
    /// echo log, set by `Connection::connect`.
    pub pool_log: Option<super::echo::EchoLog>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            read_only: false,
            pool_log: None,
        }
    }
}
