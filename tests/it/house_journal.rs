//! The session journal is written off the UI thread (issue 18 §3): staging never waits for
//! the disk, the Session pane says "saving" until the write is done, and a workbench that goes
//! leaves every change it staged in the journal.

use crate::ui_support::journal_in;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use retort::app::{Action, Event, PaneId};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::harness::scratch_dir;
use crate::ui_session::{key, run};
use crate::ui_support::{demo_url, draw, open_at, settle};

async fn until_saved(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    let end = Instant::now() + Duration::from_secs(10);
    while wb.model.session.journal.saving() {
        assert!(Instant::now() < end, "the journal was never written");
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_millis(100), rx.recv()).await {
            wb.on_event(ev);
        }
    }
}

#[tokio::test]
async fn staging_says_saving_until_the_journal_holds_the_change() {
    let data = scratch_dir().join(format!("journal-writer-{}", std::process::id()));
    let (mut wb, mut rx) = open_at(&demo_url(), Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    // three deletes in a burst: the writer may take them as one write of the newest state
    for _ in 0..3 {
        key(&mut wb, KeyCode::Char('d'));
        key(&mut wb, KeyCode::Down);
    }
    assert_eq!(wb.model.session.unit.changes().len(), 3);
    // the key was handled before the disk was touched: the write's answer is not in yet
    assert!(wb.model.session.journal.saving());
    let (screen, _) = draw(&mut wb, 140, 40);
    assert!(screen.contains("saving…"), "{screen}");
    until_saved(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 140, 40);
    assert!(!screen.contains("saving…"), "{screen}");
    let path = journal_in(&data);
    assert_eq!(retort::session::journal::read(&path).changes.len(), 3);
    // one more, and the workbench goes at once (a test's end, a switch): the change is in
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 4);
    drop(wb);
    assert_eq!(retort::session::journal::read(&path).changes.len(), 4);
}

#[tokio::test]
async fn a_database_without_a_journal_never_says_saving() {
    let (mut wb, mut rx) = open_at(&demo_url(), None).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    assert!(!wb.model.session.journal.saving());
    let (screen, _) = draw(&mut wb, 140, 40);
    assert!(!screen.contains("saving…"), "{screen}");
}
