//! The question before a destructive statement cannot be dodged: on MariaDB an executable
//! comment (`/*!99999 … */`, `/*M!999999 … */`), which the server skips when its version is
//! above the server's own, makes F5 ask, and nothing is deleted before the yes (TestBackend).

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use retort::app::Action;
use retort::ui::Workbench;

use crate::harness::{Engine, exec_ok, fresh_database};
use crate::ui_support::{draw, settle};

fn f5(wb: &mut Workbench) {
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::F(5),
        KeyModifiers::NONE,
    )));
}

fn rows(url: &str) -> String {
    exec_ok(
        url,
        "select count(*) as n, coalesce(sum(a), 0) as s from t2",
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_executable_comment_cannot_hide_a_missing_where_on_mariadb() {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table t2 (id int primary key, a int); \
         insert into t2 values (1, 1), (2, 1), (3, 1), (4, 1), (5, 1)",
    );
    let before = rows(&url);
    assert!(before.contains(" 5 | 5"), "{before}");
    let (mut wb, mut rx) = crate::ui_support::open_url(&url).await;
    for sql in [
        "delete from t2 /*!99999 where id = 5 */",
        "delete from t2 /*M!999999 where id = 5 */",
        "update t2 set a = 0 /*!99999 where id = 5 */",
        "/*!99999 select 1 from */ t2; drop table t2",
    ] {
        wb.editor = TextArea::from([sql]);
        f5(&mut wb);
        assert!(wb.model.confirm().is_some(), "{sql}: F5 did not ask");
        let (screen, _) = draw(&mut wb, 100, 30);
        assert!(screen.contains("executable comment"), "{sql}: {screen}");
        settle(&mut wb, &mut rx).await;
        assert_eq!(rows(&url), before, "{sql}: ran before the answer");
        wb.dispatch(Action::Confirm(false));
        settle(&mut wb, &mut rx).await;
        assert_eq!(rows(&url), before, "{sql}: ran after a no");
    }
    // the yes sends it as written, and the server skips the comment: every row goes
    wb.editor = TextArea::from(["delete from t2 /*!99999 where id = 5 */"]);
    f5(&mut wb);
    wb.dispatch(Action::Confirm(true));
    settle(&mut wb, &mut rx).await;
    let after = rows(&url);
    assert!(after.contains(" 0 | 0"), "{after}");
}
