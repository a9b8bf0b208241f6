//! `update`: the one place state changes. It never awaits; it returns commands.
//!
//! An action goes first to what has the keys (`keys_go_to`: an overlay, a filter being
//! typed), then to the handlers of the workbench's areas in turn (running, the results, the
//! schema, the Session), and last to what every pane shares (focus, moving, quitting). Each
//! handler takes what is its own and passes the rest on.

use super::keys_to::KeysTo;
use super::model::{Model, Overlay};
use super::msg::{Action, Command, Handled};
use super::pane_cursor::move_rows;

/// The handlers of the workbench's areas, in the order an action meets them.
const AREAS: [fn(&mut Model, Action) -> Handled; 4] = [
    super::results::run::handle,
    super::results::actions::handle,
    super::schema::keys::handle,
    super::session::actions::handle,
];

pub fn update(model: &mut Model, action: Action) -> Vec<Command> {
    let mut commands = route(model, action);
    commands.extend(super::course::advance(model));
    commands
}

/// The action to what has the keys, then to the areas in turn.
fn route(model: &mut Model, action: Action) -> Vec<Command> {
    let mut action = match model.keys_go_to() {
        KeysTo::Panes => action,
        KeysTo::RowFilter => match super::results::actions::row_filter_keys(model, action) {
            Handled::Done(commands) => return commands,
            Handled::Pass(action) => action,
        },
        KeysTo::TreeFilter => match super::schema::keys::filter_keys(model, action) {
            Handled::Done(commands) => return commands,
            Handled::Pass(action) => action,
        },
        _ => match super::overlays::handle(model, action) {
            Handled::Done(commands) => return commands,
            Handled::Pass(action) => action,
        },
    };
    for area in AREAS {
        action = match area(model, action) {
            Handled::Done(commands) => return commands,
            Handled::Pass(action) => action,
        };
    }
    shared(model, action)
}

/// What every pane shares: help, focus, moving the cursor, quitting, the Engine view.
fn shared(model: &mut Model, action: Action) -> Vec<Command> {
    let page = model.page_rows.max(1) as isize;
    match action {
        Action::Quit => return super::overlays::confirm::quit(model),
        Action::ToggleHelp => {
            model.help_scroll = 0;
            model.overlay = Overlay::Help;
        }
        Action::Dismiss => model.overlay = Overlay::None,
        Action::FocusNext => model.focus = model.focus.next(),
        Action::FocusPrev => model.focus = model.focus.prev(),
        Action::Focus(p) => model.focus = p,
        Action::MoveUp => move_rows(model, -1),
        Action::MoveDown => move_rows(model, 1),
        Action::PageUp => move_rows(model, -page),
        Action::PageDown => move_rows(model, page),
        Action::Home => move_rows(model, isize::MIN / 2),
        Action::End => move_rows(model, isize::MAX / 2),
        Action::ScrollBy(delta) => move_rows(model, delta),
        Action::EngineView => {
            model.engine_view = !model.engine_view;
            if model.engine_view {
                return vec![Command::InspectEngine {
                    isolation: true,
                    activity: true,
                }];
            }
        }
        Action::Zoom => model.zoomed = !model.zoomed,
        Action::ToggleCourse => return super::course::toggle(model),
        Action::RestartLesson => return super::course::restart_lesson(model),
        Action::OpenPicker(entries) => {
            return super::overlays::picker_actions::open(model, entries);
        }
        Action::OpenHistory => model.set_history_popup(Some(Default::default())),
        Action::Complete {
            before,
            after,
            auto,
        } => super::overlays::completion_actions::open(model, &before, &after, auto),
        Action::Confirm(_) | Action::Accept | Action::Edit(_) => {}
        _ => {}
    }
    vec![]
}
