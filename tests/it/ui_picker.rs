//! The connection picker in the workbench (TestBackend): what it offers, the server's other
//! databases, and the question when staged work would be left behind.

use crossterm::event::KeyCode;
use retort::app::Action;
use retort::app::model::{ConfirmThen, Overlay};
use retort::app::picker::PickTarget;

use crate::ui_session::{ctrl, key, run, typed};
use crate::ui_support::{draw, open, open_at, settle};

#[tokio::test]
async fn the_picker_lists_this_servers_databases_and_chooses_one() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let (mut wb, mut rx) = open_at(&retort::engine::DatabaseUrl::parse(&url).unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    wb.picker_entries = retort::launch::picker_entries(&Default::default(), &[]);
    ctrl(&mut wb, 'o');
    assert!(matches!(wb.model.overlay, Overlay::Picker(_)));
    // the databases arrive from the server
    for _ in 0..50 {
        let listed = matches!(&wb.model.overlay, Overlay::Picker(p)
            if p.entries.iter().any(|e| e.target == PickTarget::Database("postgres".into())));
        if listed {
            break;
        }
        if let Ok(Some(ev)) =
            tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await
        {
            wb.on_event(ev);
        }
    }
    let (screen, _) = draw(&mut wb, 140, 40);
    assert!(
        screen.contains("another database of this server"),
        "{screen}"
    );
    typed(&mut wb, "postgres");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None);
    assert_eq!(
        wb.model.switch_to,
        Some(PickTarget::Database("postgres".into()))
    );
}

#[tokio::test]
async fn staged_changes_make_the_picker_ask_first() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.picker_entries = retort::launch::picker_entries(&Default::default(), &[]);
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(retort::app::PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    ctrl(&mut wb, 'o');
    typed(&mut wb, "demo");
    key(&mut wb, KeyCode::Enter);
    let Overlay::Confirm(pending) = &wb.model.overlay else {
        panic!("{:?}", wb.model.overlay)
    };
    assert_eq!(pending.then, ConfirmThen::Switch(PickTarget::Demo));
    assert!(
        pending.reason.contains("stay in this connection's journal"),
        "{pending:?}"
    );
    assert_eq!(wb.model.switch_to, None);
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(wb.model.switch_to, None);
    ctrl(&mut wb, 'o');
    typed(&mut wb, "demo");
    key(&mut wb, KeyCode::Enter);
    key(&mut wb, KeyCode::Char('y'));
    assert_eq!(wb.model.switch_to, Some(PickTarget::Demo));
}

#[test]
fn recent_urls_are_kept_without_their_passwords() {
    let dir = crate::harness::scratch_dir().join("recent");
    let _ = std::fs::remove_dir_all(&dir);
    let url =
        retort::engine::DatabaseUrl::parse("postgresql://app:s3cret@db.example/shop").unwrap();
    retort::launch::remember(Some(&dir), &url);
    let other =
        retort::engine::DatabaseUrl::parse("mysql://u:pw@h/d?password=pw2&ssl-mode=REQUIRED")
            .unwrap();
    retort::launch::remember(Some(&dir), &other);
    retort::launch::remember(Some(&dir), &url);
    let recent = retort::launch::recent(Some(&dir));
    assert_eq!(
        recent,
        vec![
            "postgresql://app@db.example/shop",
            "mysql://u@h/d?ssl-mode=REQUIRED"
        ]
    );
    let text = std::fs::read_to_string(dir.join("recent-connections.txt")).unwrap();
    assert!(!text.contains("s3cret") && !text.contains("pw"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("recent-connections.txt");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "only its owner reads the list");
}
