//! Quitting: asked first while something runs on the server (quitting alone would not stop
//! it there), while a transaction is open, or while the editor's text could not be saved.
//! A yes while something runs cancels it, and the workbench quits once it has stopped —
//! unless it ended before the cancel reached it, which is then said instead.

use crate::app::model::{ConfirmThen, Model, PendingConfirm};
use crate::app::msg::{Action, Command, Handled};
use crate::app::run_state::QuitWhenStopped;
use crate::query::result::ResultState;

/// Whether something of the user's runs on the server: a statement, or a flush or commit.
fn server_busy(model: &Model) -> bool {
    model.is_running() || model.session.busy
}

/// The rest of a script is dropped and what runs is cancelled on the server; the workbench
/// quits once it has stopped (`quit_if_stopped`), never leaving it to run on unseen.
pub(super) fn cancel_then_quit(model: &mut Model) -> Vec<Command> {
    model.queue.clear();
    model.quit_when_stopped = match model.run {
        crate::app::run_state::RunState::Running { id, .. } => QuitWhenStopped::AfterRun(id),
        _ if model.session.busy => QuitWhenStopped::AfterSession {
            staged: model.session.unit.changes().len(),
        },
        _ => return quit(model),
    };
    match crate::app::results::run::handle(model, Action::Cancel) {
        Handled::Done(commands) => commands,
        Handled::Pass(_) => vec![],
    }
}

/// After each event: the quit asked while something ran goes on once it has stopped (asking
/// again if a transaction is left open), unless it ended before the cancel reached it.
pub(crate) fn quit_if_stopped(model: &mut Model) -> Vec<Command> {
    if model.quit_when_stopped == QuitWhenStopped::No || server_busy(model) {
        return vec![];
    }
    let waited = std::mem::take(&mut model.quit_when_stopped);
    if let Some(what) = ended_anyway(model, waited) {
        model.warn(format!(
            "{what} before its cancel reached it: not cancelled. Ctrl-Q quits."
        ));
        return vec![];
    }
    quit(model)
}

/// What ran to its end although it was asked to stop: a statement done, a commit through.
fn ended_anyway(model: &Model, waited: QuitWhenStopped) -> Option<String> {
    match waited {
        QuitWhenStopped::AfterRun(id) => {
            let r = model.results.iter().find(|r| r.id == id)?;
            match &r.state {
                ResultState::Done(s) => {
                    let tag = (s.tag.clone()).unwrap_or_else(|| {
                        crate::query::classify::command_tag(&r.sql, s.rows_affected)
                    });
                    Some(format!("It ended ({tag})"))
                }
                _ => None,
            }
        }
        // a commit that went through leaves fewer changes than it was asked to stop with
        QuitWhenStopped::AfterSession { staged } => (model.session.unit.changes().len() < staged)
            .then(|| "The commit went through".to_string()),
        QuitWhenStopped::No => None,
    }
}

/// Quits, but asks first while something runs on the server (quitting would not stop it:
/// it would run on, and commit in autocommit), while a transaction is open (leaving rolls it
/// back) or while the editor's text could not be saved (leaving loses it).
pub(crate) fn quit(model: &mut Model) -> Vec<Command> {
    if server_busy(model) {
        model.ask(running_question(
            model.quit_when_stopped != QuitWhenStopped::No,
        ));
        return vec![];
    }
    let open = model.transaction.is_open();
    if !open && !model.buffer_unsaved {
        model.quit = true;
        return vec![];
    }
    let mut reason = Vec::new();
    let mut culprit = Vec::new();
    if open {
        reason.push(
            "A transaction is open: quitting now rolls it back, and nothing of it is committed.",
        );
        if !model.session.unit.is_empty() {
            reason.push(
                "What is staged stays in the journal: the next start offers it back, unflushed.",
            );
        }
        culprit.push("Commit first (Ctrl-S, or COMMIT in the editor) to keep its work.");
    }
    if model.buffer_unsaved {
        reason.push("The editor's text could not be saved: quitting now loses what was typed since the last save.");
        culprit.push("Copy it out first (F4 opens it in $EDITOR), or free the disk: the next keypress saves again.");
    }
    if let Some(e) = &model.storage_error {
        reason.push(e);
    }
    model.ask(PendingConfirm {
        then: ConfirmThen::Quit,
        reason: reason.join(" "),
        culprit: culprit.join(" "),
    });
    vec![]
}

/// The question while something runs: first, cancel it and quit once it has stopped; asked
/// again while the cancel is not confirmed, quit anyway (it runs on there).
fn running_question(cancelling: bool) -> PendingConfirm {
    match cancelling {
        false => PendingConfirm {
            then: ConfirmThen::CancelThenQuit,
            reason: "A statement is running on the server: quitting alone would not stop it \
                     there. It would run on, and what it changes could be committed."
                .into(),
            culprit: "y cancels it on the server and quits once it has stopped; n or Esc \
                      stays and lets it run."
                .into(),
        },
        true => PendingConfirm {
            then: ConfirmThen::Quit,
            reason: "The server has not stopped the statement yet (its cancel is not \
                     confirmed): quitting now leaves it running there, and what it changes \
                     could be committed."
                .into(),
            culprit: "y quits anyway; n or Esc waits for it to stop.".into(),
        },
    }
}
