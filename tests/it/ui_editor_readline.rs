//! Keys as a terminal sends them (TestBackend workbench; `|` is the cursor): a line feed
//! (Ctrl-J, what a paste without bracketed paste sends) makes a new line in every mode and
//! the default keys delete only with the keys F1 lists.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use retort::ui::editor_keys::{EditorKeys, EditorMode};

use crate::editor_keys_support::check;
use crate::ui_support::{open, settle};

#[tokio::test]
async fn a_line_feed_makes_a_new_line_in_every_mode() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    // `send-keys -l $'select 1,\n  2,\n  3'`: each \n arrives as Ctrl-J
    let typed = "select 1,<C-j>  2,<C-j>  3";
    let lines = "select 1,\n  2,\n  3|";
    check(&mut wb, EditorMode::Default, &[("|", typed, lines)]);
    check(&mut wb, EditorMode::Emacs, &[("|", typed, lines)]);
    check(
        &mut wb,
        EditorMode::Vi,
        &[("|", &format!("i{typed}"), lines)],
    );
    // in the middle of a line too, and Ctrl-M (a carriage return read raw)
    for mode in [EditorMode::Default, EditorMode::Emacs] {
        check(&mut wb, mode, &[("ab|cd", "<C-j>", "ab\n|cd")]);
        check(&mut wb, mode, &[("ab|cd", "<C-m>", "ab\n|cd")]);
    }
    check(&mut wb, EditorMode::Vi, &[("ab|cd", "i<C-j>", "ab\n|cd")]);
}

/// Every Ctrl-letter on a fresh buffer in the default mode: only the keys F1 lists as
/// changing the text change it (the TextArea's own Ctrl-J deleted to the line's start).
#[test]
fn the_default_keys_change_text_only_with_the_keys_f1_lists() {
    let changes = [
        ('d', "ab cd|f gh\nij"),
        ('h', "ab c|ef gh\nij"),
        ('j', "ab cd\n|ef gh\nij"),
        ('k', "ab cd|\nij"),
        ('m', "ab cd\n|ef gh\nij"),
        ('w', "ab |ef gh\nij"),
    ];
    let mut wrong = Vec::new();
    for letter in 'a'..='z' {
        let mut ed = TextArea::from(["ab cdef gh", "ij"]);
        ed.move_cursor(ratatui_textarea::CursorMove::Jump(0, 5));
        let mut keys = EditorKeys::new(EditorMode::Default);
        let key = KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL);
        keys.key(&mut ed, key);
        let (row, col) = (ed.cursor().0, ed.cursor().1);
        let mut lines = ed.lines().to_vec();
        let byte = lines[row]
            .char_indices()
            .nth(col)
            .map_or(lines[row].len(), |(b, _)| b);
        lines[row].insert(byte, '|');
        let got = lines.join("\n");
        let changed = got.replace('|', "") != "ab cdef gh\nij";
        let expected = changes.iter().find(|(c, _)| *c == letter).map(|(_, t)| *t);
        match expected {
            Some(text) if got != text => {
                wrong.push(format!("Ctrl-{letter}: {got:?}, not {text:?}"))
            }
            None if changed => wrong.push(format!("Ctrl-{letter} changed the text: {got:?}")),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // and F1 lists those keys
    let (_, listed) = retort::ui::editor_keys::help_lines(EditorMode::Default);
    let keys: Vec<&str> = listed.iter().map(|(k, _)| *k).collect();
    for key in ["Ctrl-J", "Ctrl-K", "Ctrl-W", "Ctrl-D", "Ctrl-H"] {
        assert!(keys.iter().any(|k| k.contains(key)), "{key} in {keys:?}");
    }
    assert!(
        !listed
            .iter()
            .any(|(_, what)| what.contains("the start of the line")),
        "{listed:?}"
    );
}
