//! Keys as a terminal sends them, and emacs's keys as readline has them (TestBackend
//! workbench; `|` is the cursor): a line feed (Ctrl-J, what a paste without bracketed paste
//! sends) makes a new line in every mode and the default keys delete only with the keys F1
//! lists; readline's words, buffer ends, kills, Ctrl-T and Alt-U/L/C; Ctrl-N and Ctrl-P in
//! completion's list.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use retort::app::{Action, PaneId};
use retort::ui::editor_keys::{EditorKeys, EditorMode};

use crate::editor_keys_support::{check, load, press, shown};
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

#[tokio::test]
async fn emacs_words_buffer_ends_kills_and_case_are_readlines() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Emacs,
        &[
            // Alt-F: to the end of the current or next word; Alt-B: to a word's start
            ("|select from", "<A-f>", "select| from"),
            ("sel|ect from", "<A-f>", "select| from"),
            ("select| from", "<A-f>", "select from|"),
            ("|foo.bar_baz", "<A-f><A-f>", "foo.bar|_baz"),
            ("select\n|  from t", "<A-b>", "|select\n  from t"),
            ("foo.bar|", "<A-b>", "foo.|bar"),
            ("select 1|\n  from t", "<A-f>", "select 1\n  from| t"),
            // Alt-< and Alt->: the whole buffer's start and end
            ("ab\ncd|ef\ngh", "<A-lt>", "|ab\ncdef\ngh"),
            ("ab\nc|def\ngh", "<A-gt>", "ab\ncdef\ngh|"),
            ("ab\nc|def\nghij", "<A-gt>", "ab\ncdef\nghij|"),
            // Alt-Backspace: back to the word's start, separators and all, in one kill
            ("foo.bar_baz, |", "<A-BS>", "foo.bar_|"),
            ("foo.bar_baz, |", "<A-BS><A-BS>", "foo.|"),
            ("foo.bar_baz, |", "<A-BS><C-y>", "foo.bar_baz, |"),
            // Alt-D: to the word's end; Ctrl-W: back to a blank
            ("foo|, bar baz", "<A-d>", "foo| baz"),
            ("x foo.bar_baz, |", "<C-w>", "x |"),
            ("x foo.bar_baz, |", "<C-w><C-y>", "x foo.bar_baz, |"),
            // Ctrl-T: the characters around the cursor; at the line's end the two before
            ("ab|cd", "<C-t>", "acb|d"),
            ("abcd|", "<C-t>", "abdc|"),
            ("|abcd", "<C-t>", "|abcd"),
            // Alt-U, Alt-L, Alt-C: to the end of the word, the cursor after it
            ("|select from", "<A-u>", "SELECT| from"),
            ("SEL|ECT FROM", "<A-l>", "SELect| FROM"),
            ("|hELLO wORLD", "<A-c><A-c>", "Hello World|"),
            ("x|  foo", "<A-c>", "x  Foo|"),
            // the yank survives them
            ("|ab cd", "<A-d><A-u><C-t><C-y>", " DCab|"),
        ],
    );
}

#[tokio::test]
async fn ctrl_n_and_ctrl_p_move_in_completions_list_in_every_mode() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    for (mode, start) in [
        (EditorMode::Default, ""),
        (EditorMode::Emacs, ""),
        (EditorMode::Vi, "A"),
    ] {
        wb.set_editor_mode(mode);
        load(&mut wb, "select 1\nselect * from po|");
        press(&mut wb, start);
        press(&mut wb, "<C- >");
        let names: Vec<String> = (wb.model.completion().iter())
            .flat_map(|p| p.completion.candidates.iter().map(|c| c.text.clone()))
            .collect();
        assert_eq!(names, ["post_stats", "post_tags", "posts"], "{mode:?}");
        press(&mut wb, "<C-n><C-n><C-p>");
        let selected = wb.model.completion().map(|p| p.selected);
        assert_eq!(selected, Some(1), "{mode:?}: the list is still open");
        press(&mut wb, "<Enter>");
        assert_eq!(shown(&wb), "select 1\nselect * from post_tags|", "{mode:?}");
        press(&mut wb, "<Esc>");
        wb.dispatch(Action::Focus(PaneId::Editor));
    }
}
