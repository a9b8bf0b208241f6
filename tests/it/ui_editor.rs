//! The editor: running, scripts, history, completion, plans (TestBackend).

use retort::app::line_input::LineEdit;
use std::time::Duration;

use retort::app::Action;

use crate::ui_support::{demo_url, draw, open, open_at, settle};

#[tokio::test]
async fn history_is_kept_searched_and_run_again_with_the_buffer() {
    let url = demo_url();
    let data = tempfile::tempdir().unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    for sql in [
        "select count(*) from users",
        "select count(*) from posts",
        "select * from nowhere",
    ] {
        wb.dispatch(Action::RunStatement(sql.into()));
        settle(&mut wb, &mut rx).await;
    }
    wb.editor.insert_str("select 'kept for next time'");
    wb.save_buffer();
    drop(wb);
    // history is written off the UI thread: give it a moment
    tokio::time::sleep(Duration::from_millis(300)).await;

    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.editor.lines().join("\n"), "select 'kept for next time'");
    assert_eq!(wb.model.history.len(), 3, "{:?}", wb.model.history);
    wb.on_terminal_event(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::F(2),
            crossterm::event::KeyModifiers::NONE,
        ),
    ));
    assert!(wb.model.history_popup().is_some(), "F2 opens the history");
    for c in "users".chars() {
        wb.dispatch(Action::Edit(LineEdit::Insert(c)));
    }
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(
        screen.contains("History · 1 of 3") && screen.contains("select count(*) from users"),
        "{screen}"
    );
    wb.dispatch(Action::Accept);
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert_eq!(r.sql, "select count(*) from users");
    assert_eq!(r.cell(0, 0).map(|v| v.display()), Some("40".to_string()));
    assert!(
        wb.model
            .history
            .last()
            .is_some_and(|e| e.sql == "select count(*) from users" && e.rows == Some(1))
    );
    assert!(
        wb.model.history[2].outcome.contains("no such table"),
        "failures are kept too"
    );
}

#[tokio::test]
async fn f5_runs_the_statement_under_the_cursor_and_marks_its_error() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor =
        ratatui_textarea::TextArea::from(["select 1;", "select id,", "  nosuchcol from users"]);
    wb.editor
        .move_cursor(ratatui_textarea::CursorMove::Jump(1, 0));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(5),
        KeyModifiers::NONE,
    )));
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().sql,
        "select id,\n  nosuchcol from users"
    );
    assert_eq!(
        wb.editor.cursor(),
        (2, 2),
        "the cursor sits on the name the server complained about"
    );
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("error at line 3, column 3"), "{screen}");
}

#[tokio::test]
async fn a_script_gives_one_tab_per_statement_and_stops_at_an_error() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from([
        "select count(*) from users;",
        "insert into tags (name) values ('from-script');",
        "select name from tags where name = 'from-script';",
        "select * from nowhere;",
        "select 'never runs';",
    ]);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(6),
        KeyModifiers::NONE,
    )));
    for _ in 0..10 {
        settle(&mut wb, &mut rx).await;
    }
    assert_eq!(
        wb.model.results.len(),
        4,
        "the failing statement ends the script"
    );
    assert_eq!(
        wb.model.active_result, 3,
        "the last (failed) result is shown"
    );
    // wide enough for every tab (narrower, the strip scrolls to the active one)
    let (screen, _) = draw(&mut wb, 140, 30);
    assert!(
        screen.contains(" 1 select count(*) ") && screen.contains(" 4 select * from ✗ "),
        "{screen}"
    );
    assert!(screen.contains("no such table: nowhere"), "{screen}");
    wb.dispatch(Action::Focus(PaneId::Results));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('['),
        KeyModifiers::NONE,
    )));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("from-script"), "{screen}");
    assert_eq!(
        wb.model.result().unwrap().sql,
        "select name from tags where name = 'from-script'"
    );
}

#[tokio::test]
async fn ctrl_space_completes_columns_of_the_table_in_scope() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from(["select u.user from users u"]);
    wb.editor
        .move_cursor(ratatui_textarea::CursorMove::Jump(0, 13));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::CONTROL,
    )));
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        screen.contains("username") && !screen.contains("user_id"),
        "{screen}"
    );
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.editor.lines()[0], "select u.username from users u");
    // tables after FROM
    wb.editor = ratatui_textarea::TextArea::from(["select * from po"]);
    wb.editor.move_cursor(ratatui_textarea::CursorMove::End);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::CONTROL,
    )));
    let names: Vec<String> = wb
        .model
        .completion()
        .unwrap()
        .completion
        .candidates
        .iter()
        .map(|c| c.text.clone())
        .collect();
    assert_eq!(names, ["post_stats", "post_tags", "posts"]);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Down,
        KeyModifiers::NONE,
    )));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Down,
        KeyModifiers::NONE,
    )));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.editor.lines()[0], "select * from posts");
}

#[tokio::test]
async fn f7_shows_the_plan_of_the_statement_under_the_cursor() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from([
        "select * from posts p join users u on u.id = p.user_id where u.id = 3",
    ]);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(7),
        KeyModifiers::NONE,
    )));
    while wb.model.viewer().is_none() {
        let ev = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap()
            .unwrap();
        wb.on_event(ev);
    }
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(
        screen.contains("Plan · select * from posts p join") && screen.contains("SEARCH"),
        "{screen}"
    );
}

#[tokio::test]
async fn ctrl_z_undoes_and_alt_y_redoes_typing() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    for c in "select 1".chars() {
        wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    let ctrl = |c| TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    wb.on_terminal_event(ctrl('z'));
    assert_eq!(wb.editor.lines()[0], "select ");
    // Ctrl-Y pastes now (what was cut last: nothing here); Alt-Y redoes
    wb.on_terminal_event(ctrl('y'));
    assert_eq!(wb.editor.lines()[0], "select ");
    let alt_y = TermEvent::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::ALT));
    wb.on_terminal_event(alt_y);
    assert_eq!(wb.editor.lines()[0], "select 1");
}

/// The editor ships only the SQL syntax of syntect's default set (`assets/sql.packdump`,
/// written by `cargo run --example sql_syntax`): it must parse SQL exactly as the default
/// set's does, so a stale or broken file fails here.
#[test]
fn the_shipped_sql_syntax_is_the_default_sets() {
    use syntect::parsing::{ParseState, SyntaxSet};
    let shipped = retort::ui::highlight::sql_syntax();
    assert_eq!(shipped.syntaxes().len(), 1, "only SQL is shipped");
    let defaults = SyntaxSet::load_defaults_newlines();
    let sample = [
        "-- a comment with 'quotes'\n",
        "SELECT u.id, count(*) AS n, 'it''s' || \"Name\" FROM users u /* block\n",
        "comment */ WHERE u.created_at > now() - interval '1 day' AND x IN (1, 2.5e3, NULL)\n",
        "GROUP BY 1 ORDER BY n DESC LIMIT 10;\n",
        "insert into t (a, b) values ($1, ?) returning id;\n",
        "create table \"we\"\"ird\" (id int primary key, `b` text default 'x');\n",
    ];
    let ops = |set: &SyntaxSet| {
        let syntax = set.find_syntax_by_extension("sql").expect("SQL is there");
        let mut state = ParseState::new(syntax);
        sample
            .iter()
            .map(|line| format!("{:?}", state.parse_line(line, set).unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ops(&shipped), ops(&defaults));
}
