//! Changes to tables that cannot roll back (MySQL's MyISAM, Aria…): the server writes each
//! statement to them when it runs, so that a rollback, a failed flush or a failed COMMIT
//! leaves them in the database. They leave the session as written (staged again, they would
//! be sent twice), and the notice says so rather than "rolled back".

use std::collections::HashSet;

use crate::session::ChangeId;

use crate::app::model::Model;

/// The flushed changes whose table cannot roll back.
fn flushed_lasting(model: &Model) -> Vec<ChangeId> {
    let Some(catalog) = model.catalog.loaded() else {
        return Vec::new();
    };
    model
        .session
        .unit
        .changes()
        .iter()
        .filter(|c| c.flushed)
        .filter(|c| {
            catalog
                .table(&c.table.schema, &c.table.name)
                .is_some_and(|t| !t.relation.rolls_back())
        })
        .map(|c| c.id)
        .collect()
}

/// Takes out of the session the changes the server wrote whatever became of the transaction:
/// every flushed change to a table that cannot roll back (a failed flush marks flushed what
/// it sent to one). The words for the notice, when there were any.
pub fn keep_written(model: &mut Model) -> Option<String> {
    let ids = flushed_lasting(model);
    if ids.is_empty() {
        return None;
    }
    let written: HashSet<ChangeId> = ids.iter().copied().collect();
    let mut tables: Vec<String> = Vec::new();
    for c in model.session.unit.changes() {
        if written.contains(&c.id) && !tables.contains(&c.table.name) {
            tables.push(c.table.name.clone());
        }
    }
    let storage = model
        .catalog
        .loaded()
        .and_then(|cat| {
            let c = model
                .session
                .unit
                .changes()
                .iter()
                .find(|c| written.contains(&c.id))?;
            cat.table(&c.table.schema, &c.table.name)?
                .relation
                .storage
                .clone()
        })
        .unwrap_or_else(|| "non-transactional".into());
    let s = &mut model.session;
    for c in s.unit.changes().iter().filter(|c| ids.contains(&c.id)) {
        s.committed_rows.record(c);
    }
    let n = model.session.unit.forget(&ids);
    Some(format!(
        "{n} change(s) to {} ({storage}, which cannot roll back) were written when sent and \
         stay in the database: they are no longer staged",
        tables.join(", ")
    ))
}

/// `notice`, with what stayed written said after it.
pub fn with_written(notice: String, written: Option<String>) -> String {
    match written {
        Some(w) => format!("{notice}; but {w}"),
        None => notice,
    }
}
