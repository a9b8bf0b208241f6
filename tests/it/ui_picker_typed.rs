//! The connection picker (TestBackend) given what no entry has: a URL or a libpq connection
//! string typed in opens it, its password never on screen nor kept; and a schema switch says
//! the schema in words, not the URL's encoded startup parameter.

use crossterm::event::KeyCode;
use retort::app::overlays::picker::PickTarget;
use retort::engine::{DatabaseUrl, EchoLog};
use retort::ui::switch::Switcher;

use crate::harness::{Engine, exec_ok, fresh_database, scratch_dir};
use crate::ui_session::{ctrl, key, typed};
use crate::ui_support::{draw, open_at, settle};

/// `url` with a password put in (the harness's servers trust local users: it is not checked).
fn with_password(url: &str) -> String {
    url.replacen("postgres@", "postgres:s3cret@", 1)
}

#[tokio::test]
async fn a_typed_url_that_matches_nothing_opens_and_its_password_is_never_shown() {
    let (here, there) = (
        fresh_database(Engine::Postgres),
        fresh_database(Engine::Postgres),
    );
    exec_ok(&there, "create table only_there (x int)");
    let current = DatabaseUrl::parse(&here).unwrap();
    let (mut wb, mut rx) = open_at(&current, None).await;
    settle(&mut wb, &mut rx).await;
    ctrl(&mut wb, 'o');
    let typed_url = with_password(&there);
    assert!(typed_url.contains("s3cret"), "{typed_url}");
    typed(&mut wb, &typed_url);
    let (screen, _) = draw(&mut wb, 200, 40);
    assert!(!screen.contains("s3cret"), "{screen}");
    assert!(
        screen.contains("Enter opens postgresql://postgres:***@"),
        "{screen}"
    );
    assert!(!screen.contains("nothing matches"), "{screen}");
    key(&mut wb, KeyCode::Enter);
    let (target, password) = wb.take_switch().expect("Enter switches");
    assert_eq!(
        (&target, password),
        (&PickTarget::Url(typed_url.clone()), None)
    );
    assert!(!format!("{target:?}").contains("s3cret"));
    // the switch: said, made and kept without the password
    let mut switcher = Switcher::new(
        Default::default(),
        Default::default(),
        current,
        Default::default(),
        EchoLog::new(),
    );
    let data = scratch_dir().join("typed-url");
    switcher.data = Some(data.clone());
    let said = switcher.start(target);
    assert!(
        said.contains("connecting to") && !said.contains("s3cret"),
        "{said}"
    );
    let opened = switcher.finished().await.expect("the typed URL connects");
    let (mut wb2, mut rx2) = switcher.replace(&mut wb, opened);
    let (screen, _) = draw(&mut wb2, 200, 40);
    assert!(
        screen.contains("switched to") && !screen.contains("s3cret"),
        "{screen}"
    );
    settle(&mut wb2, &mut rx2).await;
    assert!(wb2.model.info.database.starts_with("retort_t"));
    let kept = retort::launch::recent(Some(&data));
    assert!(kept.iter().any(|u| u.contains("postgres@")), "{kept:?}");
    assert!(kept.iter().all(|u| !u.contains("s3cret")), "{kept:?}");
}

#[tokio::test]
async fn a_typed_connection_string_is_taken_and_its_quoted_password_hidden() {
    let here = fresh_database(Engine::Postgres);
    let u = url::Url::parse(&here).unwrap();
    let q = |k: &str| {
        u.query_pairs()
            .find(|(key, _)| key == k)
            .unwrap()
            .1
            .into_owned()
    };
    let conninfo = format!(
        "host={} port={} dbname={} user=postgres password='s3 cr\\'et'",
        q("host"),
        q("port"),
        u.path().trim_start_matches('/')
    );
    let (mut wb, mut rx) = open_at(&DatabaseUrl::parse("sqlite://").unwrap(), None).await;
    settle(&mut wb, &mut rx).await;
    ctrl(&mut wb, 'o');
    typed(&mut wb, &conninfo);
    let (screen, _) = draw(&mut wb, 200, 40);
    assert!(
        !screen.contains("s3 cr") && !screen.contains("et'"),
        "{screen}"
    );
    assert!(screen.contains("password=***"), "{screen}");
    key(&mut wb, KeyCode::Enter);
    let (target, _) = wb.take_switch().expect("Enter switches");
    let resolved = retort::launch::resolve_pick(
        &Default::default(),
        &DatabaseUrl::parse("sqlite://").unwrap(),
        &Default::default(),
        target,
    )
    .unwrap();
    assert_eq!(resolved.url.host_label(), q("host"));
    assert!(!resolved.url.to_string().contains("s3"), "{}", resolved.url);
    // something that is neither a URL nor a connection string still matches nothing
    key(&mut wb, KeyCode::Esc);
    ctrl(&mut wb, 'o');
    typed(&mut wb, "zzz-no-such");
    let (screen, _) = draw(&mut wb, 200, 40);
    assert!(screen.contains("nothing matches"), "{screen}");
    key(&mut wb, KeyCode::Enter);
    assert!(wb.take_switch().is_none());
}

#[tokio::test]
async fn after_a_schema_switch_the_status_bar_names_the_schema_not_an_encoded_url() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create schema app; create table app.t (x int)");
    let current = DatabaseUrl::parse(&url).unwrap();
    let (mut wb, mut rx) = open_at(&current, None).await;
    settle(&mut wb, &mut rx).await;
    let mut switcher = Switcher::new(
        Default::default(),
        Default::default(),
        current,
        Default::default(),
        EchoLog::new(),
    );
    switcher.data = Some(scratch_dir().join("schema-switch"));
    switcher.start(PickTarget::Schema("app".into()));
    let opened = switcher.finished().await.expect("the schema's connection");
    let (mut wb2, mut rx2) = switcher.replace(&mut wb, opened);
    let (screen, _) = draw(&mut wb2, 200, 30);
    assert!(
        screen.contains("switched to schema app, first on the search path"),
        "{screen}"
    );
    assert!(
        !screen.contains("%5B") && !screen.contains("options["),
        "{screen}"
    );
    settle(&mut wb2, &mut rx2).await;
    let (screen, _) = draw(&mut wb2, 200, 30);
    assert!(screen.contains("· schema app"), "{screen}");
    assert!(!screen.contains("%5B"), "{screen}");
}
