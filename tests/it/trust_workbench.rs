//! The workbench runs nothing the user did not ask for and loses nothing typed: export and
//! fetch-more never run a write again, a row cap holds exactly its rows, quitting with an open
//! transaction asks, a paste keeps its lines, the buffer is saved while typing.

use std::time::Duration;

use crossterm::event::Event as TermEvent;
use retort::app::Action;
use retort::app::model::Limits;
use retort::engine::DatabaseUrl;
use retort::query::format::Format;

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::ui_support::{draw, open_at, settle};

async fn wait_for_export(
    wb: &mut retort::ui::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    for _ in 0..500 {
        if wb.model.export.is_none() {
            return;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    panic!("the export did not finish");
}

fn row_count(url: &str) -> usize {
    let out = exec_ok(url, "select count(*) from t");
    out.lines()
        .filter_map(|l| l.trim().parse().ok())
        .next()
        .unwrap_or(usize::MAX)
}

#[tokio::test(flavor = "multi_thread")]
async fn export_and_fetch_more_never_run_a_write_again() {
    for engine in [Engine::Postgres, Engine::Sqlite] {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int)");
        let parsed = DatabaseUrl::parse(&url).unwrap();
        let (mut wb, mut rx) = open_at(&parsed, None).await;
        let dir = tempfile::tempdir().unwrap();
        wb.model.export_dir = dir.path().to_path_buf();
        settle(&mut wb, &mut rx).await;
        wb.dispatch(Action::RunStatement(
            "insert into t values (1), (2), (3) returning *".into(),
        ));
        settle(&mut wb, &mut rx).await;
        assert_eq!(row_count(&url), 3, "{engine:?}");
        wb.dispatch(Action::Export(Format::Csv));
        wb.dispatch(Action::Accept);
        wait_for_export(&mut wb, &mut rx).await;
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(
            notice.contains("exported 3 rows") && notice.contains("nothing was sent"),
            "{engine:?}: {notice}"
        );
        assert_eq!(
            row_count(&url),
            3,
            "{engine:?}: the export ran the insert again"
        );
        let file = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert_eq!(text, "a\n1\n2\n3\n", "{engine:?}");

        // a capped write: neither fetch-more nor export runs it again
        wb.model.limits = Limits {
            max_rows: Some(2),
            max_bytes: None,
        };
        wb.dispatch(Action::RunStatement(
            "insert into t select a + 10 from t returning *".into(),
        ));
        settle(&mut wb, &mut rx).await;
        let held = wb.model.result().map(|r| r.len());
        assert_eq!(held, Some(2), "{engine:?}: a cap holds exactly its rows");
        let after_insert = row_count(&url);
        wb.dispatch(Action::FetchMore);
        settle(&mut wb, &mut rx).await;
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(
            notice.starts_with("Not fetched") && notice.contains("INSERT"),
            "{engine:?}: {notice}"
        );
        wb.dispatch(Action::Export(Format::Csv));
        wb.dispatch(Action::Accept);
        wait_for_export(&mut wb, &mut rx).await;
        let notice = wb.model.notice.clone().unwrap_or_default();
        assert!(
            notice.contains("exported 2 rows") && notice.contains("not run again"),
            "{engine:?}: {notice}"
        );
        assert_eq!(row_count(&url), after_insert, "{engine:?}");

        // a capped plain read is fetched again, in full
        wb.dispatch(Action::RunStatement("select a from t order by a".into()));
        settle(&mut wb, &mut rx).await;
        assert_eq!(wb.model.result().map(|r| r.len()), Some(2));
        wb.dispatch(Action::FetchMore);
        settle(&mut wb, &mut rx).await;
        let expected = row_count(&url).min(4);
        assert_eq!(
            wb.model.result().map(|r| r.len()),
            Some(expected),
            "{engine:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn quitting_with_an_open_transaction_asks_first() {
    let url = fresh_database(Engine::Sqlite);
    exec_ok(&url, "create table t (a int)");
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("begin".into()));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Quit);
    assert!(!wb.model.quit, "quit at once with a transaction open");
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        screen.contains("A transaction is open") && screen.contains("Quit anyway?"),
        "{screen}"
    );
    wb.dispatch(Action::Confirm(false));
    assert!(!wb.model.quit);
    wb.dispatch(Action::RunStatement("commit".into()));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Quit);
    assert!(wb.model.quit, "no question without a transaction");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paste_keeps_its_line_breaks_and_the_buffer_is_saved_while_typing() {
    let data = tempfile::tempdir().unwrap();
    let url = crate::ui_support::demo_url();
    let (mut wb, mut rx) = open_at(&url, Some(data.path().to_path_buf())).await;
    settle(&mut wb, &mut rx).await;
    // terminals send a pasted line break as CR
    let script: String = (0..2000)
        .map(|i| format!("-- line {i}\rselect {i};\r"))
        .collect();
    let started = std::time::Instant::now();
    wb.on_terminal_event(TermEvent::Paste(script));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(wb.editor.lines().len(), 4001);
    assert_eq!(wb.editor.lines()[1], "select 0;");
    assert!(wb.has_unsaved());
    tokio::time::sleep(Duration::from_millis(600)).await;
    wb.autosave();
    // the buffer's text (beside it, the cursor's place in a file of its own)
    let saved = || {
        std::fs::read_dir(data.path().join("buffers"))
            .ok()
            .and_then(|mut d| {
                d.find(|f| {
                    f.as_ref()
                        .is_ok_and(|f| f.path().extension().is_some_and(|e| e == "sql"))
                })
            })
            .and_then(|f| std::fs::read_to_string(f.ok()?.path()).ok())
            .unwrap_or_default()
    };
    for _ in 0..100 {
        if saved().contains("select 1999;") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        saved().contains("-- line 1999\nselect 1999;"),
        "saved without a run or an exit"
    );
    assert!(!wb.has_unsaved());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ten_megabyte_cell_can_be_read_to_its_end() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select printf('%.*c', 10000000, 'x') || 'THE-END' as big".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let _ = draw(&mut wb, 100, 30);
    wb.dispatch(Action::Focus(retort::app::PaneId::Results));
    wb.dispatch(Action::ViewCell);
    let started = std::time::Instant::now();
    wb.dispatch(Action::End);
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(screen.contains("THE-END"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tab_strip_follows_the_active_tab_and_errors_keep_their_lines() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (a int primary key); insert into t values (1)",
    );
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    let script: Vec<String> = (1..=20).map(|i| format!("select {i} as n")).collect();
    wb.dispatch(Action::RunScript(script));
    settle(&mut wb, &mut rx).await;
    for _ in 0..19 {
        wb.dispatch(Action::NextResult);
    }
    let (screen, _) = draw(&mut wb, 90, 30);
    assert!(
        screen.contains(" 20 select 20 ") && screen.contains("‹"),
        "the active tab is in view:\n{screen}"
    );
    wb.dispatch(Action::RunStatement("insert into t values (1)".into()));
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 90, 30);
    // DETAIL starts a line of its own, not run onto the code as "[23505]DETAIL:"
    assert!(
        screen.contains("│DETAIL: Key (a)=(1) already exists.") && !screen.contains("]DETAIL"),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn columns_widen_for_what_is_shown_far_down() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "with recursive s(n) as (select 1 union all select n + 1 from s where n < 5000) \
         select case when n = 5000 then 123456789012345 else n end as v, 'x' as w from s"
            .into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(retort::app::PaneId::Results));
    wb.dispatch(Action::End);
    let (screen, _) = draw(&mut wb, 100, 30);
    assert!(screen.contains("123456789012345"), "cut short:\n{screen}");
    // and it stays as wide when scrolled back up
    wb.dispatch(Action::Home);
    let (screen, _) = draw(&mut wb, 100, 30);
    let header = screen
        .lines()
        .find(|l| l.contains(" │ w"))
        .unwrap_or_default();
    assert!(
        header.contains(&format!("v{} │ w", " ".repeat(14))),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unanswered_cancel_is_said_to_be_unconfirmed() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.model.run = retort::app::RunState::Running {
        id: retort::app::model::QueryId(99),
        started: std::time::Instant::now() - Duration::from_secs(10),
        cancel_requested: Some(std::time::Instant::now() - Duration::from_secs(4)),
    };
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(
        screen.contains("cancel not confirmed by the server after 4 s"),
        "{screen}"
    );
    wb.model.run = retort::app::RunState::Idle;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_external_editor_file_is_private_and_removed() {
    let (mut wb, mut rx) = crate::ui_support::open().await;
    settle(&mut wb, &mut rx).await;
    wb.editor = ratatui_textarea::TextArea::from(["select 'secret buffer'"]);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let script = dir.path().join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstat -c '%a %F' \"$1\" > {r}\necho \"$1\" >> {r}\necho 'select 2' >> \"$1\"\n",
            r = report.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    // SAFETY (test): no other thread of this test reads VISUAL meanwhile
    unsafe { std::env::set_var("VISUAL", &script) };
    wb.edit_externally();
    unsafe { std::env::remove_var("VISUAL") };
    let text = std::fs::read_to_string(&report).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("600 regular file"), "{text}");
    let path = lines.next().unwrap();
    let name = std::path::Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("retort-edit-")
            && name != format!("retort-edit-{}.sql", std::process::id()),
        "the name is not predictable: {name}"
    );
    assert!(
        !std::path::Path::new(path).exists(),
        "removed after editing"
    );
    assert_eq!(
        wb.editor.lines().join("\n"),
        "select 'secret buffer'\nselect 2"
    );
    // F4 in the cell editor: the cell's text goes to the editor, and what it saves comes back
    wb.dispatch(retort::app::Action::RunStatement(
        "select id, name from tags order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(retort::app::Action::Focus(retort::app::PaneId::Results));
    wb.dispatch(retort::app::Action::MoveRight);
    wb.dispatch(retort::app::Action::EditCell);
    let cell_script = dir.path().join("cell.sh");
    std::fs::write(
        &cell_script,
        "#!/bin/sh\ngrep -q '^python$' \"$1\" && printf '{\"long\": [1,  2]}\\n' > \"$1\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&cell_script)
        .status()
        .unwrap();
    // SAFETY (test): as above
    unsafe { std::env::set_var("VISUAL", &cell_script) };
    wb.edit_externally();
    unsafe { std::env::remove_var("VISUAL") };
    let retort::app::model::Overlay::CellEditor(edit) = &wb.model.overlay else {
        panic!("the cell editor stays open: {:?}", wb.model.notice)
    };
    assert_eq!(edit.text, "{\"long\": [1,  2]}", "{edit:?}");
}
