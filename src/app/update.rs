//! `update`: the one place state changes. It never awaits; it returns commands.

use super::model::{ConfirmThen, Model, Overlay, PaneId, PendingConfirm, RunState, SessionTab};
use super::msg::{Action, Command};
use super::pane_cursor::move_rows;
use super::results::run::start_script;
use super::schema::actions as tree;
use super::session::edit as session;
use crate::app::session::send;
use crate::engine::secrets::SECRET_MARKER;
use crate::query::result::ResultState;

pub fn update(model: &mut Model, action: Action) -> Vec<Command> {
    if matches!(
        model.overlay,
        Overlay::CellEditor(_) | Overlay::InsertForm(_)
    ) {
        return super::overlays::overlay_action(model, action);
    }
    if let Some(popup) = model.completion_mut()
        && matches!(action, Action::MoveUp | Action::MoveDown)
    {
        let len = popup.completion.candidates.len();
        popup.selected = match action {
            Action::MoveUp => popup.selected.saturating_sub(1),
            _ => (popup.selected + 1).min(len.saturating_sub(1)),
        };
        return vec![];
    }
    let found = model
        .history_popup()
        .map(|p| crate::query::store::search(&model.history, &p.query).len());
    if let (Some(len), Some(popup)) = (found, model.history_popup_mut())
        && matches!(action, Action::MoveUp | Action::MoveDown)
    {
        popup.selected = match action {
            Action::MoveUp => popup.selected.saturating_sub(1),
            _ => (popup.selected + 1).min(len.saturating_sub(1)),
        };
        return vec![];
    }
    let page = model.page_rows;
    if let Some(view) = model.viewer_mut() {
        let lines = view.rows.len().max(1);
        match action {
            Action::MoveUp => view.scroll = view.scroll.saturating_sub(1),
            Action::MoveDown => view.scroll = (view.scroll + 1).min(lines - 1),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll = (view.scroll + page).min(lines - 1),
            Action::Home => view.scroll = 0,
            Action::End => view.scroll = lines.saturating_sub(page.max(1)),
            Action::Cancel | Action::CloseViewer | Action::CloseOverlay | Action::ViewCell => {
                model.set_viewer(None)
            }
            Action::Quit => return super::overlays::confirm::quit(model),
            _ => {}
        }
        return vec![];
    }
    if model.detail().is_some()
        && let Some(cmds) = super::overlays::detail_action(model, &action)
    {
        return cmds;
    }
    match action {
        Action::Quit => return super::overlays::confirm::quit(model),
        Action::ToggleHelp => {
            model.help_scroll = 0;
            model.overlay = if model.help_open() {
                Overlay::None
            } else {
                Overlay::Help
            }
        }
        Action::CloseOverlay => model.overlay = Overlay::None,
        Action::FocusNext => model.focus = model.focus.next(),
        Action::FocusPrev => model.focus = model.focus.prev(),
        Action::Focus(p) => model.focus = p,
        Action::MoveUp => move_rows(model, -1),
        Action::MoveDown => move_rows(model, 1),
        Action::PageUp => move_rows(model, -(model.page_rows.max(1) as isize)),
        Action::PageDown => move_rows(model, model.page_rows.max(1) as isize),
        Action::Home => move_rows(model, isize::MIN / 2),
        Action::End => move_rows(model, isize::MAX / 2),
        Action::MoveLeft if model.focus == PaneId::Schema => tree::collapse(model),
        Action::MoveRight if model.focus == PaneId::Schema => return tree::expand(model),
        Action::MoveLeft => {
            model.cursors.results_col = model.cursors.results_col.saturating_sub(1);
        }
        Action::MoveRight => {
            let width = model.result().map_or(0, |r| r.columns.len());
            model.cursors.results_col =
                (model.cursors.results_col + 1).min(width.saturating_sub(1));
        }
        Action::RunStatement(sql) => return update(model, Action::RunScript(vec![sql])),
        Action::RunScript(statements) => {
            if statements.iter().any(|s| s.contains(SECRET_MARKER)) {
                model.notice = Some(MARKER_LEFT.into());
                return vec![];
            }
            if model.is_running() {
                model.notice = Some("A statement is still running: Esc cancels it.".into());
                return vec![];
            }
            let engine = model.info.engine;
            let reasons: Vec<(String, &String)> = statements
                .iter()
                .filter_map(|s| {
                    crate::query::classify::needs_confirmation(s, engine).map(|r| (r, s))
                })
                .collect();
            if let Some((first_reason, culprit)) = reasons.first() {
                let reason = if statements.len() == 1 {
                    first_reason.clone()
                } else {
                    format!(
                        "this script has {} such statements: {first_reason}",
                        reasons.len()
                    )
                };
                let culprit = culprit.to_string();
                model.ask(PendingConfirm {
                    then: ConfirmThen::Run(statements),
                    reason,
                    culprit,
                });
                return vec![];
            }
            return start_script(model, statements);
        }
        Action::NextResult => {
            model.active_result =
                (model.active_result + 1).min(model.results.len().saturating_sub(1));
            model.cursors.results_row = 0;
            model.cursors.results_col = 0;
        }
        Action::PrevResult => {
            model.active_result = model.active_result.saturating_sub(1);
            model.cursors.results_row = 0;
            model.cursors.results_col = 0;
        }
        Action::ViewCell | Action::ViewRecord => {
            let (row, col) = (model.cursors.results_row, model.cursors.results_col);
            let view = model.result().and_then(|r| match action {
                Action::ViewCell => super::overlays::viewer::cell_view(r, row, col),
                _ => super::overlays::viewer::record_view(r, row),
            });
            model.set_viewer(view);
            let width = model.viewer_width;
            if let Some(v) = model.viewer_mut() {
                v.rewrap(width);
            }
        }
        Action::CloseViewer => model.set_viewer(None),
        Action::Complete { before, after } => {
            let names = schema_names(model);
            let completion =
                crate::query::complete::complete(&before, &after, &names, model.info.engine);
            if completion.candidates.is_empty() {
                model.notice = Some("no completion here".into());
                model.set_completion(None);
            } else {
                model.set_completion(Some(super::model::CompletionPopup {
                    completion,
                    selected: 0,
                }));
            }
        }
        Action::CloseCompletion => model.set_completion(None),
        Action::ToggleSelection => {
            model.cursors.selection_anchor = match model.cursors.selection_anchor {
                Some(_) => None,
                None => Some(model.cursors.results_row),
            };
        }
        Action::ResizeColumn(delta) => {
            let col = model.cursors.results_col;
            *model.cursors.col_delta.entry(col).or_insert(0) += delta;
        }
        Action::ResizeColumnAt(col, delta) => {
            *model.cursors.col_delta.entry(col).or_insert(0) += delta;
        }
        Action::ScrollBy(delta) => move_rows(model, delta),
        Action::OpenPicker(entries) => return super::overlays::picker::open(model, entries),
        Action::PickerInput(c) => super::overlays::picker::input(model, c),
        Action::PickerChoose => super::overlays::picker::choose(model),
        Action::PickerMove(delta) => super::overlays::picker::move_selection(model, delta),
        Action::ClosePicker => {
            if matches!(model.overlay, Overlay::Picker(_)) {
                model.overlay = Overlay::None;
            }
        }
        Action::PasswordInput(c) => super::overlays::picker::password_input(model, c),
        Action::PasswordSubmit => super::overlays::picker::password_submit(model),
        Action::ClosePassword => {
            if matches!(model.overlay, Overlay::Password(_)) {
                model.overlay = Overlay::None;
                model.notice = Some("not switched: no password given".into());
            }
        }
        Action::SelectTreeRow(i) => {
            let delta = i as isize - model.tree.selected as isize;
            tree::move_selection(model, delta);
        }
        Action::SelectCell { row, col } => {
            model.focus = PaneId::Results;
            let delta = row as isize - model.cursors.results_row as isize;
            move_rows(model, delta);
            let width = model.result().map_or(0, |r| r.columns.len());
            model.cursors.results_col = col.min(width.saturating_sub(1));
        }
        Action::SortByColumn => {
            let col = model.cursors.results_col;
            let Some(r) = model.result() else {
                return vec![];
            };
            let mut spec = r.spec.clone();
            spec.sort = match spec.sort {
                Some((c, false)) if c == col => Some((col, true)),
                Some((c, true)) if c == col => None,
                _ => Some((col, false)),
            };
            return compute_view(model, spec);
        }
        Action::StartRowFilter => {
            model.focus = PaneId::Results;
            model.row_filter = Some(
                model
                    .result()
                    .map(|r| r.spec.filter.clone())
                    .unwrap_or_default(),
            );
        }
        Action::RowFilterInput(c) => {
            if let Some(f) = model.row_filter.as_mut() {
                f.push(c);
            }
        }
        Action::RowFilterBackspace => {
            if let Some(f) = model.row_filter.as_mut() {
                f.pop();
            }
        }
        Action::RowFilterAccept | Action::RowFilterClear => {
            let typed = model.row_filter.take().unwrap_or_default();
            let Some(r) = model.result() else {
                return vec![];
            };
            let mut spec = r.spec.clone();
            spec.filter = if matches!(action, Action::RowFilterAccept) {
                typed
            } else {
                String::new()
            };
            return compute_view(model, spec);
        }
        Action::Explain(sql) => {
            if crate::query::split::is_blank(&sql) {
                model.notice = Some("Nothing to explain: the editor is empty here.".into());
                return vec![];
            }
            model.notice = Some("explaining…".into());
            return vec![Command::Explain { sql }];
        }
        Action::Export(format) => return super::results::rerun::export(model, format),
        Action::FetchMore => return super::results::rerun::fetch_more(model),
        Action::OpenHistory => model.set_history_popup(Some(Default::default())),
        Action::CloseHistory => model.set_history_popup(None),
        Action::HistoryInput(c) => {
            if let Some(p) = model.history_popup_mut() {
                p.query.push(c);
                p.selected = 0;
            }
        }
        Action::HistoryBackspace => {
            if let Some(p) = model.history_popup_mut() {
                p.query.pop();
                p.selected = 0;
            }
        }
        Action::RunHistory => {
            let Some(entry) = selected_history_entry(model).cloned() else {
                return vec![];
            };
            model.set_history_popup(None);
            if entry.is_redacted() {
                // the front end has put it in the editor, marked
                model.notice = Some(REDACTED_ENTRY.into());
                return vec![];
            }
            return update(model, Action::RunStatement(entry.sql));
        }
        Action::Confirm(yes) => return super::overlays::confirm::answer(model, yes),
        Action::Cancel if model.session.busy => {
            // a flush or commit waiting on the server (a row lock another session holds):
            // cancelled there as a query is; its statements are rolled back, nothing is lost
            model.session.cancel_asked = true;
            model.notice = Some("Cancelling the session's statement on the server…".into());
            return vec![Command::Cancel];
        }
        Action::Cancel => {
            if let RunState::Running {
                cancel_requested, ..
            } = &mut model.run
            {
                *cancel_requested = Some(model.now);
                model.notice = Some("Cancelling on the server…".into());
                return vec![Command::Cancel];
            }
            if model.overlay == Overlay::Help {
                model.overlay = Overlay::None;
            } else if model.focus == PaneId::Schema && !model.tree.filter.is_empty() {
                // Esc in the tree drops a kept filter too
                model.tree.filter.clear();
                tree::filter_changed(model);
            }
        }
        Action::Interrupt if model.is_running() => return update(model, Action::Cancel),
        Action::Interrupt => {
            model.notice = Some("Nothing to cancel: Ctrl-Q quits.".into());
        }
        Action::RefreshCatalog => return tree::refresh(model),
        Action::Activate if model.focus == PaneId::Schema => return tree::activate(model),
        Action::Activate => {}
        Action::StartFilter => {
            model.focus = PaneId::Schema;
            model.tree.filtering = true;
        }
        Action::FilterInput(c) => {
            model.tree.filter.push(c);
            tree::filter_changed(model);
        }
        Action::FilterBackspace => {
            model.tree.filter.pop();
            tree::filter_changed(model);
        }
        Action::FilterAccept => model.tree.filtering = false,
        Action::FilterClear => {
            model.tree.filtering = false;
            model.tree.filter.clear();
            tree::filter_changed(model);
        }
        Action::ShowDetail(tab) => return tree::show_detail(model, tab),
        Action::CloseDetail => model.set_detail(None),
        Action::EditCell => return session::edit_cell(model),
        Action::StageDelete => return session::delete_rows(model),
        Action::RevertChange => return session::revert(model, model.focus == PaneId::Session),
        Action::InsertRow => {
            return super::overlays::insert_form::open(model, model.focus == PaneId::Schema);
        }
        Action::Flush => return send::flush(model, None),
        Action::Commit => return send::commit(model),
        Action::Rollback => return send::ask_rollback(model),
        Action::ToggleAutoflush => {
            model.session.autoflush = !model.session.autoflush;
            model.notice = Some(format!(
                "autoflush {}",
                if model.session.autoflush { "on" } else { "off" }
            ));
        }
        Action::SessionTab => {
            model.session.tab = match model.session.tab {
                SessionTab::Changes => SessionTab::Teaching,
                SessionTab::Teaching => SessionTab::Changes,
            }
        }
        Action::ZoomSession => model.session.zoomed = !model.session.zoomed,
        Action::EngineView => model.engine_view = !model.engine_view,
        Action::WriteScript => return send::write_script(model),
        Action::OverlayPaste(t) if matches!(model.overlay, Overlay::Password(_)) => {
            super::overlays::picker::password_paste(model, &t)
        }
        Action::OverlayInput(_)
        | Action::OverlayPaste(_)
        | Action::OverlayBackspace
        | Action::OverlayNull
        | Action::OverlayDefault
        | Action::OverlayAccept
        | Action::OverlayNext
        | Action::OverlayPick
        | Action::OverlayClear
        | Action::OverlayPrev => {}
        Action::PreviewTable => {
            let Some(name) = model.selected_table_sql_name() else {
                model.notice = Some("Select a table in the schema tree first.".into());
                return vec![];
            };
            // a SQLite table without a key is previewed with its rowid, so that its rows can
            // still be told apart (and edited)
            let keyless_sqlite = model.info.engine == crate::engine::EngineKind::Sqlite
                && model.selected_table().is_some_and(|(schema, table)| {
                    model
                        .catalog
                        .loaded()
                        .and_then(|c| c.table(&schema, &table))
                        .is_some_and(|t| {
                            t.relation.kind == crate::meta::RelationKind::Table
                                && t.primary_key
                                    .as_ref()
                                    .is_none_or(|pk| pk.columns.is_empty())
                                && t.unique_constraints.is_empty()
                                && !t
                                    .definition
                                    .as_deref()
                                    .unwrap_or("")
                                    .contains("WITHOUT ROWID")
                        })
                });
            let columns = if keyless_sqlite { "rowid, *" } else { "*" };
            return start_script(
                model,
                vec![format!("select {columns} from {name} limit 100")],
            );
        }
    }
    vec![]
}

/// Asks for the rows of the shown result in a new order (off the UI thread).
fn compute_view(model: &mut Model, spec: crate::query::result::ViewSpec) -> Vec<Command> {
    let Some(r) = model.result() else {
        return vec![];
    };
    if matches!(r.state, ResultState::Streaming) {
        model.notice = Some("Still fetching: sort and filter once the rows are in.".into());
        return vec![];
    }
    let (id, rows) = (r.id, r.snapshot());
    model.view_generation += 1;
    model.view_pending = true;
    vec![Command::ComputeView {
        id,
        generation: model.view_generation,
        rows,
        spec,
    }]
}

/// Tables and the columns loaded so far, for completion.
fn schema_names(model: &Model) -> crate::query::complete::SchemaNames {
    let mut names = crate::query::complete::SchemaNames::default();
    if let Some(c) = model.catalog.loaded() {
        for r in &c.relations {
            let columns = c
                .table(&r.schema, &r.name)
                .map(|t| t.columns.iter().map(|col| col.name.clone()).collect())
                .unwrap_or_default();
            names.tables.push((r.name.clone(), columns));
        }
    }
    names
}

/// The history entry under the history popup's cursor.
pub fn selected_history_entry(model: &Model) -> Option<&crate::query::store::HistoryEntry> {
    let popup = model.history_popup()?;
    let found = crate::query::store::search(&model.history, &popup.query);
    found.get(popup.selected).copied()
}

/// Why Enter on a redacted history entry edits it instead of running it.
const REDACTED_ENTRY: &str = "Not run: the history keeps that statement without its password. It is in \
     the editor with <secret redacted: type it again> in its place: type the password there, then F5.";

/// Why a statement that still holds the marker does not run.
const MARKER_LEFT: &str = "Not run: <secret redacted: type it again> stands where a password was: \
     type the password there first.";
