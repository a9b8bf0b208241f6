//! The workbench drawn into ratatui's TestBackend, on the real demo database: the shell.

use ratatui::layout::Rect;
use retort::app::Action;

use crate::ui_support::{draw, open, settle};

#[tokio::test]
async fn the_workbench_shows_every_pane_and_the_connection_at_80x24() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 80, 24);
    for want in [
        "Schema",
        "SQL",
        "Results",
        "Echo log",
        "Session",
        "users",
        "posts",
        "SQLite 3.",
        "F1 help",
    ] {
        assert!(screen.contains(want), "missing {want:?}:\n{screen}");
    }
    assert!(
        screen.contains("select m.name, p.name"),
        "the echo log shows retort's own statements:\n{screen}"
    );
}

#[tokio::test]
async fn a_query_fills_the_grid_with_nulls_styled_apart() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, full_name from users where id in (12, 13) order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let (screen, buf) = draw(&mut wb, 100, 30);
    assert!(screen.contains("Łukasz Turing"), "{screen}");
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("NULL"))
        .expect("a NULL cell");
    let x = line.chars().take_while(|_| true).collect::<Vec<_>>();
    let col = x
        .iter()
        .collect::<String>()
        .find("NULL")
        .map(|b| line[..b].chars().count())
        .unwrap() as u16;
    let cell = &buf[(col, y as u16)];
    assert_eq!(
        cell.fg,
        ratatui::style::Color::DarkGray,
        "NULL is drawn dim, unlike text"
    );
    assert!(screen.contains("2 rows"), "{screen}");
}

#[tokio::test]
async fn errors_and_command_results_show_in_the_results_pane() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("select * from nowhere".into()));
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("ERROR: no such table: nowhere"), "{screen}");
    wb.dispatch(Action::RunStatement(
        "create table notes (id integer primary key)".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("CREATE TABLE"), "{screen}");
    assert!(
        screen.contains("notes"),
        "the schema reloads after DDL:\n{screen}"
    );
}

#[tokio::test]
async fn cramped_and_tiny_terminals_stay_legible() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 50, 14);
    assert!(
        screen.contains("SQL") && screen.contains("Results"),
        "{screen}"
    );
    assert!(
        !screen.contains("Schema"),
        "the left column folds away when narrow:\n{screen}"
    );
    let (tiny, _) = draw(&mut wb, 20, 5);
    assert!(tiny.contains("retort needs"), "{tiny}");
}

#[tokio::test]
async fn the_help_overlay_lists_every_binding() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::ToggleHelp);
    // what does not fit scrolls: every line shows on one of the screens
    let screens = crate::ui_support::help_screens(&mut wb, 160, 40);
    assert!(screens.contains("↑/↓ scroll"), "{screens}");
    for (keys, help, _) in retort::ui::help::help_lines() {
        assert!(screens.contains(&keys), "help lacks {keys}");
        assert!(screens.contains(help), "help lacks {help}");
    }
    assert!(wb.model.help_open(), "arrows scroll, they do not close");
}

#[tokio::test]
async fn focus_moves_by_keyboard_and_mouse() {
    use crossterm::event::{
        Event as TermEvent, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent,
        MouseEventKind,
    };
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.set_size(Rect::new(0, 0, 80, 24));
    assert_eq!(wb.model.focus, PaneId::Editor);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.model.focus, PaneId::Results);
    wb.on_terminal_event(TermEvent::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 2,
        row: 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(wb.model.focus, PaneId::Schema);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.model.tree.selected, 1);
}

#[tokio::test]
async fn destructive_statements_wait_for_a_yes() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("delete from post_tags".into()));
    assert!(
        wb.model.confirm().is_some() && wb.model.results.is_empty(),
        "nothing runs before the answer"
    );
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        screen.contains("DELETE without WHERE removes every row") && screen.contains("y = yes"),
        "{screen}"
    );
    wb.dispatch(Action::Confirm(false));
    assert!(wb.model.confirm().is_none() && wb.model.results.is_empty());
    wb.dispatch(Action::RunStatement("delete from post_tags".into()));
    wb.dispatch(Action::Confirm(true));
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("DELETE 320"), "{screen}");
}

#[tokio::test]
async fn the_status_bar_shows_an_open_transaction() {
    use retort::app::model::TxState;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("begin".into()));
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.transaction, TxState::Open);
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("TX open"), "{screen}");
    wb.dispatch(Action::RunStatement(
        "insert into tags (name) values ('tx-probe')".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("rollback".into()));
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.transaction, TxState::Idle);
    wb.dispatch(Action::RunStatement(
        "select count(*) from tags where name = 'tx-probe'".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert_eq!(
        r.cell(0, 0).map(|v| v.display()),
        Some("0".to_string()),
        "rolled back"
    );
}
