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
        Overlay::Confirm(pending) => confirm_popup(frame, area, pending),
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

/// "Run this? y/N" for statements that destroy.
fn confirm_popup(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    pending: &crate::app::model::PendingConfirm,
) {
    use crate::app::model::ConfirmThen;
    use ratatui::widgets::{Block, Borders, Clear};
    // a statement is shown by its first line; a sentence is shown whole, wrapped
    let first_line: String = match pending.then {
        ConfirmThen::Run(_) => pending
            .culprit
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(70)
            .collect(),
        _ => pending.culprit.clone(),
    };
    let reason = format!("{}.", pending.reason.trim_end_matches('.'));
    let lines = vec![
        Line::styled(reason.clone(), theme::warning()),
        Line::raw(""),
        Line::raw(first_line.clone()),
        Line::raw(""),
        Line::styled(
            match pending.then {
                crate::app::model::ConfirmThen::Quit => "Quit anyway?  y = yes   n / Esc = no",
                crate::app::model::ConfirmThen::CancelThenQuit => {
                    "Cancel it and quit?  y = cancel, then quit   n / Esc = stay"
                }
                crate::app::model::ConfirmThen::Run(_) => "Run it?  y = yes   n / Esc = no",
                crate::app::model::ConfirmThen::Rollback => "Roll back?  y = yes   n / Esc = no",
                crate::app::model::ConfirmThen::DiscardJournal => {
                    "Discard them?  y = discard   n / Esc = keep them"
                }
                crate::app::model::ConfirmThen::Switch(_) => "Switch?  y = yes   n / Esc = no",
                crate::app::model::ConfirmThen::SendInDoubt { .. } => {
                    "Send them again?  y = send   n / Esc = keep them staged"
                }
                crate::app::model::ConfirmThen::Predict => "Your prediction?  y = yes   n = no",
                crate::app::model::ConfirmThen::ResetDemo => {
                    "Put them back?  y = yes   n / Esc = go on as it is"
                }
                crate::app::model::ConfirmThen::DeleteConnection(..) => {
                    "Delete it?  y = delete   n / Esc = keep it"
                }
            },
            theme::header(),
        ),
    ];
    // the whole reason, wrapped: it says what would be left behind
    let width = area.width.saturating_sub(4).clamp(30, 90);
    let inner = width.saturating_sub(2).max(1) as usize;
    let reason_lines = reason.chars().count().div_ceil(inner).max(1)
        + first_line.chars().count().div_ceil(inner).max(1);
    let popup = layout::centered(area, width, (reason_lines as u16 + 6).min(area.height));
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::danger())
        .title(" Confirm ");
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        popup,
    );
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
