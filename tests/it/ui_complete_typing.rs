//! Completion as you type (issue 20, as pgcli does it): after a pause in a word the candidates
//! open by themselves, views marked as views; Enter still makes a new line until one is chosen;
//! the configuration can turn it off.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::ui_session::{key, typed};
use crate::ui_support::{draw, open, settle};

async fn pause(wb: &mut Workbench) {
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    wb.complete_after_pause();
}

fn offered(wb: &Workbench) -> Vec<String> {
    (wb.model.completion().iter())
        .flat_map(|p| p.completion.candidates.iter().map(|c| c.text.clone()))
        .collect()
}

#[tokio::test]
async fn candidates_open_after_a_pause_and_enter_still_makes_a_new_line() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "select * from po");
    assert!(offered(&wb).is_empty(), "not before the pause");
    pause(&mut wb).await;
    assert_eq!(offered(&wb), ["post_stats", "post_tags", "posts"]);
    let (s, _) = draw(&mut wb, 120, 35);
    assert!(
        s.contains("◫ post_stats  view") && s.contains("▦ posts  table"),
        "{s}"
    );
    // nothing chosen: Enter is the editor's
    key(&mut wb, KeyCode::Enter);
    assert!(offered(&wb).is_empty());
    assert_eq!(wb.editor.lines(), ["select * from po", ""]);
    // ↓ chooses the first, Enter takes it
    typed(&mut wb, "select * from po");
    pause(&mut wb).await;
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.editor.lines()[1], "select * from post_stats");
    // typing on closes them, and the next pause offers what fits the longer word
    typed(&mut wb, " join us");
    pause(&mut wb).await;
    assert_eq!(offered(&wb), ["users", "using"]);
    typed(&mut wb, "e");
    assert!(offered(&wb).is_empty());
}

#[tokio::test]
async fn a_short_word_a_whole_word_and_the_setting_off_open_nothing() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "select * from u");
    pause(&mut wb).await;
    assert!(
        offered(&wb).is_empty(),
        "one letter is not completed by itself"
    );
    typed(&mut wb, "sers");
    pause(&mut wb).await;
    assert!(offered(&wb).is_empty(), "a name typed whole");
    assert!(wb.model.notice.is_none(), "and nothing is said");
    wb.set_complete_while_typing(false);
    typed(&mut wb, " join po");
    pause(&mut wb).await;
    assert!(offered(&wb).is_empty());
    // Ctrl-Space still asks
    crate::ui_session::ctrl(&mut wb, ' ');
    assert_eq!(offered(&wb), ["post_stats", "post_tags", "posts"]);
}

#[tokio::test]
async fn in_vi_only_what_is_typed_in_insert_mode_opens_candidates() {
    use retort::config::EditorMode;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_editor_mode(EditorMode::Vi);
    wb.dispatch(Action::Focus(PaneId::Editor));
    // insert mode: a word typed and a pause offer the tables
    typed(&mut wb, "iselect * from po");
    pause(&mut wb).await;
    assert_eq!(offered(&wb), ["post_stats", "post_tags", "posts"]);
    key(&mut wb, KeyCode::Esc);
    key(&mut wb, KeyCode::Esc);
    // normal mode: commands are not words being typed
    typed(&mut wb, "bb");
    pause(&mut wb).await;
    assert!(offered(&wb).is_empty(), "{:?}", wb.model.completion());
}
