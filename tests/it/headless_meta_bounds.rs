//! psql's bounds on its listings, on the real servers: a bare `\dt` lists what the search path
//! finds (MySQL: the current database; SQLite: main) and nothing of the system's, `S` adds the
//! system's, a schema in the pattern (`other.*`, `*.*`) looks everywhere.

use crate::harness::{Engine, exec_ok, fresh_database, retort};

/// The CSV lines of a command's answer (header first); it must succeed.
pub(crate) fn csv(url: &str, command: &str) -> Vec<String> {
    let (code, out, err) = retort(&[url, "-e", command, "--format", "csv"]);
    assert_eq!(code, 0, "{command}: {err}");
    out.lines().map(str::to_string).collect()
}

/// Whether some CSV line starts with `start` (`schema,name,`).
pub(crate) fn has(lines: &[String], start: &str) -> bool {
    lines.iter().any(|l| l.starts_with(start))
}

pub(crate) use crate::harness::database_of;

const OTHER: &str = "create table users (id serial primary key, name text);\
     create schema other; create table other.hidden_t (x int);\
     create view other.hidden_v as select 1 as one;\
     create index ix_hidden on other.hidden_t (x);\
     create function other.hidden_f() returns int language sql as 'select 1'";

#[test]
fn postgresql_lists_what_the_search_path_finds_and_a_schema_pattern_looks_everywhere() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, OTHER);
    let dt = csv(&url, "\\dt");
    assert!(has(&dt, "public,users,table"), "{dt:?}");
    assert!(!has(&dt, "other,") && !has(&dt, "pg_catalog,"), "{dt:?}");
    assert!(has(&csv(&url, "\\dt other.*"), "other,hidden_t,table"));
    let everywhere = csv(&url, "\\dt *.*");
    for row in ["other,hidden_t,", "public,users,", "pg_catalog,pg_class,"] {
        assert!(has(&everywhere, row), "{row} in {everywhere:?}");
    }
    assert!(has(&csv(&url, "\\dt pg_catalog.*"), "pg_catalog,pg_class,"));
    // S: the system's too, still only what the search path finds
    let system = csv(&url, "\\dtS");
    assert!(has(&system, "pg_catalog,pg_class,") && has(&system, "public,users,"));
    assert!(!has(&system, "other,"), "{system:?}");
    // a bare pattern finds what the search path does, the system's too (psql's \dt pg_class)
    assert!(has(&csv(&url, "\\dt pg_cl*"), "pg_catalog,pg_class,"));
    // views, indexes and functions keep the same bounds
    assert!(!has(&csv(&url, "\\dv"), "other,"));
    assert!(has(&csv(&url, "\\dv other.*"), "other,hidden_v,view"));
    let di = csv(&url, "\\di");
    assert!(
        has(&di, "public,users_pkey,") && !has(&di, "other,"),
        "{di:?}"
    );
    assert!(has(&csv(&url, "\\di *.*"), "other,ix_hidden,hidden_t,x,no"));
    let df = csv(&url, "\\df");
    assert!(!has(&df, "other,") && !has(&df, "pg_catalog,"), "{df:?}");
    assert!(has(&csv(&url, "\\df other.*"), "other,hidden_f,integer"));
    assert!(has(&csv(&url, "\\dfS now"), "pg_catalog,now,"));
    // \d of a bare name off the search path finds nothing, as psql's
    let (code, _, err) = retort(&[&url, "-e", "\\d hidden_t"]);
    assert_eq!(code, 1, "{err}");
    let (code, out, _) = retort(&[&url, "-e", "\\d other.hidden_t"]);
    assert!(
        code == 0 && out.contains("Table \"other.hidden_t\""),
        "{out}"
    );
    // the search path is the server's: once other is on it, its tables are found bare
    let db = database_of(&url);
    exec_ok(
        &url,
        &format!("alter database {db} set search_path = public, other"),
    );
    assert!(has(&csv(&url, "\\dt"), "other,hidden_t,table"));
    let (code, _, err) = retort(&[&url, "-e", "\\d hidden_t"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn postgresql_dn_hides_the_systems_schemas_unless_s_or_a_pattern_names_them() {
    let url = fresh_database(Engine::Postgres);
    exec_ok(&url, "create schema other");
    let dn = csv(&url, "\\dn");
    assert!(dn.contains(&"public".into()) && dn.contains(&"other".into()));
    for hidden in ["pg_catalog", "information_schema", "pg_toast"] {
        assert!(!dn.contains(&hidden.into()), "{hidden} in {dn:?}");
    }
    let system = csv(&url, "\\dnS");
    assert!(system.contains(&"pg_catalog".into()) && system.contains(&"information_schema".into()));
    let named = csv(&url, "\\dn pg_*");
    assert!(named.contains(&"pg_catalog".into()) && !named.contains(&"public".into()));
}

#[test]
fn mariadb_lists_the_current_database_and_a_schema_pattern_looks_everywhere() {
    let url = fresh_database(Engine::MySql);
    let other = fresh_database(Engine::MySql);
    let other_db = database_of(&other);
    let db = database_of(&url);
    exec_ok(
        &url,
        "create table users (id int primary key); create sequence seq_orders",
    );
    exec_ok(
        &other,
        "create table hidden_t (x int); create index ix_hidden on hidden_t (x)",
    );
    let dt = csv(&url, "\\dt");
    assert!(has(&dt, &format!("{db},users,table")), "{dt:?}");
    assert!(!has(&dt, &format!("{other_db},")), "{dt:?}");
    assert!(
        !dt.iter().any(|l| l.contains("seq_orders")),
        "no table: {dt:?}"
    );
    let named = csv(&url, &format!("\\dt {other_db}.*"));
    assert!(
        has(&named, &format!("{other_db},hidden_t,table")),
        "{named:?}"
    );
    let everywhere = csv(&url, "\\dt *.*");
    for row in [
        format!("{other_db},hidden_t,"),
        format!("{db},users,"),
        "mysql,db,table".to_string(),
    ] {
        assert!(has(&everywhere, &row), "{row} in {everywhere:?}");
    }
    assert!(!has(&csv(&url, "\\di"), &format!("{other_db},")));
    assert!(has(
        &csv(&url, "\\di *.*"),
        &format!("{other_db},ix_hidden,hidden_t,x,no")
    ));
    // \d lists the sequence; \dn every user database, the system's with S
    assert!(has(&csv(&url, "\\d"), &format!("{db},seq_orders,sequence")));
    let dn = csv(&url, "\\dn");
    assert!(dn.contains(&db) && dn.contains(&other_db) && !dn.contains(&"mysql".into()));
    assert!(csv(&url, "\\dnS").contains(&"mysql".into()));
}

#[test]
fn sqlite_lists_main_its_own_tables_with_s_and_attached_databases_with_a_schema() {
    let url = fresh_database(Engine::Sqlite);
    exec_ok(
        &url,
        "create table users (id integer primary key autoincrement, name text);\
         insert into users (name) values ('a')",
    );
    let dt = csv(&url, "\\dt");
    assert!(
        has(&dt, "main,users,table") && !has(&dt, "main,sqlite_"),
        "{dt:?}"
    );
    assert!(has(&csv(&url, "\\dtS"), "main,sqlite_sequence,table"));
    let aux = fresh_database(Engine::Sqlite);
    exec_ok(&aux, "create table aux_t (x int primary key)");
    let path = aux.trim_start_matches("sqlite://");
    let script = format!("attach database '{path}' as aux;\n\\dt\n\\dt *.*\n\\d aux.aux_t");
    let (code, out, err) = retort(&[&url, "-e", &script]);
    assert_eq!(code, 0, "{err}");
    let (bare, everywhere) = out
        .split_once("List of relations\n")
        .unwrap()
        .1
        .split_once("List of relations\n")
        .unwrap();
    assert!(!bare.contains("aux_t") && bare.contains("users"), "{bare}");
    assert!(everywhere.contains(" aux    | aux_t "), "{everywhere}");
    assert!(
        out.contains("Table \"aux.aux_t\"") && out.contains("PRIMARY KEY (x)"),
        "{out}"
    );
}
