//! `apply`: events from the core (past tense) change the model; like `update`, it never awaits
//! and returns commands. Each kind of event has its own function.

use super::model::Model;
use super::msg::{Command, Event};
use super::results::finished::query_finished;
use super::results::run::current_result;
use super::schema::actions as tree;
use crate::app::session::journal;
use crate::app::session::send;

/// Applies an event from the core. Replies for a query other than the current one are dropped.
pub fn apply(model: &mut Model, event: Event) -> Vec<Command> {
    // the Engine view is live: read again after what may change the connections
    // after a statement, the server is asked what each connection does; after a connection's
    // life changed, only what is known here (that asking is itself a checkout and a checkin)
    let ended = match &event {
        Event::QueryFinished { .. }
        | Event::SessionFlushed { .. }
        | Event::SessionCommitted { .. }
        | Event::SessionRolledBack { .. } => Some(true),
        Event::Echoed(entries) => {
            (last_pool_event(entries) != last_pool_event(&model.echo)).then_some(false)
        }
        _ => None,
    };
    let mut commands = by_kind(model, event);
    if let Some(activity) = ended.filter(|_| model.engine_view) {
        commands.push(Command::InspectEngine {
            isolation: false,
            activity,
        });
    }
    commands.extend(super::course::advance(model));
    commands.extend(super::overlays::confirm::quit_if_stopped(model));
    commands
}

/// When a connection was last made, checked out or in, or given up, as the log says.
fn last_pool_event(entries: &[crate::engine::EchoEntry]) -> Option<std::time::SystemTime> {
    (entries.iter().rev())
        .find(|e| e.origin == crate::engine::Origin::Pool)
        .map(|e| e.at)
}

fn by_kind(model: &mut Model, event: Event) -> Vec<Command> {
    use Event as E;
    match event {
        e @ (E::Reported(..)
        | E::Resized { .. }
        | E::Echoed(..)
        | E::EngineInspected(..)
        | E::ReadElsewhere(..)
        | E::DemoReset(..)
        | E::ChangedElsewhere(..)
        | E::Configured(..)
        | E::PasswordAsked { .. }
        | E::CellEdited(..)
        | E::ConnectionsSaved { .. }
        | E::Terminated) => front_end(model, e),
        e @ (E::CatalogLoaded { .. }
        | E::SchemaLoaded { .. }
        | E::DatabasesListed(..)
        | E::ServerDdlLoaded { .. }) => catalog(model, e),
        e @ (E::ResultStarted { .. }
        | E::RowsReceived { .. }
        | E::ResultCapped { .. }
        | E::ViewReady { .. }
        | E::PlanReady { .. }
        | E::MetaAnswered { .. }
        | E::QueryFinished { .. }) => results(model, e),
        e @ (E::SessionFlushed { .. }
        | E::SessionCommitted { .. }
        | E::SessionRolledBack { .. }
        | E::Rechecked(..)
        | E::ReadBackDone(..)
        | E::CommitVerified(..)
        | E::JournalOpened(..)
        | E::ChoicesLoaded { .. }
        | E::JournalWritten { .. }) => session(model, e),
        e @ (E::BufferSaved(..)
        | E::CourseSaved(..)
        | E::HistoryWritten(..)
        | E::ScriptWritten { .. }
        | E::ExportProgress { .. }
        | E::ExportFinished { .. }) => files(model, e),
    }
}

/// The front end's own work and how it went: a notice, the terminal's size, the echo log,
/// the setup, a password asked for, $EDITOR's text, the end.
fn front_end(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
        Event::Reported(notice) => model.notice = Some(notice),
        Event::Resized {
            page_rows,
            viewer_width,
            viewer_rows,
        } => {
            (model.page_rows, model.viewer_width) = (page_rows, viewer_width);
            model.viewer_rows = viewer_rows;
            if let Some(v) = model.viewer_mut() {
                v.rewrap(viewer_width);
            }
        }
        Event::Echoed(entries) => model.echo = entries,
        Event::ReadElsewhere(read) => super::course::read_elsewhere(model, read),
        Event::DemoReset(result) => super::course::demo_reset(model, result),
        Event::ChangedElsewhere(result) => super::course::changed_elsewhere(model, result),
        Event::EngineInspected(mut status) => {
            // the isolation level is read when the view opens, the server's list of the
            // connections after each statement: a refresh in between keeps what they said
            let known = model.engine_status.take().unwrap_or_default();
            status.isolation = status.isolation.or(known.isolation);
            status.activity = status.activity.or(known.activity);
            model.engine_status = Some(status);
        }
        Event::Configured(setup) => model.configure(*setup),
        Event::PasswordAsked { target, label } => {
            super::overlays::picker_actions::ask_password(model, target, label)
        }
        Event::CellEdited(edited) => {
            if let super::model::Overlay::CellEditor(edit) = &mut model.overlay {
                match edited {
                    Ok(text) => edit.edit(&super::line_input::LineEdit::Set(text)),
                    Err(why) => edit.error = Some(why),
                }
            }
        }
        Event::Terminated => model.quit = true,
        Event::ConnectionsSaved { result, note } => {
            super::overlays::connection_form::saved(model, result, note)
        }
        _ => {}
    }
    vec![]
}

/// The catalog: schemas and relations, one schema's details, the server's DDL, the databases.
fn catalog(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
        Event::CatalogLoaded { generation, result } => {
            return tree::catalog_loaded(model, generation, result);
        }
        Event::SchemaLoaded {
            generation,
            schema,
            result,
        } => {
            let mut cmds = tree::schema_loaded(model, generation, schema, result);
            cmds.extend(journal::maybe_recheck(model));
            return cmds;
        }
        Event::DatabasesListed(names) => {
            super::overlays::picker_actions::databases_listed(model, names)
        }
        Event::ServerDdlLoaded { schema, table, ddl } => {
            tree::server_ddl_loaded(model, &schema, &table, ddl)
        }
        _ => {}
    }
    vec![]
}

/// A statement's result: its columns, rows and caps, a new order of its rows, a plan, its end.
fn results(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
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
        Event::ResultCapped { id, ran_on } => {
            if let Some(r) = current_result(model, id) {
                r.capped = true;
                r.cap_ran_on = ran_on;
            }
        }
        Event::ViewReady {
            id,
            generation,
            spec,
            view,
        } if generation == model.view_generation => {
            model.view_pending = false;
            model.cursors.results_row = 0;
            if let Some(r) = current_result(model, id) {
                r.set_view(spec, view);
            }
        }
        Event::PlanReady { sql, result } => {
            let first: String = sql.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
            model.notice = None;
            let text = match result {
                Ok(text) => text,
                Err(e) => format!("EXPLAIN failed: {e}"),
            };
            let mut view = super::overlays::viewer::TextView::new(format!("Plan · {first}"), text);
            view.rewrap(model.viewer_width);
            model.set_viewer(Some(view));
        }
        Event::QueryFinished {
            id,
            result,
            transaction,
        } => return query_finished(model, id, result, transaction),
        Event::MetaAnswered {
            id,
            command,
            result,
        } => return super::results::meta::answered(model, id, &command, result),
        _ => {}
    }
    vec![]
}

/// The Session's answers: flush, commit, rollback, the journal, the checks after a restore or a
/// lost commit answer, a foreign key's rows.
fn session(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
        Event::SessionFlushed {
            result,
            then,
            transaction,
        } => {
            // an autoflush went through: the statements it was for run now
            let run = match (&result, &then) {
                (Ok(_), Some(super::msg::AfterFlush::Run(statements))) => Some(statements.clone()),
                _ => None,
            };
            let mut commands = send::flushed(model, result, then, transaction);
            if let Some(statements) = run {
                commands.extend(super::results::run::start_script(model, statements));
            }
            return commands;
        }
        Event::SessionCommitted {
            outcome,
            transaction,
        } => return send::committed(model, outcome, transaction),
        Event::SessionRolledBack {
            result,
            transaction,
        } => return send::rolled_back(model, result, transaction),
        Event::Rechecked(stale) => return journal::rechecked(model, stale),
        Event::ReadBackDone(rb, rows) => {
            return crate::app::session::read_back::read(model, rb, rows);
        }
        Event::CommitVerified(verdict) => return journal::commit_verified(model, verdict),
        Event::JournalOpened(opened) => return journal::restore(model, opened),
        Event::ChoicesLoaded { result } => {
            super::overlays::insert_form_actions::choices_loaded(model, result)
        }
        Event::JournalWritten { seq, error } => {
            model.session.journal.written = seq;
            model.session.journal_error = error;
        }
        _ => {}
    }
    vec![]
}

/// Files written: the editor's text, the history, the Python script, an export.
fn files(model: &mut Model, event: Event) -> Vec<Command> {
    match event {
        Event::BufferSaved(error) => {
            let was_unsaved = model.buffer_unsaved;
            model.buffer_unsaved = error.is_some();
            match error {
                Some(e) => {
                    model.storage_error = Some(format!("the editor's text is not saved: {e}"))
                }
                // a save that worked clears its own warning, not the history's
                None if was_unsaved => model.storage_error = None,
                None => {}
            }
        }
        Event::CourseSaved(Some(e)) => {
            model.storage_error = Some(format!("the course's progress is not kept: {e}"))
        }
        // a buffer that cannot be saved is the worse news: it stays shown
        Event::HistoryWritten(error) if !model.buffer_unsaved => {
            model.storage_error = error.map(|e| format!("the history is not kept: {e}"));
        }
        Event::ScriptWritten { path, result } => match result {
            Ok(()) => model.inform(format!(
                "wrote {}: python3 it (with a database URL) to do the same through SQLAlchemy",
                path.display()
            )),
            Err(e) => model.fail(format!("writing {} failed: {e}", path.display())),
        },
        Event::ExportProgress { rows } => {
            if let Some(e) = model.export.as_mut() {
                e.rows = rows;
            }
        }
        Event::ExportFinished { path, result, note } => {
            model.export = None;
            let path = path.display();
            match (result, note) {
                (Ok(rows), None) => {
                    model.inform(format!("exported {rows} rows (all of them) to {path}"))
                }
                (Ok(rows), Some(note)) => {
                    model.inform(format!("exported {rows} rows to {path} ({note})"))
                }
                (Err(e), _) => model.fail(format!("export to {path} failed: {e}")),
            }
        }
        _ => {}
    }
    vec![]
}
