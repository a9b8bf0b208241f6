//! The SQL editor pane: ratatui-textarea owns the buffer, cursor and undo.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::pane_block;
use crate::app::{Model, PaneId};
use crate::ui::editor_view::EditorView;
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
