//! The journal in the workbench: changes offered back after a crash, and checked against the
//! database once the catalog is there.

use crate::engine::Value;
use crate::session::{Cell, ChangeId, ChangeKind};

use crate::app::model::Model;
use crate::app::model::{ConfirmThen, PendingConfirm};
use crate::app::msg::Command;
use crate::app::session::edit::{journal, refuse_while_busy};
use crate::session::journal::Recovered;
use crate::session::verify::{RecheckRow, VerifyRow};

pub fn journal_answer(model: &mut Model, keep: bool) -> Vec<Command> {
    if !keep && refuse_while_busy(model) {
        return vec![];
    }
    if keep {
        model.inform(format!(
            "{} staged change(s) restored from the journal",
            model.session.unit.changes().len()
        ));
        return vec![];
    }
    model.session.unit.discard();
    model.inform("the journal's changes were discarded");
    journal(model)
}

/// Once the catalog has the tables of changes restored from the journal, their rows are read
/// again: one changed or deleted since is marked, never silently overwritten.
pub fn maybe_recheck(model: &mut Model) -> Vec<Command> {
    if !model.session.recheck_pending {
        return vec![];
    }
    let Some(catalog) = model.catalog.loaded() else {
        return vec![];
    };
    let mut rows = Vec::new();
    let changes = model.session.unit.changes();
    for (i, c) in changes.iter().enumerate() {
        let Some(table) = catalog.table(&c.table.schema, &c.table.name) else {
            return vec![];
        };
        let (key, original) = match &c.kind {
            crate::session::ChangeKind::Insert { .. } => continue,
            crate::session::ChangeKind::Update { key, original, .. }
            | crate::session::ChangeKind::Delete { key, original } => (key, original),
        };
        // an earlier change of the same row (one flushed before the crash, then edited
        // again): what it sets is what this one read, not what the database holds
        let earlier: Vec<&crate::session::Change> = changes[..i]
            .iter()
            .filter(|e| e.table == c.table && e.identity().is_some_and(|k| k.same(key)))
            .collect();
        if earlier.iter().any(|e| e.is_insert()) {
            continue;
        }
        // bytes read back as text differ by engine: only the row's presence is checked there
        let compared: Vec<&(String, Value)> = original
            .iter()
            .filter(|(col, v)| {
                !matches!(v, Value::Bytes(_))
                    && table.columns.iter().any(|i| i.name == *col)
                    && !earlier.iter().any(|e| e.staged(col).is_some())
            })
            .collect();
        let names: Vec<&str> = compared.iter().map(|(c, _)| c.as_str()).collect();
        let (sql, params) =
            crate::session::sql::recheck_query(model.info.engine, table, key, &names);
        rows.push(RecheckRow {
            change: c.id,
            sql,
            params,
            expected: compared
                .iter()
                .map(|(col, v)| (col.clone(), v.clone()))
                .collect(),
        });
    }
    model.session.recheck_pending = false;
    if rows.is_empty() {
        return vec![];
    }
    vec![Command::Recheck(rows)]
}

pub fn rechecked(model: &mut Model, stale: Vec<(ChangeId, String)>) -> Vec<Command> {
    if stale.is_empty() {
        return vec![];
    }
    let n = stale.len();
    for (id, why) in stale {
        model.session.unit.mark_failed(
            id,
            crate::session::Failure {
                message: why,
                code: None,
            },
        );
    }
    model.warn(format!(
        "{n} restored change(s) no longer match their rows (marked in the Session pane): a \
         flush would refuse them; take them back with u or stage them again"
    ));
    journal(model)
}

/// After a commit whose answer was lost: read the rows it changed (on a connection of its own,
/// which sees only what is committed) and decide from them, where they tell.
pub fn verify_commit(model: &mut Model) -> Vec<Command> {
    let Some(catalog) = model.catalog.loaded() else {
        return vec![];
    };
    let engine = model.info.engine;
    let mut rows = Vec::new();
    for c in model.session.unit.changes() {
        let Some(table) = catalog.table(&c.table.schema, &c.table.name) else {
            continue;
        };
        let (key, committed, not_committed, present) = match &c.kind {
            ChangeKind::Insert { values } => {
                match crate::session::plan::key_of_insert(table, values) {
                    Some(key) => (key, None, None, true),
                    None => continue,
                }
            }
            ChangeKind::Delete { key, .. } => (key.clone(), None, None, false),
            ChangeKind::Update { key, original, new } => {
                let cols: Vec<&(String, Cell)> = new
                    .iter()
                    .filter(|(_, v)| matches!(v, Cell::Value(x) if !matches!(x, Value::Bytes(_))))
                    .collect();
                if cols.is_empty() {
                    continue;
                }
                let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                let (sql, params) = crate::session::sql::recheck_query(engine, table, key, &names);
                rows.push(VerifyRow {
                    sql,
                    params,
                    committed: Some(
                        cols.iter()
                            .map(|(_, v)| match v {
                                Cell::Value(x) => x.clone(),
                                Cell::Default => Value::Null,
                            })
                            .collect(),
                    ),
                    not_committed: Some(
                        names
                            .iter()
                            .map(|n| {
                                original
                                    .iter()
                                    .find(|(o, _)| o == n)
                                    .map(|(_, v)| v.clone())
                                    .unwrap_or(Value::Null)
                            })
                            .collect(),
                    ),
                    present_if_committed: true,
                });
                continue;
            }
        };
        let (sql, params) = crate::session::sql::recheck_query(engine, table, &key, &[]);
        rows.push(VerifyRow {
            sql,
            params,
            committed,
            not_committed,
            present_if_committed: present,
        });
    }
    if rows.is_empty() {
        return vec![];
    }
    vec![Command::VerifyCommit(rows)]
}

/// What the rows said of the lost commit.
pub fn commit_verified(model: &mut Model, verdict: Option<bool>) -> Vec<Command> {
    match verdict {
        Some(true) => {
            let ids: Vec<ChangeId> = model.session.unit.changes().iter().map(|c| c.id).collect();
            model.session.unit.mark_flushed(&ids);
            crate::app::session::send::commit_flushed(model);
            model.inform(
                "the commit's answer was lost, but its rows are in the database: it committed",
            );
        }
        Some(false) => {
            model.session.unit.clear_failures();
            model.session.unit.clear_in_doubt();
            model.warn(
                "the commit's answer was lost, and its rows are not in the database: it was \
                 rolled back; every change is still staged",
            );
        }
        None => {
            model.warn(
                "the commit's answer was lost and its rows cannot tell whether it committed: \
                 its changes are held (marked ?), and are sent again only after your yes \
                 (Ctrl-S asks)",
            );
        }
    }
    journal(model)
}

/// The journal was opened: what an earlier run left in it (a crash, `kill -9`, a closed
/// terminal) comes back staged, to be checked against the database, and the user is asked
/// whether to keep it.
pub fn restore(model: &mut Model, opened: Result<Recovered, String>) -> Vec<Command> {
    let recovered = match opened {
        Ok(recovered) => {
            model.session.journal.open = true;
            recovered
        }
        Err(why) => {
            model.session.journal_error = Some(why);
            return vec![];
        }
    };
    if recovered.changes.is_empty() {
        if let Some(lost) = recovered.losses() {
            model.warn(format!("The session journal: {lost}."));
        }
        return vec![];
    }
    let mut unit = crate::session::Session::restored(recovered.changes.clone());
    // the transaction they were flushed in is gone: they are staged again
    unit.unflush_all();
    unit.mark_in_doubt(&recovered.in_doubt);
    for id in &recovered.in_doubt {
        unit.mark_failed(
            *id,
            crate::session::Failure {
                message: "restored from a damaged journal: a record written after this \
                              change could not be read (it may have changed, taken back or \
                              committed it); check it before committing"
                    .into(),
                code: None,
            },
        );
    }
    let n = unit.changes().len();
    model.session.unit = unit;
    model.session.recheck_pending = true;
    model.ask(PendingConfirm {
        then: ConfirmThen::DiscardJournal,
        reason: format!(
            "{n} staged change(s) from an earlier run that ended without a commit are back \
                 in the Session pane{}",
            recovered
                .losses()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default()
        ),
        culprit: "Each is checked against the database now, and again when flushed: a row \
                      changed since is marked, never overwritten."
            .into(),
    });
    vec![]
}
