//! The unit of work against real servers, by kind of column and key: floats edited without a
//! false conflict, MySQL enum and set labels, the keys the server gives new rows, and a cycle
//! of DEFERRABLE keys. On the engines where each applies.

use retort::engine::EngineKind;
use retort::session::flush::CommitOutcome;
use retort::session::input;
use retort::session::{ChangeId, Dialect, Session, TableRef, plan};

use crate::harness::{ALL, Engine, exec_ok};
use crate::session_flush::{Fixture, run, target};

#[test]
fn floating_point_columns_are_edited_without_a_false_conflict() {
    for engine in ALL {
        let ddl = match engine {
            Engine::Postgres => {
                "create table f (id int primary key, x real, y double precision);
                 insert into f values (1, 1234567, 0.1), (2, 3.14159265, 1e-7)"
            }
            Engine::MySql => {
                "create table f (id int primary key, x float, y double);
                 insert into f values (1, 1234567, 0.1), (2, 3.14159265, 1e-7)"
            }
            Engine::Sqlite => {
                "create table f (id integer primary key, x real, y double);
                 insert into f values (1, 1234567, 0.1), (2, 3.14159265, 1e-7)"
            }
        };
        run(async {
            let fx = Fixture::new(engine, ddl).await;
            let (src, rows) = fx.rows("f").await;
            let mut s = Session::new();
            for i in 0..2 {
                for col in ["x", "y"] {
                    s.set(
                        fx.table("f"),
                        fx.engine,
                        &target(&src, &rows, i),
                        col,
                        fx.value("f", col, "2.5"),
                    )
                    .unwrap();
                }
            }
            let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
            let p = plan(&s, &lookup, fx.engine).unwrap();
            let sqls: Vec<String> = p.steps.iter().map(|st| st.rendered(fx.engine)).collect();
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{engine:?}: {outcome:?} {sqls:#?} {rows:?}"
            );
            let out = fx.text("select count(*) as n from f where x = 2.5 and y = 2.5");
            assert!(
                out.lines().nth(2).is_some_and(|l| l.trim() == "2"),
                "{engine:?}: {out}"
            );
        });
    }
}

#[test]
fn a_mysql_enum_or_set_value_is_checked_against_its_labels_when_staged() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table e (id int primary key, mood enum('ok','it''s','a\\\\b'), tags set('x','y'));
             insert into e values (1, 'ok', 'x')",
        )
        .await;
        let mood = fx
            .table("e")
            .columns
            .iter()
            .find(|c| c.name == "mood")
            .unwrap();
        assert_eq!(mood.enum_values, ["ok", "it's", "a\\b"]);
        let tags = fx
            .table("e")
            .columns
            .iter()
            .find(|c| c.name == "tags")
            .unwrap();
        for good in ["ok", "it's", "a\\b"] {
            input::parse(good, mood, fx.engine).unwrap();
        }
        let err = input::parse("OK ", mood, fx.engine).unwrap_err();
        assert!(err.contains("not one of 'ok'"), "{err}");
        for good in ["", "x", "y,x", "x,y"] {
            input::parse(good, tags, fx.engine).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        let err = input::parse("x,z", tags, fx.engine).unwrap_err();
        assert!(err.contains("\"z\""), "{err}");
        // and a staged label commits
        let (src, rows) = fx.rows("e").await;
        let mut s = Session::new();
        s.set(
            fx.table("e"),
            fx.engine,
            &target(&src, &rows, 0),
            "mood",
            fx.value("e", "mood", "it's"),
        )
        .unwrap();
        s.set(
            fx.table("e"),
            fx.engine,
            &target(&src, &rows, 0),
            "tags",
            fx.value("e", "tags", "y,x"),
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let out = fx.text("select mood, tags from e");
        assert!(out.contains("it's") && out.contains("x,y"), "{out}");
    });
}

#[test]
fn a_flush_learns_the_keys_the_server_gave_new_rows() {
    for engine in ALL {
        let ddl = match engine {
            Engine::Postgres => {
                "create table items (id int generated always as identity primary key, name text not null);
                 create table notes (id serial primary key, body text default 'x');
                 insert into items (name) values ('old')"
            }
            Engine::MySql => {
                "create table items (id int auto_increment primary key, name text not null);
                 create table notes (id int auto_increment primary key, body text);
                 insert into items (name) values ('old')"
            }
            Engine::Sqlite => {
                "create table items (id integer primary key, name text not null);
                 create table notes (id integer primary key, body text default 'x');
                 insert into items (name) values ('old')"
            }
        };
        // MySQL has no RETURNING: its plan is tried on MariaDB too, which has it
        let mysql_too = [false, true];
        let dialects = if engine == Engine::MySql {
            &mysql_too[..]
        } else {
            &mysql_too[..1]
        };
        for &as_mysql in dialects {
            run(async {
                let fx = Fixture::new(engine, ddl).await;
                let dialect = if as_mysql {
                    Dialect::from(EngineKind::MySql)
                } else {
                    Dialect::of(fx.conn.info())
                };
                if engine == Engine::MySql && !as_mysql {
                    assert!(dialect.insert_returning, "MariaDB 10.5+: {dialect:?}");
                }
                let mut s = Session::new();
                let names = ["a", "b'c", "d"];
                let ids: Vec<ChangeId> = names
                    .iter()
                    .map(|n| {
                        s.insert(
                            fx.table("items"),
                            vec![("name".into(), fx.value("items", "name", n))],
                        )
                        .unwrap()
                    })
                    .collect();
                // a row of defaults only, alone in its statement
                let note = s.insert(fx.table("notes"), vec![]).unwrap();
                let outcome = fx.commit_as(&s, dialect).await;
                let CommitOutcome::Committed(report) = outcome else {
                    panic!("{engine:?}: {outcome:?}");
                };
                if as_mysql {
                    // a one-row INSERT's key is LAST_INSERT_ID(); a multi-row INSERT's keys
                    // stay unknown, and nothing is made up
                    assert_eq!(report.generated.len(), 1, "{:?}", report.generated);
                    let (id, key) = &report.generated[0];
                    assert_eq!(*id, note);
                    assert_eq!(key.values[0].as_ref().display(), "1");
                    return;
                }
                assert_eq!(
                    report.generated.len(),
                    4,
                    "{engine:?}: {:?}",
                    report.generated
                );
                for (id, name) in ids.iter().zip(names) {
                    let (_, key) = report.generated.iter().find(|(c, _)| c == id).unwrap();
                    assert_eq!(key.columns, ["id"]);
                    let sql = format!(
                        "select name from items where id = {}",
                        key.values[0].as_ref().display()
                    );
                    let out = fx.text(&sql);
                    assert!(
                        out.lines().nth(2).is_some_and(|l| l.trim() == name),
                        "{engine:?}: {out}"
                    );
                }
                let (_, key) = report.generated.iter().find(|(c, _)| *c == note).unwrap();
                assert_eq!(key.values[0].as_ref().display(), "1", "{engine:?}");
            });
        }
    }
}

const CYCLE: &str = "create table a (id int primary key, b_id int not null);
    create table b (id int primary key, a_id int not null references a (id)
      deferrable initially immediate);
    alter table a add constraint \"a_b_fk :x\" foreign key (b_id) references b (id)
      deferrable initially immediate";

#[test]
fn a_cycle_of_deferrable_not_null_keys_is_flushed_with_its_check_deferred_to_the_flushs_end() {
    run(async {
        let fx = Fixture::new(Engine::Postgres, CYCLE).await;
        let fk = &fx.table("a").foreign_keys[0];
        assert!(fk.deferrable, "{fk:?}");
        let stage = |s: &mut Session, a_b: &str| {
            s.insert(
                fx.table("a"),
                vec![
                    ("id".into(), fx.value("a", "id", "1")),
                    ("b_id".into(), fx.value("a", "b_id", a_b)),
                ],
            )
            .unwrap();
            s.insert(
                fx.table("b"),
                vec![
                    ("id".into(), fx.value("b", "id", "1")),
                    ("a_id".into(), fx.value("b", "a_id", "1")),
                ],
            )
            .unwrap();
        };
        // a row pointing nowhere: the deferred check fails within the flush, all kept
        let mut s = Session::new();
        stage(&mut s, "5");
        let outcome = fx.commit(&s).await;
        let CommitOutcome::FlushFailed(e) = outcome else {
            panic!("{outcome:?}");
        };
        assert!(e.failure.message.contains("a_b_fk :x"), "{e:?}");
        assert!(
            fx.text("select count(*) as n from a").contains("\n 0\n")
                || fx.text("select count(*) as n from a").contains("\n0\n")
        );
        // both rows, each pointing at the other: NOT NULL keys, so only deferral can do it
        let mut s = Session::new();
        stage(&mut s, "1");
        let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
        let p = plan(&s, &lookup, fx.engine).unwrap();
        assert!(
            p.steps[0].sql.starts_with("SET CONSTRAINTS") && p.steps[0].sql.ends_with("DEFERRED")
        );
        assert!(p.steps.last().unwrap().sql.ends_with("IMMEDIATE"));
        // the written script defers the same constraints (the name's colon is no parameter)
        let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
        assert!(script.contains("DEFERRED"), "{script}");
        let copy = crate::harness::fresh_database(Engine::Postgres);
        exec_ok(&copy, CYCLE);
        crate::session_trust::run_script_on(Engine::Postgres, &script, &copy, "cycle");
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        let out =
            fx.text("select a.id, b.id as b from a join b on b.id = a.b_id and b.a_id = a.id");
        assert!(out.contains("(1 row)"), "{out}");
        for sql in ["select * from a order by id", "select * from b order by id"] {
            assert_eq!(exec_ok(&fx.url, sql), exec_ok(&copy, sql), "{sql}");
        }
    });
}
