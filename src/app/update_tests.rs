//! `update` as a pure function: an action in, the model and the commands out, one journey a
//! row. Fast, no terminal, no database (issue 18 §2); the TestBackend and tmux tests drive the
//! same journeys through the screen.

use super::line_input::LineEdit;
use super::model::{Model, Overlay, PaneId, TxState};
use super::msg::{Action, Command};
use super::update;
use crate::engine::EngineKind;
use crate::engine::connection::ServerInfo;

pub(super) fn model() -> Model {
    Model::new(ServerInfo {
        engine: EngineKind::Sqlite,
        version: "3.51".into(),
        database: "main".into(),
        user: String::new(),
        schema: Some("main".into()),
        location: "test.db".into(),
        server_read_only: false,
        read_only_session: false,
        identity: "test.db".into(),
        options: Vec::new(),
    })
}

/// What an action must leave: a command of this kind (or none), and something of the model.
struct Case {
    name: &'static str,
    setup: fn(&mut Model),
    action: fn() -> Action,
    commands: fn(&[Command]) -> bool,
    model: fn(&Model) -> bool,
}

fn none(c: &[Command]) -> bool {
    c.is_empty()
}

fn notice(m: &Model, text: &str) -> bool {
    m.notice.as_deref().is_some_and(|n| n.contains(text))
}

fn asks(m: &Model) -> bool {
    matches!(m.overlay, Overlay::Confirm(_))
}

const CASES: &[Case] = &[
    Case {
        name: "quitting with nothing open quits",
        setup: |_| {},
        action: || Action::Quit,
        commands: none,
        model: |m| m.quit,
    },
    Case {
        name: "quitting with a transaction open asks first",
        setup: |m| m.transaction = TxState::Open,
        action: || Action::Quit,
        commands: none,
        model: |m| !m.quit && asks(m),
    },
    Case {
        name: "running an empty editor says so",
        setup: |_| {},
        action: || Action::RunStatement("  \n ".into()),
        commands: none,
        model: |m| notice(m, "Nothing to run") && !m.is_running(),
    },
    Case {
        name: "running a statement sends it and shows it running",
        setup: |_| {},
        action: || Action::RunStatement("select 1".into()),
        commands: |c| matches!(c, [Command::Execute { .. }]),
        model: |m| m.is_running(),
    },
    Case {
        name: "a DELETE without WHERE asks before it is sent",
        setup: |_| {},
        action: || Action::RunStatement("delete from t".into()),
        commands: none,
        model: |m| asks(m) && !m.is_running(),
    },
    Case {
        name: "committing with nothing staged and nothing open sends nothing",
        setup: |_| {},
        action: || Action::Commit,
        commands: none,
        model: |m| notice(m, "nothing to commit"),
    },
    Case {
        name: "a read-only session never commits",
        setup: |m| {
            m.info.read_only_session = true;
            m.transaction = TxState::Open;
        },
        action: || Action::Commit,
        commands: none,
        model: |m| notice(m, "--read-only"),
    },
    Case {
        name: "flushing before the schema is read sends nothing and says why",
        setup: |_| {},
        action: || Action::Flush,
        commands: none,
        model: |m| notice(m, "the schema is still loading"),
    },
    Case {
        name: "Ctrl-C with nothing running says how to quit and quits nothing",
        setup: |_| {},
        action: || Action::Interrupt,
        commands: none,
        model: |m| !m.quit && notice(m, "Ctrl-Q quits"),
    },
    Case {
        name: "Ctrl-C cancels the running statement on the server",
        setup: |m| {
            let _ = update(m, Action::RunStatement("select 1".into()));
        },
        action: || Action::Interrupt,
        commands: |c| matches!(c, [Command::Cancel]),
        model: |m| notice(m, "Cancelling"),
    },
    Case {
        name: "Tab moves to the next pane",
        setup: |_| {},
        action: || Action::FocusNext,
        commands: none,
        model: |m| m.focus == PaneId::Editor.next(),
    },
];

#[test]
fn each_action_leaves_the_model_and_the_commands_it_should() {
    for case in CASES {
        let mut m = model();
        (case.setup)(&mut m);
        let commands = update(&mut m, (case.action)());
        assert!(
            (case.commands)(&commands),
            "{}: commands {commands:?}",
            case.name
        );
        assert!(
            (case.model)(&m),
            "{}: notice {:?}, overlay {:?}, focus {:?}",
            case.name,
            m.notice,
            std::mem::discriminant(&m.overlay),
            m.focus
        );
    }
}

#[test]
fn a_statement_while_another_runs_waits_for_esc() {
    let mut m = model();
    let first = update(&mut m, Action::RunStatement("select 1".into()));
    assert_eq!(first.len(), 1);
    let second = update(&mut m, Action::RunStatement("select 2".into()));
    assert!(second.is_empty(), "{second:?}");
    assert!(notice(&m, "still running"), "{:?}", m.notice);
}

#[test]
fn the_picker_says_when_the_servers_databases_could_not_be_listed() {
    let mut m = model();
    update(&mut m, Action::OpenPicker(Vec::new()));
    assert!(matches!(m.overlay, Overlay::Picker(_)));
    super::apply::apply(
        &mut m,
        super::msg::Event::DatabasesListed(Err(crate::engine::EngineError::Other(
            "permission denied".into(),
        ))),
    );
    assert!(
        notice(&m, "could not be listed: permission denied"),
        "{:?}",
        m.notice
    );
}

/// A catalog of `n` tables in schema main, loaded.
fn with_tables(m: &mut Model, n: usize) {
    let relations = (0..n)
        .map(|i| crate::meta::Relation {
            schema: "main".into(),
            name: format!("t{i}"),
            kind: crate::meta::RelationKind::Table,
            row_estimate: None,
            comment: None,
            partition_of: None,
            storage: None,
        })
        .collect();
    super::apply::apply(
        m,
        super::msg::Event::CatalogLoaded {
            generation: m.catalog_generation,
            result: Ok((vec!["main".into()], relations)),
        },
    );
}

#[test]
fn the_tree_rows_are_made_once_per_change_not_per_frame() {
    let mut m = model();
    with_tables(&mut m, 3);
    let first = m.tree_rows();
    // asked again (a frame, a key): the same rows, not made again
    assert!(std::sync::Arc::ptr_eq(&first, &m.tree_rows()));
    assert_eq!(first.len(), 5, "root, schema, three tables");
    // a filter, a node closed, a refresh: made again, as they now are
    update(&mut m, Action::StartFilter);
    update(&mut m, Action::Edit(LineEdit::Insert('2')));
    let filtered = m.tree_rows();
    assert!(!std::sync::Arc::ptr_eq(&first, &filtered));
    assert_eq!(filtered.len(), 3, "root, schema, t2");
    update(&mut m, Action::Dismiss);
    assert_eq!(m.tree_rows().len(), 5);
    m.tree.selected = 1;
    super::schema::actions::collapse(&mut m);
    assert_eq!(m.tree_rows().len(), 2, "the schema closed");
    update(&mut m, Action::RefreshCatalog);
    assert_eq!(m.tree_rows().len(), 0, "loading");
}

/// `update` reads the time it is given (the loop sets `model.now`), never a clock: a run
/// started and a cancel asked at a moment a test chooses.
#[test]
fn update_takes_the_time_it_is_given() {
    use super::model::RunState;
    let mut m = model();
    let at = m.now + std::time::Duration::from_secs(3600);
    m.now = at;
    update(&mut m, Action::RunStatement("select 1".into()));
    assert!(matches!(m.run, RunState::Running { started, .. } if started == at));
    m.now = at + std::time::Duration::from_secs(5);
    update(&mut m, Action::Cancel);
    assert!(matches!(
        m.run,
        RunState::Running { cancel_requested: Some(t), .. } if t == at + std::time::Duration::from_secs(5)
    ));
}
