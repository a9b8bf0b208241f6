use super::*;

#[test]
fn postgres_lets_through_the_settings_on_its_list_and_nothing_else() {
    for ok in [
        "set search_path to app, public",
        "SET search_path = \"My Schema\"",
        "set time zone 'UTC'",
        "set timezone = 'Europe/Paris'",
        "set statement_timeout = '5s'",
        "SET LOCAL lock_timeout TO 1000",
        "set search_path to default",
        "reset search_path",
        "set /* why */ datestyle = iso, dmy",
    ] {
        assert_eq!(prove_pg_setting(ok), Ok(()), "{ok}");
    }
    for refused in [
        "set role postgres",
        "set session authorization postgres",
        "set transaction read write",
        "set session characteristics as transaction read write",
        "set default_transaction_read_only = off",
        "set transaction_read_only = off",
        "set standard_conforming_strings = off",
        "reset all",
        "set search_path to app; delete from t",
        "set search_path to app; set role postgres",
        "select set_config('search_path', 'app', false)",
        "set \"search_path\"\"x\" = 1",
        "set session_replication_role = replica",
    ] {
        assert!(prove_pg_setting(refused).is_err(), "{refused}");
    }
}

#[test]
fn mysql_lets_through_session_settings_to_written_values_only() {
    let mode = SqlMode::default();
    for ok in [
        "set time_zone = '+00:00'",
        "SET SESSION max_statement_time = 5",
        "set @@session.time_zone = 'UTC'",
        "set @@lock_wait_timeout = 10",
        "set max_execution_time = 1000, time_zone = 'UTC'",
        "set lock_wait_timeout = default",
    ] {
        assert_eq!(prove_mysql_setting(ok, mode), Ok(()), "{ok}");
    }
    for refused in [
        "set global time_zone = 'UTC'",
        "set @@global.time_zone = 'UTC'",
        "set sql_mode = 'ANSI_QUOTES'",
        "set names latin1",
        "set autocommit = 0",
        "set transaction read write",
        "set session transaction read write",
        "set @x = 1",
        "set time_zone = (select 'UTC' from t)",
        "set time_zone = f()",
        "set time_zone = 'UTC'; delete from t",
        "set /*M! global */ time_zone = 'UTC'",
        "set time_zone = @x := 'UTC'",
        "set role admin",
        // they cut short the answers of retort's own reads on the session
        "set sql_select_limit = 0",
        "set max_join_size = 1",
        "set group_concat_max_len = 4",
    ] {
        assert!(prove_mysql_setting(refused, mode).is_err(), "{refused}");
    }
    // the server's sql_mode counts as for a read
    let ansi = SqlMode::parse("ANSI_QUOTES");
    assert!(prove_mysql_setting("set time_zone = \"UTC\"", ansi).is_err());
}

#[test]
fn a_statement_that_is_no_set_is_told_from_a_set_refused() {
    assert_eq!(prove_pg_setting("select 1"), Err(NotAllowed::NotASet));
    assert_eq!(
        prove_pg_setting("set search_path to a; select 1"),
        Err(NotAllowed::NotASet)
    );
    assert!(matches!(
        prove_pg_setting("set role x"),
        Err(NotAllowed::Refused(_))
    ));
    let mode = SqlMode::default();
    assert_eq!(
        prove_mysql_setting("select 1", mode),
        Err(NotAllowed::NotASet)
    );
    let Err(NotAllowed::Refused(why)) = prove_mysql_setting("set sql_select_limit = 0", mode)
    else {
        panic!("refused by name")
    };
    assert!(why.contains("sql_select_limit"), "{why}");
}
