//! `\d NAME`: the relation, sequence or index named, found within psql's bounds (a bare name
//! on the search path, `schema.name` anywhere), described as psql does. `+` adds the
//! descriptions and the size.

use super::ListArgs;
use super::indexes::{self, IndexListed};
use super::relations::{self, Kind, Listed};
use crate::engine::{Connection, EngineError};
use crate::meta::catalog::Relation;
use crate::meta::describe::{self, Answer, Listing};

/// What `\d NAME` says of the first object `args.pattern` names (a table, view or sequence
/// before an index of the same name), or that there is none.
pub async fn describe(conn: &Connection, args: &ListArgs) -> Result<Answer, EngineError> {
    let shown = args.pattern.as_deref().unwrap_or_default().replace('`', "");
    let not_found = || Answer::NotFound(format!("Did not find any relation named \"{shown}\"."));
    let all = relations::read(conn, args).await?;
    let found = (all.iter())
        .filter(|r| args.shows(r.standing, &r.schema, &r.name))
        .min_by_key(|r| (!r.standing.visible, &r.schema, &r.name));
    if let Some(r) = found {
        let listing = match r.kind {
            Kind::Sequence => super::sequence::describe(conn, &r.schema, &r.name).await?,
            Kind::Relation(_) => table(conn, r, args.more).await?,
        };
        return Ok(listing.map_or_else(not_found, |l| said(l, r, args.more)));
    }
    let all = indexes::read(conn, args).await?;
    let found = (all.iter())
        .filter(|ix| args.shows(ix.standing, &ix.schema, &ix.name))
        .min_by_key(|ix| (!ix.standing.visible, &ix.schema, &ix.name, &ix.table));
    Ok(match found {
        Some(ix) => index(conn, ix, args.more).await?,
        None => not_found(),
    })
}

/// A table's or view's columns, key, indexes and foreign keys, reflected alone.
async fn table(conn: &Connection, r: &Listed, more: bool) -> Result<Option<Listing>, EngineError> {
    let Kind::Relation(kind) = r.kind else {
        return Ok(None);
    };
    let relation = Relation {
        schema: r.schema.clone(),
        name: r.name.clone(),
        kind,
        row_estimate: r.row_estimate,
        comment: r.description.clone(),
        partition_of: None,
        storage: None,
    };
    let reflected = crate::meta::reflect_schema(conn, &r.schema, &[relation]).await?;
    Ok(
        match reflected.tables.first().map(|t| describe::table(t, more)) {
            Some(Answer::Listings(mut l)) if !l.is_empty() => Some(l.remove(0)),
            _ => None,
        },
    )
}

async fn index(conn: &Connection, ix: &IndexListed, more: bool) -> Result<Answer, EngineError> {
    let mut listing = super::index_detail::describe(conn, ix).await?;
    if more {
        listing
            .footer
            .extend(extras(ix.description.as_ref(), ix.size.as_ref()));
    }
    Ok(Answer::Listings(vec![listing]))
}

/// The listing, with `+` the object's description and size under it.
fn said(mut listing: Listing, r: &Listed, more: bool) -> Answer {
    if more {
        (listing.footer).extend(extras(r.description.as_ref(), r.size.as_ref()));
    }
    Answer::Listings(vec![listing])
}

/// `Description: …` and `Size: …`, for what has them.
fn extras(description: Option<&String>, size: Option<&String>) -> Vec<String> {
    let description = description.map(|d| format!("Description: {d}"));
    description
        .into_iter()
        .chain(size.map(|s| format!("Size: {s}")))
        .collect()
}
