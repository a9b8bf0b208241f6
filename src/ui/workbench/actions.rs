//! What each key command does in the workbench: an action for `update`, or work of the
//! workbench's own (the clipboard, the editor buffer, $EDITOR).

use super::{Workbench, offset_of, position_of};
use crate::app::notice::{Level, Notice};
use crate::app::{Action, PaneId};
use crate::query::split::statement_at;
use crate::ui::keymap::KeyCommand;
use crate::ui::panes::editor::buffer_and_cursor;

impl Workbench {
    pub(super) fn action_for(&mut self, cmd: KeyCommand) -> Option<Action> {
        Some(match cmd {
            KeyCommand::EditCell => Action::EditCell,
            KeyCommand::InsertRow => Action::InsertRow,
            KeyCommand::StageDelete => Action::StageDelete,
            KeyCommand::Revert => Action::RevertChange,
            KeyCommand::Flush => Action::Flush,
            KeyCommand::Commit => Action::Commit,
            KeyCommand::Rollback => Action::Rollback,
            KeyCommand::ToggleAutoflush => Action::ToggleAutoflush,
            KeyCommand::SessionTab => Action::SessionTab,
            KeyCommand::ZoomSession => Action::ZoomSession,
            KeyCommand::EngineView => Action::EngineView,
            KeyCommand::WriteScript => Action::WriteScript,
            KeyCommand::OverlayAccept
            | KeyCommand::OverlayNull
            | KeyCommand::OverlayDefault
            | KeyCommand::OverlayNext
            | KeyCommand::OverlayPick
            | KeyCommand::OverlayClear
            | KeyCommand::OverlayPrev
            | KeyCommand::PopupUp
            | KeyCommand::PopupDown
            | KeyCommand::PopupAccept
            | KeyCommand::PopupEdit
            | KeyCommand::PopupClose
            | KeyCommand::PromptYes
            | KeyCommand::PromptNo => return None,
            KeyCommand::Quit => Action::Quit,
            KeyCommand::Help => Action::ToggleHelp,
            KeyCommand::FocusNext => Action::FocusNext,
            KeyCommand::FocusPrev => Action::FocusPrev,
            KeyCommand::Focus(p) => Action::Focus(p),
            KeyCommand::History => Action::OpenHistory,
            KeyCommand::ViewCell => Action::ViewCell,
            KeyCommand::Sort => Action::SortByColumn,
            KeyCommand::Select => Action::ToggleSelection,
            KeyCommand::Narrower => Action::ResizeColumn(-2),
            KeyCommand::Wider => Action::ResizeColumn(2),
            KeyCommand::RowFilter => Action::StartRowFilter,
            KeyCommand::Explain => {
                let (buffer, cursor) = buffer_and_cursor(&self.editor);
                let stmt = statement_at(&buffer, cursor, self.model.info.engine);
                Action::Explain(stmt.map(|s| s.text).unwrap_or_default())
            }
            KeyCommand::ExternalEditor => {
                self.external_edit = true;
                return None;
            }
            KeyCommand::OpenConnection => Action::OpenPicker(self.picker_entries.clone()),
            KeyCommand::Suspend => {
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
            KeyCommand::Complete if self.model.focus == PaneId::Editor => {
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
            KeyCommand::Complete => return None,
            KeyCommand::FetchMore => Action::FetchMore,
            KeyCommand::ExportCsv => Action::Export(crate::query::format::Format::Csv),
            KeyCommand::ExportJson => Action::Export(crate::query::format::Format::Json),
            KeyCommand::NextResult => Action::NextResult,
            KeyCommand::PrevResult => Action::PrevResult,
            KeyCommand::RunAll => {
                self.save_buffer_soon();
                let (buffer, _) = buffer_and_cursor(&self.editor);
                let statements = crate::query::split_statements(&buffer, self.model.info.engine);
                self.run_origin = None;
                Action::RunScript(statements.into_iter().map(|s| s.text).collect())
            }
            KeyCommand::ViewRecord => Action::ViewRecord,
            KeyCommand::CopyCell | KeyCommand::CopyRow => {
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
                } else if cmd == KeyCommand::CopyRow {
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
            KeyCommand::Run => {
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
            KeyCommand::Interrupt => Action::Interrupt,
            KeyCommand::Escape if self.model.detail().is_some() => Action::Dismiss,
            KeyCommand::Escape if self.model.viewer().is_some() => Action::Dismiss,
            KeyCommand::Escape if self.model.cursors.selection_anchor.is_some() => {
                Action::ToggleSelection
            }
            KeyCommand::Escape => Action::Cancel,
            KeyCommand::RefreshCatalog => Action::RefreshCatalog,
            KeyCommand::Up => Action::MoveUp,
            KeyCommand::Down => Action::MoveDown,
            KeyCommand::PageUp => Action::PageUp,
            KeyCommand::PageDown => Action::PageDown,
            KeyCommand::Top => Action::Home,
            KeyCommand::Bottom => Action::End,
            KeyCommand::Left => Action::MoveLeft,
            KeyCommand::Right => Action::MoveRight,
            KeyCommand::Activate => Action::Activate,
            KeyCommand::Filter => Action::StartFilter,
            KeyCommand::Detail(tab) => Action::ShowDetail(tab),
            KeyCommand::Preview => Action::PreviewTable,
            KeyCommand::CopyName => {
                let name = self.model.selected_table().map(|(_, n)| n)?;
                let copied = self.clipboard.copy(&name);
                self.report(Notice::new(
                    copied.level,
                    format!("{name}: {}", copied.text),
                ));
                return None;
            }
            KeyCommand::InsertName => {
                let name = self.model.selected_table_sql_name()?;
                self.editor.insert_str(&name);
                Action::Focus(PaneId::Editor)
            }
        })
    }
}
