//! Engine: the URL, connections and their pools, typed values, cancel, and the echo log.
//! No terminal crates here (design.md §3).

pub mod batch;
mod cancel;
pub mod connection;
pub mod demo;
pub mod dialect;
pub mod echo;
pub mod error;
pub mod events;
pub mod files;
pub mod lex;
pub mod libpq;
mod libpq_service;
pub mod mysql;
pub mod mysql_codec;
mod net;
mod net_connect;
mod net_driver;
mod net_session;
mod notices;
pub mod options;
pub mod postgres;
mod postgres_cancel;
pub mod postgres_codec;
mod secret_strings;
pub mod secrets;
pub mod session_settings;
pub mod sqlite;
mod sqlite_convert;
mod sqlite_guard;
mod sqlite_run;
pub mod txn;
pub mod url;
pub mod value;

pub use batch::{Column, Columns, RowBatch};
pub use cancel::Canceller;
pub use connection::{
    ConnectOptions, Connection, EngineStatus, PoolStatus, ServerConnection, ServerInfo, Who,
};
pub use echo::{EchoEntry, EchoLog, Origin, Outcome};
pub use error::{EngineError, StatementError};
pub use events::{QueryEvent, SourceTable, StatementSummary};
pub use txn::TxStatus;
pub use url::{DatabaseUrl, EngineKind, SqliteTarget};
pub use value::{Kind, Value, ValueRef};
