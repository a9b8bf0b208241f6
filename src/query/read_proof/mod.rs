//! Whether a statement is proven to be a plain read: the test before retort runs a statement
//! again by itself (export, fetch more, EXPLAIN ANALYZE) and before it sends anything in
//! `--read-only`. The proof is made on a real parse tree and lets through only what is known
//! to read (design.md §3b): PostgreSQL's own grammar (libpg_query) and its catalog for the
//! functions called; sqlparser's MySQL grammar under the server's `sql_mode`, with an
//! allow-list of built-in functions; SQLite's own parser, through its authorizer. Anything a
//! parser does not accept is refused. The statement then runs in a read-only transaction that
//! is rolled back, the second defence. What neither can stop: a function that lies about
//! itself (a user-defined function marked STABLE that writes through dblink, a view over one).

mod lexical;
mod mysql;
mod mysql_functions;
mod mysql_views;
mod pg_catalog;
mod pg_implicit;
mod postgres;
mod settings;

pub use lexical::{hidden_write, hidden_write_in, single_statement};
pub use mysql::SqlMode;
pub use settings::NotAllowed;

use crate::engine::{Connection, EngineKind};

/// What the text alone proves (no server asked): Ok when it may be a plain read. The whole
/// proof, before anything is sent, is `prove_read_on`.
pub fn prove_read(sql: &str, engine: EngineKind) -> Result<(), String> {
    match engine {
        EngineKind::Postgres => postgres::prove(sql).map(|_| ()),
        EngineKind::MySql => mysql::prove(sql, SqlMode::default()),
        EngineKind::Sqlite => lexical::prove_read(sql, engine),
    }
}

/// The whole proof on the connection the statement will run on: the parse tree, then what
/// only the server can tell (PostgreSQL's catalog on the functions called, MySQL's
/// `sql_mode`, SQLite's parser through the authorizer).
pub async fn prove_read_on(conn: &Connection, sql: &str) -> Result<(), String> {
    match conn.info().engine {
        EngineKind::Postgres => {
            refuse_backslash_without_standard_strings(conn, sql).await?;
            let calls = postgres::prove(sql)?;
            pg_catalog::check(conn, &calls).await?;
            pg_implicit::check(conn, &calls).await
        }
        EngineKind::MySql => {
            let mode = session_sql_mode(conn).await?;
            let relations = mysql::prove_reading(sql, mode)?;
            mysql_views::check(conn, relations, mode).await
        }
        EngineKind::Sqlite => {
            lexical::prove_read(sql, EngineKind::Sqlite)?;
            conn.sqlite_prove_read(sql).await
        }
    }
}

/// Whether `sql` only changes a session setting `--read-only` lets change (`settings.rs`), on
/// the connection it will run on (MySQL's proof is made under its `sql_mode`). Such a
/// statement runs as it is: in the read-only transaction a read gets, it would be undone.
pub async fn prove_setting_on(conn: &Connection, sql: &str) -> Result<(), NotAllowed> {
    match conn.info().engine {
        EngineKind::Postgres => {
            settings::prove_pg_setting(sql)?;
            Ok(refuse_backslash_without_standard_strings(conn, sql).await?)
        }
        EngineKind::MySql => {
            // no mode to read it under: the read proof, which asks too, says why
            let mode = (session_sql_mode(conn).await).map_err(|_| NotAllowed::NotASet)?;
            settings::prove_mysql_setting(sql, mode)
        }
        EngineKind::Sqlite => Err(NotAllowed::NotASet),
    }
}

/// libpg_query reads strings as a server with `standard_conforming_strings = on` does; with
/// it off (a database's or a role's setting), `'\'` is an unterminated string to the server
/// and the two would see different statements: text with a backslash is then refused.
async fn refuse_backslash_without_standard_strings(
    conn: &Connection,
    sql: &str,
) -> Result<(), String> {
    if !sql.contains('\\') {
        return Ok(());
    }
    let rows = conn
        .session_text_rows("show standard_conforming_strings")
        .await
        .map_err(|e| format!("the server's standard_conforming_strings could not be read ({e})"))?;
    let on = rows
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .is_some_and(|v| v == "on");
    if on {
        return Ok(());
    }
    Err(
        "the server has standard_conforming_strings off, under which \\ escapes a quote \
         in '…': retort does not prove text with a backslash there"
            .into(),
    )
}

/// The `sql_mode` of the session connection, where the statement will run.
async fn session_sql_mode(conn: &Connection) -> Result<SqlMode, String> {
    let rows = conn
        .session_text_rows("select @@session.sql_mode")
        .await
        .map_err(|e| format!("the server's sql_mode could not be read ({e})"))?;
    // no row (an answer cut short by a session setting) is no mode to read the text under
    let mode = (rows.first())
        .ok_or("the server gave no answer to what its sql_mode is")?
        .first()
        .cloned()
        .flatten()
        .unwrap_or_default();
    Ok(SqlMode::parse(&mode))
}
