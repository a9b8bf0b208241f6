//! Drawing: a pure read of the model and the editor buffer.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::panes::{echo, editor, results, schema, session};
use super::{
    completion_popup, detail_popup, help, history_popup, layout, status, theme, viewer_popup,
};
use crate::app::Model;
use crate::app::model::Overlay;

/// Smaller than this, the workbench asks for more room instead of drawing garbage.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

pub fn draw(
    frame: &mut Frame,
    model: &Model,
    editor_buffer: &TextArea<'static>,
    editor_view: &super::editor_view::EditorView,
    hits: &super::hit::HitMap,
) {
    hits.clear();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "retort needs {MIN_WIDTH}×{MIN_HEIGHT}; this terminal is {}×{}. Ctrl-Q quits.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(Line::styled(msg, theme::warning()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    // a pane zoomed (z) has the workbench to itself: the others have no place
    let rects = layout::arrange(area, model);
    if let Some(r) = rects.schema {
        schema::render(frame, r, model, hits);
    }
    if let Some(r) = rects.session {
        session::render(frame, r, model);
    }
    if !rects.editor.is_empty() {
        editor::render(frame, rects.editor, model, editor_buffer, editor_view);
    }
    if !rects.results.is_empty() {
        results::render(frame, rects.results, model, hits);
    }
    if let Some(r) = rects.echo {
        echo::render(frame, r, model);
    }
    if let Some(r) = rects.course {
        super::panes::course::render(frame, r, model);
    }
    if model.zoomed {
        zoom_cue(frame, rects.workbench, model.focus);
    }
    if model.detail().is_some() || model.viewer().is_some() {
        // over the editor and the results, or the whole workbench when one pane is alone
        let over = match rects.editor.is_empty() || rects.results.is_empty() {
            true => rects.workbench,
            false => ratatui::layout::Rect {
                height: rects.results.y + rects.results.height - rects.editor.y,
                ..rects.editor
            },
        };
        detail_popup::render(frame, over, model);
        viewer_popup::render(frame, over, model);
    }
    completion_popup::render(
        frame,
        rects.editor,
        model,
        editor_buffer,
        editor_view.scroll(),
    );
    status::render(frame, rects.status, model);
    history_popup::render(frame, area, model);
    overlays(frame, area, model, editor_view.mode);
}

fn overlays(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    model: &Model,
    editor_mode: crate::config::EditorMode,
) {
    match &model.overlay {
        Overlay::None => {}
        Overlay::Help => help::render(frame, area, model.help_scroll, editor_mode),
        Overlay::Confirm(pending) => super::confirm_popup::render(frame, area, pending),
        Overlay::CellEditor(edit) => super::session_popups::cell_editor(frame, area, edit),
        Overlay::InsertForm(form) => super::session_popups::insert_form(frame, area, form),
        Overlay::Picker(picker) => super::picker_popup::render(frame, area, picker),
        Overlay::Password(prompt) => super::picker_popup::password(frame, area, prompt),
        Overlay::Export(prompt) => super::picker_popup::export(frame, area, prompt),
        Overlay::ConnectionForm(form) => super::connection_form_popup::render(frame, area, form),
        // drawn over the panes they belong to, above
        Overlay::Viewer(_) | Overlay::History(_) | Overlay::Completion(_) | Overlay::Detail(_) => {}
    }
}

/// Whether the terminal is to get no colour: `NO_COLOR` set (to anything but empty, as
/// no-color.org says) or `TERM=dumb`.
pub fn colourless() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Every cell's colours reset to the terminal's own: what tells things apart is then the
/// modifiers alone (reverse video for the cursor and the selection, bold, underline), which
/// survive when no colour command is ever written.
pub fn strip_colours(buf: &mut ratatui::buffer::Buffer) {
    use ratatui::style::Color;
    for cell in &mut buf.content {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.underline_color = Color::Reset;
    }
}

/// On the zoomed pane's top border, at its right: that it is zoomed and the key that gives
/// the other panes back (the editor types a `z`: Alt-z there).
fn zoom_cue(frame: &mut Frame, workbench: ratatui::layout::Rect, focus: crate::app::PaneId) {
    let key = match focus {
        crate::app::PaneId::Editor => "Alt-z",
        _ => "z",
    };
    let text = format!(" zoomed · {key} shows all panes ");
    let width = (text.chars().count() as u16).min(workbench.width.saturating_sub(2));
    if workbench.width < 40 || width == 0 {
        return;
    }
    let at = ratatui::layout::Rect {
        x: workbench.x + workbench.width - width - 1,
        y: workbench.y,
        width,
        height: 1,
    };
    frame.render_widget(Paragraph::new(Line::styled(text, theme::accent())), at);
}
