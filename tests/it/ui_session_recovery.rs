//! Nothing staged is lost (TestBackend on the demo): changes restored after a crash and
//! checked against the database, and a commit whose answer was lost decided by its rows.

use std::time::Duration;

use crossterm::event::KeyCode;
use retort::app::{Action, Event, PaneId};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::{demo_url, open_at, settle};

#[tokio::test]
async fn staged_changes_come_back_after_a_crash() {
    let url = demo_url();
    let data = crate::harness::scratch_dir().join(format!("journal-{}", std::process::id()));
    {
        let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        run(&mut wb, &mut rx, "select id, name from tags order by id").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Char('d'));
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Char('e'));
        typed(&mut wb, " (renamed)");
        key(&mut wb, KeyCode::Enter);
        assert_eq!(wb.model.session.unit.changes().len(), 2);
        // the process "dies" here: no close, the journal stays as written, and its OS lock
        // goes with the journal's file handle as the kernel drops it when a process dies
        drop(wb);
    }
    // a restart is a new process, which the test stands for by writing the journal again as a
    // crashed process left it
    let path = crate::ui_support::journal_in(&data);
    let recovered = retort::session::journal::read(&path);
    assert_eq!(recovered.changes.len(), 2);
    // meanwhile someone renames the row whose name was being edited
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(
            "update tags set name = 'changed elsewhere' where id = 2",
            [],
        )
        .unwrap();
    let (mut wb, mut rx) = open_at_as_new_process(&url, &data, &path, &recovered).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.session.unit.changes().len(), 2);
    // the restored changes are checked against the database: the renamed row is marked
    for _ in 0..50 {
        if wb
            .model
            .session
            .unit
            .changes()
            .iter()
            .any(|c| c.failure.is_some())
        {
            break;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    let marked = failures(&wb);
    assert_eq!(marked.len(), 1, "only the changed row: {marked:?}");
    assert!(
        marked[0].contains("name is now changed elsewhere"),
        "{marked:?}"
    );
    let confirm = wb
        .model
        .confirm()
        .expect("the restored changes are offered")
        .clone();
    assert!(confirm.reason.contains("2 staged change(s)"), "{confirm:?}");
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(wb.model.session.unit.changes().len(), 2, "n keeps them");
    // committing it as it is would overwrite the other change: the flush refuses
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.session.unit.changes().len(),
        2,
        "{:?}",
        wb.model.notice
    );
    // take the stale one back, commit the rest
    let stale = wb
        .model
        .session
        .unit
        .changes()
        .iter()
        .position(|c| !c.is_delete())
        .unwrap();
    wb.dispatch(Action::Focus(PaneId::Session));
    wb.model.session.cursor = stale;
    key(&mut wb, KeyCode::Char('u'));
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    wb.close_journal();
    assert!(!path.exists(), "a committed session leaves no journal");
}

/// Writes the journal as a crashed process would have left it (its holder gone), then opens a
/// workbench on it.
async fn open_at_as_new_process(
    url: &retort::engine::DatabaseUrl,
    data: &std::path::Path,
    path: &std::path::Path,
    recovered: &retort::session::journal::Recovered,
) -> (Workbench, UnboundedReceiver<Event>) {
    retort::session::journal::write_as(path, u32::MAX - 7, &recovered.changes).unwrap();
    open_at(url, Some(data.to_path_buf())).await
}

#[tokio::test]
async fn a_commit_whose_answer_was_lost_is_decided_by_reading_its_rows() {
    use retort::session::flush::CommitOutcome;
    for happened in [true, false] {
        let url = demo_url();
        let (mut wb, mut rx) = open_at(&url, None).await;
        settle(&mut wb, &mut rx).await;
        run(&mut wb, &mut rx, "select id, name from tags order by id").await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Char('e'));
        ctrl(&mut wb, 'u');
        typed(&mut wb, "renamed");
        key(&mut wb, KeyCode::Enter);
        key(&mut wb, KeyCode::Up);
        key(&mut wb, KeyCode::Char('d'));
        assert_eq!(wb.model.session.unit.changes().len(), 2);
        if happened {
            // what the commit would have done, done (the answer is what got lost)
            let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
                panic!("a file database")
            };
            rusqlite::Connection::open(db)
                .unwrap()
                .execute_batch(
                    "update tags set name = 'renamed' where id = 2; delete from tags where id = 1;",
                )
                .unwrap();
        }
        wb.on_event(Event::SessionCommitted {
            outcome: CommitOutcome::Unknown("the connection dropped during COMMIT".into()),
            transaction: retort::engine::TxStatus::Idle,
        });
        assert!(
            wb.model
                .notice
                .as_deref()
                .unwrap_or("")
                .contains("reading its rows")
        );
        for _ in 0..50 {
            let n = wb.model.notice.clone().unwrap_or_default();
            if n.contains("it committed") || n.contains("rolled back") {
                break;
            }
            if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
                wb.on_event(ev);
            }
        }
        let notice = wb.model.notice.clone().unwrap_or_default();
        if happened {
            assert!(notice.contains("it committed"), "{notice}");
            assert!(wb.model.session.unit.is_empty());
        } else {
            assert!(notice.contains("it was rolled back"), "{notice}");
            let changes = wb.model.session.unit.changes();
            assert_eq!(changes.len(), 2, "nothing is lost");
            assert!(changes.iter().all(|c| c.failure.is_none() && !c.flushed));
        }
    }
}

/// Issue 17 §5: a row edited, flushed (autoflush), edited again, then the process dies. Both
/// changes come back staged; the second read what the first sets, not what the database
/// holds, and is not marked "changed since it was read". The commit sends both.
#[tokio::test]
async fn a_row_edited_twice_across_a_flush_comes_back_unmarked() {
    let url = demo_url();
    let data = crate::harness::scratch_dir().join(format!("journal2-{}", std::process::id()));
    {
        let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        for (n, text) in [(0, "first"), (1, "second")] {
            run(&mut wb, &mut rx, "select id, name from tags order by id").await;
            wb.dispatch(Action::Focus(PaneId::Results));
            key(&mut wb, KeyCode::Right);
            key(&mut wb, KeyCode::Char('e'));
            for _ in 0..40 {
                key(&mut wb, KeyCode::Backspace);
            }
            typed(&mut wb, text);
            key(&mut wb, KeyCode::Enter);
            assert_eq!(wb.model.session.unit.changes().len(), n + 1);
        }
        assert!(wb.model.session.unit.changes()[0].flushed);
        drop(wb);
    }
    let path = crate::ui_support::journal_in(&data);
    let recovered = retort::session::journal::read(&path);
    assert_eq!(recovered.changes.len(), 2);
    let (mut wb, mut rx) = open_at_as_new_process(&url, &data, &path, &recovered).await;
    settle(&mut wb, &mut rx).await;
    // the recheck reads the row (its answer is an event; under load it may take a while)
    for _ in 0..20 {
        match tokio::time::timeout(Duration::from_millis(1500), rx.recv()).await {
            Ok(Some(ev)) => wb.on_event(ev),
            _ => break,
        }
    }
    let marked = failures(&wb);
    assert!(marked.is_empty(), "{marked:?}");
    key(&mut wb, KeyCode::Char('n'));
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    let Some(retort::engine::SqliteTarget::File(db)) = &url.sqlite else {
        panic!("a file database")
    };
    let name: String = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("select name from tags order by id limit 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "second");
}

/// The failures marked on the staged changes.
fn failures(wb: &Workbench) -> Vec<String> {
    wb.model
        .session
        .unit
        .changes()
        .iter()
        .filter_map(|c| c.failure.as_ref().map(|f| f.message.clone()))
        .collect()
}
