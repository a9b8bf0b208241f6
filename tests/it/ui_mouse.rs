//! The mouse in the workbench (TestBackend): clicks pick tree rows and grid cells, a double
//! click opens them, the wheel scrolls, a dragged column border resizes the column.

use crossterm::event::{Event as TermEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::ui_session::run;
use crate::ui_support::{draw, open, settle};

fn mouse(wb: &mut Workbench, kind: MouseEventKind, x: u16, y: u16) {
    wb.on_terminal_event(TermEvent::Mouse(MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    }));
}

fn click(wb: &mut Workbench, x: u16, y: u16) {
    mouse(wb, MouseEventKind::Down(MouseButton::Left), x, y);
    mouse(wb, MouseEventKind::Up(MouseButton::Left), x, y);
}

/// (x, y) of the first `text` on screen, on a line that also holds `with`.
fn at(screen: &str, text: &str, with: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            let b = l.find(text).filter(|_| l.contains(with))?;
            Some((l[..b].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

#[tokio::test]
async fn clicks_pick_double_clicks_open_the_wheel_scrolls_and_borders_drag() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    // the tree: a click picks a row, a double click opens it
    let (screen, _) = draw(&mut wb, 150, 40);
    let (x, y) = at(&screen, "posts", "▦");
    click(&mut wb, x + 1, y);
    assert_eq!(wb.model.focus, PaneId::Schema);
    assert_eq!(wb.model.selected_table().map(|t| t.1), Some("posts".into()));
    click(&mut wb, x + 1, y);
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen.contains("▾ ▦ posts"),
        "a double click opens the node:\n{screen}"
    );
    // the grid: a click picks a cell
    run(&mut wb, &mut rx, "select id, title from posts order by id").await;
    let (screen, _) = draw(&mut wb, 150, 40);
    let (x, y) = at(&screen, " 3 ", "┃");
    click(&mut wb, x + 1, y);
    assert_eq!(wb.model.focus, PaneId::Results);
    assert_eq!(wb.model.cursors.results_row, 2);
    assert_eq!(wb.model.cursors.results_col, 0);
    // the wheel moves three rows
    let (screen, _) = draw(&mut wb, 150, 40);
    let (gx, gy) = at(&screen, "title", "┃");
    mouse(&mut wb, MouseEventKind::ScrollDown, gx, gy + 2);
    assert_eq!(wb.model.cursors.results_row, 5);
    mouse(&mut wb, MouseEventKind::ScrollUp, gx, gy + 2);
    assert_eq!(wb.model.cursors.results_row, 2);
    // a dragged border: the id column's, five cells to the right
    let (screen, _) = draw(&mut wb, 150, 40);
    let (bx, by) = at(&screen, "│ title", "┃");
    mouse(&mut wb, MouseEventKind::Down(MouseButton::Left), bx, by);
    for step in 1..=5 {
        mouse(
            &mut wb,
            MouseEventKind::Drag(MouseButton::Left),
            bx + step,
            by,
        );
    }
    mouse(&mut wb, MouseEventKind::Up(MouseButton::Left), bx + 5, by);
    assert_eq!(wb.model.cursors.col_delta.get(&0), Some(&5));
    let (after, _) = draw(&mut wb, 150, 40);
    let (bx2, _) = at(&after, "│ title", "┃");
    assert_eq!(bx2, bx + 5, "the border follows the pointer:\n{after}");
    // a double click opens the cell's viewer
    let (x, y) = at(&after, " 4 ", "┃");
    click(&mut wb, x + 1, y);
    click(&mut wb, x + 1, y);
    assert_eq!(wb.model.cursors.results_row, 3);
    assert!(
        matches!(wb.model.overlay, Overlay::Viewer(_)),
        "{:?}",
        wb.model.overlay
    );
    // the wheel in the editor moves its cursor, the buffer untouched
    wb.dispatch(Action::Dismiss);
    wb.dispatch(Action::Focus(PaneId::Editor));
    let text = "a\nb\nc\nd\ne\nf";
    wb.editor = ratatui_textarea::TextArea::from(text.lines());
    let (screen, _) = draw(&mut wb, 150, 40);
    let (ex, ey) = at(&screen, "SQL Alt-2", "SQL Alt-2");
    mouse(&mut wb, MouseEventKind::ScrollDown, ex + 2, ey + 2);
    assert_eq!(wb.editor.cursor().0, 3);
    assert_eq!(wb.editor.lines().join("\n"), text);
}
