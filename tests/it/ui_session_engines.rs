//! The workbench's Session on PostgreSQL and MariaDB (TestBackend).

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};

use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::select_tree_row;

#[tokio::test]
async fn the_workbench_stages_and_commits_on_postgresql_and_mariadb() {
    use crate::harness::{Engine, exec_ok, fresh_database};
    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table authors (id integer primary key, name varchar(40) not null);
             create table books (id integer primary key, author_id integer not null,
               title varchar(100) not null, price numeric(8,2),
               foreign key (author_id) references authors (id));
             insert into authors values (1, 'Le Guin'), (2, 'Lem');
             insert into books values (1, 1, 'The Dispossessed', 9.99), (2, 2, 'Solaris', 12.50);",
        );
        let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
        run(
            &mut wb,
            &mut rx,
            "select id, title, price from books order by id",
        )
        .await;
        stage_books_journey(&mut wb, &mut rx).await;
        ctrl(&mut wb, 's');
        settle_session(&mut wb, &mut rx).await;
        assert!(
            wb.model.session.unit.is_empty(),
            "{engine:?}: {:?}",
            wb.model.notice
        );
        let out = exec_ok(
            &url,
            "select id, author_id, title, price from books order by id",
        );
        assert!(
            out.contains("10.05") && !out.contains("Solaris"),
            "{engine:?}: {out}"
        );
        assert!(out.contains("The Cyberiad"), "{engine:?}: {out}");
        let author = exec_ok(
            &url,
            "select a.name from books b join authors a on a.id = b.author_id where b.id = 3",
        );
        assert!(
            author.contains("Lem"),
            "{engine:?}: the picked author: {author}"
        );
    }
}

/// The journey the engines' and the hostile search_path's tests stage on `books`: book 1's
/// price edited, book 2 deleted, book 3 inserted by picking its author (Lem) in the form.
pub(crate) async fn stage_books_journey(
    wb: &mut retort::ui::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
) {
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Right);
    key(wb, KeyCode::Char('e'));
    assert!(
        matches!(wb.model.overlay, Overlay::CellEditor(_)),
        "{:?}",
        wb.model.notice
    );
    for _ in 0..10 {
        key(wb, KeyCode::Backspace);
    }
    typed(wb, "10.05");
    key(wb, KeyCode::Enter);
    key(wb, KeyCode::Down);
    key(wb, KeyCode::Char('d'));
    // a book by picking its author in the form
    wb.dispatch(Action::Focus(PaneId::Schema));
    select_tree_row(wb, "books");
    key(wb, KeyCode::Char('a'));
    typed(wb, "3");
    key(wb, KeyCode::Tab);
    ctrl(wb, 'p');
    crate::ui_support::until_picker_loaded(wb, rx).await;
    typed(wb, "lem");
    key(wb, KeyCode::Enter);
    key(wb, KeyCode::Tab);
    typed(wb, "The Cyberiad");
    key(wb, KeyCode::Enter);
    assert_eq!(wb.model.overlay, Overlay::None, "{:?}", wb.model.notice);
    assert_eq!(wb.model.session.unit.changes().len(), 3);
}
