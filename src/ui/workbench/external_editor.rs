//! F4: the buffer edited in the user's own editor.

use ratatui_textarea::TextArea;

use super::Workbench;

impl Workbench {
    pub fn take_external_edit(&mut self) -> bool {
        std::mem::take(&mut self.external_edit)
    }

    /// Edits the buffer in $VISUAL / $EDITOR (vi without them), with the terminal handed over.
    pub fn edit_externally(&mut self) {
        // a private file: unpredictable name, mode 0600, created anew (O_EXCL: no symlink is
        // followed), removed when `file` is dropped
        // a text file ends with a newline; it is taken off again when read back
        let text = self.editor.lines().join("\n") + "\n";
        let file = tempfile::Builder::new()
            .prefix("retort-edit-")
            .suffix(".sql")
            .tempfile()
            .and_then(|mut f| {
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                Ok(f)
            });
        let file = match file {
            Ok(f) => f,
            Err(e) => {
                self.model.notice = Some(format!("cannot write the buffer for the editor: {e}"));
                return;
            }
        };
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
        drop(file);
    }
}
