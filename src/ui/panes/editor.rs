//! The SQL editor pane: ratatui-textarea owns the buffer, cursor and undo.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::ui::editor_view::EditorView;
use crate::ui::statement_mark;
use ratatui_textarea::DataCursor;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    editor: &TextArea<'static>,
    view: &EditorView,
) {
    let focused = model.focus == PaneId::Editor;
    let hint = match &view.label {
        Some(label) => format!("{label} · F5 runs"),
        None => "F5 runs".into(),
    };
    let block = pane_block(PaneId::Editor, focused, Some(hint));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    view.render(frame.buffer_mut(), inner, editor, focused);
    // F5 sends a selection when there is one (drawn as such); else the statement marked
    let selecting = view.visual.get().is_some() || editor.selection_range().is_some();
    if !selecting && let Some(rows) = view.statement.rows(editor, model.info.engine) {
        let top = view.scroll().0;
        statement_mark::draw(frame.buffer_mut(), area.x, inner, top, rows, focused);
    }
}

/// The whole buffer and the cursor as a byte offset into it.
pub fn buffer_and_cursor(editor: &TextArea<'static>) -> (String, usize) {
    let DataCursor(row, col) = editor.cursor();
    let mut offset = 0;
    for (i, line) in editor.lines().iter().enumerate() {
        if i == row {
            offset += line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
            break;
        }
        offset += line.len() + 1;
    }
    (editor.lines().join("\n"), offset)
}
