//! The connection picker in the workbench (TestBackend): what it offers, the server's other
//! databases, and the question when staged work would be left behind.

use crossterm::event::KeyCode;
use retort::app::Action;
use retort::app::model::{ConfirmThen, Overlay};
use retort::app::overlays::picker::PickTarget;

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
        wb.switch_asked().cloned(),
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
    // the whole question is on screen, wrapped, not cut at the popup's edge
    let (screen, _) = draw(&mut wb, 100, 30);
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == ' ' || c == '┃'))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("you open it again"), "{screen}");
    assert_eq!(wb.switch_asked().cloned(), None);
    key(&mut wb, KeyCode::Char('n'));
    assert_eq!(wb.switch_asked().cloned(), None);
    ctrl(&mut wb, 'o');
    typed(&mut wb, "demo");
    key(&mut wb, KeyCode::Enter);
    key(&mut wb, KeyCode::Char('y'));
    assert_eq!(wb.switch_asked().cloned(), Some(PickTarget::Demo));
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

#[tokio::test]
async fn another_schema_of_the_database_is_switched_to_and_holds_across_a_reconnect() {
    use retort::engine::DatabaseUrl;
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    let schema = "we\"ird sch;ema";
    crate::harness::exec_ok(
        &url,
        "create table t (a text); insert into t values ('public'); \
         create schema \"we\"\"ird sch;ema\"; \
         create table \"we\"\"ird sch;ema\".t (a text); \
         insert into \"we\"\"ird sch;ema\".t values ('weird')",
    );
    let current = DatabaseUrl::parse(&url).unwrap();
    let (mut wb, mut rx) = open_at(&current, None).await;
    settle(&mut wb, &mut rx).await;
    ctrl(&mut wb, 'o');
    let (screen, _) = draw(&mut wb, 140, 40);
    assert!(
        screen.contains("another schema of this database"),
        "{screen}"
    );
    typed(&mut wb, "ird");
    key(&mut wb, KeyCode::Enter);
    assert_eq!(
        wb.switch_asked().cloned(),
        Some(PickTarget::Schema(schema.into()))
    );
    // what the switch connects to: the schema first on the search path, from the start,
    // and the status bar of its workbench says so
    let resolved = retort::launch::resolve_pick(
        &Default::default(),
        &current,
        &Default::default(),
        PickTarget::Schema(schema.into()),
    )
    .unwrap();
    let conn = crate::harness::connect(&resolved.url.to_string()).await;
    let shown = |rows: Vec<Vec<Option<String>>>| rows[0][0].clone().unwrap_or_default();
    assert_eq!(
        shown(conn.execute_text_rows("select a from t").await.unwrap()),
        "weird"
    );
    assert_eq!(
        shown(
            conn.execute_text_rows("select current_schema()")
                .await
                .unwrap()
        ),
        schema
    );
    let (mut wb2, mut rx2) = open_at(&resolved.url, None).await;
    settle(&mut wb2, &mut rx2).await;
    let (screen, _) = draw(&mut wb2, 140, 30);
    assert!(screen.contains("· schema we\"ird sch;ema"), "{screen}");
    // and again after the server drops the connection (the next statement reconnects)
    let pid = shown(
        conn.execute_text_rows("select pg_backend_pid()")
            .await
            .unwrap(),
    );
    crate::harness::exec_ok(&url, &format!("select pg_terminate_backend({pid})"));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let _ = conn.execute_text_rows("select 1").await;
    assert_eq!(
        shown(conn.execute_text_rows("select a from t").await.unwrap()),
        "weird"
    );
}

#[tokio::test]
async fn a_refused_password_is_asked_for_in_the_workbench_shown_as_dots_and_never_kept() {
    use retort::app::overlays::picker::PickTarget;
    // a MariaDB user with a password, reached by a URL without it
    let url = crate::harness::fresh_database(crate::harness::Engine::MySql);
    let (socket, db) = crate::harness::mysql_socket_and_db(&url);
    crate::harness::exec_ok(
        &url,
        &format!(
            "create user if not exists 'pw_user'@'localhost' identified by 's3cr:t pw'; \
             grant all on `{db}`.* to 'pw_user'@'localhost'"
        ),
    );
    let bare = format!("mysql://pw_user@localhost/{db}?socket={socket}");
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let target = PickTarget::Url(bare.clone());
    let current = retort::engine::DatabaseUrl::parse("sqlite://").unwrap();
    let mut switcher = retort::ui::switch::Switcher::new(
        Default::default(),
        Default::default(),
        current,
        Default::default(),
        retort::engine::EchoLog::new(),
    );
    switcher.start(target.clone());
    let refused = switcher
        .finished()
        .await
        .err()
        .expect("no password: refused");
    let (asked, label) = switcher
        .asked_password(&refused)
        .expect("a password is asked for");
    assert_eq!(asked, target);
    wb.on_event(retort::app::Event::PasswordAsked {
        target: asked,
        label,
    });
    typed(&mut wb, "s3cr:t");
    wb.on_terminal_event(crossterm::event::Event::Paste(" pw\n".into()));
    let (screen, _) = draw(&mut wb, 120, 30);
    assert!(screen.contains("password: •••••••••▏"), "{screen}");
    assert!(!screen.contains("s3cr"), "{screen}");
    assert!(!format!("{:?}", wb.model.overlay).contains("s3cr"));
    key(&mut wb, KeyCode::Enter);
    let (target, password) = wb
        .take_switch()
        .map(|(t, p)| (t, p.expect("the typed password")))
        .unwrap();
    assert!(!format!("{password:?}").contains("s3cr"));
    switcher.start_with(target, Some(password));
    let retort::ui::switch::Opened { conn, resolved, .. } = switcher
        .finished()
        .await
        .expect("the typed password connects");
    let who = conn
        .execute_text_rows("select current_user()")
        .await
        .unwrap();
    assert!(
        who[0][0].as_deref().unwrap_or("").starts_with("pw_user@"),
        "{who:?}"
    );
    // the recent list keeps the URL without it
    let dir = crate::harness::scratch_dir().join("pw-recent");
    std::fs::create_dir_all(&dir).unwrap();
    retort::launch::remember(Some(&dir), &resolved.url);
    let kept = retort::launch::recent(Some(&dir));
    assert!(kept.iter().all(|u| !u.contains("s3cr")), "{kept:?}");
    assert!(kept.iter().any(|u| u.contains("pw_user@")), "{kept:?}");
}

#[tokio::test]
async fn a_recent_url_of_a_read_only_connection_opens_read_only() {
    use retort::app::overlays::picker::PickTarget;
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    crate::harness::exec_ok(&url, "create table t (a int)");
    let toml = format!("[connections.prod]\nurl = {url:?}\nread_only = true\n");
    let settings = retort::config::parse(&toml, std::path::Path::new("test.toml")).unwrap();
    let current = retort::engine::DatabaseUrl::parse("sqlite://").unwrap();
    // as the recent list holds it: the URL, not the name
    let resolved = retort::launch::resolve_pick(
        &settings,
        &current,
        &Default::default(),
        PickTarget::Url(url.clone()),
    )
    .unwrap();
    let opts = retort::launch::connect_options(&settings, &resolved.named, &Default::default());
    assert!(opts.read_only, "the connection's read_only applies");
    // Ctrl-O to another database or schema of the same server keeps the connection's flags
    for pick in [
        PickTarget::Database("postgres".into()),
        PickTarget::Schema("public".into()),
    ] {
        let moved =
            retort::launch::resolve_pick(&settings, &resolved.url, &resolved.named, pick.clone())
                .unwrap();
        let opts = retort::launch::connect_options(&settings, &moved.named, &Default::default());
        assert!(opts.read_only, "{pick:?} dropped read_only");
    }
    let conn = retort::engine::Connection::connect(&resolved.url, &opts, Default::default())
        .await
        .unwrap();
    let (tx, _rx) = tokio::sync::mpsc::channel(4);
    let refused =
        retort::query::execute::run_user_statement(&conn, "insert into t values (1)", &tx).await;
    assert!(refused.is_err(), "{refused:?}");
}
