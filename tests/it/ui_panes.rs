//! The workbench drawn into ratatui's TestBackend, on the real demo database.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use retort::app::{Action, Catalog, Event, RunState};
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

fn demo_url() -> DatabaseUrl {
    let dir = crate::harness::scratch_dir().join("ui-demo");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.db");
    if !path.exists() {
        retort::engine::demo::create_demo_at(&path).unwrap();
    }
    DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).unwrap()
}

async fn open() -> (Workbench, UnboundedReceiver<Event>) {
    let conn = Connection::connect(&demo_url(), &ConnectOptions::default(), EchoLog::new())
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut wb = Workbench::new(Arc::new(conn), tx);
    wb.start();
    (wb, rx)
}

/// Applies core events until the catalog is loaded and nothing runs.
async fn settle(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    for _ in 0..1000 {
        if !matches!(wb.model.catalog, Catalog::Loading) && wb.model.run == RunState::Idle {
            return;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    panic!("the workbench did not settle");
}

fn draw(wb: &mut Workbench, w: u16, h: u16) -> (String, ratatui::buffer::Buffer) {
    wb.set_size(Rect::new(0, 0, w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| wb.draw(f)).unwrap();
    wb.refresh_echo();
    term.draw(|f| wb.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let text = (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    (text, buf)
}

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
        screen.contains("select sqlite_version()"),
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
    let (screen, _) = draw(&mut wb, 100, 40);
    for (keys, help, _) in retort::ui::help::help_lines() {
        assert!(screen.contains(&keys), "help lacks {keys}:\n{screen}");
        assert!(screen.contains(help), "help lacks {help}:\n{screen}");
    }
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
    assert_eq!(wb.model.cursors.schema_selected, 1);
}
