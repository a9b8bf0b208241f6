//! The statement F5 sends from the editor: a blank line inside a statement does not cut it
//! (DBeaver's "smart" blank lines), and the editor marks the statement before it is sent
//! (TestBackend).

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui_textarea::{CursorMove, TextArea};
use retort::app::Action;
use retort::ui::Workbench;
use retort::ui::statement_mark::BAR;

use crate::ui_support::{draw, open, settle};

fn f5(wb: &mut Workbench) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(5),
        KeyModifiers::NONE,
    )));
}

/// Which screen rows carry the statement's bar in the editor's left border, the editor's
/// first line being the screen row where `first_line` is drawn.
fn marked_rows(screen: &str, buf: &Buffer, first_line: &str, lines: u16) -> Vec<u16> {
    let (y, x) = screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            l.find(first_line)
                .map(|b| (y as u16, l[..b].chars().count()))
        })
        .unwrap_or_else(|| panic!("{first_line} not on screen: {screen}"));
    let border = x as u16 - 1;
    (y..y + lines)
        .filter(|row| buf[(border, *row)].symbol() == BAR)
        .map(|row| row - y)
        .collect()
}

async fn run(wb: &mut Workbench, rx: &mut Rx, sql: &str) {
    wb.dispatch(Action::RunStatement(sql.into()));
    settle(wb, rx).await;
}

type Rx = tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>;

#[tokio::test]
async fn f5_sends_a_statement_whole_across_a_blank_line_and_marks_it_first() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "create table log (id integer primary key)",
    )
    .await;
    run(&mut wb, &mut rx, "insert into log values (1), (2), (3)").await;
    wb.editor = TextArea::from([
        "delete from log where id > 0",
        "",
        "  and id = 2;",
        "select count(*) from log",
    ]);
    wb.editor.move_cursor(CursorMove::Jump(0, 3));
    let (screen, buf) = draw(&mut wb, 100, 30);
    assert_eq!(
        marked_rows(&screen, &buf, "delete from log", 5),
        [0, 1, 2],
        "the bar runs beside the whole statement, and not the next: {screen}"
    );
    f5(&mut wb);
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().sql,
        "delete from log where id > 0\n\n  and id = 2"
    );
    wb.refresh_echo();
    let sent = &wb.model.echo.last().unwrap().sql;
    assert!(sent.contains("and id = 2"), "what the server got: {sent}");
    // one row deleted, not three
    run(&mut wb, &mut rx, "select count(*) from log").await;
    let left = wb.model.result().unwrap().cell(0, 0).map(|v| v.display());
    assert_eq!(left, Some("2".to_string()));
}

#[tokio::test]
async fn on_a_blank_line_between_two_statements_f5_sends_the_one_above_as_marked() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = TextArea::from(["select 1 as above", "", "select 2 as below"]);
    wb.editor.move_cursor(CursorMove::Jump(1, 0));
    let (screen, buf) = draw(&mut wb, 100, 30);
    assert_eq!(marked_rows(&screen, &buf, "select 1 as above", 3), [0]);
    f5(&mut wb);
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.result().unwrap().sql, "select 1 as above");
    // the cursor on the next statement moves the bar with it
    wb.editor.move_cursor(CursorMove::Down);
    let (screen, buf) = draw(&mut wb, 100, 30);
    assert_eq!(marked_rows(&screen, &buf, "select 1 as above", 3), [2]);
    // a selection is what F5 sends then: no bar
    wb.editor.start_selection();
    wb.editor.move_cursor(CursorMove::End);
    let (screen, buf) = draw(&mut wb, 100, 30);
    assert!(marked_rows(&screen, &buf, "select 1 as above", 3).is_empty());
}
