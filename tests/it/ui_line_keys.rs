//! Every typed line edits as readline's: the cursor moves (←/→, Home/End, Ctrl-A/E, by words)
//! and text goes in and out where it is, in the export's path and the cell editor
//! (TestBackend, on the demo). A password keeps no movable cursor.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::ui_session::{ctrl, key, typed};
use crate::ui_support::{draw, open, settle};

fn alt(wb: &mut Workbench, c: char) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::ALT,
    )));
}

fn export_path(wb: &Workbench) -> String {
    match &wb.model.overlay {
        Overlay::Export(p) => p.path.as_str().to_string(),
        other => panic!("the export asks: {other:?}"),
    }
}

#[tokio::test]
async fn the_export_path_is_edited_where_the_cursor_is() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("select id from tags".into()));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('x'));
    ctrl(&mut wb, 'u');
    typed(&mut wb, "/tmp/out.csv");
    // the file's name goes (Alt-Backspace stops at punctuation: "csv", then "out."), and
    // another is typed
    for _ in 0..2 {
        wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::ALT,
        )));
    }
    assert_eq!(export_path(&wb), "/tmp/");
    typed(&mut wb, "mine.csv");
    assert_eq!(export_path(&wb), "/tmp/mine.csv");
    // to the start, a directory before it; the cursor is drawn where it is
    key(&mut wb, KeyCode::Home);
    ctrl(&mut wb, 'k');
    typed(&mut wb, "/tmp/out.csv");
    alt(&mut wb, 'b');
    alt(&mut wb, 'b');
    key(&mut wb, KeyCode::Left);
    typed(&mut wb, "/x");
    assert_eq!(export_path(&wb), "/tmp/x/out.csv");
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("/tmp/x▏/out.csv"), "{screen}");
    ctrl(&mut wb, 'e');
    key(&mut wb, KeyCode::Backspace);
    key(&mut wb, KeyCode::Delete);
    assert_eq!(export_path(&wb), "/tmp/x/out.cs");
    // Ctrl-W: back to the previous space, as readline's
    typed(&mut wb, " and more");
    ctrl(&mut wb, 'w');
    assert_eq!(export_path(&wb), "/tmp/x/out.cs and ");
    key(&mut wb, KeyCode::Esc);
}

#[tokio::test]
async fn the_cell_editor_inserts_at_the_cursor() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, name from tags order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    let Overlay::CellEditor(edit) = &wb.model.overlay else {
        panic!("e edits: {:?}", wb.model.notice)
    };
    let old = edit.text.as_str().to_string();
    key(&mut wb, KeyCode::Home);
    typed(&mut wb, "new ");
    let Overlay::CellEditor(edit) = &wb.model.overlay else {
        panic!("still editing")
    };
    assert_eq!(edit.text.as_str(), format!("new {old}"));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains(&format!("new ▏{old}")), "{screen}");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    assert_eq!(wb.model.session.unit.changes().len(), 1);
}
