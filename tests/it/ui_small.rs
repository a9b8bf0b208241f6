//! Small terminals (issue 20): any pane fills the screen with z (the editor with Alt-z), a
//! pane with no room on screen fills it when focused, the course goes beside, under or over
//! the workbench and keeps what to do now in sight, and the status bar's hints give way.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use retort::app::{Action, PaneId};

use crate::ui_session::{key, run};
use crate::ui_support::{draw, open, settle};

fn alt(wb: &mut retort::ui::Workbench, c: char) {
    wb.on_terminal_event(crossterm::event::Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::ALT,
    )));
}

#[tokio::test]
async fn any_pane_fills_the_screen_with_z_and_shares_it_again() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "select id, username from users order by id",
    )
    .await;
    let rows_shared = wb.model.page_rows;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('z'));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        !s.contains("Schema Alt-1") && !s.contains("SQL Alt-2"),
        "{s}"
    );
    assert!(s.contains("Results Alt-3") && s.contains("lovelace"), "{s}");
    // the zoom says so, and how to leave it
    assert!(
        s.lines()
            .next()
            .unwrap()
            .contains("zoomed · z shows all panes"),
        "{s}"
    );
    assert!(
        wb.model.page_rows > rows_shared,
        "PageDown pages by the rows on screen"
    );
    // the focus moves: the zoom follows it
    wb.dispatch(Action::Focus(PaneId::Echo));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("Echo log") && !s.contains("Results Alt-3"),
        "{s}"
    );
    key(&mut wb, KeyCode::Char('z'));
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("Schema Alt-1") && s.contains("Results Alt-3"),
        "{s}"
    );
    assert!(!s.contains("zoomed ·"), "{s}");
    // in the editor z types; Alt-z zooms it
    wb.dispatch(Action::Focus(PaneId::Editor));
    alt(&mut wb, 'z');
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(
        s.contains("SQL Alt-2") && !s.contains("Results Alt-3"),
        "{s}"
    );
    assert!(s.contains("zoomed · Alt-z shows all panes"), "{s}");
}

#[tokio::test]
async fn a_pane_with_no_room_fills_the_screen_when_focused() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    // 60 columns: no schema column; 14 rows: no echo log
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(!s.contains("Schema") && !s.contains("Echo log"), "{s}");
    wb.dispatch(Action::Focus(PaneId::Schema));
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(s.contains("Schema Alt-1") && s.contains("users"), "{s}");
    wb.dispatch(Action::Focus(PaneId::Echo));
    let (s, _) = draw(&mut wb, 60, 14);
    assert!(s.contains("Echo log"), "{s}");
}

#[tokio::test]
async fn the_course_stays_readable_at_80x24_and_the_hints_give_way() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    key(&mut wb, KeyCode::F(8));
    let (s, _) = draw(&mut wb, 80, 24);
    // under the workbench, what to do now in sight, and the panes still there
    assert!(s.contains("F9 starts this lesson again"), "{s}");
    assert!(s.contains("select count(*) from users"), "{s}");
    assert!(
        s.contains("SQL Alt-2") && s.contains("Results Alt-3"),
        "{s}"
    );
    let (s, _) = draw(&mut wb, 100, 30);
    assert!(
        s.contains("Lesson 1: the Engine") && s.contains("SQL Alt-2"),
        "{s}"
    );
    // the status bar says where it is before it gives hints
    let status = s.lines().last().unwrap_or_default();
    assert!(
        status.contains("demo-") && status.contains(".db"),
        "{status}"
    );
    let (s, _) = draw(&mut wb, 60, 20);
    let status = s.lines().last().unwrap_or_default();
    assert!(
        !status.contains("Tab pane") && status.contains("F1 help"),
        "{status}"
    );
}

/// The confirm box's rows at `w`×`h` inside its borders, trimmed.
fn confirm_rows(wb: &mut retort::ui::Workbench, w: u16, h: u16) -> Vec<String> {
    let (s, _) = draw(wb, w, h);
    let rows: Vec<Vec<char>> = s.lines().map(|l| l.chars().collect()).collect();
    let top = (rows
        .iter()
        .position(|l| String::from_iter(l).contains("┌ Confirm")))
    .unwrap_or_else(|| panic!("no confirm box at {w}×{h}:\n{s}"));
    let left = rows[top].iter().position(|&c| c == '┌').unwrap();
    let right = rows[top].iter().position(|&c| c == '┐').unwrap();
    (rows[top + 1..].iter())
        .take_while(|l| l[left] == '│')
        .map(|l| String::from_iter(&l[left + 1..right]).trim().to_string())
        .collect()
}

/// The question's keys line: the rows from where it starts, which must be the box's last.
fn keys_at_bottom(rows: &[String], starts: &str) -> String {
    let at = (rows.iter().position(|r| r.starts_with(starts)))
        .unwrap_or_else(|| panic!("no {starts:?} in {rows:#?}"));
    let words: Vec<&str> = rows[at..]
        .iter()
        .flat_map(|r| r.split_whitespace())
        .collect();
    words.join(" ")
}

/// The question asked at start when staged changes come back from the journal, and the
/// quit question, at 40×10 and 30×8: the keys line is always there, whole, at the bottom of
/// the box; the question above it begins as written and ends with "…" where it is cut.
#[tokio::test]
async fn a_question_keeps_its_keys_in_sight_on_a_small_terminal() {
    let url = crate::ui_support::demo_url();
    let data = crate::harness::scratch_dir().join(format!("small-confirm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    {
        let (mut wb, mut rx) = crate::ui_support::open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        run(&mut wb, &mut rx, "select id, name from tags order by id").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('d'));
        assert_eq!(wb.model.session.unit.changes().len(), 1);
        drop(wb);
    }
    // the next start finds the journal a crashed process left
    let path = crate::ui_support::journal_in(&data);
    let recovered = retort::session::journal::read(&path);
    retort::session::journal::write_as(&path, u32::MAX - 7, &recovered.changes).unwrap();
    let (mut wb, mut rx) = crate::ui_support::open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    assert!(
        wb.model.confirm().is_some(),
        "the restored change is offered"
    );
    for (w, h) in [(40, 10), (30, 8)] {
        let rows = confirm_rows(&mut wb, w, h);
        let keys = keys_at_bottom(&rows, "Discard them?");
        assert_eq!(
            keys, "Discard them? y = discard n / Esc = keep them",
            "{w}×{h}"
        );
        assert!(
            rows[0].starts_with("1 staged change(s)"),
            "{w}×{h}: {rows:#?}"
        );
        assert!(rows.iter().any(|r| r.ends_with('…')), "{w}×{h}: {rows:#?}");
    }
    // where it all fits, nothing is cut
    let rows = confirm_rows(&mut wb, 100, 30);
    assert!(rows.iter().all(|r| !r.contains('…')), "{rows:#?}");
    assert!(
        rows.iter().any(|r| r.ends_with("never overwritten.")),
        "{rows:#?}"
    );
    keys_at_bottom(&rows, "Discard them?");
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(wb.model.session.unit.changes().len(), 1, "n keeps it");
    // the quit question, with the editor's text unsaved
    wb.model.buffer_unsaved = true;
    crate::ui_session::ctrl(&mut wb, 'q');
    assert!(wb.model.confirm().is_some() && !wb.model.quit);
    for (w, h) in [(40, 10), (30, 8)] {
        let rows = confirm_rows(&mut wb, w, h);
        let keys = keys_at_bottom(&rows, "Quit anyway?");
        assert_eq!(keys, "Quit anyway? y = yes n / Esc = no", "{w}×{h}");
        assert!(
            rows[0].starts_with("The editor's text"),
            "{w}×{h}: {rows:#?}"
        );
    }
    key(&mut wb, KeyCode::Char('n'));
    assert!(!wb.model.quit);
    wb.close_journal();
}

/// The editor scrolled sideways on a narrow terminal scrolls back when the terminal widens
/// and the line fits.
#[tokio::test]
async fn the_editor_scrolls_back_left_when_the_terminal_widens() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    crate::editor_keys_support::load(&mut wb, "select * from t where name = 'abc';|");
    let editor_row = |s: &str| {
        (s.lines().find(|l| l.contains("'abc';")).map(str::to_string))
            .unwrap_or_else(|| panic!("no editor line:\n{s}"))
    };
    let (s, _) = draw(&mut wb, 30, 8);
    assert!(!editor_row(&s).contains("select"), "scrolled at 30×8:\n{s}");
    let (s, _) = draw(&mut wb, 80, 24);
    assert!(editor_row(&s).contains("select * from t"), "{s}");
}
