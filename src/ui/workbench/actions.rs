//! What each key command does in the workbench: an action for `update`, or work of the
//! workbench's own (the clipboard, the editor buffer, $EDITOR).

use super::{Workbench, offset_of, position_of};
use crate::app::notice::{Level, Notice};
use crate::app::{Action, PaneId};
use crate::query::split::statement_at;
use crate::ui::keymap::Bindable;
use crate::ui::panes::editor::buffer_and_cursor;

impl Workbench {
    pub(super) fn action_for(&mut self, cmd: Bindable) -> Option<Action> {
        Some(match cmd {
            Bindable::EditCell => Action::EditCell,
            Bindable::InsertRow => Action::InsertRow,
            Bindable::StageDelete => Action::StageDelete,
            Bindable::Revert => Action::RevertChange,
            Bindable::Flush => Action::Flush,
            Bindable::Commit => Action::Commit,
            Bindable::Rollback => Action::Rollback,
            Bindable::ToggleAutoflush => Action::ToggleAutoflush,
            Bindable::SessionTab => Action::SessionTab,
            Bindable::ZoomSession => Action::ZoomSession,
            Bindable::EngineView => Action::EngineView,
            Bindable::WriteScript => Action::WriteScript,
            Bindable::OverlayAccept
            | Bindable::OverlayNull
            | Bindable::OverlayDefault
            | Bindable::OverlayNext
            | Bindable::OverlayPick
            | Bindable::OverlayClear
            | Bindable::OverlayPrev
            | Bindable::PopupUp
            | Bindable::PopupDown
            | Bindable::PopupAccept
            | Bindable::PopupEdit
            | Bindable::PopupClose
            | Bindable::PromptYes
            | Bindable::PromptNo => return None,
            Bindable::Quit => Action::Quit,
            Bindable::Help => Action::ToggleHelp,
            Bindable::FocusNext => Action::FocusNext,
            Bindable::FocusPrev => Action::FocusPrev,
            Bindable::Focus(p) => Action::Focus(p),
            Bindable::History => Action::OpenHistory,
            Bindable::ViewCell => Action::ViewCell,
            Bindable::Sort => Action::SortByColumn,
            Bindable::Select => Action::ToggleSelection,
            Bindable::Narrower => Action::ResizeColumn(-2),
            Bindable::Wider => Action::ResizeColumn(2),
            Bindable::RowFilter => Action::StartRowFilter,
            Bindable::Explain => {
                let (buffer, cursor) = buffer_and_cursor(&self.editor);
                let stmt = statement_at(&buffer, cursor, self.model.info.engine);
                Action::Explain(stmt.map(|s| s.text).unwrap_or_default())
            }
            Bindable::ExternalEditor => {
                self.external_edit = true;
                return None;
            }
            Bindable::OpenConnection => Action::OpenPicker(self.picker_entries.clone()),
            Bindable::Suspend => {
                // without a job-control shell (its own process group for retort) the system
                // drops the stop signal, and nothing could resume a stopped process anyway
                // SAFETY: getpgrp and getsid only read this process's ids
                let own_group = unsafe { libc::getpgrp() != libc::getsid(0) };
                if own_group {
                    self.suspend = true;
                } else {
                    let why = "not suspended: no job control here to resume retort";
                    self.report(Notice::new(Level::Warning, why));
                }
                return None;
            }
            Bindable::Complete if self.model.focus == PaneId::Editor => {
                let (buffer, cursor) = buffer_and_cursor(&self.editor);
                let (start, end) = match statement_at(&buffer, cursor, self.model.info.engine) {
                    Some(s) if s.start <= cursor => (s.start, (s.start + s.text.len()).max(cursor)),
                    _ => (0, buffer.len()),
                };
                Action::Complete {
                    before: buffer[start..cursor].to_string(),
                    after: buffer[cursor..end.min(buffer.len())].to_string(),
                }
            }
            Bindable::Complete => return None,
            Bindable::FetchMore => Action::FetchMore,
            Bindable::ExportCsv => Action::Export(crate::query::format::Format::Csv),
            Bindable::ExportJson => Action::Export(crate::query::format::Format::Json),
            Bindable::NextResult => Action::NextResult,
            Bindable::PrevResult => Action::PrevResult,
            Bindable::RunAll => {
                self.save_buffer_soon();
                let (buffer, _) = buffer_and_cursor(&self.editor);
                let statements = crate::query::split_statements(&buffer, self.model.info.engine);
                self.run_origin = None;
                Action::RunScript(statements.into_iter().map(|s| s.text).collect())
            }
            Bindable::ViewRecord => Action::ViewRecord,
            Bindable::CopyCell | Bindable::CopyRow => {
                let result = self.model.result()?;
                let (row, col) = (
                    self.model.cursors.results_row,
                    self.model.cursors.results_col,
                );
                let text = if let Some((first, last)) = self.model.selected_rows() {
                    // a selection: its rows as TSV, one line each
                    (first..=last)
                        .map(|r| crate::app::overlays::viewer::row_tsv(result, r))
                        .collect::<Vec<_>>()
                        .join("\n")
                } else if cmd == Bindable::CopyRow {
                    crate::app::overlays::viewer::row_tsv(result, row)
                } else {
                    result.cell(row, col)?.display()
                };
                let copied = self.clipboard.copy(&text);
                let rows = self.model.selected_rows().map_or(1, |(a, b)| b - a + 1);
                let chars = text.chars().count();
                let said = format!("{rows} row(s), {chars} characters: {}", copied.text);
                self.report(Notice::new(copied.level, said));
                return None;
            }
            Bindable::Run => {
                self.save_buffer_soon();
                let (buffer, cursor) = buffer_and_cursor(&self.editor);
                // the selection if there is one, else the statement under the cursor
                if let Some(((r0, c0), (r1, c1))) = self.editor.selection_range() {
                    let start = offset_of(&self.editor, r0, c0);
                    let end = offset_of(&self.editor, r1, c1);
                    let text = buffer.get(start..end).unwrap_or("").trim().to_string();
                    self.run_origin = Some((r0, c0));
                    return Some(Action::RunStatement(text));
                }
                let stmt = statement_at(&buffer, cursor, self.model.info.engine);
                self.run_origin = stmt.as_ref().map(|s| position_of(&buffer, s.start));
                Action::RunStatement(stmt.map(|s| s.text).unwrap_or_default())
            }
            Bindable::Interrupt => Action::Interrupt,
            Bindable::Escape if self.model.detail().is_some() => Action::Dismiss,
            Bindable::Escape if self.model.viewer().is_some() => Action::Dismiss,
            Bindable::Escape if self.model.cursors.selection_anchor.is_some() => {
                Action::ToggleSelection
            }
            Bindable::Escape => Action::Cancel,
            Bindable::RefreshCatalog => Action::RefreshCatalog,
            Bindable::Up => Action::MoveUp,
            Bindable::Down => Action::MoveDown,
            Bindable::PageUp => Action::PageUp,
            Bindable::PageDown => Action::PageDown,
            Bindable::Top => Action::Home,
            Bindable::Bottom => Action::End,
            Bindable::Left => Action::MoveLeft,
            Bindable::Right => Action::MoveRight,
            Bindable::Activate => Action::Activate,
            Bindable::Filter => Action::StartFilter,
            Bindable::Detail(tab) => Action::ShowDetail(tab),
            Bindable::Preview => Action::PreviewTable,
            Bindable::CopyName => {
                let name = self.model.selected_table().map(|(_, n)| n)?;
                let copied = self.clipboard.copy(&name);
                self.report(Notice::new(
                    copied.level,
                    format!("{name}: {}", copied.text),
                ));
                return None;
            }
            Bindable::InsertName => {
                let name = self.model.selected_table_sql_name()?;
                self.editor.insert_str(&name);
                Action::Focus(PaneId::Editor)
            }
        })
    }
}
