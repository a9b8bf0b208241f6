//! Cancelling the statement running on the PostgreSQL session connection with the protocol's
//! CancelRequest: a new connection to the same address that names the session's process and
//! secret key. A pooler (PgBouncer) forwards it to exactly the server running this client's
//! statement; `pg_cancel_backend` of a pid noted earlier could hit another client's backend
//! there. Only a session without a key (never seen from a real server) falls back to it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::error::EngineError;
use super::net;
use super::postgres_codec::PgCodec;

/// The protocol's code of a CancelRequest (1234 << 16 | 5678).
const CANCEL_REQUEST_CODE: u32 = 80_877_102;

/// How long the cancel connection may take to open and be answered (by closing).
const CANCEL_TIMEOUT: Duration = Duration::from_secs(5);

/// The address the session connected to.
#[derive(Debug, Clone)]
pub enum CancelAddress {
    Tcp(String, u16),
    /// The server's socket file (`<dir>/.s.PGSQL.<port>`).
    Unix(PathBuf),
}

impl CancelAddress {
    pub(super) fn of(opts: &PgConnectOptions) -> Self {
        match opts.get_socket() {
            Some(dir) => CancelAddress::Unix(dir.join(format!(".s.PGSQL.{}", opts.get_port()))),
            None => CancelAddress::Tcp(opts.get_host().to_string(), opts.get_port()),
        }
    }
}

#[derive(Clone)]
pub struct PgCanceller {
    pool: PgPool,
    pid: Arc<AtomicI64>,
    key: Arc<AtomicU64>,
    to: CancelAddress,
}

impl PgCanceller {
    pub(super) fn new(
        pool: PgPool,
        pid: Arc<AtomicI64>,
        key: Arc<AtomicU64>,
        to: CancelAddress,
    ) -> Self {
        PgCanceller { pool, pid, key, to }
    }

    /// What the echo log shows for the cancel.
    pub fn sql(&self) -> String {
        match unpack_key(self.key.load(Ordering::SeqCst)) {
            Some((process, _)) => format!("CancelRequest (process {process})"),
            None => self.fallback_sql(),
        }
    }

    /// With the backend id written in (an integer): one simple-protocol message.
    fn fallback_sql(&self) -> String {
        format!(
            "select pg_catalog.pg_cancel_backend({})",
            self.pid.load(Ordering::SeqCst)
        )
    }

    pub async fn cancel(&self) -> Result<(), EngineError> {
        let Some((process, secret)) = unpack_key(self.key.load(Ordering::SeqCst)) else {
            return sqlx::raw_sql(sqlx::AssertSqlSafe(self.fallback_sql()))
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(net::map_error::<sqlx::Postgres, PgCodec>);
        };
        let mut request = Vec::with_capacity(16);
        for word in [16, CANCEL_REQUEST_CODE, process, secret] {
            request.extend_from_slice(&u32::to_be_bytes(word));
        }
        tokio::time::timeout(CANCEL_TIMEOUT, send_request(&self.to, &request))
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("no answer")))
            .map_err(|e| {
                EngineError::Other(format!(
                    "could not send the cancel request to {}: {e}",
                    self.to.label()
                ))
            })
    }
}

impl CancelAddress {
    fn label(&self) -> String {
        match self {
            CancelAddress::Tcp(host, port) => format!("{host}:{port}"),
            CancelAddress::Unix(path) => path.display().to_string(),
        }
    }
}

/// Sends the request and waits for the server to close the connection: it does once it has
/// signalled the backend, and answers nothing.
async fn send_request(to: &CancelAddress, request: &[u8]) -> std::io::Result<()> {
    let mut rest = Vec::new();
    match to {
        CancelAddress::Tcp(host, port) => {
            let mut s = tokio::net::TcpStream::connect((host.as_str(), *port)).await?;
            s.write_all(request).await?;
            s.read_to_end(&mut rest).await?;
        }
        CancelAddress::Unix(path) => {
            let mut s = tokio::net::UnixStream::connect(path).await?;
            s.write_all(request).await?;
            s.read_to_end(&mut rest).await?;
        }
    }
    Ok(())
}

/// A cancel key (process, secret) as one number, 0 when there is none.
pub(super) fn pack_key(key: Option<(u32, u32)>) -> u64 {
    key.map_or(0, |(process, secret)| {
        (u64::from(process) << 32) | u64::from(secret)
    })
}

/// The (process, secret) of a cancel key noted by the session; None when there is none.
pub fn unpack_key(key: u64) -> Option<(u32, u32)> {
    (key != 0).then_some(((key >> 32) as u32, key as u32))
}
