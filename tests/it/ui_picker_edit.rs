//! Adding, editing and deleting a configured connection from the picker (TestBackend): the
//! form, its refusals, the file written off the UI thread, the list updated at once.

use crossterm::event::KeyCode;
use retort::app::Event;
use retort::app::model::Overlay;
use retort::app::overlays::picker::PickTarget;
use retort::ui::Workbench;
use retort::ui::connections::ConfigFile;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::ui_session::{ctrl, key, typed};
use crate::ui_support::{draw, open, settle};

const USER_FILE: &str =
    "# mine\ntheme = \"dark\"  # keep\n\n[connections.shop]\nurl = \"sqlite:///shop.db\"\n";

/// Applies events until config.toml's answer has come.
async fn saved(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    for _ in 0..100 {
        let Ok(Some(ev)) = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await
        else {
            panic!("no answer from the configuration file");
        };
        let done = matches!(ev, Event::ConnectionsSaved { .. });
        wb.on_event(ev);
        if done {
            return;
        }
    }
}

fn picker_names(wb: &Workbench) -> Vec<String> {
    let Overlay::Picker(p) = &wb.model.overlay else {
        panic!("{:?}", wb.model.overlay)
    };
    (p.entries.iter())
        .filter_map(|e| match &e.target {
            PickTarget::Named(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

async fn workbench_with_config(
    name: &str,
) -> (Workbench, UnboundedReceiver<Event>, std::path::PathBuf) {
    let dir = crate::harness::scratch_dir()
        .join("ui-picker-edit")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, USER_FILE).unwrap();
    let settings = retort::config::from_text(USER_FILE, path.clone()).settings;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.picker_entries = retort::launch::picker_entries(&settings, &[]);
    wb.config = ConfigFile::new(Some(path.clone()), settings);
    (wb, rx, path)
}

#[tokio::test]
async fn a_connection_is_added_from_the_picker_without_its_password() {
    let (mut wb, mut rx, path) = workbench_with_config("add").await;
    ctrl(&mut wb, 'o');
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("Ctrl-N new"), "{screen}");
    ctrl(&mut wb, 'n');
    assert!(matches!(wb.model.overlay, Overlay::ConnectionForm(_)));
    // a name that exists is refused in the form, nothing written
    typed(&mut wb, "shop");
    key(&mut wb, KeyCode::Tab);
    typed(&mut wb, "postgresql://app:s3cret@db.example/shop");
    key(&mut wb, KeyCode::Enter);
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("New connection"), "{screen}");
    assert!(
        screen.contains("a connection named shop exists"),
        "{screen}"
    );
    assert!(
        screen.contains("postgresql://app:***@db.example/shop"),
        "{screen}"
    );
    assert!(!screen.contains("s3cret"), "{screen}");
    key(&mut wb, KeyCode::Up);
    ctrl(&mut wb, 'u');
    typed(&mut wb, "prod");
    key(&mut wb, KeyCode::BackTab);
    typed(&mut wb, "y");
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("read-only: yes"), "{screen}");
    key(&mut wb, KeyCode::Enter);
    saved(&mut wb, &mut rx).await;
    // the picker is back, the new connection in its list, and the status bar says where
    // the password went
    assert_eq!(picker_names(&wb), ["prod", "shop"]);
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(screen.contains("prod"), "{screen}");
    assert!(screen.contains("password left out"), "{screen}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("s3cret"), "{text}");
    assert!(text.starts_with(USER_FILE), "{text}");
    assert!(
        text.ends_with(
            "[connections.prod]\nurl = \"postgresql://app@db.example/shop\"\nread_only = true\n"
        ),
        "{text}"
    );
    // the next Ctrl-O offers it too
    key(&mut wb, KeyCode::Esc);
    ctrl(&mut wb, 'o');
    assert_eq!(picker_names(&wb), ["prod", "shop"]);
}

#[tokio::test]
async fn a_connection_is_edited_then_deleted_after_a_yes() {
    let (mut wb, mut rx, path) = workbench_with_config("edit").await;
    ctrl(&mut wb, 'o');
    typed(&mut wb, "shop");
    ctrl(&mut wb, 'e');
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("Edit the connection shop"), "{screen}");
    assert!(screen.contains("sqlite:///shop.db"), "{screen}");
    key(&mut wb, KeyCode::Tab);
    ctrl(&mut wb, 'u');
    typed(&mut wb, "sqlite:///other.db");
    key(&mut wb, KeyCode::Enter);
    saved(&mut wb, &mut rx).await;
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        USER_FILE.replace("shop.db", "other.db")
    );
    // Ctrl-D asks; n keeps it
    ctrl(&mut wb, 'd');
    assert!(matches!(wb.model.overlay, Overlay::Confirm(_)));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("Delete the connection shop"), "{screen}");
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(picker_names(&wb), ["shop"]);
    ctrl(&mut wb, 'd');
    key(&mut wb, KeyCode::Char('y'));
    saved(&mut wb, &mut rx).await;
    assert_eq!(picker_names(&wb), Vec::<String>::new());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mine\ntheme = \"dark\"  # keep\n"
    );
    // the demo is no configured connection: said so, nothing asked
    ctrl(&mut wb, 'e');
    assert!(matches!(wb.model.overlay, Overlay::Picker(_)));
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(screen.contains("Only a configured connection"), "{screen}");
}

#[tokio::test]
async fn tab_completes_a_configured_connections_name_in_the_picker() {
    let (mut wb, mut rx, _) = workbench_with_config("complete").await;
    ctrl(&mut wb, 'o');
    ctrl(&mut wb, 'n');
    typed(&mut wb, "staging");
    key(&mut wb, KeyCode::Tab);
    typed(&mut wb, "sqlite:///staging.db");
    key(&mut wb, KeyCode::Enter);
    saved(&mut wb, &mut rx).await;
    ctrl(&mut wb, 'u');
    typed(&mut wb, "s");
    // "s" begins shop and staging: nothing longer to offer
    let (screen, _) = draw(&mut wb, 140, 30);
    assert!(!screen.contains("Tab completes"), "{screen}");
    typed(&mut wb, "t");
    let (screen, _) = draw(&mut wb, 140, 30);
    assert!(
        screen.contains("search: st▏aging  (Tab completes)"),
        "{screen}"
    );
    key(&mut wb, KeyCode::Tab);
    let Overlay::Picker(p) = &wb.model.overlay else {
        panic!("{:?}", wb.model.overlay)
    };
    assert_eq!(p.query.as_str(), "staging");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(
        wb.switch_asked().cloned(),
        Some(PickTarget::Named("staging".into()))
    );
}
