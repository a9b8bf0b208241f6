//! The answer to a backslash command on a connection, the same for every front end: psql's
//! listings within psql's bounds (`meta::psql`), the typed catalog for one table, and
//! `meta::server_lists` for what it does not hold. The command's own text is never sent.

use super::meta_command::{ListArgs, MetaCommand};
use crate::engine::{Connection, EngineError, EngineKind};
use crate::meta::RelationKind as R;
use crate::meta::describe::{self, Answer};
use crate::meta::psql::relations::{self, Kind as K};
use crate::meta::psql::{indexes, one, schemas};
use crate::meta::server_lists;

const TABLES: [K; 2] = [K::Relation(R::Table), K::Relation(R::ForeignTable)];
const VIEWS: [K; 2] = [K::Relation(R::View), K::Relation(R::MaterializedView)];
/// psql's `\d` lists sequences too, and no index.
const ALL: [K; 5] = [
    K::Relation(R::Table),
    K::Relation(R::View),
    K::Relation(R::MaterializedView),
    K::Relation(R::ForeignTable),
    K::Sequence,
];

/// What `command` answers on `conn`. `\x` and `\timing` are the front end's settings: here
/// they are only said back.
pub async fn answer(conn: &Connection, command: &MetaCommand) -> Result<Answer, EngineError> {
    use MetaCommand as M;
    let engine = conn.info().engine;
    let folded = |args: &ListArgs| folded(engine, args);
    Ok(match command {
        M::Tables(a) => relations(conn, &TABLES, &folded(a)).await?,
        M::Views(a) => relations(conn, &VIEWS, &folded(a)).await?,
        M::Describe(a) if a.pattern.is_none() => relations(conn, &ALL, a).await?,
        M::Describe(a) => one::describe(conn, &folded(a)).await?,
        M::Schemas(a) => schemas::schemas(conn, &folded(a)).await?,
        M::Indexes(a) => {
            let a = folded(a);
            indexes::listing(&indexes::read(conn, &a).await?, &a, engine)
        }
        M::Functions(a) => server_lists::functions(conn, &folded(a)).await?,
        M::Databases(a) => schemas::databases(conn, &folded(a)).await?,
        M::Roles => server_lists::roles(conn).await?,
        M::ConnInfo => describe::conninfo(conn.info()),
        M::Help => super::meta_command::help(),
        M::Expanded(on) => Answer::Said(setting("Expanded display", *on)),
        M::Timing(on) => Answer::Said(setting("Timing", *on)),
    })
}

/// PostgreSQL folds an unquoted name to lower case: so does its pattern (as psql's).
fn folded(engine: EngineKind, args: &ListArgs) -> ListArgs {
    let pattern = args.pattern.as_deref().map(|p| match engine {
        EngineKind::Postgres => describe::folded_for_postgres(p),
        _ => p.to_string(),
    });
    args.with_pattern(pattern)
}

/// psql's words for a setting turned on or off.
pub fn setting(name: &str, on: Option<bool>) -> String {
    match on {
        Some(true) => format!("{name} is on."),
        Some(false) => format!("{name} is off."),
        None => format!("{name} toggled."),
    }
}

async fn relations(conn: &Connection, kinds: &[K], args: &ListArgs) -> Result<Answer, EngineError> {
    let all = relations::read(conn, args).await?;
    Ok(relations::listing(&all, kinds, args))
}
