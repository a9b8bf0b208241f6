//! The result grid: viewers, caps, export, sort and filter (TestBackend).

use std::time::Duration;

use retort::app::{Action, Event};
use retort::engine::DatabaseUrl;
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::ui_support::{draw, open, open_at, settle};

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
    let view = wb.model.viewer().cloned().expect("cell view");
    assert!(view.text.contains("\"a\": [1, 2]"), "{view:?}");
    wb.on_terminal_event(key(KeyCode::Esc));
    assert!(wb.model.viewer().is_none());
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
    assert_eq!(r.len(), 3000, "a row cap holds exactly that many rows");
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("3000-row cap stopped the fetch")
            && screen.contains("Shift-M fetches more"),
        "{screen}"
    );
    wb.dispatch(Action::FetchMore);
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped, "capped again");
    assert_eq!(r.len(), 6000, "twice the cap the second time");
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
        // the question shows where it goes; Enter takes it
        let (screen, _) = draw(&mut wb, 150, 40);
        assert!(
            screen.contains("Export to") && screen.contains("retort-export-"),
            "{screen}"
        );
        wb.dispatch(Action::Accept);
        assert!(wb.model.export.is_some());
        while wb.model.export.is_some() {
            let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .unwrap()
                .unwrap();
            wb.on_event(ev);
        }
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(
            notice.starts_with("exported 5000 rows (all of them) to "),
            "{notice}"
        );
        let path = notice.trim_start_matches("exported 5000 rows (all of them) to ");
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
    // wide enough for every column (the statement's text in the echo log holds some of the
    // same words, so each is looked for on the result's own row)
    let (screen, buf) = draw(&mut wb, 260, 30);
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
        let row = screen
            .lines()
            .find(|l| l.contains("12345.678"))
            .unwrap_or("");
        assert!(row.contains(want), "missing {want}:\n{screen}");
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

#[tokio::test]
async fn marked_rows_are_copied_together() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, username from users order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    let key = |c: char| TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    wb.on_terminal_event(key('v'));
    wb.on_terminal_event(key('j'));
    wb.on_terminal_event(key('j'));
    assert_eq!(wb.model.selected_rows(), Some((0, 2)));
    let (screen, buf) = draw(&mut wb, 100, 30);
    let (y, _) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("lovelace"))
        .unwrap();
    let x = screen.lines().nth(y).unwrap().find("lovelace").unwrap() as u16;
    assert_ne!(
        buf[(x, y as u16)].bg,
        ratatui::style::Color::Reset,
        "marked rows are drawn apart"
    );
    wb.on_terminal_event(key('y'));
    let notice = wb.model.notice.clone().unwrap_or_default();
    // where it went, as known: the system clipboard's yes, or OSC 52 said to be unsure
    assert!(notice.starts_with("3 row(s)"), "{notice}");
    assert!(
        notice.contains("copied to the clipboard") || notice.contains("may ignore it"),
        "{notice}"
    );
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    )));
    assert_eq!(wb.model.selected_rows(), None);
}

#[tokio::test]
async fn a_memory_budget_stops_an_endless_result_cancels_it_and_fetch_more_goes_on() {
    use retort::app::model::Limits;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let budget = 2 * 1024 * 1024;
    wb.model.limits = Limits {
        max_rows: None,
        max_bytes: Some(budget),
    };
    // endless on the server: only the budget (and its cancel) can stop it
    wb.dispatch(Action::RunStatement(
        "with recursive s(n) as (select 1 union all select n + 1 from s) \
         select n, printf('%050d', n) as pad from s"
            .into(),
    ));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped, "the budget was hit");
    let first = r.len();
    assert!(first > 1000, "{first}");
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(
        screen.contains("2 MB memory budget stopped the fetch") && screen.contains("Shift-M"),
        "{screen}"
    );
    wb.dispatch(Action::FetchMore);
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(
        r.capped && r.len() > first,
        "more the second time: {} vs {first}",
        r.len()
    );
    wb.dispatch(Action::RunStatement("select 8".into()));
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().cell(0, 0).map(|v| v.display()),
        Some("8".into())
    );
}

#[tokio::test]
async fn a_row_cap_cancels_a_huge_postgres_query() {
    use retort::app::model::Limits;
    use retort::engine::DatabaseUrl;
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.model.limits = Limits {
        max_rows: Some(5000),
        max_bytes: None,
    };
    let started = std::time::Instant::now();
    wb.dispatch(Action::RunStatement(
        "select a.g, md5(b.g::text) from generate_series(1, 10000) a(g), generate_series(1, 10000) b(g)"
            .into(),
    ));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped);
    assert_eq!(r.len(), 5000, "a row cap holds exactly that many rows");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cancelled on the server, not drained: {:?}",
        started.elapsed()
    );
    wb.dispatch(Action::RunStatement("select 1".into()));
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.result().unwrap().cell(0, 0).map(|v| v.display()),
        Some("1".into())
    );
}

/// A capped statement that writes (`insert … returning *`) is not cancelled at the cap (its
/// rows are written whatever the cancel), and the grid says it ran to its end.
#[tokio::test]
async fn a_capped_write_says_it_ran_to_its_end() {
    use retort::app::model::Limits;
    use retort::engine::DatabaseUrl;
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    crate::harness::exec_ok(&url, "create table t (a int)");
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.model.limits = Limits {
        max_rows: Some(2),
        max_bytes: None,
    };
    wb.dispatch(Action::RunStatement(
        "insert into t select generate_series(1, 20000) returning *".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped && r.cap_ran_on);
    assert_eq!(r.len(), 2);
    let (screen, _) = draw(&mut wb, 200, 30);
    assert!(screen.contains("it ran to its end"), "{screen}");
    assert!(!screen.contains("cancelled it on the server"), "{screen}");
    let out = crate::harness::exec_ok(&url, "select count(*) from t");
    assert!(out.contains("20000"), "{out}");
    // a read is still cancelled at its cap
    wb.dispatch(Action::RunStatement("select * from t".into()));
    settle(&mut wb, &mut rx).await;
    let r = wb.model.result().unwrap();
    assert!(r.capped && !r.cap_ran_on);
}

/// The grid scrolls sideways only when the cursor's column would leave the screen: it used to
/// start at the cursor's column, so one `l` from `id` hid `id` although every column fit. The
/// title says which row the cursor is on.
#[tokio::test]
async fn the_grid_scrolls_sideways_only_when_the_cursor_would_leave_the_screen() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let wide: Vec<String> = (1..=12)
        .map(|i| format!("'{}' as col_{i:02}", "w".repeat(14)))
        .collect();
    wb.dispatch(Action::RunStatement(format!(
        "select id, username, {} from users where id = 1",
        wide.join(", ")
    )));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    let key = |c: KeyCode| TermEvent::Key(KeyEvent::new(c, KeyModifiers::NONE));
    wb.on_terminal_event(key(KeyCode::Char('l')));
    let (screen, _) = draw(&mut wb, 145, 30);
    let header = screen
        .lines()
        .find(|l| l.contains("username"))
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("id"), "one l hid id:\n{screen}");
    // far right: the cursor's column shows, the first ones are scrolled away
    for _ in 0..12 {
        wb.on_terminal_event(key(KeyCode::Char('l')));
    }
    let (screen, _) = draw(&mut wb, 145, 30);
    let header = screen
        .lines()
        .find(|l| l.contains("col_12"))
        .unwrap_or_default()
        .to_string();
    assert!(
        !header.is_empty() && !header.contains("username"),
        "{screen}"
    );
    // and the title says where the cursor is
    wb.dispatch(Action::RunStatement(
        "select id from users order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    wb.on_terminal_event(key(KeyCode::Char('j')));
    wb.on_terminal_event(key(KeyCode::Char('j')));
    let (screen, _) = draw(&mut wb, 145, 30);
    assert!(screen.contains("row 3 of 40 rows"), "{screen}");
}
