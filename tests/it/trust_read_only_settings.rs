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

/// `sql_select_limit = 0` cut retort's own reads on the session short (the current database,
/// the sql_mode): a view over a function that writes was taken for a table and run. An answer
/// cut short now refuses the proof, and the limit is not on `--read-only`'s list.
#[test]
fn mariadb_reads_cut_short_by_a_session_setting_refuse_the_proof() {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "delimiter //\n\
         create function g() returns int begin set global net_read_timeout = 77; return 1; end //\n\
         delimiter ;\n\
         create view v3 as select g() a;\n",
    );
    let (code, _, err) = read_only(&url, "set sql_select_limit = 0; select * from v3");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("sql_select_limit"), "{err}");
    // outside --read-only the limit may be set; F7's ANALYZE must still not run the view
    let rt = tokio::runtime::Runtime::new().unwrap();
    let text = rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let (tx, _rx) = tokio::sync::mpsc::channel(64);
        retort::query::execute::run_user_statement(&conn, "set sql_select_limit = 0", &tx)
            .await
            .unwrap();
        retort::query::explain::plan(&conn, "select * from v3").await
    });
    let text = text.unwrap_or_else(|e| e.to_string());
    assert!(text.contains("not explained"), "{text}");
    let global = exec_ok(&url, "select @@global.net_read_timeout as t");
    assert!(!global.contains("77"), "the view's function ran: {global}");
}
