//! Copying: the system clipboard where there is one (X11), and always OSC 52 through the
//! terminal, which also reaches the clipboard over ssh and inside tmux.

use crate::app::notice::{Level, Notice};
use std::io::Write as _;

use base64::Engine as _;

/// The system clipboard is opened on the first copy and kept: on X11 the copied text lives as
/// long as its owner does.
#[derive(Default)]
pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    tried: bool,
}

impl Clipboard {
    /// Copies `text`, and says where it went: the system clipboard's answer is known, OSC 52's
    /// is not (a terminal may ignore it), and the words say so rather than "copied".
    pub fn copy(&mut self, text: &str) -> Notice {
        if !self.tried {
            self.tried = true;
            // no display (a server, CI): no system clipboard, OSC 52 still works
            if std::env::var_os("DISPLAY").is_some()
                || std::env::var_os("WAYLAND_DISPLAY").is_some()
            {
                self.system = arboard::Clipboard::new().ok();
            }
        }
        let system = self
            .system
            .as_mut()
            .map(|s| s.set_text(text.to_string()).map_err(|e| e.to_string()));
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = std::io::stdout();
        let sent = write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush());
        let (level, said) = match (system, sent) {
            (Some(Ok(())), _) => (Level::Info, "copied to the clipboard".into()),
            (None, Ok(())) => (
                Level::Warning,
                "sent to the terminal's clipboard (OSC 52; no system clipboard here, and a \
                 terminal may ignore it)"
                    .into(),
            ),
            (Some(Err(e)), Ok(())) => (
                Level::Warning,
                format!(
                    "the system clipboard refused it ({e}); sent to the terminal's clipboard \
                 instead (OSC 52, which a terminal may ignore)"
                ),
            ),
            (Some(Err(e)), Err(o)) => (
                Level::Error,
                format!(
                    "NOT copied: the system clipboard refused it ({e}) and the terminal could not be written ({o})"
                ),
            ),
            (None, Err(o)) => (
                Level::Error,
                format!(
                    "NOT copied: no system clipboard, and the terminal could not be written ({o})"
                ),
            ),
        };
        Notice::new(level, said)
    }
}
