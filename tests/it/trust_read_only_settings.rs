//! Under `--read-only`, a session setting on the proof's allow-list (a search path, a time
//! zone, a timeout) runs as it is and keeps for the statements after it, as psql users set a
//! session up; any other SET (a role, the transaction's mode, the whole server's) is refused
//! and nothing is sent.

use crate::harness::{Engine, exec_ok, fresh_database, retort};

fn read_only(url: &str, sql: &str) -> (i32, String, String) {
    retort(&[url, "--read-only", "-e", sql, "--format", "csv"])
}

#[test]
fn postgresql_read_only_sets_a_search_path_and_refuses_a_role() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(
        &url,
        "create schema app; create table app.t (a int); insert into app.t values (7)",
    );
    let (code, out, err) = read_only(&url, "set search_path to app; select a from t");
    assert_eq!((code, out.as_str()), (0, "a\n7\n"), "{err}");
    let (code, out, err) = read_only(&url, "set time zone 'UTC'; show timezone");
    assert_eq!((code, out.as_str()), (0, "TimeZone\nUTC\n"), "{err}");
    for refused in [
        "set role postgres",
        "set session authorization postgres",
        "set default_transaction_read_only = off",
        "set transaction read write",
        "reset all",
    ] {
        let (code, _, err) = read_only(&url, refused);
        assert_eq!(code, 1, "{refused}: {err}");
        assert!(err.contains("--read-only"), "{refused}: {err}");
    }
}

#[test]
fn mariadb_read_only_sets_a_session_time_zone_never_the_servers() {
    let url = fresh_database(Engine::MySql);
    let (code, out, err) = read_only(
        &url,
        "set time_zone = '+05:00'; select @@session.time_zone as tz",
    );
    assert_eq!((code, out.as_str()), (0, "tz\n+05:00\n"), "{err}");
    for refused in [
        "set global time_zone = '+05:00'",
        "set @@global.time_zone = '+05:00'",
        "set sql_mode = 'ANSI_QUOTES'",
        "set @x = (select 1)",
        "set session transaction read write",
    ] {
        let (code, _, err) = read_only(&url, refused);
        assert_eq!(code, 1, "{refused}: {err}");
        assert!(err.contains("--read-only"), "{refused}: {err}");
    }
    let out = exec_ok(&url, "select @@global.time_zone as tz");
    assert!(
        !out.contains("+05:00"),
        "the server's time zone changed: {out}"
    );
}
