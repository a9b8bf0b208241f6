//! psql's backslash commands in headless mode (`retort URL -e '\dt'`), answered from the
//! reflected catalog alike on every engine; nothing of them reaches the server.

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort, scratch_dir};

const SCHEMA: &str = "create table users (id integer primary key, name varchar(40) not null, \
     score integer default 7);\
     create table posts (id integer primary key, user_id integer not null references users(id));\
     create index ix_posts_user on posts (user_id);\
     create view active_users as select id from users";

fn with_schema(engine: Engine) -> String {
    let url = fresh_database(engine);
    exec_ok(&url, SCHEMA);
    url
}

#[test]
fn dt_lists_the_tables_on_every_engine() {
    for engine in ALL {
        let url = with_schema(engine);
        let (code, out, err) = retort(&[&url, "-e", "\\dt"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert!(out.starts_with("List of relations\n"), "{engine:?}: {out}");
        for name in ["users", "posts"] {
            assert!(
                out.contains(&format!("| {name} ")),
                "{engine:?} lacks {name}: {out}"
            );
        }
        assert!(
            !out.contains("active_users"),
            "{engine:?}: a view is no table: {out}"
        );
        let (_, views, _) = retort(&[&url, "-e", "\\dv", "--format", "csv"]);
        assert!(views.contains(",active_users,view"), "{engine:?}: {views}");
        let (_, only, _) = retort(&[&url, "-c", "\\dt po*", "--format", "csv"]);
        assert_eq!(
            only.lines().count(),
            2,
            "{engine:?}: header and posts: {only}"
        );
    }
}

#[test]
fn d_name_shows_columns_types_nullability_defaults_indexes_and_foreign_keys() {
    for engine in ALL {
        let url = with_schema(engine);
        let (code, out, err) = retort(&[&url, "-e", "\\d users"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let name = out.lines().find(|l| l.starts_with(" name")).unwrap_or("");
        assert!(name.contains("not null"), "{engine:?}: {out}");
        let score = out.lines().find(|l| l.starts_with(" score")).unwrap_or("");
        assert!(
            score.contains('7') && !score.contains("not null"),
            "{engine:?}: {out}"
        );
        assert!(out.contains("PRIMARY KEY (id)"), "{engine:?}: {out}");
        let (_, posts, _) = retort(&[&url, "-e", "\\d posts"]);
        assert!(
            posts.contains("(user_id)"),
            "{engine:?}: the index: {posts}"
        );
        assert!(
            posts.contains("FOREIGN KEY (user_id) REFERENCES") && posts.contains("users(id)"),
            "{engine:?}: {posts}"
        );
        // as psql's: said on stderr, and the script fails
        let (code, _, err) = retort(&[&url, "-e", "\\d nosuch"]);
        assert_eq!(code, 1, "{engine:?}: {err}");
        assert!(
            err.contains("Did not find any relation named \"nosuch\""),
            "{err}"
        );
    }
}

#[test]
fn dn_di_l_du_df_and_conninfo_answer_on_every_engine() {
    for engine in ALL {
        let url = with_schema(engine);
        let (code, out, err) = retort(&[&url, "-e", "\\dn", "--format", "csv"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let expected = match engine {
            Engine::Postgres => "public".to_string(),
            Engine::MySql => url
                .split('?')
                .next()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .into(),
            Engine::Sqlite => "main".to_string(),
        };
        assert!(
            out.lines().any(|l| l == expected),
            "{engine:?}: {expected} in {out}"
        );
        let (_, out, _) = retort(&[&url, "-e", "\\di", "--format", "csv"]);
        assert!(out.contains("ix_posts_user"), "{engine:?}: {out}");
        let function = match engine {
            Engine::Postgres => {
                "create function add_one(i int) returns int language sql as 'select i + 1'"
            }
            Engine::MySql => {
                "create function add_one(i int) returns int deterministic return i + 1"
            }
            Engine::Sqlite => "select 1",
        };
        exec_ok(&url, function);
        let (_, out, _) = retort(&[&url, "-e", "\\df"]);
        match engine {
            Engine::Sqlite => assert!(out.contains("SQLite keeps no functions"), "{out}"),
            _ => assert!(out.contains("add_one"), "{engine:?}: {out}"),
        }
        for command in ["\\l", "\\du", "\\conninfo", "\\?"] {
            let (code, out, err) = retort(&[&url, "-e", command]);
            assert_eq!(code, 0, "{engine:?} {command}: {err}");
            assert!(!out.trim().is_empty(), "{engine:?} {command} said nothing");
        }
        let (_, conninfo, _) = retort(&[&url, "-e", "\\conninfo"]);
        assert!(conninfo.starts_with("You are connected to"), "{conninfo}");
    }
}

#[test]
fn an_unknown_backslash_command_is_refused_and_nothing_reaches_the_server() {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let url = with_schema(engine);
        let echo = scratch_dir().join(format!("meta-echo-{engine:?}.log"));
        let echo = echo.to_str().unwrap();
        let (code, out, err) = retort(&[&url, "--echo", echo, "-e", "\\foo\nselect 1"]);
        assert_eq!(code, 1, "{engine:?}: {out}");
        assert!(err.contains("\\foo: no such backslash command"), "{err}");
        let (code, _, err) = retort(&[&url, "--echo", echo, "-e", "\\dt"]);
        assert_eq!(code, 0, "{err}");
        let log = std::fs::read_to_string(echo).unwrap_or_default();
        assert!(!log.contains("\\foo") && !log.contains("\\dt"), "{log}");
        assert!(
            !log.contains("select 1"),
            "the script stopped at \\foo: {log}"
        );
    }
}

#[test]
fn x_prints_records_and_timing_prints_each_statements_time() {
    let (code, out, err) = retort(&[
        "--demo",
        "-e",
        "\\x\nselect id, username from users order by id limit 1;\n\\timing on\nselect 1 as one",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("-[ RECORD 1 ]"), "{out}");
    assert!(out.contains("username | lovelace"), "{out}");
    assert!(out.contains("one | 1") && out.contains("Time: "), "{out}");
}

/// PostgreSQL folds an unquoted name to lower case, and so do psql's patterns: `\d USERS` is
/// `users`, never `"Users"`; a quoted pattern is exact.
#[test]
fn postgresql_patterns_fold_unquoted_names_as_psql_does() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table users (lower_one int); create table \"Users\" (upper_one int)",
    );
    let (code, out, err) = retort(&[&url, "-e", "\\d USERS"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("lower_one") && !out.contains("upper_one"),
        "{out}"
    );
    let (_, out, _) = retort(&[&url, "-e", "\\d \"Users\""]);
    assert!(
        out.contains("upper_one") && !out.contains("lower_one"),
        "{out}"
    );
    let (_, out, _) = retort(&[&url, "-c", "\\dt \"Users\"", "--format", "csv"]);
    assert!(out.contains("Users") && !out.contains(",users,"), "{out}");
    let (_, out, _) = retort(&[&url, "-c", "\\dt Users", "--format", "csv"]);
    assert!(out.contains(",users,") && !out.contains("Users"), "{out}");
    // nothing of that name: said on stderr, and the script fails, as psql's
    let (code, out, err) = retort(&[&url, "-c", "\\d NOSUCH; select 1"]);
    assert_eq!(code, 1, "{out} {err}");
    assert!(err.contains("Did not find any relation named"), "{err}");
    assert!(!out.contains('1'), "the script stopped: {out}");
}

/// `\di` lists the indexes behind a primary key and a unique constraint too, as psql does.
#[test]
fn di_lists_the_indexes_behind_keys_and_unique_constraints() {
    for (engine, pk) in [(Engine::Postgres, "users_pkey"), (Engine::MySql, "PRIMARY")] {
        let url = with_schema(engine);
        exec_ok(
            &url,
            "alter table users add constraint users_name_key unique (name)",
        );
        let (code, out, err) = retort(&[&url, "-c", "\\di", "--format", "csv"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert!(
            out.contains(&format!(",{pk},users,id,primary key")),
            "{engine:?}: {out}"
        );
        assert!(
            out.contains(",users_name_key,users,name,yes"),
            "{engine:?}: {out}"
        );
        assert!(
            out.contains(",ix_posts_user,posts,user_id,no"),
            "{engine:?}: {out}"
        );
    }
}
