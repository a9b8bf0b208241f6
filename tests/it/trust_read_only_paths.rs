//! `--read-only` against the ways round its proof a hostile test found after the parse tree
//! replaced the word list: a server that reads strings otherwise than the parser
//! (PostgreSQL's `standard_conforming_strings = off`, a Unicode space after MariaDB's `--`),
//! INTO on a set operation's arm, and VOLATILE functions reached without being named (a cast,
//! a domain's CHECK, a view, an operator in a subquery comparison or an implied `=`, BETWEEN,
//! column notation, a default argument, a row-level policy). Each is refused before anything
//! is sent ("not sent"), and writes nothing.

use crate::harness::{Engine, exec_ok, fresh_database, retort};

fn rows_in(url: &str, table: &str) -> String {
    let (code, out, err) = retort(&[
        url,
        "--format",
        "csv",
        "-e",
        &format!("select count(*) as n from {table}"),
    ]);
    assert_eq!(code, 0, "{err}");
    out.lines().nth(1).unwrap_or_default().to_string()
}

/// Runs `sql` headless in `--read-only`: it must be refused before it is sent, saying `why`.
fn refused(url: &str, sql: &str, why: &str) {
    let (code, _, err) = retort(&[url, "--read-only", "-e", sql]);
    assert_ne!(code, 0, "{sql} ran in --read-only");
    assert!(
        err.contains("not sent") && err.contains(why),
        "{sql}: expected a refusal naming {why:?}, got: {err}"
    );
}

#[test]
fn postgres_volatile_functions_reached_without_a_name_are_refused() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create table log (note text); \
         create function w() returns int language plpgsql volatile as \
           $$ begin insert into log values ('w'); return 1; end $$; \
         create view v as select w() as x; \
         create view v2 as select * from v; \
         create function gt3(int, int) returns bool language plpgsql volatile as \
           $$ begin insert into log values ('op'); return true; end $$; \
         create operator >>> (leftarg = int, rightarg = int, function = gt3); \
         create table r (a int); insert into r values (1); \
         create function colnote(r) returns int language plpgsql volatile as \
           $$ begin insert into log values ('col'); return 1; end $$; \
         create function def(a int default w()) returns int stable language sql as 'select $1'; \
         create table p (a int); alter table p enable row level security; \
         create policy pp on p using (w() > 0)",
    );
    // what only some relations or functions reach
    for (sql, why) in [
        // named with their schema: the proof's questions run on pg_catalog's path alone
        ("select * from v", "the view public.v"),
        ("table v", "the view public.v"),
        ("select * from v2", "the view public.v"),
        ("select 1 >>> any (select 1)", "operator public.>>>"),
        ("select r.colnote from r", "colnote"),
        ("select def()", "a default argument of public.def"),
        ("select * from p", "the policy pp"),
    ] {
        refused(&url, sql, why);
    }
    assert_eq!(rows_in(&url, "log"), "0");
    // what the whole database may reach: each made, tried, and dropped again
    exec_ok(
        &url,
        "create type wrap as (i int); \
         create function w_cast(int) returns wrap language plpgsql volatile as \
           $$ begin insert into log values ('cast'); return row($1); end $$; \
         create cast (int as wrap) with function w_cast(int)",
    );
    refused(&url, "select 1::wrap", "a cast into public.wrap");
    refused(&url, "select cast(2 as wrap)", "a cast into public.wrap");
    exec_ok(&url, "drop cast (int as wrap)");
    // a domain whose CHECK calls a VOLATILE function: every cast or coercion may run it
    exec_ok(
        &url,
        "create function chk(int) returns bool language plpgsql volatile as \
           $$ begin insert into log values ('chk'); return true; end $$; \
         create domain dom as int check (chk(value))",
    );
    refused(&url, "select 3::dom", "the CHECK of the domain public.dom");
    exec_ok(&url, "drop domain dom");
    // an `=` of the user's, VOLATILE: IN, CASE and BETWEEN use comparisons unnamed
    exec_ok(
        &url,
        "create function eqt(int, text) returns bool language plpgsql volatile as \
           $$ begin insert into log values ('eq'); return true; end $$; \
         create operator = (leftarg = int, rightarg = text, function = eqt)",
    );
    for sql in [
        "select 1 in (select 'a'::text)",
        "select case 1 when 'a'::text then 1 end",
        "select 1 from r order by a",
    ] {
        refused(&url, sql, "operator public.=");
    }
    exec_ok(&url, "drop operator = (int, text)");
    assert_eq!(rows_in(&url, "log"), "0");
    // plain reads still pass
    let (code, out, err) = retort(&[
        &url,
        "--read-only",
        "-e",
        "select a from r where a in (1, 2) order by a",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
}

#[test]
fn postgres_without_standard_conforming_strings_refuses_backslashes() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create table log (note text)");
    exec_ok(
        &url,
        "do $$ begin execute format('alter database %I set standard_conforming_strings = off', \
         current_database()); end $$",
    );
    refused(
        &url,
        r"select '\', ' ; rollback; set default_transaction_read_only = off; insert into log values ($b$x$b$) --'",
        "standard_conforming_strings",
    );
    assert_eq!(rows_in(&url, "log"), "0");
    let (code, _, err) = retort(&[&url, "--read-only", "-e", "select 'no backslash'"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn mariadb_unicode_spaces_into_on_a_union_arm_and_views_over_functions_are_refused() {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table log (note varchar(20)); \
         create function lk() returns int no sql return get_lock('retort_view_lock', 0); \
         create view vl as select lk() as x; \
         create view vl2 as select * from vl",
    );
    let nb = '\u{a0}';
    refused(
        &url,
        &format!(
            "select t.a --{nb} from (select 1 as a, 2 as `{nb}`) t; rollback; set session \
             transaction read write; start transaction; insert into log values ('nbsp'); commit; \
             select 1\nfrom (select 1 as a, 2 as `{nb}`) t"
        ),
        "U+00A0",
    );
    refused(
        &url,
        "select 'a' from dual where false union select 'pwned' into @x",
        "INTO",
    );
    refused(&url, "select * from vl", "the view");
    refused(&url, "select * from vl2", "the view");
    assert_eq!(rows_in(&url, "log"), "0");
    let (code, out, err) = retort(&[
        &url,
        "--format",
        "csv",
        "-e",
        "select is_free_lock('retort_view_lock') as free",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n1"), "the view's lock was taken: {out}");
}

/// The forms the issue found on 90e7274, on the real servers: quoted, Unicode-escaped and
/// dollar-hidden calls, SQL inside a string, MySQL's quoted name and ANSI_QUOTES trick, SQLite's
/// paren pragma. Each is refused and leaves nothing behind (no lock held, no pragma set).
#[test]
fn the_forms_found_on_90e7274_are_refused_on_the_real_servers() {
    let pg = fresh_database(Engine::Postgres);
    for sql in [
        "select \"pg_advisory_lock\"(42)",
        "select U&\"pg_advisory_lock\"(42)",
        "select $€$ ' $€$, pg_advisory_lock(42) -- '",
        "select query_to_xml('select pg_advisory_lock(42)', true, true, '')",
        "select \"pg_reload_conf\"()",
        "select lo_from_bytea(0, 'x')",
    ] {
        refused(&pg, sql, "");
    }
    let (_, out, _) = retort(&[
        &pg,
        "--format",
        "csv",
        "-e",
        "select count(*) as n from pg_locks where locktype = 'advisory'",
    ]);
    assert_eq!(out, "n\n0\n", "an advisory lock is held");
    let my = fresh_database(Engine::MySql);
    refused(&my, "select `get_lock`('retort_x', 0)", "get_lock");
    let (_, out, _) = retort(&[
        &my,
        "--format",
        "csv",
        "-e",
        "select is_free_lock('retort_x') as f",
    ]);
    assert_eq!(out, "f\n1\n");
    let lite = fresh_database(Engine::Sqlite);
    exec_ok(&lite, "create table t (a int)");
    for sql in [
        "pragma user_version(7)",
        "pragma foreign_keys(1)",
        "pragma main.user_version = 7",
    ] {
        refused(&lite, sql, "");
    }
    let (_, out, _) = retort(&[&lite, "--format", "csv", "-e", "pragma user_version"]);
    assert_eq!(out, "user_version\n0\n");
}
