//! `editor_mode`: which keys edit the SQL editor's text (the default keys, emacs's or vi's).

/// The editor's editing keys, as `editor_mode` names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EditorMode {
    /// The usual keys: Ctrl-X cut, Ctrl-C copy, Ctrl-V paste, Ctrl-Z undo.
    #[default]
    Default,
    /// readline's keys: Ctrl-A/E, Ctrl-K, Ctrl-Y…
    Emacs,
    /// vi's normal, insert and visual modes.
    Vi,
}

impl EditorMode {
    pub const NAMES: [&'static str; 3] = ["default", "emacs", "vi"];

    /// The mode a setting names; an unknown one is said in a sentence (the default is used).
    pub fn from_setting(value: Option<&str>) -> (EditorMode, Option<String>) {
        match value.map(str::trim) {
            None | Some("default") => (EditorMode::Default, None),
            Some("emacs") => (EditorMode::Emacs, None),
            Some("vi") => (EditorMode::Vi, None),
            Some(other) => (
                EditorMode::Default,
                Some(format!(
                    "config editor_mode = {other:?} is not one of {}: the default keys are used",
                    Self::NAMES.join(", ")
                )),
            ),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EditorMode::Default => "default",
            EditorMode::Emacs => "emacs",
            EditorMode::Vi => "vi",
        }
    }
}
