//! Sending the session: flush, commit and roll back as commands, and their answers applied
//! (what failed is marked, what was sent is staged again when its transaction ends).

use crate::engine::TxStatus;
use crate::session::flush::{CommitOutcome, FlushError, FlushReport};
use crate::session::{ChangeId, TableRef, plan};

use crate::app::model::{ConfirmThen, Model, Overlay, PendingConfirm};
use crate::app::msg::{AfterFlush, Command};
use crate::app::session::edit::{journal, notice};
use crate::app::session::lasting::{keep_written, with_written};
use crate::app::session::view::{ended_objects, keep_identities};

/// The flush plan of what is pending, or the change it cannot be made for.
fn current_plan(model: &mut Model) -> Result<crate::session::Plan, String> {
    let catalog = model
        .catalog
        .loaded()
        .ok_or("the schema is still loading")?;
    let lookup = |r: &TableRef| catalog.table(&r.schema, &r.name);
    plan(
        &model.session.unit,
        &lookup,
        crate::session::Dialect::of(&model.info),
    )
    .map_err(|e| {
        let msg = e.message.clone();
        model.session.unit.mark_failed(
            e.change,
            crate::session::Failure {
                message: e.message,
                code: None,
            },
        );
        msg
    })
}

/// `f`: send the pending changes in the transaction and keep it open. `then` runs afterwards
/// (autoflush before a statement).
pub fn flush(model: &mut Model, then: Option<AfterFlush>) -> Vec<Command> {
    if let Some(why) = model.course.busy_resetting() {
        return notice(model, why.into());
    }
    if model.session.busy {
        return notice(model, "the session is busy: wait for it".into());
    }
    if model.info.read_only_session {
        return notice(
            model,
            "--read-only: staged changes cannot be flushed".into(),
        );
    }
    if model.session.unit.has_in_doubt() {
        if then.is_some() {
            // autoflush never sends them: the user's statement waits for nothing
            return notice(model, IN_DOUBT_HELD.into());
        }
        return ask_send_in_doubt(model, false);
    }
    let plan = match current_plan(model) {
        Ok(p) => p,
        Err(why) => return notice(model, format!("cannot flush: {why}")),
    };
    if plan.steps.is_empty() && then.is_none() {
        return notice(model, "nothing to flush".into());
    }
    model.session.busy = true;
    model.session.busy_since = Some(model.now);
    model.session.cancel_asked = false;
    model.session.unit.clear_failures();
    vec![Command::Flush {
        plan: std::sync::Arc::new(plan),
        then,
    }]
}

/// `c` / Ctrl-S: flush what is left and commit.
pub fn commit(model: &mut Model) -> Vec<Command> {
    if let Some(why) = model.course.busy_resetting() {
        return notice(model, why.into());
    }
    if model.session.busy {
        return notice(model, "the session is busy: wait for it".into());
    }
    if model.info.read_only_session {
        return notice(
            model,
            "--read-only: staged changes cannot be committed".into(),
        );
    }
    if model.session.unit.is_empty() && !model.transaction.is_open() {
        return notice(model, "nothing to commit".into());
    }
    if model.session.unit.has_in_doubt() {
        return ask_send_in_doubt(model, true);
    }
    let plan = match current_plan(model) {
        Ok(p) => p,
        Err(why) => return notice(model, format!("cannot commit: {why}")),
    };
    model.session.busy = true;
    model.session.busy_since = Some(model.now);
    model.session.cancel_asked = false;
    model.session.unit.clear_failures();
    vec![Command::Commit {
        plan: std::sync::Arc::new(plan),
    }]
}

/// Said when autoflush holds back: the statement did not run.
pub const IN_DOUBT_HELD: &str = "not run: autoflush would send changes whose earlier commit \
     may have happened (its answer was lost); commit them with a yes (Ctrl-S asks), take them \
     back with u, or turn autoflush off to run statements without them";

/// Changes whose commit's outcome is unknown are sent again only after an explicit yes.
fn ask_send_in_doubt(model: &mut Model, commit: bool) -> Vec<Command> {
    let n = model
        .session
        .unit
        .changes()
        .iter()
        .filter(|c| c.in_doubt)
        .count();
    model.ask(PendingConfirm {
        then: ConfirmThen::SendInDoubt { commit },
        reason: format!(
            "{n} staged change(s) may be in the database already: the commit they were in was \
             never answered (or the journal lost a record about them). Sending them again may \
             apply them twice."
        ),
        culprit: "Check the rows first (run the query again). Yes sends them again; No keeps \
                  them staged and sends nothing."
            .into(),
    });
    vec![]
}

/// `r`: asks, then ends the transaction and discards the staged changes.
pub fn ask_rollback(model: &mut Model) -> Vec<Command> {
    let n = model.session.unit.changes().len();
    if n == 0 && !model.transaction.is_open() {
        return notice(model, "nothing to roll back".into());
    }
    model.ask(PendingConfirm {
        then: ConfirmThen::Rollback,
        reason: format!(
            "Roll back: the open transaction ends and {n} staged change(s) are discarded"
        ),
        culprit: "This cannot be undone.".into(),
    });
    vec![]
}

pub fn rollback(model: &mut Model) -> Vec<Command> {
    model.session.busy = true;
    model.session.busy_since = Some(model.now);
    model.session.cancel_asked = false;
    vec![Command::Rollback]
}

pub fn flushed(
    model: &mut Model,
    result: Result<FlushReport, FlushError>,
    then: Option<AfterFlush>,
    tx: TxStatus,
) -> Vec<Command> {
    model.session.busy = false;
    set_transaction(model, tx);
    match result {
        Ok(report) => {
            // a flush leaves session.dirty empty (the objects set back included)
            model.session.touched.clear();
            if !report.flushed.is_empty() {
                model.session.unit.mark_flushed(&report.flushed);
                model.session.unit.mark_generated(&report.generated);
                model
                    .session
                    .events
                    .push(if matches!(then, Some(AfterFlush::Run(_))) {
                        "session.flush()  # autoflush, before the statement".into()
                    } else {
                        "session.flush()".into()
                    });
                model.inform(format!(
                    "flushed {} change(s) in {} statement(s): the transaction is open",
                    report.flushed.len(),
                    report.statements
                ));
            }
            let mut cmds = journal(model);
            match then {
                // the statements the autoflush was for: `apply` runs them next
                Some(AfterFlush::Run(_)) => {}
                Some(AfterFlush::Choices(q)) => cmds.push(Command::LoadChoices(q)),
                None => {}
            }
            cmds
        }
        Err(e) => {
            failed(model, &e);
            // the picker still lists the rows the database has: a failing staged change must
            // not keep a valid key from being picked
            if let (Some(AfterFlush::Choices(q)), Overlay::InsertForm(f)) =
                (&then, &mut model.overlay)
            {
                f.error = Some(format!(
                    "autoflush failed ({}): the rows listed are the database's, without this \
                     session's new ones",
                    model.notice.clone().unwrap_or_default()
                ));
                let mut cmds = journal(model);
                cmds.push(Command::LoadChoices(q.clone()));
                return cmds;
            }
            if then.is_some() {
                let why = model.notice.take().unwrap_or_default();
                model.fail(format!("autoflush failed, so nothing else was run: {why}"));
            }
            journal(model)
        }
    }
}

fn failed(model: &mut Model, e: &FlushError) {
    // a block about the last commit or rollback would speak of objects no longer staged
    model.session.last_end.clear();
    // what went to a table that cannot roll back was written
    model.session.unit.mark_flushed(&e.kept);
    let written = match e.ended_transaction {
        true => keep_written(model),
        false => (!e.kept.is_empty()).then(|| {
            format!(
                "{} change(s) went to a table that cannot roll back (MyISAM, Aria…) and stay                  in the database: they are flushed, not staged again",
                e.kept.len()
            )
        }),
    };
    if e.ended_transaction {
        model.session.unit.unflush_all();
    }
    // a failed statement to a table that cannot roll back may have written: held, never sent
    // again without a yes
    model.session.unit.mark_in_doubt(&e.maybe_written);
    let written = match (written, e.maybe_written.is_empty()) {
        (w, true) => w,
        (w, false) => Some(format!(
            "{}the refused change went to a table that cannot roll back and may have been \
             written before it failed: it is held (marked ?) and sent again only after your yes",
            w.map(|w| format!("{w}; ")).unwrap_or_default()
        )),
    };
    if let Some(id) = e.culprit {
        model.session.unit.mark_failed(id, e.failure.clone());
        if let Some(i) = model.session.unit.changes().iter().position(|c| c.id == id) {
            model.session.cursor = i;
        }
    }
    let kept = match written {
        None => "every staged change is kept",
        Some(_) => "every other staged change is kept",
    };
    let notice = format!(
        "flush failed: {}{} — {}; {kept}",
        e.failure.message,
        e.failure
            .code
            .as_ref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default(),
        e.transaction
    );
    model.fail(with_written(notice, written));
}

pub fn committed(model: &mut Model, outcome: CommitOutcome, tx: TxStatus) -> Vec<Command> {
    model.session.busy = false;
    set_transaction(model, tx);
    match outcome {
        CommitOutcome::Committed(report) => {
            let n = model.session.unit.changes().len();
            model.session.unit.mark_generated(&report.generated);
            model.session.last_end = ended_objects(model, true);
            keep_identities(model, true);
            model.session.unit.mark_flushed(&report.flushed);
            commit_flushed(model);
            model.session.events.push("session.commit()".into());
            model.inform(format!("committed {n} change(s)"));
        }
        CommitOutcome::FlushFailed(e) => failed(model, &e),
        CommitOutcome::KeyRefused { why, table, key } => {
            let written = keep_written(model);
            model.session.unit.unflush_all();
            model.fail(with_written(
                format!("not committed: {why}; every staged change is kept, commit again to retry"),
                written,
            ));
            mark_missing_key(model, &table, &key);
        }
        CommitOutcome::RolledBack(why) => {
            let written = keep_written(model);
            model.session.unit.unflush_all();
            model.fail(with_written(
                format!("not committed: {why}; every staged change is kept, commit again to retry"),
                written,
            ));
        }
        CommitOutcome::StillOpen(report, why) => {
            // what was flushed stays flushed: the next commit sends COMMIT alone
            model.session.unit.mark_generated(&report.generated);
            model.session.unit.mark_flushed(&report.flushed);
            model.fail(format!("not committed yet: {why}"));
        }
        CommitOutcome::InFlight(why) => {
            // (what went to a table that cannot roll back is written, whatever the COMMIT did)
            let _ = keep_written(model);
            model.session.unit.unflush_all();
            let ids: Vec<ChangeId> = model.session.unit.changes().iter().map(|c| c.id).collect();
            model.session.unit.mark_in_doubt(&ids);
            model.warn(format!(
                "commit outcome unknown: {why}; every change is held (marked ?) and sent again \
                 only after your yes"
            ));
        }
        CommitOutcome::Unknown(why) => {
            let _ = keep_written(model);
            model.session.unit.unflush_all();
            let ids: Vec<ChangeId> = model.session.unit.changes().iter().map(|c| c.id).collect();
            model.session.unit.mark_in_doubt(&ids);
            for id in ids {
                model.session.unit.mark_failed(
                    id,
                    crate::session::Failure {
                        message: "the commit's outcome is unknown: check the rows before \
                                  committing this again"
                            .into(),
                        code: None,
                    },
                );
            }
            model.warn(format!(
                "commit outcome unknown: {why}; reading its rows to tell"
            ));
            let mut cmds = journal(model);
            cmds.extend(crate::app::session::journal::verify_commit(model));
            return cmds;
        }
    }
    [journal(model), super::read_back::after_commit(model)].concat()
}

/// Marks the change a deferred foreign key refused at COMMIT: the one on `table` whose staged
/// values of the key's columns are the ones the server named.
fn mark_missing_key(model: &mut Model, table: &str, key: &[(String, String)]) {
    use crate::session::{Cell, ChangeKind};
    let text = |cell: &Cell| match cell {
        Cell::Value(v) => v.to_text(),
        Cell::Default => None,
    };
    let culprit = model.session.unit.changes().iter().find(|c| {
        let values = match &c.kind {
            ChangeKind::Insert { values } => values,
            ChangeKind::Update { new, .. } => new,
            ChangeKind::Delete { .. } => return false,
        };
        c.table.name == table
            && key.iter().all(|(col, val)| {
                values
                    .iter()
                    .any(|(k, cell)| k == col && text(cell).as_deref() == Some(val))
            })
    });
    let Some(id) = culprit.map(|c| c.id) else {
        return;
    };
    let shown: Vec<String> = key.iter().map(|(c, v)| format!("{c}={v}")).collect();
    model.session.unit.mark_failed(
        id,
        crate::session::Failure {
            message: format!(
                "its key {} is not present in the table it refers to: the deferred foreign \
                 key refused it at COMMIT",
                shown.join(", ")
            ),
            code: Some("23503".into()),
        },
    );
    if let Some(i) = model.session.unit.changes().iter().position(|c| c.id == id) {
        model.session.cursor = i;
    }
}

pub fn rolled_back(
    model: &mut Model,
    result: Result<(), crate::engine::EngineError>,
    tx: TxStatus,
) -> Vec<Command> {
    model.session.busy = false;
    set_transaction(model, tx);
    match result {
        Ok(()) => {
            let written = keep_written(model);
            let n = model.session.unit.changes().len();
            model.session.last_end = ended_objects(model, false);
            keep_identities(model, false);
            model.session.unit.discard();
            model.session.cursor = 0;
            model.session.events.push("session.rollback()".into());
            model.results_stale |= model.read_in_transaction;
            model.inform(with_written(
                format!("rolled back; {n} staged change(s) discarded"),
                written,
            ));
        }
        Err(why) => model.fail(format!("rollback failed: {why}")),
    }
    journal(model)
}

/// Follows the transaction; when it ends without our commit, what it held of ours is staged
/// again, and when the user committed it, what was flushed is in the database.
pub fn set_transaction(model: &mut Model, tx: TxStatus) {
    if tx.is_open() && !model.transaction.is_open() {
        model.session.tx_since = Some(model.now);
    }
    if !tx.is_open() {
        model.session.tx_since = None;
    }
    model.transaction = tx;
}

/// The flushed changes are committed: the rows they wrote are kept as they now are for the
/// held results (`CommittedRows`), then the changes leave the unit of work.
pub(crate) fn commit_flushed(model: &mut Model) {
    let s = &mut model.session;
    for c in s.unit.changes().iter().filter(|c| c.flushed) {
        s.committed_rows.record(c);
    }
    s.unit.committed();
}

/// A statement of the user's ended the transaction: COMMIT keeps what was flushed, anything
/// else (ROLLBACK, a lost connection) makes it staged again.
pub fn user_ended_transaction(model: &mut Model, committed: bool) {
    if committed {
        commit_flushed(model);
        model
            .session
            .events
            .push("session.commit()  # COMMIT from the editor".into());
    } else if model.session.unit.changes().iter().any(|c| c.flushed) {
        let written = keep_written(model);
        model.session.unit.unflush_all();
        model.warn(with_written(
            "the transaction ended without a commit: the flushed changes are staged again".into(),
            written,
        ));
    }
}

/// `W` in the Session pane: the session as a Python script beside the exports.
pub fn write_script(model: &mut Model) -> Vec<Command> {
    if model.session.unit.is_empty() {
        return notice(model, "nothing staged to write as a script".into());
    }
    let Some(c) = model.catalog.loaded() else {
        return notice(model, "the schema is still loading".into());
    };
    let dialect = match model.info.engine {
        crate::engine::EngineKind::Postgres => "postgresql",
        crate::engine::EngineKind::MySql => "mysql",
        crate::engine::EngineKind::Sqlite => "sqlite",
    };
    let catalog = c.assembled(dialect, &model.info.database, model.info.schema.as_deref());
    let location = match model.info.engine {
        crate::engine::EngineKind::Sqlite => &model.info.identity,
        _ => &model.info.location,
    };
    let url = crate::session::script::sqlalchemy_url(
        model.info.engine,
        &model.info.user,
        location,
        &model.info.database,
    );
    let text = crate::session::script::python_script(&model.session.unit, &catalog, &url);
    let stamp = model
        .wall
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = model.export_dir.join(format!("retort-session-{stamp}.py"));
    vec![Command::WriteScript { path, text }]
}
