//! Small terminals (issue 20): any pane fills the screen with z (the editor with Alt-z), a
//! pane with no room on screen fills it when focused, the course goes beside, under or over
//! the workbench and keeps what to do now in sight, and the status bar's hints give way.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use retort::app::{Action, PaneId};

use crate::ui_session::{key, run};
use crate::ui_support::{draw, open, settle};

fn alt(wb: &mut retort::ui::Workbench, c: char) {
    wb.on_terminal_event(crossterm::event::Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::ALT,
    )));
}

#[tokio::test]
async fn any_pane_fills_the_screen_with_z_and_shares_it_again() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "select id, username from users order by id",
    )
    .await;
    let rows_shared = wb.model.page_rows;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('z'));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        !s.contains("Schema Alt-1") && !s.contains("SQL Alt-2"),
        "{s}"
    );
    assert!(s.contains("Results Alt-3") && s.contains("lovelace"), "{s}");
    assert!(
        wb.model.page_rows > rows_shared,
        "PageDown pages by the rows on screen"
    );
    // the focus moves: the zoom follows it
    wb.dispatch(Action::Focus(PaneId::Echo));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("Echo log") && !s.contains("Results Alt-3"),
        "{s}"
    );
    key(&mut wb, KeyCode::Char('z'));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("Schema Alt-1") && s.contains("Results Alt-3"),
        "{s}"
    );
    // in the editor z types; Alt-z zooms it
    wb.dispatch(Action::Focus(PaneId::Editor));
    alt(&mut wb, 'z');
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("SQL Alt-2") && !s.contains("Results Alt-3"),
        "{s}"
    );
}

#[tokio::test]
async fn a_pane_with_no_room_fills_the_screen_when_focused() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    // 60 columns: no schema column; 14 rows: no echo log
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(!s.contains("Schema") && !s.contains("Echo log"), "{s}");
    wb.dispatch(Action::Focus(PaneId::Schema));
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(s.contains("Schema Alt-1") && s.contains("users"), "{s}");
    wb.dispatch(Action::Focus(PaneId::Echo));
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(s.contains("Echo log"), "{s}");
}

#[tokio::test]
async fn the_course_stays_readable_at_80x24_and_the_hints_give_way() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    key(&mut wb, KeyCode::F(8));
    let (s, _) = draw(&mut wb, 80, 24);
    // under the workbench, what to do now in sight, and the panes still there
    assert!(s.contains("F9 starts this lesson again"), "{s}");
    assert!(s.contains("select count(*) from users"), "{s}");
    assert!(
        s.contains("SQL Alt-2") && s.contains("Results Alt-3"),
        "{s}"
    );
    let (s, _) = draw(&mut wb, 100, 30);
    assert!(
        s.contains("Lesson 1: the Engine") && s.contains("SQL Alt-2"),
        "{s}"
    );
    // the status bar says where it is before it gives hints
    let status = s.lines().last().unwrap_or_default();
    assert!(
        status.contains("demo-") && status.contains(".db"),
        "{status}"
    );
    let (s, _) = draw(&mut wb, 60, 20);
    let status = s.lines().last().unwrap_or_default();
    assert!(
        !status.contains("Tab pane") && status.contains("F1 help"),
        "{status}"
    );
}
