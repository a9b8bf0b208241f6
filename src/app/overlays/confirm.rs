//! The answers to the questions the workbench asks before it acts (run a destructive
//! statement, quit, roll back, discard the journal, switch, send changes in doubt), and the
//! question quitting asks.

use crate::app::model::{ConfirmThen, Model, Overlay, PendingConfirm};
use crate::app::msg::{Action, Command, Handled};
use crate::app::results::run::start_script;
use crate::app::session::journal;
use crate::app::session::send;

/// The question on screen takes its answer; the rest goes on.
pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    match action {
        Action::Confirm(yes) => Handled::Done(answer(model, yes)),
        other => Handled::Pass(other),
    }
}

/// The user's yes or no to the question on screen.
pub(crate) fn answer(model: &mut Model, yes: bool) -> Vec<Command> {
    match take_confirm(model) {
        Some(ConfirmThen::Run(statements)) if yes => {
            return start_script(model, statements);
        }
        Some(ConfirmThen::Quit) if yes => model.quit = true,
        Some(ConfirmThen::CancelThenQuit) if yes => return cancel_then_quit(model),
        Some(ConfirmThen::CancelThenQuit) => model.warn("Still here; it still runs."),
        Some(ConfirmThen::Quit) => model.warn("Still here."),
        Some(ConfirmThen::Rollback) if yes => return send::rollback(model),
        Some(ConfirmThen::Rollback) => model.warn("Nothing rolled back."),
        Some(ConfirmThen::DiscardJournal) => return journal::journal_answer(model, !yes),
        Some(ConfirmThen::Switch(target)) if yes => {
            return vec![Command::Switch {
                target,
                password: None,
            }];
        }
        Some(ConfirmThen::Switch(_)) => model.warn("Still here."),
        Some(ConfirmThen::SendInDoubt { commit }) if yes => {
            model.session.unit.clear_in_doubt();
            return match commit {
                true => send::commit(model),
                false => send::flush(model, None),
            };
        }
        Some(ConfirmThen::Predict) => return crate::app::course::predicted(model, yes),
        Some(ConfirmThen::ResetDemo) => return crate::app::course::reset_answered(model, yes),
        Some(ConfirmThen::DeleteConnection(name, back)) => {
            return super::connection_form::delete_answered(model, name, *back, yes);
        }
        Some(ConfirmThen::SendInDoubt { .. }) => {
            model.warn("Nothing sent: the changes in doubt stay staged (u takes one back).")
        }
        _ => model.warn("Not run."),
    }
    vec![]
}

fn take_confirm(model: &mut Model) -> Option<ConfirmThen> {
    match std::mem::take(&mut model.overlay) {
        Overlay::Confirm(p) => Some(p.then),
        other => {
            model.overlay = other;
            None
        }
    }
}

/// Whether something of the user's runs on the server: a statement, or a flush or commit.
fn server_busy(model: &Model) -> bool {
    model.is_running() || model.session.busy
}

/// The rest of a script is dropped and what runs is cancelled on the server; the workbench
/// quits once it has stopped (`quit_if_stopped`), never leaving it to run on unseen.
fn cancel_then_quit(model: &mut Model) -> Vec<Command> {
    model.queue.clear();
    if !server_busy(model) {
        return quit(model);
    }
    model.quit_when_stopped = true;
    match crate::app::results::run::handle(model, Action::Cancel) {
        Handled::Done(commands) => commands,
        Handled::Pass(_) => vec![],
    }
}

/// After each event: the quit asked while something ran goes on once it has stopped (asking
/// again if a transaction is left open).
pub(crate) fn quit_if_stopped(model: &mut Model) -> Vec<Command> {
    if !model.quit_when_stopped || server_busy(model) {
        return vec![];
    }
    model.quit_when_stopped = false;
    quit(model)
}

/// Quits, but asks first while something runs on the server (quitting would not stop it:
/// it would run on, and commit in autocommit), while a transaction is open (leaving rolls it
/// back) or while the editor's text could not be saved (leaving loses it).
pub(crate) fn quit(model: &mut Model) -> Vec<Command> {
    if server_busy(model) {
        model.ask(PendingConfirm {
            then: ConfirmThen::CancelThenQuit,
            reason: "A statement is running on the server: quitting alone would not stop it \
                     there. It would run on, and in autocommit its changes would be committed."
                .into(),
            culprit: "y cancels it on the server and quits once it has stopped; n or Esc \
                      stays and lets it run."
                .into(),
        });
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
