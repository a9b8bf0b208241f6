//! `update`: the one place state changes. It never awaits; it returns commands.

use std::time::Instant;

use super::model::{Catalog, Model, PaneId, QueryId, RunState};
use super::msg::{Action, Command, Event};
use super::results::{ResultSet, ResultState};
use crate::engine::EngineError;

pub fn update(model: &mut Model, action: Action) -> Vec<Command> {
    match action {
        Action::Quit => model.quit = true,
        Action::ToggleHelp => model.help_open = !model.help_open,
        Action::CloseOverlay => model.help_open = false,
        Action::FocusNext => model.focus = model.focus.next(),
        Action::FocusPrev => model.focus = model.focus.prev(),
        Action::Focus(p) => model.focus = p,
        Action::MoveUp => move_rows(model, -1),
        Action::MoveDown => move_rows(model, 1),
        Action::PageUp => move_rows(model, -(model.page_rows.max(1) as isize)),
        Action::PageDown => move_rows(model, model.page_rows.max(1) as isize),
        Action::Home => move_rows(model, isize::MIN / 2),
        Action::End => move_rows(model, isize::MAX / 2),
        Action::MoveLeft => {
            model.cursors.results_col = model.cursors.results_col.saturating_sub(1);
        }
        Action::MoveRight => {
            let width = model.result.as_ref().map_or(0, |r| r.columns.len());
            model.cursors.results_col =
                (model.cursors.results_col + 1).min(width.saturating_sub(1));
        }
        Action::RunStatement(sql) => {
            if model.is_running() {
                model.notice = Some("A statement is still running: Esc cancels it.".into());
                return vec![];
            }
            if crate::query::split::is_blank(&sql) {
                model.notice = Some("Nothing to run: the editor is empty here.".into());
                return vec![];
            }
            let id = QueryId(model.next_query);
            model.next_query += 1;
            model.run = RunState::Running {
                id,
                started: Instant::now(),
                cancel_requested: false,
            };
            model.result = Some(ResultSet::new(id, sql.clone()));
            model.cursors.results_row = 0;
            model.cursors.results_col = 0;
            model.notice = None;
            return vec![Command::Execute { id, sql }];
        }
        Action::Cancel => {
            if let RunState::Running {
                cancel_requested, ..
            } = &mut model.run
            {
                *cancel_requested = true;
                model.notice = Some("Cancelling on the server…".into());
                return vec![Command::Cancel];
            }
            model.help_open = false;
        }
        Action::RefreshCatalog => {
            model.catalog = Catalog::Loading;
            return vec![Command::LoadCatalog];
        }
    }
    vec![]
}

/// Applies an event from the core. Replies for a query other than the current one are dropped.
pub fn apply(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
        Event::EchoChanged | Event::Terminated => {
            if matches!(event, Event::Terminated) {
                model.quit = true;
            }
        }
        Event::CatalogLoaded(Ok(relations)) => {
            model.cursors.schema_selected = model
                .cursors
                .schema_selected
                .min(relations.len().saturating_sub(1));
            model.catalog = Catalog::Loaded(relations);
        }
        Event::CatalogLoaded(Err(e)) => model.catalog = Catalog::Failed(e),
        Event::ResultStarted { id, columns } => {
            if let Some(r) = current_result(model, id) {
                r.columns = columns;
            }
        }
        Event::RowsReceived { id, batch } => {
            if let Some(r) = current_result(model, id) {
                r.push(batch);
            }
        }
        Event::QueryFinished { id, result } => {
            if !matches!(model.run, RunState::Running { id: running, .. } if running == id) {
                return vec![];
            }
            model.run = RunState::Idle;
            let mut refresh = false;
            if let Some(r) = current_result(model, id) {
                r.state = match result {
                    Ok(s) => {
                        refresh = !s.has_result && is_ddl(&r.sql);
                        ResultState::Done {
                            rows_affected: s.rows_affected,
                            has_result: s.has_result,
                            duration: s.duration,
                        }
                    }
                    Err(EngineError::Cancelled) => ResultState::Cancelled,
                    Err(e) => ResultState::Failed(e),
                };
            }
            model.notice = None;
            if refresh {
                model.catalog = Catalog::Loading;
                return vec![Command::LoadCatalog];
            }
        }
    }
    vec![]
}

fn is_ddl(sql: &str) -> bool {
    matches!(
        crate::query::classify::first_keyword(sql).as_str(),
        "CREATE" | "DROP" | "ALTER" | "RENAME"
    )
}

fn current_result(model: &mut Model, id: QueryId) -> Option<&mut ResultSet> {
    model.result.as_mut().filter(|r| r.id == id)
}

fn move_rows(model: &mut Model, delta: isize) {
    let apply = |cur: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        (cur as isize)
            .saturating_add(delta)
            .clamp(0, len as isize - 1) as usize
    };
    match model.focus {
        PaneId::Schema => {
            let len = match &model.catalog {
                Catalog::Loaded(r) => r.len(),
                _ => 0,
            };
            model.cursors.schema_selected = apply(model.cursors.schema_selected, len);
        }
        PaneId::Results => {
            let len = model.result.as_ref().map_or(0, |r| r.len());
            model.cursors.results_row = apply(model.cursors.results_row, len);
        }
        PaneId::Echo => {
            // up scrolls back in time
            let len = model.echo.len();
            let back = model.cursors.echo_back as isize - delta;
            model.cursors.echo_back = back.clamp(0, len.saturating_sub(1) as isize) as usize;
        }
        PaneId::Editor | PaneId::Session => {}
    }
}
