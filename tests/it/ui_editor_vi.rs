//! vi's keys in the editor (`editor_mode = "vi"`): motions, operators, inserts, counts, undo,
//! `.` and visual mode change the buffer as vi does (TestBackend workbench; `|` is the cursor).

use retort::ui::editor_keys::EditorMode;

use crate::editor_keys_support::check;
use crate::ui_support::{open, settle};

#[tokio::test]
async fn vi_motions_move_the_cursor_as_vi_does() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|abc", "ll", "ab|c"),
            ("|abc", "5l", "ab|c"),
            ("ab|c", "h", "a|bc"),
            ("|a\nb\nc\nd", "3j", "a\nb\nc\n|d"),
            ("a\nb\n|c", "2k", "|a\nb\nc"),
            ("|ab cd", "w", "ab |cd"),
            ("ab c|d", "b", "ab |cd"),
            ("|ab cd", "e", "a|b cd"),
            ("|ab cd", "2e", "ab c|d"),
            ("a b |c", "0", "|a b c"),
            ("  ab|c", "^", "  |abc"),
            ("|ab cd", "$", "ab c|d"),
            ("a\nb\n|c", "gg", "|a\nb\nc"),
            ("|a\nb\nc", "G", "a\nb\n|c"),
            ("|a\nb\nc", "2G", "a\n|b\nc"),
            ("a\nb\n|c", "2gg", "a\n|b\nc"),
            ("|abc", "zqQ", "|abc"),
        ],
    );
}

#[tokio::test]
async fn vi_operators_delete_change_and_yank_over_motions_and_lines() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|select a from t", "dw", "|a from t"),
            ("|a b c d", "d2w", "|c d"),
            ("|a b c d", "2dw", "|c d"),
            ("ab |cd\nef", "dw", "ab| \nef"),
            ("|select a from t", "cwupdate<Esc>", "updat|e a from t"),
            ("a|b c", "cwx<Esc>", "a|x c"),
            ("select |a from t", "d$", "select| "),
            ("ab|c", "D", "a|b"),
            ("|select a", "Cx<Esc>", "|x"),
            ("  |sel\nb", "cca<Esc>", "|a\nb"),
            ("a\n|b\nc", "dd", "a\n|c"),
            ("|a\nb\nc", "2dd", "|c"),
            ("a\nb\n|c", "dd", "a\n|b"),
            ("|a\nb\nc\nd", "dj", "|c\nd"),
            ("a\n|b\nc", "dG", "|a"),
            ("a\nb\n|c", "dgg", "|"),
            ("|abc", "x", "|bc"),
            ("|select a", "5x", "|t a"),
            ("ab|c", "X", "a|c"),
            ("|abc", "sx<Esc>", "|xbc"),
            ("|abc", "xp", "b|ac"),
            ("|ab cd", "ywP", "ab| ab cd"),
            ("|a\nb", "yyp", "a\n|a\nb"),
            ("a\n|b", "yyP", "a\n|b\nb"),
            ("|a\nb", "yj2p", "a\n|a\nb\na\nb\nb"),
            ("|a\nb", "Yp", "a\n|a\nb"),
            ("  |ab\nc", "Sx<Esc>", "|x\nc"),
            ("|abc", "d<Esc>x", "|bc"),
        ],
    );
}

#[tokio::test]
async fn vi_inserts_go_where_i_a_o_say_and_esc_returns_to_normal() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|abc", "ix<Esc>", "|xabc"),
            ("|abc", "ax<Esc>", "a|xbc"),
            ("  a|bc", "Ix<Esc>", "  |xabc"),
            ("|abc", "Ax<Esc>", "abc|x"),
            ("|a\nb", "ox<Esc>", "a\n|x\nb"),
            ("a\n|b", "Ox<Esc>", "a\n|x\nb"),
            ("|ab", "ix<BS>y<Enter>z<Esc>", "y\n|zab"),
            ("|ab", "i<Esc>l", "a|b"),
            // a count types the insert that many times
            ("|ab", "3ix<Esc>", "xx|xab"),
            ("|ab", "2aiy<Esc>", "aiyi|yb"),
            ("|a\nb", "2oc<Esc>", "a\nc\n|c\nb"),
            ("a\n|b", "2Oc<Esc>", "a\nc\n|c\nb"),
            ("|ab", "3ix<Esc>u", "|ab"),
            ("|ab", "2ix<Esc>j.", "xx|xxab"),
        ],
    );
}

#[tokio::test]
async fn vi_undo_redo_counts_and_dot_repeat_the_last_change() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|abc", "xu", "|abc"),
            ("|abc", "xxu", "|bc"),
            ("|abc", "xxuu", "|abc"),
            ("|abc", "xu<C-r>", "|bc"),
            ("|ab cd", "cwxyz<Esc>u", "|ab cd"),
            ("|a\nb", "ox<Esc>u", "|a\nb"),
            ("|aaaa", "x.", "|aa"),
            ("|abcdef", "x3.", "|ef"),
            ("|a b c d", "dw..", "|d"),
            ("|a\nb\nc\nd", "dd.", "|c\nd"),
            ("|a\nb\nc\nd\ne", "2dd.", "|e"),
            ("|ab ab", "cwxy<Esc>w.", "xy x|y"),
            ("|ab", "ix<Esc>.", "|xxab"),
            ("|a\nb", "yyp.", "a\na\n|a\nb"),
            ("|a\nb", "ox<Esc>.", "a\nx\n|x\nb"),
            ("|a b", "dw.u", "|b"),
        ],
    );
}

#[tokio::test]
async fn vi_visual_mode_selects_by_character_or_line_and_acts_on_it() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|abc def", "vld", "|c def"),
            ("abc |def", "vbd", "|ef"),
            ("|a\nb\nc", "Vjd", "|c"),
            ("|ab cd", "vecx<Esc>", "|x cd"),
            ("|ab cd", "vey$p", "ab cda|b"),
            ("|a\nb", "Vy<Esc>jp", "a\nb\n|a"),
            ("|abc", "vl<Esc>x", "a|c"),
            ("|abc", "vlvx", "a|c"),
            // p replaces the selection with what was yanked, and yanks what it replaced
            ("|abc def", "yiwwviwp", "abc ab|c"),
            ("|abc def", "yiwwviwp0P", "de|fabc abc"),
            ("|a\nb\nc", "yyjVp", "a\n|a\nc"),
            ("|a\nb", "yyjVp", "a\n|a"),
            ("|x\nb\nc", "yljVjp", "x\n|x"),
        ],
    );
}

#[tokio::test]
async fn vi_text_objects_brackets_replace_join_and_case() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("select co|unt(*) from t", "diw", "select |(*) from t"),
            ("select co|unt(*) from t", "daw", "select|(*) from t"),
            ("select co|unt from t", "daw", "select |from t"),
            ("select co|unt from t", "ciwsum<Esc>", "select su|m from t"),
            ("where name = 'B|ob'", "ci'Al<Esc>", "where name = 'A|l'"),
            ("|where name = 'Bob'", "da'", "where name |="),
            ("a '|b' c", "da'", "a |c"),
            ("from \"my |t\"", "yi\"P", "from \"my |tmy t\""),
            ("count(a, (|b))", "di(", "count(a, (|))"),
            ("count(a, (|b))", "da(", "count(a, |)"),
            ("count(|a,\n  b) x", "dib", "count(|) x"),
            ("in (1, |2)", "ci(3<Esc>", "in (|3)"),
            ("|f(a, (b)) x", "%", "f(a, (b)|) x"),
            ("f(a, (b)|) x", "%", "f|(a, (b)) x"),
            ("|f(a) x", "d%", "| x"),
            ("|abc", "d%", "|abc"),
            ("|abc", "rx", "|xbc"),
            ("|abc", "3rx", "xx|x"),
            ("|abc", "4rx", "|abc"),
            ("|abc", "rx.", "|xbc"),
            ("|a\n  b\nc", "J", "a| b\nc"),
            ("|a\n  b\nc", "3J", "a b| c"),
            ("|f(\n)", "J", "f(|)"),
            ("|abC", "~~~", "AB|c"),
            ("|abc", "2~", "AB|c"),
            ("|ab\ncd\nef", "J.", "ab cd| ef"),
            ("|select x", "diwu", "|select x"),
        ],
    );
}

#[tokio::test]
async fn vi_words_finds_and_visual_objects() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Vi,
        &[
            ("|a.id, b.x", "W", "a.id, |b.x"),
            ("a.id, b.|x", "B", "a.id, |b.x"),
            ("|a.id, b.x", "E", "a.id|, b.x"),
            ("|a.id, b.x", "dW", "|b.x"),
            ("|a.id, b.x", "cWz<Esc>", "|z b.x"),
            ("|f(a, b, c)", "fb", "f(a, |b, c)"),
            ("|f(a, b, c)", "2f,", "f(a, b|, c)"),
            ("|f(a, b, c)", "tb", "f(a,| b, c)"),
            ("f(a, b, |c)", "Fa", "f(|a, b, c)"),
            ("f(a, b, |c)", "Ta", "f(a|, b, c)"),
            ("|f(a, b, c)", "f,;", "f(a, b|, c)"),
            ("|f(a, b, c)", "f,;,", "f(a|, b, c)"),
            ("|f(a, b, c)", "fz", "|f(a, b, c)"),
            ("|f(a, b, c)", "dt)", "|)"),
            ("|f(a, b, c)", "df,", "| b, c)"),
            ("|f(a, b, c)", "ct,x<Esc>", "|x, b, c)"),
            ("|a,b,c,d", "dt,.", "|,c,d"),
            ("f(a, |b, c)", "vi(d", "f(|)"),
            ("f(a, |b, c)", "va(d", "|f"),
            ("select |name from t", "viwy$p", "select name from tnam|e"),
            ("where x = '|ab c'", "vi'c1<Esc>", "where x = '|1'"),
            ("(\n  |a\n)", "vi(d", "|(\n)"),
        ],
    );
}

#[tokio::test]
async fn a_paste_in_vi_is_an_undo_step_of_its_own_and_ends_visual_mode() {
    use crate::editor_keys_support::{load, press, shown};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_editor_mode(EditorMode::Vi);
    let paste = |wb: &mut retort::ui::Workbench, text: &str| {
        wb.on_terminal_event(crossterm::event::Event::Paste(text.into()))
    };
    load(&mut wb, "|abc");
    press(&mut wb, "x");
    paste(&mut wb, "12");
    assert_eq!(shown(&wb), "12|bc");
    press(&mut wb, "u");
    assert_eq!(shown(&wb), "|bc", "u takes back the paste alone");
    press(&mut wb, "u");
    assert_eq!(shown(&wb), "|abc");
    // in insert mode a paste is part of the insert: one u takes back both
    press(&mut wb, "iz<Esc>");
    press(&mut wb, "a");
    paste(&mut wb, "12");
    press(&mut wb, "<Esc>");
    assert_eq!(shown(&wb), "z1|2abc");
    press(&mut wb, "u");
    assert_eq!(shown(&wb), "|zabc");
    // a paste in visual mode ends it (its start may be gone)
    load(&mut wb, "|abc");
    press(&mut wb, "vl");
    paste(&mut wb, "x");
    let (screen, _) = crate::ui_support::draw(&mut wb, 110, 30);
    assert!(screen.contains("-- NORMAL --"), "{screen}");
}

#[tokio::test]
async fn one_esc_closes_completion_and_leaves_insert_mode_as_in_vim() {
    use crate::editor_keys_support::{load, press, shown};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_editor_mode(EditorMode::Vi);
    wb.set_complete_while_typing(true);
    load(&mut wb, "|");
    // the candidates that open after a pause in typing
    press(&mut wb, "iselect * from po");
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    wb.complete_after_pause();
    assert!(wb.model.completion().is_some(), "candidates offered");
    press(&mut wb, "<Esc>");
    assert!(wb.model.completion().is_none());
    press(&mut wb, "x");
    assert_eq!(shown(&wb), "select * from |p", "normal mode: x deletes");
    // and those Ctrl-Space asked for
    press(&mut wb, "A<C- >");
    assert!(wb.model.completion().is_some(), "Ctrl-Space offers");
    press(&mut wb, "<Esc>x");
    assert!(wb.model.completion().is_none());
    assert_eq!(shown(&wb), "select * from| ");
}
