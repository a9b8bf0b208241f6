//! The Engine view (issue 19 §1, a first part): in the echo pane, `e` shows the Engine as
//! SQLAlchemy names it, on the demo and on a server, the password never shown.

use crossterm::event::KeyCode;
use retort::app::{Action, PaneId};

use crate::harness::{Engine, fresh_database};
use crate::ui_session::{key, run as run_sql};
use crate::ui_support::{draw, open, open_at, settle};

#[tokio::test]
async fn e_in_the_echo_pane_shows_the_engine_as_sqlalchemy_names_it() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Echo));
    key(&mut wb, KeyCode::Char('e'));
    let (screen, _) = draw(&mut wb, 200, 60);
    assert!(screen.contains("url = make_url(\"sqlite:///"), "{screen}");
    assert!(
        screen.contains("engine.dialect.name = 'sqlite'"),
        "{screen}"
    );
    assert!(screen.contains("create_engine("), "{screen}");
    assert!(screen.contains("idle: no transaction open"), "{screen}");
    // back to the log
    key(&mut wb, KeyCode::Char('e'));
    let (screen, _) = draw(&mut wb, 200, 60);
    assert!(!screen.contains("make_url"), "{screen}");

    for engine in [Engine::Postgres, Engine::MySql] {
        let url = fresh_database(engine);
        let parsed = retort::engine::DatabaseUrl::parse(&url).unwrap();
        let (mut wb, mut rx) = open_at(&parsed, None).await;
        settle(&mut wb, &mut rx).await;
        run_sql(&mut wb, &mut rx, "begin").await;
        wb.dispatch(Action::Focus(PaneId::Echo));
        key(&mut wb, KeyCode::Char('e'));
        let (screen, _) = draw(&mut wb, 220, 60);
        let (scheme, name) = match engine {
            Engine::Postgres => ("postgresql+psycopg://", "'postgresql'"),
            _ => ("mysql+pymysql://", "'mysql'"),
        };
        assert!(screen.contains(scheme), "{engine:?}: {screen}");
        assert!(
            screen.contains(&format!("engine.dialect.name = {name}")),
            "{engine:?}: {screen}"
        );
        assert!(
            screen.contains("url.password = '***'"),
            "{engine:?}: {screen}"
        );
        let raw = url::Url::parse(&url).unwrap();
        if let Some(pass) = raw.password().filter(|p| p.len() > 3) {
            assert!(!screen.contains(pass), "{engine:?}: the password is shown");
        }
        assert!(screen.contains("in a transaction"), "{engine:?}: {screen}");
    }
}
