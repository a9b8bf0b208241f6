//! The table an edit goes to is the one the server read (Session II §0): after `SET
//! search_path` on PostgreSQL or `USE` on MariaDB, an edit of `select … from users` changes the
//! `users` the grid shows, never the one of the connection's first schema; a temporary table
//! that shadows one is read-only here, never a way to write the other. Hostile schema names
//! (a quote, a space, Unicode) included.

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::settle;

/// Edits the name of the first row of the shown result to `to` and commits; returns the
/// notice when the edit was refused.
async fn edit_first_name(
    wb: &mut retort::ui::workbench::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::msg::Event>,
    to: &str,
) -> Result<(), String> {
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Char('e'));
    if !matches!(wb.model.overlay, Overlay::CellEditor(_)) {
        return Err(format!("{:?}", wb.model.notice));
    }
    for _ in 0..20 {
        key(wb, KeyCode::Backspace);
    }
    typed(wb, to);
    key(wb, KeyCode::Enter);
    ctrl(wb, 's');
    settle_session(wb, rx).await;
    assert!(wb.model.session.unit.is_empty(), "{:?}", wb.model.notice);
    Ok(())
}

/// Loads the details of `schema` (as expanding it in the tree does).
async fn load_schema(
    wb: &mut retort::ui::workbench::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::msg::Event>,
    schema: &str,
) {
    let rows = wb.model.tree_rows();
    let i = rows
        .iter()
        .position(|r| r.text.contains(schema))
        .unwrap_or_else(|| panic!("no tree row {schema}: {rows:#?}"));
    wb.model.tree.selected = i;
    wb.dispatch(Action::Focus(PaneId::Schema));
    key(wb, KeyCode::Right);
    settle(wb, rx).await;
}

#[tokio::test]
async fn after_set_search_path_an_edit_goes_to_the_table_the_grid_shows() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create schema \"s 2'é\";
         create table public.users (id int primary key, name text);
         create table \"s 2'é\".users (id int primary key, name text);
         insert into public.users values (1, 'public one');
         insert into \"s 2'é\".users values (1, 's2 one')",
    );
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    load_schema(&mut wb, &mut rx, "s 2'é").await;
    run(&mut wb, &mut rx, "set search_path = \"s 2'é\", public").await;
    run(&mut wb, &mut rx, "select id, name from users").await;
    edit_first_name(&mut wb, &mut rx, "edited").await.unwrap();
    let out = exec_ok(&url, "select name from \"s 2'é\".users");
    assert!(out.contains("edited"), "{out}");
    let out = exec_ok(&url, "select name from public.users");
    assert!(out.contains("public one"), "{out}");

    // a temporary table shadowing public.users: refused, and public.users untouched
    run(&mut wb, &mut rx, "set search_path = public").await;
    run(
        &mut wb,
        &mut rx,
        "create temp table users (id int primary key, name text)",
    )
    .await;
    run(&mut wb, &mut rx, "insert into users values (1, 'temp one')").await;
    run(&mut wb, &mut rx, "select id, name from users").await;
    let refused = edit_first_name(&mut wb, &mut rx, "hijacked").await;
    assert!(
        refused.is_err(),
        "the edit of a temporary table's rows was staged"
    );
    let out = exec_ok(&url, "select name from public.users");
    assert!(
        out.contains("public one") && !out.contains("hijacked"),
        "{out}"
    );
}

#[tokio::test]
async fn after_use_an_edit_goes_to_the_database_the_grid_shows() {
    let url = fresh_database(Engine::MySql);
    let (_, first) = crate::harness::mysql_socket_and_db(&url);
    let other = format!("{first} b'é");
    exec_ok(
        &url,
        &format!(
            "create table users (id int primary key, name text);
             insert into users values (1, 'first one');
             create database `{other}`;
             create table `{other}`.users (id int primary key, name text);
             insert into `{other}`.users values (1, 'other one')"
        ),
    );
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    // the catalog holds the connection's database only: an edit after USE is refused, and
    // never goes to the first database's users
    run(&mut wb, &mut rx, &format!("use `{other}`")).await;
    run(&mut wb, &mut rx, "select id, name from users").await;
    let refused = edit_first_name(&mut wb, &mut rx, "hijacked").await;
    assert!(
        refused.is_err(),
        "the edit after USE was staged for the wrong table"
    );
    let out = exec_ok(&url, "select name from users");
    assert!(
        out.contains("first one") && !out.contains("hijacked"),
        "{out}"
    );
    // back in the first database, the same edit goes there
    run(&mut wb, &mut rx, &format!("use `{first}`")).await;
    run(&mut wb, &mut rx, "select id, name from users").await;
    edit_first_name(&mut wb, &mut rx, "edited").await.unwrap();
    let out = exec_ok(&url, "select name from users");
    assert!(out.contains("edited"), "{out}");
    let out = exec_ok(&url, &format!("select name from `{other}`.users"));
    assert!(out.contains("other one"), "{out}");
}
