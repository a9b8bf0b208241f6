//! The schema tree and the table detail view, in TestBackend.

use retort::app::line_input::LineEdit;
use std::time::Duration;

use retort::app::Action;

use crate::ui_support::{draw, open, select_tree_row, settle};

#[tokio::test]
async fn the_tree_filters_expands_and_follows_foreign_keys() {
    use retort::app::PaneId;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::StartFilter);
    assert_eq!(wb.model.focus, PaneId::Schema);
    for c in "post".chars() {
        wb.dispatch(Action::Edit(LineEdit::Insert(c)));
    }
    wb.dispatch(Action::Accept);
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("posts") && screen.contains("post_tags"),
        "{screen}"
    );
    assert!(
        !screen.contains("comments") && !screen.contains("users"),
        "filtered out:\n{screen}"
    );
    assert!(screen.contains("/post"), "the filter shows:\n{screen}");

    select_tree_row(&mut wb, "posts");
    wb.dispatch(Action::Activate);
    settle(&mut wb, &mut rx).await;
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("user_id  INTEGER"),
        "columns with types:\n{screen}"
    );
    assert!(
        screen.contains("foreign keys  1") && screen.contains("referenced by  2"),
        "{screen}"
    );

    select_tree_row(&mut wb, "foreign keys");
    wb.dispatch(Action::Activate);
    select_tree_row(&mut wb, "user_id");
    let fk_row = wb.model.tree.selected;
    // the column row comes first; the foreign key row is the one with a target
    let rows = wb.model.tree_rows();
    let fk = rows
        .iter()
        .enumerate()
        .skip(fk_row)
        .find(|(_, r)| r.target.is_some())
        .map(|(i, _)| i)
        .unwrap();
    wb.model.tree.selected = fk;
    wb.dispatch(Action::Activate);
    settle(&mut wb, &mut rx).await;
    assert_eq!(
        wb.model.selected_table(),
        Some(("main".to_string(), "users".to_string()))
    );
    assert!(
        wb.model.tree.filter.is_empty(),
        "the filter that hid users is cleared"
    );
    let (screen, _) = draw(&mut wb, 150, 30);
    assert!(
        screen.contains("followed the foreign key to users"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_detail_view_teaches_shows_ddl_and_the_model() {
    use retort::app::overlays::detail::DetailTab;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    select_tree_row(&mut wb, "users");
    wb.dispatch(Action::ShowDetail(DetailTab::Info));
    let (screen, _) = draw(&mut wb, 120, 40);
    for want in [
        "Table \"users\"",
        "MetaData",
        "Column",
        "PrimaryKeyConstraint (id)",
        "UniqueConstraint (username)",
        "Referenced by",
    ] {
        assert!(screen.contains(want), "missing {want}:\n{screen}");
    }
    wb.dispatch(Action::ShowDetail(DetailTab::Ddl));
    // SQLite offers its own CREATE statement: it arrives as an event
    for _ in 0..50 {
        if wb.model.detail().is_some_and(|d| d.from_server) {
            break;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(
        screen.contains("CREATE TABLE users") && screen.contains("from the server"),
        "{screen}"
    );
    wb.dispatch(Action::MoveRight);
    let (screen, _) = draw(&mut wb, 120, 40);
    assert!(screen.contains("class User(Base):"), "{screen}");
    assert!(screen.contains("posts: Mapped[List[\"Post\"]]"), "{screen}");
    wb.dispatch(Action::Dismiss);
    assert!(wb.model.detail().is_none());
}

#[tokio::test]
async fn preview_runs_a_quoted_select_of_the_table() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    select_tree_row(&mut wb, "post_tags");
    wb.dispatch(Action::PreviewTable);
    settle(&mut wb, &mut rx).await;
    let result = wb.model.result().unwrap();
    assert_eq!(result.sql, "select * from post_tags limit 100");
    assert_eq!(result.len(), 100);
}

#[tokio::test]
async fn partitions_say_whose_partition_they_are() {
    let url = crate::harness::fresh_database(crate::harness::Engine::Postgres);
    crate::harness::exec_ok(
        &url,
        "create table m (at date not null, v int) partition by range (at); \
         create table m_2025 partition of m for values from ('2025-01-01') to ('2026-01-01')",
    );
    let (mut wb, mut rx) =
        crate::ui_support::open_at(&retort::engine::DatabaseUrl::parse(&url).unwrap(), None).await;
    crate::ui_support::settle(&mut wb, &mut rx).await;
    let (screen, _) = crate::ui_support::draw(&mut wb, 160, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("m_2025"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("partition of m"), "{line}");
    // the DDL tab shows the dump's text, rendered by the server, also when reached by tab keys
    use retort::app::overlays::detail::DetailTab;
    select_tree_row(&mut wb, "m");
    wb.dispatch(Action::ShowDetail(DetailTab::Info));
    let ddl_at = DetailTab::ALL
        .iter()
        .position(|t| *t == DetailTab::Ddl)
        .unwrap();
    let info_at = DetailTab::ALL
        .iter()
        .position(|t| *t == DetailTab::Info)
        .unwrap();
    let n = DetailTab::ALL.len();
    for _ in 0..(ddl_at + n - info_at) % n {
        wb.dispatch(Action::MoveRight);
    }
    for _ in 0..50 {
        if wb.model.detail().is_some_and(|d| d.from_server) {
            break;
        }
        match tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            Ok(Some(ev)) => wb.on_event(ev),
            _ => break,
        }
    }
    let text = wb
        .model
        .detail()
        .map(|d| d.text.clone())
        .unwrap_or_default();
    assert!(
        text.contains("CREATE TABLE m (") && text.contains(") PARTITION BY RANGE (at);"),
        "{text}"
    );
}
