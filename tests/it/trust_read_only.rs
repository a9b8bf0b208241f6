//! `--read-only` holds against every way round it the issue found, on every engine, headless
//! and in the engine directly; and what retort runs again by itself (EXPLAIN ANALYZE) never
//! writes.

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort};

fn count(url: &str, table: &str) -> String {
    let out = exec_ok(url, &format!("select count(*) from {table}"));
    out.lines()
        .map(str::trim)
        .find(|l| l.chars().all(|c| c.is_ascii_digit()) && !l.is_empty())
        .unwrap_or("?")
        .to_string()
}

/// Statements that wrote through `--read-only` on dfa7ec7, per engine.
fn bypasses(engine: Engine) -> Vec<&'static str> {
    let common = vec![
        "insert into t values (2)",
        "with x as (delete from t returning *) select * from x",
        "select 1; insert into t values (2)",
    ];
    let own: Vec<&str> = match engine {
        Engine::Postgres => vec![
            "begin read write; insert into t values (2); commit",
            "set session characteristics as transaction read write; insert into t values (2)",
            "set default_transaction_read_only = off; insert into t values (2)",
            "reset all; insert into t values (2)",
            "select set_config('default_transaction_read_only','off',false); insert into t values (2)",
            // a function that turns the session read-write, then one that writes
            "select turn_rw(); select write_row()",
            "select write_row()",
            r"select E'\'', 1; insert into t values (2); select ''",
            "copy t from program 'true'",
        ],
        Engine::MySql => vec![
            "start transaction read write; insert into t values (2); commit",
            "set session transaction read write; insert into t values (2)",
            "select 1 /*! ; insert into t values (2) */",
        ],
        Engine::Sqlite => vec!["pragma query_only = 0; insert into t values (2)"],
    };
    common.into_iter().chain(own).collect()
}

#[test]
fn read_only_holds_against_every_way_round_it() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(&url, "create table t (a int); insert into t values (1)");
        if engine == Engine::Postgres {
            exec_ok(
                &url,
                "create function turn_rw() returns int language plpgsql as $$ begin \
                 perform set_config('default_transaction_read_only', 'off', false); \
                 return 1; end $$; \
                 create function write_row() returns int language plpgsql as $$ begin \
                 insert into t values (2); return 1; end $$",
            );
        }
        for sql in bypasses(engine) {
            let (code, _, err) = retort(&[&url, "--read-only", "-e", sql]);
            assert_ne!(code, 0, "{engine:?}: {sql:?} ran in --read-only");
            assert!(!err.is_empty(), "{engine:?}: {sql:?} failed without a word");
            assert_eq!(count(&url, "t"), "1", "{engine:?}: {sql:?} wrote: {err}");
        }
        // reads still work, and say nothing odd
        let (code, out, err) = retort(&[&url, "--read-only", "-e", "select a from t"]);
        assert_eq!((code, err.as_str()), (0, ""), "{engine:?}");
        assert!(out.contains('1'), "{engine:?}: {out}");
    }
}

#[test]
fn a_refused_statement_says_why_it_was_not_sent() {
    let url = fresh_database(Engine::Sqlite);
    exec_ok(&url, "create table t (a int)");
    let (code, _, err) = retort(&[&url, "--read-only", "-e", "delete from t"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not sent") && err.contains("--read-only") && err.contains("DELETE"),
        "{err}"
    );
}

#[test]
fn explain_analyze_of_a_writing_function_leaves_nothing_behind() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table t (a int); \
         create function f() returns int language plpgsql as $$ begin \
         insert into t values (1); return 1; end $$",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let text = rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        retort::query::explain::plan(&conn, "select f()").await
    });
    // the proof refuses to run a VOLATILE function: the estimated plan only, nothing written
    let text = text.expect("the estimated plan");
    assert!(
        text.starts_with("estimated plan, not run") && text.contains("public.f"),
        "{text}"
    );
    assert_eq!(count(&url, "t"), "0");
    // headless --read-only refuses the same EXPLAIN ANALYZE, and writes nothing
    let (code, _, err) = retort(&[&url, "--read-only", "-e", "explain analyze select f()"]);
    assert_ne!(code, 0, "{err}");
    assert_eq!(count(&url, "t"), "0");
    let text = rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        retort::query::explain::plan(&conn, "insert into t values (5)")
            .await
            .unwrap()
    });
    assert!(text.starts_with("estimated plan, not run"), "{text}");
    assert_eq!(count(&url, "t"), "0");
    let text = rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        retort::query::explain::plan(&conn, "select * from t")
            .await
            .unwrap()
    });
    assert!(
        text.starts_with("EXPLAIN ANALYZE: run for real in a read-only transaction"),
        "{text}"
    );
}
