//! What F1 lists of the editor's keys, for the mode in use.

use super::EditorMode;

/// (keys, what they do) of the editor's keys in `mode`; its heading first.
pub fn lines(mode: EditorMode) -> (&'static str, &'static [(&'static str, &'static str)]) {
    match mode {
        EditorMode::Default => ("In the editor (editor_mode = \"default\")", DEFAULT),
        EditorMode::Emacs => ("In the editor (editor_mode = \"emacs\")", EMACS),
        EditorMode::Vi => ("In the editor (editor_mode = \"vi\")", VI),
    }
}

const DEFAULT: &[(&str, &str)] = &[
    ("Shift-arrows", "select"),
    ("Ctrl-X", "cut the selection (to the clipboard too)"),
    (
        "Ctrl-C",
        "copy the selection, to the clipboard too (none, or running: cancel)",
    ),
    (
        "Ctrl-V / Ctrl-Y",
        "paste what was cut, copied or deleted last",
    ),
    ("Ctrl-Z / Ctrl-U / Ctrl-_", "undo"),
    ("Alt-Y / Ctrl-Shift-Z", "redo"),
    (
        "Enter / Ctrl-J",
        "a new line (Ctrl-J: a line feed, as a paste without brackets sends)",
    ),
    ("Ctrl-K", "delete to the end of the line"),
    (
        "Ctrl-W / Alt-D",
        "delete the word before / after the cursor",
    ),
    ("Ctrl-D / Ctrl-H", "delete the character / the one before"),
    ("Ctrl-A / Ctrl-E", "the start / the end of the line"),
    ("Alt-B / Alt-F", "a word back / forward"),
    (
        "Ctrl-P / Ctrl-N",
        "a line up / down; completion's list open: the entry above / below",
    ),
    ("Esc", "clear the selection (nothing running)"),
];

const EMACS: &[(&str, &str)] = &[
    ("Ctrl-A / Ctrl-E", "the start / the end of the line"),
    ("Ctrl-B / Ctrl-F", "a character back / forward"),
    (
        "Alt-B / Alt-F",
        "to a word's start / end (words: letters and digits)",
    ),
    (
        "Ctrl-P / Ctrl-N",
        "a line up / down; completion's list open: the entry above / below",
    ),
    ("Alt-< / Alt->", "the start / the end of the buffer"),
    ("Enter / Ctrl-J", "a new line"),
    ("Ctrl-D / Ctrl-H", "delete the character / the one before"),
    (
        "Ctrl-T",
        "swap the characters around the cursor (at the line's end: before it)",
    ),
    (
        "Alt-U / Alt-L / Alt-C",
        "upper-case / lower-case / capitalize to the end of the word",
    ),
    (
        "Ctrl-K",
        "kill to the end of the line (at its end: the line break)",
    ),
    ("Ctrl-U", "kill to the start of the line"),
    (
        "Ctrl-W",
        "kill back to a blank (the word before, punctuation and all)",
    ),
    (
        "Alt-Backspace / Alt-D",
        "kill to the start / the end of a word",
    ),
    ("Ctrl-Y", "yank the last kill (kills in a row gather)"),
    (
        "Ctrl-W / Alt-W",
        "kill / copy a region (Shift-arrows select it)",
    ),
    ("Ctrl-_ / Ctrl-Z", "undo"),
    ("Alt-_", "redo"),
    (
        "Ctrl-S/R/O/Q/C/Space",
        "retort's keys win: commit, reload, picker, quit, cancel, complete",
    ),
];

const VI: &[(&str, &str)] = &[
    (
        "i a I A o O",
        "insert: here, after, line start, line end, below, above",
    ),
    (
        "Esc",
        "to normal mode; in normal mode: cancel the running statement",
    ),
    ("h j k l / arrows", "move"),
    (
        "w b e / W B E",
        "a word (WORD: non-blanks) forward, back, to its end",
    ),
    (
        "f t F T ; ,",
        "to a character on the line (t: before it); again, back",
    ),
    ("0 ^ $", "the line's start, first non-blank, end"),
    ("gg G", "the first / last line (5G: line 5)"),
    (
        "d c y + a motion",
        "delete, change, yank (dw, cw, d$, dj, dG…)",
    ),
    ("dd cc yy / S Y", "the line (2dd: two lines)"),
    ("D C", "delete / change to the end of the line"),
    (
        "x X s",
        "delete the character / the one before; s changes it",
    ),
    (
        "iw aw i\" a' i( ab…",
        "text objects after d c y or v: word, quotes, brackets",
    ),
    ("%", "the matching bracket"),
    (
        "r ~ J",
        "replace the character, switch its case, join lines",
    ),
    ("p P", "put after / before (lines: below / above)"),
    ("u / Ctrl-R", "undo / redo (Ctrl-R in insert mode: reload)"),
    (
        "v V",
        "visual, by character / by line; d y c act on it, p replaces it",
    ),
    ("F5 in v / V", "run what is selected"),
    (
        "3j 2dd 5x 3ix",
        "a count repeats a motion, an edit or an insert",
    ),
    (".", "repeat the last change"),
    ("Ctrl-J / Enter", "in insert mode: a new line"),
    (
        "Ctrl-N / Ctrl-P",
        "completion's list open: the next / previous entry",
    ),
    (
        "F5 Ctrl-Enter Alt-1…5",
        "retort's keys (F-keys, Ctrl-S/Q/O) work in every mode",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The editor's lines do not widen F1's columns past the keymap's own (24 and 70
    /// characters), so that the help fits a 100-column terminal in one column.
    #[test]
    fn the_editor_keys_fit_the_helps_columns() {
        for mode in [EditorMode::Default, EditorMode::Emacs, EditorMode::Vi] {
            for (keys, help) in lines(mode).1 {
                assert!(keys.chars().count() <= 24, "{mode:?}: {keys}");
                assert!(help.chars().count() <= 70, "{mode:?}: {help}");
            }
        }
    }
}
