//! The read proof's questions to PostgreSQL's catalog cannot be answered by look-alikes: a
//! database whose default search_path puts a schema before pg_catalog, with a function and a
//! view named as the catalog's (one lying about a function's volatility), neither runs them nor
//! is fooled by them under `--read-only`.

use crate::harness::{Engine, exec_ok, fresh_database, retort};

#[test]
fn a_default_search_path_cannot_put_look_alikes_before_the_catalog() {
    let url = fresh_database(Engine::Postgres);
    let db = crate::harness::database_of(&url);
    exec_ok(
        &url,
        &format!(
            "create table hits (what text);\n\
             create schema evil;\n\
             create function evil.json_array_elements_text(j json) returns table(value text) \
               language plpgsql volatile as $$ begin insert into public.hits values ('json'); \
               return query select x from pg_catalog.json_array_elements_text(j) x; end $$;\n\
             create view evil.pg_proc as select oid, proname, pronamespace, prokind, pronargs, \
               pronargdefaults, case when proname in ('pg_stat_reset', 'pg_advisory_lock') \
               then 's'::\"char\" else provolatile end as provolatile from pg_catalog.pg_proc;\n\
             alter database \"{db}\" set search_path = evil, pg_catalog, public;\n"
        ),
    );
    // the look-alikes are live: a statement of the user's reaches them
    let (code, _, err) = retort(&[
        &url,
        "-e",
        "select count(*) from json_array_elements_text('[1]')",
    ]);
    assert_eq!(code, 0, "{err}");
    let live = exec_ok(&url, "select count(*) as n from public.hits");
    assert!(live.contains('1'), "the trap is not live: {live}");
    exec_ok(&url, "delete from public.hits");
    // retort's proof neither runs them nor believes them
    for sql in [
        "select pg_stat_reset()",
        "select pg_advisory_lock(1)",
        "select lower('x')",
    ] {
        let _ = retort(&[&url, "--read-only", "-e", sql]);
    }
    let (code, _, err) = retort(&[&url, "--read-only", "-e", "select pg_stat_reset()"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("VOLATILE") || err.contains("not sent"),
        "{err}"
    );
    let hits = exec_ok(&url, "select count(*) as n from public.hits");
    assert!(
        hits.lines().any(|l| l.trim() == "0"),
        "retort's own queries ran a look-alike: {hits}"
    );
}
