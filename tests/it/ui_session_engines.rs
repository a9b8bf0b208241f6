//! The workbench's Session on PostgreSQL and MariaDB (TestBackend).

use crossterm::event::KeyCode;
use retort::app::model::Overlay;
use retort::app::{Action, PaneId};

use crate::ui_session::{ctrl, key, run, settle_session, typed};
use crate::ui_support::{open_at, select_tree_row, settle};

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
        let parsed = retort::engine::DatabaseUrl::parse(&url).unwrap();
        let (mut wb, mut rx) = open_at(&parsed, None).await;
        settle(&mut wb, &mut rx).await;
        run(
            &mut wb,
            &mut rx,
            "select id, title, price from books order by id",
        )
        .await;
        wb.dispatch(Action::Focus(PaneId::Results));
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Char('e'));
        assert!(
            matches!(wb.model.overlay, Overlay::CellEditor(_)),
            "{engine:?}: {:?}",
            wb.model.notice
        );
        for _ in 0..10 {
            key(&mut wb, KeyCode::Backspace);
        }
        typed(&mut wb, "10.05");
        key(&mut wb, KeyCode::Enter);
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Char('d'));
        // a book by picking its author in the form
        wb.dispatch(Action::Focus(PaneId::Schema));
        select_tree_row(&mut wb, "books");
        key(&mut wb, KeyCode::Char('a'));
        typed(&mut wb, "3");
        key(&mut wb, KeyCode::Tab);
        ctrl(&mut wb, 'p');
        crate::ui_support::until_picker_loaded(&mut wb, &mut rx).await;
        typed(&mut wb, "lem");
        key(&mut wb, KeyCode::Enter);
        key(&mut wb, KeyCode::Tab);
        typed(&mut wb, "The Cyberiad");
        key(&mut wb, KeyCode::Enter);
        assert_eq!(
            wb.model.overlay,
            Overlay::None,
            "{engine:?}: {:?}",
            wb.model.notice
        );
        assert_eq!(wb.model.session.unit.changes().len(), 3);
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
