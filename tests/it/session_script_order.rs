//! The written script (`W`) reproduces the commit where SQLAlchemy alone would order rows
//! otherwise (issue 17 §3): rows of a table whose key refers to itself, staged child first
//! and deleted parent first, and a cycle of two tables whose keys are not deferrable, broken
//! at its nullable key as retort's flush breaks it (SQLAlchemy's post_update). Run with
//! SQLAlchemy on a copy of the database, the script's rows equal the commit's, on every engine.

use retort::session::Session;
use retort::session::flush::CommitOutcome;

use crate::harness::{ALL, Engine, exec_ok, fresh_database};
use crate::session_flush::{Fixture, run, target};
use crate::session_trust::run_script_on;

/// Commits `s` through retort on `fx`, runs its script on `copy`, and compares `tables`.
async fn same_rows(fx: &Fixture, copy: &str, s: &Session, tables: &[&str], name: &str) {
    let engine = match fx.engine {
        retort::engine::EngineKind::Postgres => Engine::Postgres,
        retort::engine::EngineKind::MySql => Engine::MySql,
        retort::engine::EngineKind::Sqlite => Engine::Sqlite,
    };
    let script = retort::session::script::python_script(s, &fx.catalog, "sqlite://");
    let outcome = fx.commit(s).await;
    assert!(
        matches!(outcome, CommitOutcome::Committed(_)),
        "{engine:?}: {outcome:?}"
    );
    run_script_on(engine, &script, copy, name);
    for table in tables {
        let sql = format!("select * from {table} order by id");
        assert_eq!(
            exec_ok(&fx.url, &sql),
            exec_ok(copy, &sql),
            "{engine:?} {table}\n{script}"
        );
    }
}

#[test]
fn the_script_sends_a_tables_own_rows_in_the_flush_plans_order() {
    const EMP: &str = "create table emp (id integer primary key, name varchar(20), \
          manager_id integer references emp (id)); \
        insert into emp values (1, 'boss', null), (2, 'mid', 1), (3, 'low', 2)";
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, EMP).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, EMP);
            let mut s = Session::new();
            // the report before its manager
            for (id, name, manager) in [("11", "report", "10"), ("10", "manager", "1")] {
                s.insert(
                    fx.table("emp"),
                    vec![
                        ("id".into(), fx.value("emp", "id", id)),
                        ("name".into(), fx.value("emp", "name", name)),
                        ("manager_id".into(), fx.value("emp", "manager_id", manager)),
                    ],
                )
                .unwrap();
            }
            // the manager deleted before the one who reports to them
            let (src, rows) = fx.rows("emp").await;
            for i in [1, 2] {
                s.delete(fx.table("emp"), &target(&src, &rows, i)).unwrap();
            }
            same_rows(&fx, &copy, &s, &["emp"], "self-ref").await;
        });
    }
}

#[test]
fn the_script_breaks_a_cycle_of_keys_as_the_flush_does() {
    for engine in ALL {
        let ddl = match engine {
            Engine::Sqlite => {
                "create table cyc_a (id integer primary key, b_id integer references cyc_b (id)); \
                 create table cyc_b (id integer primary key, \
                   a_id integer not null references cyc_a (id))"
            }
            _ => {
                "create table cyc_a (id integer primary key, b_id integer); \
                 create table cyc_b (id integer primary key, \
                   a_id integer not null references cyc_a (id)); \
                 alter table cyc_a add constraint cyc_a_b foreign key (b_id) references cyc_b (id)"
            }
        };
        run(async {
            let fx = Fixture::new(engine, ddl).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, ddl);
            let mut s = Session::new();
            s.insert(
                fx.table("cyc_b"),
                vec![
                    ("id".into(), fx.value("cyc_b", "id", "1")),
                    ("a_id".into(), fx.value("cyc_b", "a_id", "1")),
                ],
            )
            .unwrap();
            s.insert(
                fx.table("cyc_a"),
                vec![
                    ("id".into(), fx.value("cyc_a", "id", "1")),
                    ("b_id".into(), fx.value("cyc_a", "b_id", "1")),
                ],
            )
            .unwrap();
            same_rows(&fx, &copy, &s, &["cyc_a", "cyc_b"], "cycle").await;
        });
    }
}
