//! The workbench drawn into ratatui's TestBackend, on the real demo database.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use retort::app::catalog::SchemaDetails;
use retort::app::{Action, CatalogState, Event, RunState};
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

/// A demo database of its own for each test (some tests change it).
fn demo_url() -> DatabaseUrl {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = crate::harness::scratch_dir().join("ui-demo");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("demo-{n}.db"));
    let _ = std::fs::remove_file(&path);
    retort::engine::demo::create_demo_at(&path).unwrap();
    DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).unwrap()
}

async fn open() -> (Workbench, UnboundedReceiver<Event>) {
    open_at(&demo_url(), None).await
}

/// A workbench on `url`, keeping its buffer and history under `data` (None: nowhere).
async fn open_at(
    url: &DatabaseUrl,
    data: Option<std::path::PathBuf>,
) -> (Workbench, UnboundedReceiver<Event>) {
    let conn = Connection::connect(url, &ConnectOptions::default(), EchoLog::new())
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut wb = Workbench::new(Arc::new(conn), tx, data);
    wb.start();
    (wb, rx)
}

/// Applies core events until the catalog is loaded and nothing runs.
async fn settle(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    for _ in 0..1000 {
        let details_loading = wb.model.catalog.loaded().is_some_and(|c| {
            c.details
                .values()
                .any(|d| matches!(d, SchemaDetails::Loading))
        });
        if !matches!(wb.model.catalog, CatalogState::Loading)
            && !details_loading
            && wb.model.run == RunState::Idle
        {
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
    let (screen, _) = draw(&mut wb, 200, 50);
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
    assert_eq!(wb.model.tree.selected, 1);
}

fn select_tree_row(wb: &mut Workbench, text: &str) {
    let rows = wb.model.tree_rows();
    let i = rows
        .iter()
        .position(|r| r.text == text)
        .unwrap_or_else(|| panic!("no tree row {text}: {rows:#?}"));
    wb.model.tree.selected = i;
}

#[tokio::test]
async fn the_tree_filters_expands_and_follows_foreign_keys() {
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::StartFilter);
    assert_eq!(wb.model.focus, PaneId::Schema);
    for c in "post".chars() {
        wb.dispatch(Action::FilterInput(c));
    }
    wb.dispatch(Action::FilterAccept);
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("posts") && screen.contains("post_tags"),
        "{screen}"
    );
    assert!(
        !screen.contains("comments") && !screen.contains("users"),
        "filtered out:\n{screen}"
    );
    assert!(screen.contains("/post"), "the filter shows:\n{screen}");

    select_tree_row(&mut wb, "posts");
    wb.dispatch(Action::Activate);
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("user_id  INTEGER"),
        "columns with types:\n{screen}"
    );
    assert!(
        screen.contains("foreign keys  1") && screen.contains("referenced by  2"),
        "{screen}"
    );

    select_tree_row(&mut wb, "foreign keys");
    wb.dispatch(Action::Activate);
    select_tree_row(&mut wb, "user_id");
    let fk_row = wb.model.tree.selected;
    // the column row comes first; the foreign key row is the one with a target
    let rows = wb.model.tree_rows();
    let fk = rows
        .iter()
        .enumerate()
        .skip(fk_row)
        .find(|(_, r)| r.target.is_some())
        .map(|(i, _)| i)
        .unwrap();
    wb.model.tree.selected = fk;
    wb.dispatch(Action::Activate);
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.selected_table(),
        Some(("main".to_string(), "users".to_string()))
    );
    assert!(
        wb.model.tree.filter.is_empty(),
        "the filter that hid users is cleared"
    );
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("followed the foreign key to users"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_detail_view_teaches_shows_ddl_and_the_model() {
    use retort::app::detail::DetailTab;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    select_tree_row(&mut wb, "users");
    wb.dispatch(Action::ShowDetail(DetailTab::Info));
    let (screen, _) = draw(&mut wb, 120, 40);
    for want in [
        "Table \"users\"",
        "MetaData",
        "Column",
        "PrimaryKeyConstraint (id)",
        "UniqueConstraint (username)",
        "Referenced by",
    ] {
        assert!(screen.contains(want), "missing {want}:\n{screen}");
    }
    wb.dispatch(Action::ShowDetail(DetailTab::Ddl));
    // SQLite offers its own CREATE statement: it arrives as an event
    for _ in 0..50 {
        if wb.model.detail.as_ref().is_some_and(|d| d.from_server) {
            break;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(
        screen.contains("CREATE TABLE users") && screen.contains("from the server"),
        "{screen}"
    );
    wb.dispatch(Action::MoveRight);
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(screen.contains("class User(Base):"), "{screen}");
    assert!(screen.contains("posts: Mapped[List[\"Post\"]]"), "{screen}");
    wb.dispatch(Action::CloseDetail);
    assert!(wb.model.detail.is_none());
}

#[tokio::test]
async fn preview_runs_a_quoted_select_of_the_table() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    select_tree_row(&mut wb, "post_tags");
    wb.dispatch(Action::PreviewTable);
    settle(&mut wb, &mut rx).await;
    let result = wb.model.result().unwrap();
    assert_eq!(result.sql, "select * from post_tags limit 100");
    assert_eq!(result.len(), 100);
}

#[tokio::test]
async fn destructive_statements_wait_for_a_yes() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("delete from post_tags".into()));
    assert!(
        wb.model.confirm.is_some() && wb.model.results.is_empty(),
        "nothing runs before the answer"
    );
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        screen.contains("DELETE without WHERE removes every row") && screen.contains("y = yes"),
        "{screen}"
    );
    wb.dispatch(Action::Confirm(false));
    assert!(wb.model.confirm.is_none() && wb.model.results.is_empty());
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
    assert!(wb.model.history_popup.is_some(), "F2 opens the history");
    for c in "users".chars() {
        wb.dispatch(Action::HistoryInput(c));
    }
    let (screen, _) = draw(&mut wb, 110, 30);
    assert!(
        screen.contains("History · 1 of 3") && screen.contains("select count(*) from users"),
        "{screen}"
    );
    wb.dispatch(Action::RunHistory);
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
async fn cells_open_in_full_and_rows_as_records() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select '{\"a\": [1, 2], \"b\": {\"c\": null}}' as doc, x'00ff7265746f7274' as raw, id from users where id = 1".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    let key = |c: KeyCode| TermEvent::Key(KeyEvent::new(c, KeyModifiers::NONE));
    // SQLite types the literal as text: the viewer shows it as it is
    wb.on_terminal_event(key(KeyCode::Enter));
    let view = wb.model.viewer.clone().expect("cell view");
    assert!(view.text.contains("\"a\": [1, 2]"), "{view:?}");
    wb.on_terminal_event(key(KeyCode::Esc));
    assert!(wb.model.viewer.is_none());
    wb.on_terminal_event(key(KeyCode::Right));
    wb.on_terminal_event(key(KeyCode::Enter));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(
        screen.contains("8 bytes")
            && screen.contains("00 ff 72 65 74 6f 72 74")
            && screen.contains("..retort"),
        "{screen}"
    );
    wb.on_terminal_event(key(KeyCode::Esc));
    wb.on_terminal_event(key(KeyCode::Char('r')));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(
        screen.contains("row 1 of 1") && screen.contains("id   1"),
        "{screen}"
    );
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
    let (screen, _) = draw(&mut wb, 120, 30);
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
async fn a_row_cap_stops_the_fetch_cancels_and_can_fetch_more() {
    use retort::app::model::Limits;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.model.limits = Limits {
        max_rows: Some(3000),
        max_bytes: None,
    };
    // endless on the server: only the cap (and its cancel) can stop it
    wb.dispatch(Action::RunStatement(
        "with recursive s(n) as (select 1 union all select n + 1 from s) select n from s".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped, "the cap was hit");
    assert!(
        r.len() >= 3000 && r.len() < 3000 + 2048,
        "stopped near the cap: {}",
        r.len()
    );
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("3000-row cap stopped the fetch")
            && screen.contains("Shift-M fetches more"),
        "{screen}"
    );
    wb.dispatch(Action::FetchMore);
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(
        r.capped && r.len() >= 6000,
        "twice the cap the second time: {}",
        r.len()
    );
    // the connection is fine afterwards
    wb.dispatch(Action::RunStatement("select 7".into()));
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().cell(0, 0).map(|v| v.display()),
        Some("7".into())
    );
}

#[tokio::test]
async fn export_streams_the_whole_result_again_not_just_the_fetched_rows() {
    use retort::app::model::Limits;
    use retort::query::format::Format;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let dir = tempfile::tempdir().unwrap();
    wb.model.export_dir = dir.path().to_path_buf();
    wb.model.limits = Limits {
        max_rows: Some(1000),
        max_bytes: None,
    };
    wb.dispatch(Action::RunStatement(
        "with recursive s(n) as (select 1 union all select n + 1 from s where n < 5000) select n, 'row ' || n as label from s".into(),
    ));
    settle(&mut wb, &mut rx).await;
    assert!(wb.model.result().unwrap().capped);
    for format in [Format::Csv, Format::Json] {
        wb.dispatch(Action::Export(format));
        assert!(wb.model.export.is_some());
        while wb.model.export.is_some() {
            let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .unwrap()
                .unwrap();
            wb.on_event(ev);
        }
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(notice.starts_with("exported 5000 rows to "), "{notice}");
        let path = notice.trim_start_matches("exported 5000 rows to ");
        let text = std::fs::read_to_string(path).unwrap();
        match format {
            Format::Csv => {
                assert_eq!(text.lines().count(), 5001, "header and every row");
                assert!(text.ends_with("5000,row 5000\n"));
            }
            _ => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v.as_array().unwrap().len(), 5000);
                assert_eq!(v[4999]["label"], "row 5000");
            }
        }
    }
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
        .completion
        .as_ref()
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
    while wb.model.viewer.is_none() {
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
async fn fetched_rows_sort_and_filter_off_the_ui_thread() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, username, is_admin from users".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    let key = |c: KeyCode| TermEvent::Key(KeyEvent::new(c, KeyModifiers::NONE));
    async fn wait_view(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
        while wb.model.view_pending {
            let ev = tokio::time::timeout(Duration::from_secs(5), rx.recv())
                .await
                .unwrap()
                .unwrap();
            wb.on_event(ev);
        }
    }
    // sort by id, twice: descending
    wb.on_terminal_event(key(KeyCode::Char('s')));
    wait_view(&mut wb, &mut rx).await;
    wb.on_terminal_event(key(KeyCode::Char('s')));
    wait_view(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert_eq!(
        r.cell(0, 0).map(|v| v.display()),
        Some("40".into()),
        "numeric descending"
    );
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("id▼"), "{screen}");
    // filter the fetched rows
    wb.on_terminal_event(key(KeyCode::Char('/')));
    for c in "turing".chars() {
        wb.on_terminal_event(key(KeyCode::Char(c)));
    }
    wb.on_terminal_event(key(KeyCode::Enter));
    wait_view(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(!r.is_empty() && r.len() < 40, "{}", r.len());
    for row in 0..r.len() {
        assert!(r.cell(row, 1).unwrap().display().contains("turing"));
    }
    let shown = r.len();
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(
        screen.contains(&format!("/turing  {shown} of 40 rows")),
        "{screen}"
    );
    // Esc in the filter clears it
    wb.on_terminal_event(key(KeyCode::Char('/')));
    wb.on_terminal_event(key(KeyCode::Esc));
    wait_view(&mut wb, &mut rx).await;
    assert_eq!(wb.model.result().unwrap().len(), 40);
}

#[tokio::test]
async fn the_grid_draws_postgres_types_wide_text_nulls_and_huge_cells() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select 42::bigint as n, 12345.678::numeric(10,3) as dec, null::text as nothing, '日本語テキスト' as wide, \
         repeat('x', 100000) as huge, '\\x00ff'::bytea as raw, interval '1 day 2 hours' as iv, \
         '{\"a\": 1}'::jsonb as doc, '192.168.1.1'::inet as ip, array[1,2] as arr, true as flag"
            .into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    let (screen, buf) = draw(&mut wb, 200, 30);
    // a wide character fills two cells: the test screen shows it followed by its second cell
    let compact: String = screen
        .lines()
        .map(|l| l.replace(' ', ""))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(compact.contains("日本語テキスト"), "{screen}");
    for want in [
        "42",
        "12345.678",
        "NULL",
        "xxxxxxxx…",
        "\\x00ff",
        "1 day 02:00:00",
        "{\"a\": 1}",
        "192.168.1.1",
        "{1,2}",
        "true",
    ] {
        assert!(screen.contains(want), "missing {want}:\n{screen}");
    }
    // numbers right-aligned: the cell ends where its column ends
    let line = screen.lines().find(|l| l.contains("12345.678")).unwrap();
    assert!(line.contains(" 42 │") || line.contains("42 │"), "{line}");
    let (y, row) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("NULL"))
        .unwrap();
    let x = row.find("NULL").map(|b| row[..b].chars().count()).unwrap() as u16;
    assert_eq!(
        buf[(x, y as u16)].fg,
        ratatui::style::Color::DarkGray,
        "NULL is drawn apart"
    );
    // the current column can be made wider
    // the width of column "n": from the results pane's border to its separator
    let n_width = |screen: &str| {
        let header = screen
            .lines()
            .find(|l| l.contains("┃n "))
            .unwrap()
            .to_string();
        let after = header.split("┃n").nth(1).unwrap().to_string();
        after.find('│').unwrap()
    };
    let before = n_width(&screen);
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('>'),
        KeyModifiers::NONE,
    )));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('>'),
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.model.cursors.col_delta.get(&0), Some(&4));
    let (screen, _) = draw(&mut wb, 200, 30);
    assert_eq!(
        n_width(&screen),
        before + 4,
        "the first column is 4 cells wider"
    );
}
