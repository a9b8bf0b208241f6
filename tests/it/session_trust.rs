//! The Session where trust is at stake, against real servers: the written script agrees with
//! retort's commit, --read-only sends nothing, a dropped connection is never reported as a
//! commit, hostile names stay names, and Chinook's real schema (composite keys, mixed case).

use retort::engine::Connection;
use retort::query::source;
use retort::session::flush::{self, CommitOutcome};
use retort::session::input;
use retort::session::{Cell, Session, TableRef, plan};

use crate::harness::{ALL, Engine, connect, exec_ok, fresh_database};
use crate::session_flush::{BLOG, Fixture, add_user, read, run, target};

/// Runs a written session script with SQLAlchemy against the database `copy`.
pub(crate) fn run_script_on(engine: Engine, script: &str, copy: &str, name: &str) {
    let dir = crate::harness::scratch_dir().join(format!("{name}-{engine:?}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("session.py");
    std::fs::write(&path, script).unwrap();
    let out = std::process::Command::new("python3")
        .arg(&path)
        .arg(crate::metadata::sqlalchemy_url(engine, copy))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{engine:?}: the script failed:\n{}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_written_script_run_with_sqlalchemy_on_a_copy_gives_the_same_rows() {
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, BLOG).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, BLOG);
            let mut s = Session::new();
            s.insert(
                fx.table("users"),
                vec![
                    ("id".into(), fx.value("users", "id", "3")),
                    (
                        "username".into(),
                        fx.value("users", "username", "carol \"the\" 'hostile'\n"),
                    ),
                ],
            )
            .unwrap();
            s.insert(
                fx.table("posts"),
                vec![
                    ("id".into(), fx.value("posts", "id", "3")),
                    ("user_id".into(), fx.value("posts", "user_id", "3")),
                    ("title".into(), fx.value("posts", "title", "Carol's\\post")),
                ],
            )
            .unwrap();
            let (src, posts) = fx.rows("posts").await;
            let title = fx.value("posts", "title", "Second, edited");
            s.set(
                fx.table("posts"),
                fx.engine,
                &target(&src, &posts, 1),
                "title",
                title,
            )
            .unwrap();
            let (src, comments) = fx.rows("comments").await;
            s.delete(fx.table("comments"), &target(&src, &comments, 0))
                .unwrap();
            let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{outcome:?}"
            );
            run_script_on(engine, &script, &copy, "script");
            for table in ["users", "posts", "comments"] {
                let sql = format!("select * from {table} order by id");
                assert_eq!(
                    exec_ok(&fx.url, &sql),
                    exec_ok(&copy, &sql),
                    "{engine:?} {table}"
                );
            }
        });
    }
}

#[test]
fn read_only_sends_none_of_the_sessions_changes() {
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, BLOG).await;
            let url = retort::engine::DatabaseUrl::parse(&fx.url).unwrap();
            let opts = retort::engine::ConnectOptions {
                read_only: true,
                ..Default::default()
            };
            let ro = Connection::connect(&url, &opts, retort::engine::EchoLog::new())
                .await
                .unwrap();
            let mut s = Session::new();
            add_user(&fx, &mut s, "9", "sneaky");
            let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
            let p = plan(&s, &lookup, fx.engine).unwrap();
            let outcome = flush::commit(&ro, &p).await;
            let CommitOutcome::FlushFailed(e) = outcome else {
                panic!("{engine:?}: {outcome:?}")
            };
            assert!(e.failure.message.contains("--read-only"), "{e:?}");
            assert!(
                fx.text("select count(*) from users where id = 9")
                    .contains('0')
            );
            assert!(
                ro.echo().tail(50).iter().all(|e| !e.sql.contains("INSERT")),
                "the INSERT was never sent"
            );
        });
    }
}

#[test]
fn a_connection_lost_before_commit_is_reported_as_rolled_back_and_nothing_is_lost() {
    for engine in [Engine::Postgres, Engine::MySql] {
        run(async {
            let fx = Fixture::new(engine, BLOG).await;
            let mut s = Session::new();
            add_user(&fx, &mut s, "7", "gone");
            let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
            let p = plan(&s, &lookup, fx.engine).unwrap();
            let report = flush::flush(&fx.conn, &p).await.unwrap();
            s.mark_flushed(&report.flushed);
            // the server drops the session connection with the flushed transaction open
            let id_sql = match engine {
                Engine::Postgres => "select pg_backend_pid()",
                _ => "select connection_id()",
            };
            let (_, rows) = read(&fx.conn, id_sql).await;
            let id = rows[0][0].as_ref().display();
            let kill = match engine {
                Engine::Postgres => format!("select pg_terminate_backend({id})"),
                _ => format!("kill connection {id}"),
            };
            exec_ok(&fx.url, &kill);
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let outcome = flush::commit(&fx.conn, &plan(&s, &lookup, fx.engine).unwrap()).await;
            match &outcome {
                CommitOutcome::RolledBack(why) | CommitOutcome::Unknown(why) => {
                    assert!(!why.contains("committed 1"), "{why}")
                }
                other => panic!("{engine:?}: never reported as committed: {other:?}"),
            }
            if engine == Engine::Postgres {
                // PostgreSQL is asked, and says
                assert!(
                    matches!(&outcome, CommitOutcome::RolledBack(w) if w.contains("nothing of it was committed") || w.contains("was rolled back")),
                    "{outcome:?}"
                );
            }
            assert!(
                fx.text("select count(*) from users where id = 7")
                    .contains('0')
            );
        });
    }
}

#[test]
fn hostile_table_and_column_names_stay_names() {
    for engine in ALL {
        let (q, name, col) = match engine {
            Engine::MySql => ('`', "t`; drop table keep; --", "c?o`l"),
            _ => ('"', "t\"; drop table keep; --", "c?o\"l $1"),
        };
        let quote = |s: &str| {
            let doubled = s.replace(q, &format!("{q}{q}"));
            format!("{q}{doubled}{q}")
        };
        let ddl = format!(
            "create table keep (id integer primary key);
             create table {} (id integer primary key, {} varchar(20));
             insert into {} values (1, 'a'), (2, 'b');",
            quote(name),
            quote(col),
            quote(name)
        );
        run(async {
            let fx = Fixture::new(engine, &ddl).await;
            let table = fx.table(name).clone();
            let sql = format!("select * from {} order by 1", quote(name));
            let (cols, rows) = read(&fx.conn, &sql).await;
            let src = source::resolve(&cols, &table, fx.engine).unwrap();
            let mut s = Session::new();
            let info = table.columns.iter().find(|c| c.name == col).unwrap();
            let v = Cell::Value(input::parse("x'); --", info, fx.engine).unwrap());
            s.set(&table, fx.engine, &target(&src, &rows, 0), col, v)
                .unwrap();
            s.delete(&table, &target(&src, &rows, 1)).unwrap();
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{engine:?}: {outcome:?}"
            );
            let (_, after) = read(&fx.conn, &sql).await;
            assert_eq!(after.len(), 1, "{engine:?}");
            assert_eq!(after[0][1].as_ref().display(), "x'); --");
            let (_, keep) = read(&fx.conn, "select count(*) from keep").await;
            assert_eq!(keep.len(), 1, "{engine:?}: keep is still there");
        });
    }
}

#[test]
fn chinook_a_composite_key_mixed_case_names_and_a_commit() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/chinook");
    for (engine, file) in [
        (Engine::Sqlite, "Chinook_Sqlite.sql"),
        (Engine::MySql, "Chinook_MySql.sql"),
    ] {
        let url = fresh_database(engine);
        let script = std::fs::read_to_string(fixtures.join(file)).unwrap();
        let path = crate::harness::scratch_dir().join(format!("{engine:?}-chinook-session.sql"));
        std::fs::write(&path, crate::engines::strip_database_switching(&script)).unwrap();
        let (code, _, err) = crate::harness::retort(&[&url, "-f", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{engine:?} loading Chinook: {err}");
        run(async {
            let conn = connect(&url).await;
            let catalog = retort::meta::reflect(&conn).await.unwrap();
            let fx = Fixture {
                engine: conn.info().engine,
                conn,
                catalog,
                url: url.clone(),
            };
            let before = fx.text("select count(*) from PlaylistTrack");
            let (src, rows) = fx.rows("PlaylistTrack").await;
            assert_eq!(src.key_names(), ["PlaylistId", "TrackId"], "{engine:?}");
            let mut s = Session::new();
            s.delete(fx.table("PlaylistTrack"), &target(&src, &rows, 0))
                .unwrap();
            let (src, tracks) = fx.rows("Track").await;
            let name = fx.value("Track", "Name", "For Those About To Rock (Remastered)");
            s.set(
                fx.table("Track"),
                fx.engine,
                &target(&src, &tracks, 0),
                "Name",
                name,
            )
            .unwrap();
            s.insert(
                fx.table("Genre"),
                vec![
                    ("GenreId".into(), fx.value("Genre", "GenreId", "26")),
                    ("Name".into(), fx.value("Genre", "Name", "Chiptune")),
                ],
            )
            .unwrap();
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{engine:?}: {outcome:?}"
            );
            let after = fx.text("select count(*) from PlaylistTrack");
            assert_ne!(before, after, "{engine:?}: one row fewer");
            assert!(
                fx.text("select Name from Track where TrackId = 1")
                    .contains("(Remastered)")
            );
            assert!(
                fx.text("select Name from Genre where GenreId = 26")
                    .contains("Chiptune")
            );
        });
    }
}

#[test]
fn a_domain_column_is_checked_and_scripted_by_its_base_type() {
    run(async {
        let fx = Fixture::new(
            Engine::Postgres,
            "create domain money2 as numeric(8,2) check (value >= 0); \
             create type mood as enum ('sad', 'happy'); \
             create table t (id int primary key, m money2, f mood)",
        )
        .await;
        // a value is checked against the domain's base type when staged
        let m = fx
            .table("t")
            .columns
            .iter()
            .find(|c| c.name == "m")
            .unwrap();
        assert_eq!(m.base_type.as_deref(), Some("numeric(8,2)"));
        let refused = input::parse("abc", m, fx.engine).unwrap_err();
        assert!(refused.contains("money2"), "{refused}");
        // and an enum's, against its labels
        let f = fx
            .table("t")
            .columns
            .iter()
            .find(|c| c.name == "f")
            .unwrap();
        let refused = input::parse("Happy", f, fx.engine).unwrap_err();
        assert!(refused.contains("not one of 'sad', 'happy'"), "{refused}");
        let mut s = Session::new();
        s.insert(
            fx.table("t"),
            vec![
                ("id".into(), fx.value("t", "id", "1")),
                ("m".into(), fx.value("t", "m", "4.50")),
                ("f".into(), fx.value("t", "f", "happy")),
            ],
        )
        .unwrap();
        let script = retort::session::script::python_script(&s, &fx.catalog, "postgresql://x");
        assert!(
            script.contains("decimal.Decimal(\"4.50\")")
                || script.contains("decimal.Decimal('4.50')"),
            "{script}"
        );
        assert!(
            script.contains("\"happy\"") || script.contains("'happy'"),
            "{script}"
        );
    });
}

#[test]
fn changes_of_a_table_without_a_primary_key_are_scripted_as_core_statements() {
    for engine in ALL {
        // a unique key of NOT NULL columns on PostgreSQL and MariaDB; SQLite's rowid
        let ddl = match engine {
            Engine::Sqlite => {
                "create table tags (name text, note text);
                 insert into tags values ('a', 'x'), ('b', 'y'), ('c', 'z')"
            }
            _ => {
                "create table tags (name varchar(20) not null unique, note varchar(20));
                 insert into tags values ('a', 'x'), ('b', 'y'), ('c', 'z')"
            }
        };
        run(async {
            let fx = Fixture::new(engine, ddl).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, ddl);
            let sql = match engine {
                Engine::Sqlite => "select rowid, * from tags order by 1",
                _ => "select * from tags order by 1",
            };
            let (cols, rows) = read(&fx.conn, sql).await;
            let src = source::resolve(&cols, fx.table("tags"), fx.engine).unwrap();
            let mut s = Session::new();
            s.set(
                fx.table("tags"),
                fx.engine,
                &target(&src, &rows, 0),
                "note",
                fx.value("tags", "note", "it's \"new\""),
            )
            .unwrap();
            s.delete(fx.table("tags"), &target(&src, &rows, 1)).unwrap();
            s.insert(
                fx.table("tags"),
                vec![
                    ("name".into(), fx.value("tags", "name", "d")),
                    ("note".into(), Cell::Value(retort::engine::Value::Null)),
                ],
            )
            .unwrap();
            let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
            assert!(script.contains("sa.update(tags_table)"), "{script}");
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{outcome:?}"
            );
            run_script_on(engine, &script, &copy, "keyless");
            let all = "select name, note from tags order by name";
            assert_eq!(exec_ok(&fx.url, all), exec_ok(&copy, all), "{engine:?}");
        });
    }
}

/// Deleting a parent whose children go by ON DELETE CASCADE: the script lets the database
/// delete them (passive_deletes) as retort's commit does, on every engine.
#[test]
fn the_script_lets_the_database_cascade_a_parents_delete() {
    const TREE: &str = "create table parent (id integer primary key, name varchar(20)); \
        create table child (id integer primary key, parent_id integer not null \
          references parent (id) on delete cascade, note varchar(20)); \
        insert into parent values (1, 'p1'), (2, 'p2'); \
        insert into child values (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c')";
    for engine in ALL {
        run(async {
            let fx = Fixture::new(engine, TREE).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, TREE);
            let mut s = Session::new();
            let (src, parents) = fx.rows("parent").await;
            s.delete(fx.table("parent"), &target(&src, &parents, 0))
                .unwrap();
            let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
            assert!(script.contains("passive_deletes=True"), "{script}");
            let outcome = fx.commit(&s).await;
            assert!(
                matches!(outcome, CommitOutcome::Committed(_)),
                "{outcome:?}"
            );
            run_script_on(engine, &script, &copy, "cascade");
            for table in ["parent", "child"] {
                let sql = format!("select * from {table} order by id");
                assert_eq!(
                    exec_ok(&fx.url, &sql),
                    exec_ok(&copy, &sql),
                    "{engine:?} {table}"
                );
            }
        });
    }
}

/// PostgreSQL arrays in the written script are Python lists: an int[] and a text[] with a
/// space, a quote and a NULL give the same rows through SQLAlchemy as retort's commit.
#[test]
fn the_script_writes_postgres_arrays_as_python_lists() {
    const ARRAYS: &str = "create table arr (id integer primary key, nums integer[], words text[]); \
        insert into arr values (1, '{1,2}', '{a}')";
    run(async {
        let fx = Fixture::new(Engine::Postgres, ARRAYS).await;
        let copy = fresh_database(Engine::Postgres);
        exec_ok(&copy, ARRAYS);
        let mut s = Session::new();
        let (src, rows) = fx.rows("arr").await;
        for (col, text) in [("nums", "{7,8}"), ("words", "{\"p q\",NULL,\"a\\\"b\"}")] {
            s.set(
                fx.table("arr"),
                fx.engine,
                &target(&src, &rows, 0),
                col,
                fx.value("arr", col, text),
            )
            .unwrap();
        }
        let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
        assert!(script.contains("[7, 8]"), "{script}");
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::Committed(_)),
            "{outcome:?}"
        );
        run_script_on(Engine::Postgres, &script, &copy, "arrays");
        let sql = "select * from arr order by id";
        assert_eq!(exec_ok(&fx.url, sql), exec_ok(&copy, sql));
    });
}
