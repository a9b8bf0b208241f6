//! F4: the buffer, or the cell being edited, in the user's own editor.

use ratatui_textarea::TextArea;

use super::Workbench;
use crate::app::Event;
use crate::app::model::Overlay;
use crate::app::notice::{Level, Notice};

/// Runs $VISUAL / $EDITOR (vi without them) on `text` with the terminal handed over. Returns
/// the edited text, or why there is none.
fn edit_in_editor(text: &str, suffix: &str) -> Result<(String, String), String> {
    // a private file: unpredictable name, mode 0600, created anew (O_EXCL: no symlink is
    // followed), removed when `file` is dropped; a text file ends with a newline, taken off
    // again when read back
    let file = tempfile::Builder::new()
        .prefix("retort-edit-")
        .suffix(suffix)
        .tempfile()
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, format!("{text}\n").as_bytes())?;
            Ok(f)
        })
        .map_err(|e| format!("cannot write the text for the editor: {e}"))?;
    let path = file.path().to_path_buf();
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    // through the shell, so that EDITOR may carry arguments ("code -w", "emacs -nw")
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("{editor} \"$1\""), "retort-editor"])
        .arg(&path)
        .status();
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map(|new| {
                (
                    new.strip_suffix('\n').unwrap_or(&new).to_string(),
                    editor.clone(),
                )
            })
            .map_err(|e| format!("cannot read the edited text: {e}")),
        Ok(s) => Err(format!("{editor} exited with {s}: nothing changed")),
        Err(e) => Err(format!("cannot start {editor}: {e}")),
    }
}

impl Workbench {
    pub fn take_external_edit(&mut self) -> bool {
        std::mem::take(&mut self.external_edit)
    }

    /// Edits the cell being edited (long text, JSON), else the buffer, in the user's editor.
    pub fn edit_externally(&mut self) {
        if let Overlay::CellEditor(edit) = &self.model.overlay {
            let suffix = if edit.data_type.to_lowercase().contains("json") {
                ".json"
            } else {
                ".txt"
            };
            let edited = edit_in_editor(&edit.text, suffix).map(|(new, _)| new);
            self.on_event(Event::CellEdited(edited));
            return;
        }
        match edit_in_editor(&self.editor.lines().join("\n"), ".sql") {
            Ok((new, editor)) => {
                let placeholder = self.editor_keys.placeholder();
                self.edit_outside(|ed| {
                    *ed = TextArea::from(new.lines());
                    ed.set_placeholder_text(placeholder);
                });
                self.report(Notice::new(Level::Info, format!("edited in {editor}")));
                self.save_buffer();
            }
            Err(why) => self.report(Notice::new(
                Level::Error,
                format!("{why}: buffer unchanged"),
            )),
        }
    }
}
