//! What each key command does in the workbench: an action for `update`, or work of the
//! workbench's own (the clipboard, the editor buffer, $EDITOR).

use super::{Workbench, offset_of, position_of};
use crate::app::notice::{Level, Notice};
use crate::app::{Action, PaneId};
use crate::query::split::{span_at, statement_at};
use crate::ui::keymap::Bindable;
use crate::ui::panes::editor::buffer_and_cursor;

impl Workbench {
    /// The action a key's binding asks for; a binding that needs the workbench's own state or
    /// work (the editor's text, the clipboard, the terminal) is done here, the rest are plain.
    pub(super) fn action_for(&mut self, cmd: Bindable) -> Option<Action> {
        Some(match cmd {
            Bindable::Explain => Action::Explain(self.statement_under_cursor()),
            Bindable::ExternalEditor => {
                self.external_edit = true;
                return None;
            }
            Bindable::OpenConnection => Action::OpenPicker(self.picker_entries.clone()),
            Bindable::Suspend => return self.suspend_asked(),
            Bindable::Complete if self.model.focus == PaneId::Editor => {
                self.completion_asked(false)
            }
            Bindable::Complete => return None,
            Bindable::RunAll => self.run_all(),
            Bindable::Run => self.run_under_cursor(),
            Bindable::CopyCell | Bindable::CopyRow => return self.copy_result(cmd),
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
                self.edit_outside(|ed| {
                    ed.insert_str(&name);
                });
                Action::Focus(PaneId::Editor)
            }
            Bindable::Escape if self.model.detail().is_some() || self.model.viewer().is_some() => {
                Action::Dismiss
            }
            Bindable::Escape if self.model.cursors.selection_anchor.is_some() => {
                Action::ToggleSelection
            }
            other => return plain_action(other),
        })
    }

    /// The statement under the editor's cursor (empty when there is none).
    fn statement_under_cursor(&self) -> String {
        let (buffer, cursor) = buffer_and_cursor(&self.editor);
        let stmt = statement_at(&buffer, cursor, self.model.info.engine);
        stmt.map(|s| s.text).unwrap_or_default()
    }

    /// Ctrl-Z: stopped until the shell's `fg`, where there is job control to resume it.
    fn suspend_asked(&mut self) -> Option<Action> {
        // without a job-control shell (its own process group for retort) the system drops the
        // stop signal, and nothing could resume a stopped process anyway
        // SAFETY: getpgrp and getsid only read this process's ids
        let own_group = unsafe { libc::getpgrp() != libc::getsid(0) };
        if own_group {
            self.suspend = true;
        } else {
            let why = "not suspended: no job control here to resume retort";
            self.report(Notice::new(Level::Warning, why));
        }
        None
    }

    /// Completion of the statement's text around the cursor (`auto`: a pause in typing asked).
    pub(super) fn completion_asked(&self, auto: bool) -> Action {
        let (buffer, cursor) = buffer_and_cursor(&self.editor);
        let (start, end) = match statement_at(&buffer, cursor, self.model.info.engine) {
            Some(s) if s.start <= cursor => (s.start, s.end.max(cursor)),
            _ => (0, buffer.len()),
        };
        Action::Complete {
            before: buffer[start..cursor].to_string(),
            after: buffer[cursor..end.min(buffer.len())].to_string(),
            auto,
        }
    }

    /// Every statement of the buffer, as a script (`update` splits it).
    fn run_all(&mut self) -> Action {
        self.save_buffer_soon();
        let (buffer, _) = buffer_and_cursor(&self.editor);
        self.run_origin = None;
        Action::RunScript(vec![buffer])
    }

    /// The selection if there is one, else the statement under the cursor; where it starts is
    /// kept, to put the cursor on its error.
    fn run_under_cursor(&mut self) -> Action {
        self.save_buffer_soon();
        let (buffer, cursor) = buffer_and_cursor(&self.editor);
        // vi's visual selection, else the TextArea's (Shift-arrows)
        let selection =
            (self.editor_keys.selection(&self.editor)).or_else(|| self.editor.selection_range());
        if let Some(((r0, c0), (r1, c1))) = selection {
            let start = offset_of(&self.editor, r0, c0);
            let end = offset_of(&self.editor, r1, c1);
            let text = buffer.get(start..end).unwrap_or("").trim().to_string();
            self.run_origin = Some((r0, c0));
            return Action::RunStatement(text);
        }
        // through what ends it (a `\gx`) and with the commands written inside it
        let span = span_at(&buffer, cursor, self.model.info.engine);
        self.run_origin = span.as_ref().map(|s| position_of(&buffer, s.start));
        Action::RunStatement(span.map(|s| buffer[s].to_string()).unwrap_or_default())
    }

    /// The cell, the row, or the marked rows (as TSV), to the clipboard; it says where they went.
    fn copy_result(&mut self, cmd: Bindable) -> Option<Action> {
        let result = self.model.result()?;
        let (row, col) = (
            self.model.cursors.results_row,
            self.model.cursors.results_col,
        );
        let text = if let Some((first, last)) = self.model.selected_rows() {
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
        None
    }
}

/// What a key does when it needs nothing of the workbench's own: an action for `update`.
/// Popup, prompt and form bindings are read where those have the keys, not here.
fn plain_action(cmd: Bindable) -> Option<Action> {
    use Bindable as B;
    Some(match cmd {
        B::EditCell => Action::EditCell,
        B::InsertRow => Action::InsertRow,
        B::StageDelete => Action::StageDelete,
        B::Revert => Action::RevertChange,
        B::Flush => Action::Flush,
        B::Commit => Action::Commit,
        B::Rollback => Action::Rollback,
        B::ToggleAutoflush => Action::ToggleAutoflush,
        B::SessionTab => Action::SessionTab,
        B::Zoom => Action::Zoom,
        B::EngineView => Action::EngineView,
        B::Course => Action::ToggleCourse,
        B::RestartLesson => Action::RestartLesson,
        B::WriteScript => Action::WriteScript,
        B::Quit => Action::Quit,
        B::Help => Action::ToggleHelp,
        B::FocusNext => Action::FocusNext,
        B::FocusPrev => Action::FocusPrev,
        B::Focus(p) => Action::Focus(p),
        B::History => Action::OpenHistory,
        B::ViewCell => Action::ViewCell,
        B::Sort => Action::SortByColumn,
        B::Select => Action::ToggleSelection,
        B::Narrower => Action::ResizeColumn(-2),
        B::Wider => Action::ResizeColumn(2),
        B::RowFilter => Action::StartRowFilter,
        B::FetchMore => Action::FetchMore,
        B::ExportCsv => Action::Export(crate::query::format::Format::Csv),
        B::ExportJson => Action::Export(crate::query::format::Format::Json),
        B::NextResult => Action::NextResult,
        B::PrevResult => Action::PrevResult,
        B::ViewRecord => Action::ViewRecord,
        B::Interrupt => Action::Interrupt,
        B::Escape => Action::Cancel,
        B::RefreshCatalog => Action::RefreshCatalog,
        B::Up => Action::MoveUp,
        B::Down => Action::MoveDown,
        B::PageUp => Action::PageUp,
        B::PageDown => Action::PageDown,
        B::Top => Action::Home,
        B::Bottom => Action::End,
        B::Left => Action::MoveLeft,
        B::Right => Action::MoveRight,
        B::Activate => Action::Activate,
        B::Filter => Action::StartFilter,
        B::Detail(tab) => Action::ShowDetail(tab),
        B::Preview => Action::PreviewTable,
        _ => return None,
    })
}
