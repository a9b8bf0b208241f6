//! Keys and pastes go where the keys go (`keys_go_to`), and nowhere else: found by a tester
//! driving the real binary, each reproduced here through the workbench.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use retort::app::keys_to::KeysTo;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::ui_session::{key, typed};
use crate::ui_support::{open, settle};

fn paste(wb: &mut Workbench, text: &str) {
    wb.on_terminal_event(TermEvent::Paste(text.into()));
}

fn editor_text(wb: &Workbench) -> String {
    wb.editor.lines().join("\n")
}

#[tokio::test]
async fn a_paste_closes_completion_and_goes_into_the_editor() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "select * from ta");
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(wb.model.keys_go_to(), KeysTo::Completion);
    paste(&mut wb, "gs where 1=1");
    assert_eq!(wb.model.keys_go_to(), KeysTo::Panes, "the paste closed it");
    // Enter is a line break now, not the candidate taken over the pasted text
    key(&mut wb, KeyCode::Enter);
    assert_eq!(editor_text(&wb), "select * from tags where 1=1\n");
}

#[tokio::test]
async fn a_paste_under_the_help_or_a_question_changes_nothing() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "delete from tags");
    wb.dispatch(Action::ToggleHelp);
    paste(&mut wb, "PASTED_IN_HELP");
    wb.dispatch(Action::Dismiss);
    wb.dispatch(Action::RunStatement("delete from tags".into()));
    assert_eq!(wb.model.keys_go_to(), KeysTo::Confirm);
    paste(&mut wb, "ZZ");
    assert_eq!(editor_text(&wb), "delete from tags");
}

#[tokio::test]
async fn nothing_acts_underneath_the_detail_view() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Schema));
    wb.dispatch(Action::StartFilter);
    typed(&mut wb, "tags");
    key(&mut wb, KeyCode::Enter);
    key(&mut wb, KeyCode::Char('i'));
    assert_eq!(wb.model.keys_go_to(), KeysTo::Detail);
    // `e` in the tree puts the table's name into the editor: not under the detail view
    typed(&mut wb, "ezz");
    assert_eq!(wb.model.keys_go_to(), KeysTo::Detail);
    assert_eq!(wb.model.focus, PaneId::Schema);
    key(&mut wb, KeyCode::Esc);
    assert_eq!(wb.model.keys_go_to(), KeysTo::Panes);
    assert_eq!(editor_text(&wb), "");
}

#[tokio::test]
async fn the_keys_follow_the_focus_away_from_a_filter_being_typed() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    crate::ui_session::run(&mut wb, &mut rx, "select id, name from tags").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('/'));
    assert_eq!(wb.model.keys_go_to(), KeysTo::RowFilter);
    typed(&mut wb, "ab");
    wb.dispatch(Action::Focus(PaneId::Editor));
    typed(&mut wb, "xy");
    assert_eq!(editor_text(&wb), "xy");
    assert_eq!(wb.model.row_filter.as_deref(), Some("ab"));
}
