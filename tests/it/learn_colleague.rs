//! Lesson 10's colleague, attacked: the rename goes to exactly the row the learner staged, in
//! the table shown (another schema, a key not named id), never to others (a compound key:
//! nothing); when it cannot happen the course says so and does not report a stale commit.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};
use retort::ui::Workbench;

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::{open_at, settle, until};

/// Lesson 10 open, the first row of `select` edited (its second column), the colleague's
/// answer awaited: what the course says of it.
async fn stage_and_wait(
    wb: &mut Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
    select: &str,
) -> Option<String> {
    wb.model.course.progress = retort::app::course::Progress {
        lesson: 9,
        ..Default::default()
    };
    key(wb, KeyCode::F(8));
    run(wb, rx, select).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Char('e'));
    typed(wb, " mine");
    key(wb, KeyCode::Enter);
    if wb.model.course.progress.step == 0 {
        return None;
    }
    crate::learn_lessons::predict(wb, false);
    let said = |wb: &Workbench| (wb.model.course.elsewhere.clone()).filter(|s| !s.ends_with('…'));
    until(wb, rx, |wb| said(wb).is_some()).await;
    said(wb)
}

#[tokio::test]
async fn the_colleague_renames_the_row_of_the_table_shown_not_one_of_another_schema() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create schema other; \
         create table public.tags (id int primary key, name text); \
         create table other.tags (id int primary key, name text); \
         insert into public.tags values (1, 'pub1'), (2, 'pub2'); \
         insert into other.tags values (1, 'oth1'), (2, 'oth2')",
    );
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    let said = stage_and_wait(
        &mut wb,
        &mut rx,
        "select id, name from other.tags order by id",
    )
    .await;
    assert_eq!(
        said.as_deref(),
        Some("Another connection renamed the row, and committed.")
    );
    let names = exec_ok(
        &url,
        "select string_agg(name, ',' order by name) from (select name from public.tags union all select name from other.tags) t",
    );
    assert!(names.contains("oth1 (renamed by a colleague)"), "{names}");
    assert!(
        names.contains("pub1,pub2"),
        "public.tags untouched: {names}"
    );
    // the learner's commit is refused as stale, and the course says so
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let happened = wb.model.course.happened.unwrap_or_default();
    assert!(happened.contains("matched no row"), "{happened}");
}

#[tokio::test]
async fn a_key_not_named_id_is_the_key_and_a_compound_key_changes_nothing() {
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table tags (pk int primary key, id int, name varchar(80)); \
             insert into tags values (1, 5, 'a'), (2, 5, 'b'), (3, 1, 'c')",
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        let said = stage_and_wait(&mut wb, &mut rx, "select pk, name from tags order by pk").await;
        assert_eq!(
            said.as_deref(),
            Some("Another connection renamed the row, and committed."),
            "{engine:?}"
        );
        let names = exec_ok(&url, "select name from tags order by pk");
        assert!(
            names.contains("a (renamed by a colleague)"),
            "{engine:?}: {names}"
        );
        assert_eq!(
            names.matches("renamed").count(),
            1,
            "{engine:?}: one row: {names}"
        );
        // a compound key: the course does not guess a row
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table tags (id int, lang varchar(2), name varchar(80), primary key (id, lang)); \
             insert into tags values (3, 'en', 'three'), (3, 'fr', 'trois')",
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        let said = stage_and_wait(
            &mut wb,
            &mut rx,
            "select id, name, lang from tags order by lang",
        )
        .await;
        assert_eq!(
            said, None,
            "{engine:?}: not a row the course can name alone"
        );
        settle(&mut wb, &mut rx).await;
        let names = exec_ok(&url, "select name from tags order by lang");
        assert!(!names.contains("renamed"), "{engine:?}: {names}");
    }
}

#[tokio::test]
async fn when_the_colleague_cannot_change_the_row_the_commit_is_not_called_stale() {
    let url = crate::ui_support::demo_url();
    let (mut wb, mut rx) = open_at(&url, None).await;
    settle(&mut wb, &mut rx).await;
    // the learner's own open transaction holds the file: the colleague waits, then gives up
    run(&mut wb, &mut rx, "begin").await;
    run(
        &mut wb,
        &mut rx,
        "update tags set name = 'held' where id = 4",
    )
    .await;
    let said = stage_and_wait(&mut wb, &mut rx, "select id, name from tags order by id").await;
    let said = said.unwrap_or_default();
    assert!(
        said.contains("could not change it") && said.contains("F9"),
        "{said}"
    );
    ctrl(&mut wb, 's');
    settle_session(&mut wb, &mut rx).await;
    let happened = wb.model.course.happened.unwrap_or_default();
    assert!(
        happened.starts_with("Your commit went through"),
        "{happened}"
    );
}
