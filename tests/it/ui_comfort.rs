//! What psql's and pgcli's users bring to the editor: the text comes back with its cursor,
//! Ctrl-C cancels and never quits, the history shows each statement once (TestBackend).

use std::time::Duration;

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use retort::app::Action;
use retort::query::result::ResultState;

use crate::ui_support::{demo_url, draw, open, open_at, settle};

fn key(code: KeyCode, modifiers: KeyModifiers) -> TermEvent {
    TermEvent::Key(KeyEvent::new(code, modifiers))
}

#[tokio::test]
async fn the_restored_buffer_puts_the_cursor_where_it_was() {
    let url = demo_url();
    let data = tempfile::tempdir().unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    let lines: Vec<String> = (1..=120)
        .map(|i| format!("select {i} as line_{i};"))
        .collect();
    wb.editor = ratatui_textarea::TextArea::from(lines.iter().cloned());
    wb.editor
        .move_cursor(ratatui_textarea::CursorMove::Jump(89, 7));
    wb.save_buffer();
    drop(wb);

    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.editor.lines().len(), 120);
    assert_eq!(
        wb.editor.cursor(),
        (89, 7),
        "where it was, not at the start"
    );
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        screen.contains("select 90 as line_90;"),
        "its line is on screen: {screen}"
    );
    // F5 runs the statement under the restored cursor
    wb.on_terminal_event(key(KeyCode::F(5), KeyModifiers::NONE));
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.result().unwrap().sql, "select 90 as line_90");
}

#[tokio::test]
async fn ctrl_c_in_the_editor_cancels_a_running_statement_and_otherwise_quits_nothing() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from(["select 1"]);
    wb.on_terminal_event(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!wb.model.quit, "Ctrl-C with nothing running does not quit");
    assert_eq!(wb.editor.lines(), ["select 1"], "nor types a c");
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(screen.contains("Ctrl-Q quits"), "{screen}");

    let slow = "with recursive r(i) as (select 1 union all select i + 1 from r \
                where i < 500000000) select count(*) from r";
    wb.dispatch(Action::RunStatement(slow.into()));
    tokio::time::sleep(Duration::from_millis(100)).await;
    wb.on_terminal_event(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
    settle(&mut wb, &mut rx).await;
    assert!(!wb.model.quit);
    let r = wb.model.result().unwrap();
    assert!(matches!(r.state, ResultState::Cancelled), "{:?}", r.state);
}

#[tokio::test]
async fn the_history_popup_shows_a_statement_run_three_times_once() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    for sql in [
        "select 'again'",
        "select 'other'",
        "select 'again'",
        "select 'again'",
    ] {
        wb.dispatch(Action::RunStatement(sql.into()));
        settle(&mut wb, &mut rx).await;
    }
    wb.on_terminal_event(key(KeyCode::F(2), KeyModifiers::NONE));
    let (screen, _) = draw(&mut wb, 110, 30);
    assert_eq!(screen.matches("select 'again'").count(), 1, "{screen}");
    assert_eq!(screen.matches("select 'other'").count(), 1, "{screen}");
    let again = screen.find("select 'again'").unwrap();
    assert!(
        again < screen.find("select 'other'").unwrap(),
        "newest first: {screen}"
    );
}
