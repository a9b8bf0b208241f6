//! The Session's actions: staging (edit, insert, delete, take back), sending (flush, commit,
//! roll back), and how the Session pane shows it.

use super::{cell_edit, edit, send};
use crate::app::model::{Model, PaneId, SessionTab};
use crate::app::msg::{Action, Handled};

pub(crate) fn handle(model: &mut Model, action: Action) -> Handled {
    let in_pane = model.focus == PaneId::Session;
    Handled::Done(match action {
        Action::EditCell => cell_edit::edit_cell(model),
        Action::StageDelete => edit::delete_rows(model),
        Action::RevertChange => edit::revert(model, in_pane),
        Action::InsertRow => {
            let from_tree = model.focus == PaneId::Schema;
            crate::app::overlays::insert_form_actions::open(model, from_tree)
        }
        Action::Flush => send::flush(model, None),
        Action::Commit => send::commit(model),
        Action::Rollback => send::ask_rollback(model),
        Action::WriteScript => send::write_script(model),
        Action::ToggleAutoflush => {
            model.session.autoflush = !model.session.autoflush;
            let state = if model.session.autoflush { "on" } else { "off" };
            model.inform(format!("autoflush {state}"));
            vec![]
        }
        Action::SessionTab => {
            model.session.tab = match model.session.tab {
                SessionTab::Changes => SessionTab::Teaching,
                SessionTab::Teaching => SessionTab::Changes,
            };
            vec![]
        }
        other => return Handled::Pass(other),
    })
}
