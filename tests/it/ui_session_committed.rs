//! After a commit, the grid shows the rows as the commit left them (✓ written, × deleted), and
//! the next edit of a row is checked against its committed values, never refused as a change
//! "by someone else" that was the user's own commit (TestBackend, on the demo).

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};

use crate::ui_session::{cell, ctrl, key, run, settle_session, typed};
use crate::ui_support::{draw, open, settle};

/// The screen's lines from the results pane's title down.
fn results_pane(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("Results"))
        .unwrap_or(0);
    let end = (lines[top..]
        .iter()
        .position(|l| l.contains('┗') || l.contains('╰')))
    .map_or(lines.len(), |n| top + n);
    lines[top..end].join("\n")
}

#[tokio::test]
async fn a_committed_row_shows_its_new_values_and_edits_again_without_conflict() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, title from posts order by id").await;
    let second_title = cell(&wb, 1, 1);
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    let edit = |wb: &mut retort::ui::Workbench, text: &str| {
        key(wb, KeyCode::Char('e'));
        for _ in 0..300 {
            key(wb, KeyCode::Backspace);
        }
        typed(wb, text);
        key(wb, KeyCode::Enter);
    };
    edit(&mut wb, "First commit");
    key(&mut wb, KeyCode::Down);
    key(&mut wb, KeyCode::Char('d'));
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    // the grid: the committed value, marked written; the deleted row marked
    let (screen, _) = draw(&mut wb, 150, 40);
    let grid = results_pane(&screen);
    assert!(grid.contains("┃✓   1 │ First commit"), "{grid}");
    assert!(grid.contains("┃×   2 │"), "{grid}");
    // the deleted row cannot be edited as if it were there
    key(&mut wb, KeyCode::Char('e'));
    assert_eq!(wb.model.overlay, Overlay::None);
    let said = format!("{:?}", wb.model.notice);
    assert!(said.contains("your commit deleted this row"), "{said}");
    // the committed row edits again from its committed value, and commits
    key(&mut wb, KeyCode::Up);
    key(&mut wb, KeyCode::Char('e'));
    let Overlay::CellEditor(open_edit) = &wb.model.overlay else {
        panic!("the editor opens: {:?}", wb.model.notice)
    };
    assert_eq!(open_edit.original, "First commit");
    key(&mut wb, KeyCode::Esc);
    edit(&mut wb, "Second commit");
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let said = format!("{:?}", wb.model.notice);
    assert!(said.contains("committed 1"), "{said}");
    assert!(wb.model.session.unit.is_empty(), "{said}");
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(results_pane(&screen).contains("Second commit"), "{screen}");
    // read again: the database's own rows, no marks left
    run(&mut wb, &mut rx, "select id, title from posts order by id").await;
    assert_eq!(cell(&wb, 0, 1), "Second commit");
    assert_ne!(cell(&wb, 1, 1), second_title, "row 2 is gone");
    assert!(wb.model.session.committed_rows.is_empty());
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(!results_pane(&screen).contains("✓ "), "{screen}");
}

/// What the server made of the values sent (NUMERIC rounded, CHAR padded, a trigger's change
/// to another column) is read back after the commit: the grid shows the table's values, and
/// the next edit is checked against them, never refused as someone else's change.
#[tokio::test]
async fn committed_rows_are_read_back_as_the_table_holds_them_on_postgresql_and_mariadb() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        let trigger = match engine {
            Engine::Postgres => {
                "create function mark() returns trigger language plpgsql as $$ begin \
                 new.note := 'by trigger'; return new; end $$;\n\
                 create trigger g_mark before update on g for each row execute function mark();"
            }
            _ => {
                "create trigger g_mark before update on g for each row set new.note = 'by trigger';"
            }
        };
        exec_ok(
            &url,
            &format!(
                "create table g (id integer primary key, n numeric(5,2), note varchar(20));\n\
                 insert into g values (1, 1.00, 'as inserted');\n{trigger}\n"
            ),
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        run(&mut wb, &mut rx, "select id, n, note from g order by id").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Right);
        let edit = |wb: &mut retort::ui::Workbench, text: &str| {
            key(wb, KeyCode::Char('e'));
            for _ in 0..30 {
                key(wb, KeyCode::Backspace);
            }
            typed(wb, text);
            key(wb, KeyCode::Enter);
        };
        edit(&mut wb, "1.005");
        ctrl(&mut wb, 's');
        settle_session(&mut wb, &mut rx).await;
        // the read back answers after the commit
        let mut screen = String::new();
        for _ in 0..50 {
            screen = draw(&mut wb, 150, 40).0;
            if screen.contains("by trigger") {
                break;
            }
            let next = tokio::time::timeout(std::time::Duration::from_millis(100), rx.recv());
            if let Ok(Some(ev)) = next.await {
                wb.on_event(ev);
            }
        }
        let grid = results_pane(&screen);
        assert!(
            grid.contains("1.01") && !grid.contains("1.005"),
            "{engine:?}: {screen}"
        );
        assert!(grid.contains("by trigger"), "{engine:?}: {grid}");
        // the cell in full says the same
        wb.dispatch(Action::ViewCell);
        let shown = wb.model.viewer().map(|v| v.text.clone());
        assert_eq!(shown.as_deref(), Some("1.01"), "{engine:?}");
        wb.dispatch(Action::Dismiss);
        // the next edit checks against 1.01: it commits
        edit(&mut wb, "2");
        ctrl(&mut wb, 's');
        settle_session(&mut wb, &mut rx).await;
        let said = format!("{:?}", wb.model.notice);
        assert!(said.contains("committed 1"), "{engine:?}: {said}");
        let out = exec_ok(&url, "select n from g where id = 1");
        assert!(out.contains("2.00"), "{engine:?}: {out}");
    }
}
