//! F4: the buffer edited in the user's own editor.

use ratatui_textarea::TextArea;

use super::Workbench;

impl Workbench {
    pub fn take_external_edit(&mut self) -> bool {
        std::mem::take(&mut self.external_edit)
    }

    /// Edits the buffer in $VISUAL / $EDITOR (vi without them), with the terminal handed over.
    pub fn edit_externally(&mut self) {
        let path = std::env::temp_dir().join(format!("retort-edit-{}.sql", std::process::id()));
        let text = self.editor.lines().join("\n");
        if let Err(e) = std::fs::write(&path, &text) {
            self.model.notice = Some(format!("cannot write {}: {e}", path.display()));
            return;
        }
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
            Ok(s) if s.success() => match std::fs::read_to_string(&path) {
                Ok(new) => {
                    let new = new.strip_suffix('\n').unwrap_or(&new);
                    self.editor = TextArea::from(new.lines());
                    self.model.notice = Some(format!("edited in {editor}"));
                    self.save_buffer();
                }
                Err(e) => self.model.notice = Some(format!("cannot read the edited buffer: {e}")),
            },
            Ok(s) => {
                self.model.notice = Some(format!("{editor} exited with {s}: buffer unchanged"))
            }
            Err(e) => self.model.notice = Some(format!("cannot start {editor}: {e}")),
        }
        let _ = std::fs::remove_file(&path);
    }
}
