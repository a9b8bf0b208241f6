//! F2 then Enter on a history entry whose secret was redacted: it opens for editing with the
//! secret marked, and never runs as it stands; a normal entry still runs (TestBackend).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use retort::app::Action;
use retort::engine::secrets::SECRET_MARKER;

use crate::ui_support::{demo_url, draw, open_at, settle};

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[tokio::test]
async fn a_redacted_history_entry_opens_for_editing_and_never_runs() {
    let url = demo_url();
    let data = tempfile::tempdir().unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    let secret = "select 'host=h password=hunter2' as conninfo";
    for sql in ["select count(*) from users", secret] {
        wb.dispatch(Action::RunStatement(sql.into()));
        settle(&mut wb, &mut rx).await;
    }
    wb.refresh_echo();
    let sent = wb.model.echo.len();
    // the newest entry (the redacted one) is selected first
    wb.on_terminal_event(key(KeyCode::F(2)));
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(screen.contains("password=***"), "{screen}");
    assert!(!screen.contains("hunter2"), "{screen}");
    wb.on_terminal_event(key(KeyCode::Enter));
    settle(&mut wb, &mut rx).await;
    wb.refresh_echo();
    assert_eq!(
        wb.model.echo.len(),
        sent,
        "nothing was sent: {:?}",
        wb.model.echo.last()
    );
    assert!(wb.model.history_popup().is_none());
    let text = wb.editor.lines().join("\n");
    assert_eq!(
        text,
        format!("select 'host=h password={SECRET_MARKER}' as conninfo")
    );
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("password") && notice.contains("type it again"),
        "{notice}"
    );
    // run as it stands, the marker is refused too
    wb.dispatch(Action::RunStatement(text));
    settle(&mut wb, &mut rx).await;
    wb.refresh_echo();
    assert_eq!(wb.model.echo.len(), sent, "the marker never runs");
    // a normal entry still runs on Enter
    wb.on_terminal_event(key(KeyCode::F(2)));
    wb.on_terminal_event(key(KeyCode::Down));
    wb.on_terminal_event(key(KeyCode::Enter));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert_eq!(r.sql, "select count(*) from users");
    assert_eq!(r.cell(0, 0).map(|v| v.display()), Some("40".to_string()));
    // the saved buffer holds the marker, and the next start says so
    wb.editor.insert_str("\nalter role r password 'hunter2'");
    wb.save_buffer();
    assert!(
        wb.editor.lines().join("\n").contains("hunter2"),
        "the live buffer is the user's"
    );
    drop(wb);
    let (wb, _rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    let text = wb.editor.lines().join("\n");
    assert!(
        text.contains(SECRET_MARKER) && !text.contains("hunter2"),
        "{text}"
    );
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.contains("no password"), "{notice}");
}
