//! Copying: the system clipboard where there is one (X11), and always OSC 52 through the
//! terminal, which also reaches the clipboard over ssh and inside tmux.

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
    pub fn copy(&mut self, text: &str) {
        if !self.tried {
            self.tried = true;
            // no display (a server, CI): no system clipboard, OSC 52 still works
            if std::env::var_os("DISPLAY").is_some()
                || std::env::var_os("WAYLAND_DISPLAY").is_some()
            {
                self.system = arboard::Clipboard::new().ok();
            }
        }
        if let Some(system) = self.system.as_mut() {
            let _ = system.set_text(text.to_string());
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = std::io::stdout();
        let _ = write!(out, "\x1b]52;c;{encoded}\x07");
        let _ = out.flush();
    }
}
