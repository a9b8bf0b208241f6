//! The editor's modes (`editor_mode`): the default keys cut, copy and paste consistently;
//! emacs's (readline) keys; vi's mode drawn in the editor's title; F1 lists the keys of the
//! mode in use; retort's global keys still work in vi's modes; the configuration picks the
//! mode and an unknown one is said (TestBackend workbench; `|` is the cursor).

use std::time::Duration;

use retort::app::keys_to::KeysTo;
use retort::app::{Action, PaneId};
use retort::query::result::ResultState;
use retort::ui::editor_keys::EditorMode;

use crate::editor_keys_support::{check, load, press, shown};
use crate::ui_support::{draw, help_screens, open, settle};

#[tokio::test]
async fn the_default_keys_cut_copy_paste_and_undo_consistently() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Default,
        &[
            // cut, then paste it back elsewhere: Ctrl-V, and Ctrl-Y again
            (
                "|abc def",
                "<S-Right><S-Right><S-Right><C-x><End><C-v><C-y>",
                " defabcabc|",
            ),
            ("|abc", "<S-Right><C-c><End><C-v>", "abca|"),
            ("|abc", "<S-Right><C-x><C-z>", "a|bc"),
            ("|abc", "x<C-z><A-y>", "x|abc"),
            ("|abc", "x<C-_>", "|abc"),
            ("|abc", "x<C-7>", "|abc"),
            ("ab|c", "<C-k>", "ab|"),
            // Esc clears the selection: x types after it rather than over it
            ("|abc", "<S-Right><Esc>x", "ax|bc"),
        ],
    );
    // a copy goes to the clipboard too, and says so
    load(&mut wb, "|abc");
    press(&mut wb, "<S-Right><S-Right><C-c>");
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(
        screen.contains("2 characters (Ctrl-V pastes them here)"),
        "{screen}"
    );
    // Ctrl-C with no selection is retort's: nothing to cancel, nothing typed
    load(&mut wb, "|abc");
    press(&mut wb, "<C-c>");
    assert_eq!(shown(&wb), "|abc");
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(screen.contains("Ctrl-Q quits"), "{screen}");
}

#[tokio::test]
async fn emacs_keys_move_kill_and_yank_as_readline_does() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    check(
        &mut wb,
        EditorMode::Emacs,
        &[
            ("select |a", "<C-a>x", "x|select a"),
            ("|select a", "<C-e>x", "select ax|"),
            ("se|lect", "<C-b><C-b>x", "x|select"),
            ("|select", "<C-f>x", "sx|elect"),
            ("select |from t", "<A-b>x", "x|select from t"),
            ("|select from", "<A-f>x", "selectx| from"),
            ("a\n|b", "<C-p>x", "x|a\nb"),
            ("|a\nb", "<C-n>x", "a\nx|b"),
            ("sel|ect a", "<C-k>", "sel|"),
            ("sel|ect a", "<C-u>", "|ect a"),
            ("select a|", "<C-w>", "select |"),
            ("|select a", "<A-d>", "| a"),
            ("sel|ect a", "<C-k><C-a><C-y>", "ect a|sel"),
            // kills in a row gather into one yank; a move between them starts another
            ("a b |c d", "<C-k><C-w><C-y>", "a b c d|"),
            ("a b |c d", "<C-k><C-b><C-w><C-y>", "a b| "),
            ("a\n|b", "<C-a><C-k><C-k><C-y>", "a\nb|"),
            ("|a\nb", "<C-k><C-k><C-k><C-y>", "a\nb|"),
            // a region selected with Shift-arrows: Ctrl-W kills it, Alt-W copies it
            ("|abc", "<S-Right><S-Right><C-w><C-e><C-y>", "cab|"),
            ("|abc", "<S-Right><A-w><C-e><C-y>", "abca|"),
            ("a|bc", "<C-d>", "a|c"),
            ("ab|c", "<C-h>", "a|c"),
            ("|abc", "x<C-_>", "|abc"),
            ("|abc", "x<C-7><A-_>", "x|abc"),
        ],
    );
}

#[tokio::test]
async fn vi_shows_its_mode_in_the_editor_title_and_its_selection() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_editor_mode(EditorMode::Vi);
    // the empty buffer says how to start typing
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(screen.contains("vi keys: i to type SQL"), "{screen}");
    load(&mut wb, "|select 1");
    let title = |wb: &mut retort::ui::Workbench| {
        let (screen, _) = draw(wb, 110, 30);
        let line = screen
            .lines()
            .find(|l| l.contains("SQL"))
            .map(str::to_string);
        line.unwrap_or(screen)
    };
    assert!(
        title(&mut wb).contains("-- NORMAL --"),
        "{}",
        title(&mut wb)
    );
    press(&mut wb, "2d");
    assert!(
        title(&mut wb).contains("-- NORMAL -- 2d"),
        "{}",
        title(&mut wb)
    );
    press(&mut wb, "<Esc>i");
    assert!(
        title(&mut wb).contains("-- INSERT --"),
        "{}",
        title(&mut wb)
    );
    press(&mut wb, "<Esc>vl");
    assert!(
        title(&mut wb).contains("-- VISUAL --"),
        "{}",
        title(&mut wb)
    );
    // the two characters selected are drawn as a selection
    let (screen, buf) = draw(&mut wb, 110, 30);
    let (y, line) = (screen.lines().enumerate())
        .find(|(_, l)| l.contains("select 1"))
        .unwrap();
    let x = line.chars().position(|c| c == 's').unwrap() as u16;
    let selection = retort::ui::theme::editor_selection();
    assert_eq!(buf[(x, y as u16)].bg, selection.bg.unwrap());
    assert_ne!(buf[(x + 2, y as u16)].bg, selection.bg.unwrap());
    press(&mut wb, "V");
    assert!(title(&mut wb).contains("-- VISUAL LINE --"));
    press(&mut wb, "<Esc>");
    assert!(title(&mut wb).contains("-- NORMAL --"));
    wb.set_editor_mode(EditorMode::Emacs);
    assert!(title(&mut wb).contains("emacs keys"), "{}", title(&mut wb));
}

#[tokio::test]
async fn retorts_global_keys_work_in_vi_normal_and_insert_modes() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_editor_mode(EditorMode::Vi);
    load(&mut wb, "|select 41");
    press(&mut wb, "<F5>");
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().sql,
        "select 41",
        "F5 in normal mode"
    );
    press(&mut wb, "A + 1<F5>");
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().sql,
        "select 41 + 1",
        "F5 in insert mode"
    );
    press(&mut wb, "<A-3>");
    assert_eq!(wb.model.focus, PaneId::Results, "Alt-3 from insert mode");
    press(&mut wb, "<A-2><Esc><A-3>");
    assert_eq!(wb.model.focus, PaneId::Results, "Alt-3 from normal mode");
    press(&mut wb, "<A-2>");
    assert_eq!(wb.model.focus, PaneId::Editor);
    assert_eq!(shown(&wb), "select 41 + |1", "Esc left insert mode");
    // in visual mode F5 runs what is selected: by line, by character
    load(&mut wb, "select 1 as a\n|select 2 as b");
    press(&mut wb, "V<F5>");
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.result().unwrap().sql, "select 2 as b");
    load(&mut wb, "|select 3 as c -- and a note");
    press(&mut wb, "<Esc>v4e<F5>");
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.result().unwrap().sql, "select 3 as c");
    press(&mut wb, "<Esc>");
    load(&mut wb, "select 41 + |1");
    // in normal mode Esc is retort's: it cancels the running statement
    let slow = "with recursive r(i) as (select 1 union all select i + 1 from r \
                where i < 500000000) select count(*) from r";
    wb.dispatch(Action::RunStatement(slow.into()));
    tokio::time::sleep(Duration::from_millis(100)).await;
    press(&mut wb, "<Esc>");
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(matches!(r.state, ResultState::Cancelled), "{:?}", r.state);
    assert_eq!(shown(&wb), "select 41 + |1", "and changed nothing");
    // and in visual mode: Ctrl-O opens the picker, Alt-3 focuses the results
    press(&mut wb, "v<C-o>");
    assert_eq!(
        wb.model.keys_go_to(),
        KeysTo::Picker,
        "Ctrl-O from visual mode"
    );
    press(&mut wb, "<Esc><A-3>");
    assert_eq!(wb.model.focus, PaneId::Results, "Alt-3 from visual mode");
    assert_eq!(shown(&wb), "select 41 + |1");
}

#[tokio::test]
async fn f1_lists_the_editor_keys_of_the_mode_in_use() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let modes = [
        (
            EditorMode::Default,
            "editor_mode = \"default\"",
            "cut the selection",
        ),
        (
            EditorMode::Emacs,
            "editor_mode = \"emacs\"",
            "yank the last kill",
        ),
        (
            EditorMode::Vi,
            "editor_mode = \"vi\"",
            "repeat the last change",
        ),
    ];
    for (mode, heading, line) in modes {
        wb.set_editor_mode(mode);
        wb.dispatch(Action::Focus(PaneId::Editor));
        press(&mut wb, "<F1>");
        let screens = help_screens(&mut wb, 120, 40);
        assert!(
            screens.contains(heading) && screens.contains(line),
            "{mode:?}:\n{screens}"
        );
        for (other, other_heading, other_line) in modes {
            if other != mode {
                assert!(
                    !screens.contains(other_heading) && !screens.contains(other_line),
                    "{mode:?} lists {other:?}'s keys"
                );
            }
        }
        press(&mut wb, "<F1>");
    }
}

#[tokio::test]
async fn the_configuration_picks_the_mode_and_an_unknown_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "editor_mode = \"vi\"\n").unwrap();
    let config = retort::config::load(Some(path.clone()), true);
    assert_eq!(config.problem, None);
    assert_eq!(config.settings.editor_mode(), (EditorMode::Vi, None));
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let problem = wb.configure_editor(config.settings.editor_mode.as_deref());
    assert_eq!((problem, wb.editor_mode()), (None, EditorMode::Vi));
    load(&mut wb, "|abc");
    press(&mut wb, "x");
    assert_eq!(shown(&wb), "|bc", "x deletes in vi's normal mode");

    std::fs::write(&path, "editor_mode = \"vim\"\n").unwrap();
    let config = retort::config::load(Some(path), true);
    let (mode, problem) = config.settings.editor_mode();
    assert_eq!(mode, EditorMode::Default);
    let problem = problem.expect("an unknown mode is said");
    assert!(
        problem.contains("\"vim\"") && problem.contains("default, emacs, vi"),
        "{problem}"
    );
    assert_eq!(
        wb.configure_editor(Some("vim")).as_deref(),
        Some(problem.as_str())
    );
    assert_eq!(wb.editor_mode(), EditorMode::Default);
    load(&mut wb, "|abc");
    press(&mut wb, "x");
    assert_eq!(shown(&wb), "x|abc", "the default keys type");
    let defaults = retort::config::load(None, false);
    assert_eq!(defaults.settings.editor_mode(), (EditorMode::Default, None));
}
