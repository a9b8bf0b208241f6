//! How to connect: the connection timeout, and whether the session may write.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// The server refuses writes on the session (SQLite opens the file read-only).
    pub read_only: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(10),
            read_only: false,
        }
    }
}
