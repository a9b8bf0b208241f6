//! psql's backslash commands anywhere on a line in the SQL editor: `\gx` (the mysql client's
//! `\G`) sends the statement and shows its rows as records, one line per column; a command
//! inside a statement runs first and the statement goes on after it, run as a script or as
//! the statement under the cursor. Nothing of a command reaches the server.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use retort::engine::Origin;

use crate::ui_support::{draw, open, settle};

/// Runs the buffer's `lines` with `key` (F6: all of it; F5: the statement under the cursor at
/// `cursor`); returns the workbench, its screen, and what the user's statements sent.
async fn run(
    lines: &[&str],
    key: u8,
    cursor: (u16, u16),
) -> (retort::ui::Workbench, String, Vec<String>) {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = TextArea::from(lines.iter().map(|l| l.to_string()));
    wb.editor.move_cursor(CursorMove::Jump(cursor.0, cursor.1));
    let key = KeyEvent::new(KeyCode::F(key), KeyModifiers::NONE);
    wb.on_terminal_event(TermEvent::Key(key));
    for _ in 0..5 {
        settle(&mut wb, &mut rx).await;
    }
    let (screen, _) = draw(&mut wb, 120, 30);
    let sent = (wb.model.echo.iter())
        .filter(|e| e.origin == Origin::User)
        .map(|e| e.sql.clone())
        .collect();
    (wb, screen, sent)
}

#[tokio::test]
async fn gx_in_a_script_shows_that_result_as_records_and_sends_no_backslash() {
    let lines = [
        "select id, name from tags order by id limit 2 \\gx",
        "select 3 as c;",
    ];
    let (wb, screen, sent) = run(&lines, 6, (0, 0)).await;
    assert_eq!(
        sent,
        [
            "select id, name from tags order by id limit 2",
            "select 3 as c"
        ]
    );
    assert_eq!(wb.model.results.len(), 2, "a tab for each statement");
    assert!(wb.model.results[0].expanded && !wb.model.results[1].expanded);
    let view = wb.model.viewer().expect("the records are shown");
    assert!(view.title.contains("2 row(s)"), "{}", view.title);
    for record in [
        "-[ RECORD 1 ]",
        "name | python",
        "-[ RECORD 2 ]",
        "name | sqlalchemy",
    ] {
        assert!(view.text.contains(record), "{record}: {}", view.text);
        assert!(screen.contains(record), "{record}: {screen}");
    }
}

#[tokio::test]
async fn f5_runs_the_statement_under_the_cursor_with_the_command_inside_it() {
    let lines = [
        "select 'before' as b;",
        "select name",
        "\\x",
        "from tags order by id limit 1\\G",
        "select 'after' as a;",
    ];
    // the cursor on the command's line, inside the statement
    let (wb, screen, sent) = run(&lines, 5, (2, 1)).await;
    assert_eq!(sent, ["select name\nfrom tags order by id limit 1"]);
    let sql: Vec<&str> = wb.model.results.iter().map(|r| r.sql.as_str()).collect();
    assert_eq!(sql, ["\\x", "select name\nfrom tags order by id limit 1"]);
    assert!(screen.contains("name | python"), "{screen}");
}
