//! The answer to a backslash command on a connection, the same for every front end: the typed
//! catalog for what it holds (relations, schemas, columns, keys, indexes), `meta::server_lists`
//! for what it does not. The command's own text is never sent.

use super::meta_command::MetaCommand;
use crate::engine::{Connection, EngineError};
use crate::meta::RelationKind as K;
use crate::meta::describe::{self, Answer};
use crate::meta::server_lists;

const TABLES: [K; 2] = [K::Table, K::ForeignTable];
const VIEWS: [K; 2] = [K::View, K::MaterializedView];
const ALL: [K; 4] = [K::Table, K::View, K::MaterializedView, K::ForeignTable];

/// What `command` answers on `conn`. `\x` and `\timing` are the front end's settings: here
/// they are only said back.
pub async fn answer(conn: &Connection, command: &MetaCommand) -> Result<Answer, EngineError> {
    use MetaCommand as M;
    // PostgreSQL folds an unquoted name to lower case: so does its pattern (as psql's)
    let folded = |p: &Option<String>| {
        p.as_deref().map(|p| match conn.info().engine {
            crate::engine::EngineKind::Postgres => describe::folded_for_postgres(p),
            _ => p.to_string(),
        })
    };
    Ok(match command {
        M::Tables(p) => relations(conn, &TABLES, folded(p).as_deref()).await?,
        M::Views(p) => relations(conn, &VIEWS, folded(p).as_deref()).await?,
        M::Describe(None) => relations(conn, &ALL, None).await?,
        M::Describe(name) => {
            let name = folded(name).unwrap_or_default();
            server_lists::describe_one(conn, &name).await?
        }
        M::Schemas(p) => {
            let names = crate::meta::list_schemas(conn).await?;
            describe::schemas(&names, folded(p).as_deref())
        }
        M::Indexes(p) => {
            describe::indexes(&crate::meta::reflect(conn).await?, folded(p).as_deref())
        }
        M::Functions(p) => server_lists::functions(conn, folded(p).as_deref()).await?,
        M::Databases => server_lists::databases_listing(conn).await?,
        M::Roles => server_lists::roles(conn).await?,
        M::ConnInfo => describe::conninfo(conn.info()),
        M::Help => super::meta_command::help(),
        M::Expanded(on) => Answer::Said(setting("Expanded display", *on)),
        M::Timing(on) => Answer::Said(setting("Timing", *on)),
    })
}

/// psql's words for a setting turned on or off.
pub fn setting(name: &str, on: Option<bool>) -> String {
    match on {
        Some(true) => format!("{name} is on."),
        Some(false) => format!("{name} is off."),
        None => format!("{name} toggled."),
    }
}

async fn relations(conn: &Connection, kinds: &[K], p: Option<&str>) -> Result<Answer, EngineError> {
    let all = crate::meta::list_relations(conn).await?;
    Ok(describe::relations(&all, kinds, p))
}
