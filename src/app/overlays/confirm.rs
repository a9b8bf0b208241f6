//! The answers to the questions the workbench asks before it acts (run a destructive
//! statement, quit, roll back, discard the journal, switch, send changes in doubt), and the
//! question quitting asks.

use crate::app::model::{ConfirmThen, Model, Overlay};
use crate::app::msg::{Action, Command, Handled};
use crate::app::results::run::start_script;
use crate::app::session::journal;
use crate::app::session::send;

pub(crate) use super::quit::{quit, quit_if_stopped};

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
        Some(ConfirmThen::CancelThenQuit) if yes => return super::quit::cancel_then_quit(model),
        Some(ConfirmThen::CancelThenQuit) => {
            model.warn("Still here; it still runs.");
            // a script held while the question was open goes on
            if !model.is_running() {
                return crate::app::results::finished::next_of_script(model);
            }
        }
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
