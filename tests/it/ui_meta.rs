//! psql's backslash commands typed in the SQL editor: the answer in the results grid, or in
//! words; an unknown one is refused in the status bar and nothing reaches the server.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

use crate::ui_support::{draw, open, settle};

async fn run_in_editor(lines: &[&str]) -> (retort::ui::Workbench, String) {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from(lines.iter().map(|l| l.to_string()));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(6),
        KeyModifiers::NONE,
    )));
    for _ in 0..5 {
        settle(&mut wb, &mut rx).await;
    }
    let (screen, _) = draw(&mut wb, 120, 30);
    (wb, screen)
}

#[tokio::test]
async fn dt_in_the_editor_lists_the_tables_in_the_grid() {
    let (wb, screen) = run_in_editor(&["\\dt"]).await;
    let r = wb.model.result().expect("a result");
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Schema", "Name", "Type", "Rows (estimate)"]);
    assert_eq!(r.len(), 5, "the demo's five tables");
    for table in ["users", "posts", "post_tags"] {
        assert!(screen.contains(table), "{table}: {screen}");
    }
    assert!(screen.contains("Rows (estimate)"), "{screen}");
}

#[tokio::test]
async fn d_name_then_sql_gives_the_columns_the_keys_and_the_statements_result() {
    let (wb, screen) = run_in_editor(&["\\d posts", "select 42 as answer;"]).await;
    assert_eq!(
        wb.model.results.len(),
        3,
        "columns, indexes and keys, the select"
    );
    let columns = &wb.model.results[0];
    assert_eq!(columns.len(), 8, "the eight columns of posts");
    let keys = &wb.model.results[1];
    let text: Vec<String> = (0..keys.len())
        .filter_map(|i| keys.cell(i, 0).map(|v| format!("{v:?}")))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("FOREIGN KEY (user_id) REFERENCES main.users(id)")),
        "{text:?}"
    );
    assert!(
        screen.contains("answer") && screen.contains("42"),
        "{screen}"
    );
}

#[tokio::test]
async fn an_unknown_backslash_command_is_refused_and_sends_nothing() {
    let (mut wb, screen) = run_in_editor(&["\\foo", "select 'never runs';"]).await;
    assert!(screen.contains("no such backslash command"), "{screen}");
    assert!(wb.model.results.is_empty(), "nothing ran");
    wb.refresh_echo();
    assert!(
        wb.model
            .echo
            .iter()
            .all(|e| !e.sql.contains("\\foo") && !e.sql.contains("never")),
        "nothing reached the server"
    );
}

#[tokio::test]
async fn conninfo_and_x_are_said_in_words() {
    let (wb, screen) = run_in_editor(&["\\conninfo"]).await;
    assert!(
        screen.contains("You are connected to the SQLite database"),
        "{screen}"
    );
    assert!(wb.model.result().is_some_and(|r| r.columns.is_empty()));
    let (_, screen) = run_in_editor(&["\\x"]).await;
    assert!(screen.contains("Expanded display"), "{screen}");
}
