//! libpq's ways of naming a database, as psql honours them, on the harness's PostgreSQL: the
//! `PG*` environment, a service file, a conninfo string; never a password shown.

use crate::harness::{Engine, fresh_database, retort_in, scratch_dir};

/// The parts of a harness PostgreSQL URL (`postgresql://postgres@localhost/DB?host=/tmp/…&port=N`).
struct Parts {
    socket: String,
    port: String,
    user: String,
    db: String,
}

fn parts(url: &str) -> Parts {
    let u = url::Url::parse(url).unwrap();
    let q = |k: &str| {
        u.query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("{k} in {url}"))
    };
    Parts {
        socket: q("host"),
        port: q("port"),
        user: u.username().to_string(),
        db: u.path().trim_start_matches('/').to_string(),
    }
}

const WHO: &str = "select current_database() as db, current_user as who";

#[test]
fn the_pg_environment_names_the_database_when_nothing_else_does() {
    let p = parts(&fresh_database(Engine::Postgres));
    let env = [
        ("PGHOST", p.socket.as_str()),
        ("PGPORT", p.port.as_str()),
        ("PGUSER", p.user.as_str()),
        ("PGDATABASE", p.db.as_str()),
    ];
    let (code, out, err) = retort_in(&["-e", WHO, "--format", "csv"], None, &env, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{}\n", p.db, p.user));
    // DATABASE_URL, named first, wins over it
    let mut with_url = env.to_vec();
    with_url.push(("DATABASE_URL", "sqlite://"));
    let (code, out, err) = retort_in(&["-e", "select 'sqlite' as db"], None, &with_url, None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sqlite"), "{out}");
}

#[test]
fn a_service_file_names_the_database_and_wins_over_the_environment() {
    let p = parts(&fresh_database(Engine::Postgres));
    let file = scratch_dir().join(format!("pg_service-{}.conf", std::process::id()));
    let text = format!(
        "# as psql reads it\n[shop]\nhost={}\nport={}\nuser={}\ndbname={}\n",
        p.socket, p.port, p.user, p.db
    );
    std::fs::write(&file, text).unwrap();
    let file = file.display().to_string();
    let env = [
        ("PGSERVICEFILE", file.as_str()),
        ("PGSERVICE", "shop"),
        ("PGDATABASE", "postgres"),
    ];
    let (code, out, err) = retort_in(&["-e", WHO, "--format", "csv"], None, &env, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{}\n", p.db, p.user));
    // a service named in a conninfo; an unknown one is a clear usage error
    let (code, out, err) = retort_in(&["service=shop", "-e", WHO], None, &env[..1], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&p.db), "{out}");
    let env = [("PGSERVICEFILE", file.as_str()), ("PGSERVICE", "prod")];
    let (code, out, err) = retort_in(&["-e", WHO], None, &env, None);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("service \"prod\" not found") && err.contains(&file),
        "{err}"
    );
}

#[test]
fn a_conninfo_string_is_taken_where_a_url_is_and_its_password_is_never_shown() {
    let p = parts(&fresh_database(Engine::Postgres));
    let conninfo = format!(
        "host={} port={} dbname='{}' user = {}",
        p.socket, p.port, p.db, p.user
    );
    let (code, out, err) = retort_in(&[&conninfo, "-e", WHO, "--format", "csv"], None, &[], None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{}\n", p.db, p.user));
    // a database that is not there, a setting retort does not take, an unclosed quote: the
    // error says why, the password is in none of them
    for bad in [
        format!("{conninfo} password='s3cr\\'et' dbname=no_such_db"),
        "password=s3cret hots=db".to_string(),
        "host=/tmp password='s3cret".to_string(),
    ] {
        let (code, out, err) = retort_in(&[&bad, "-e", "select 1"], None, &[], None);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(!err.contains("s3cr"), "{err}");
        assert!(
            err.contains("no_such_db") || err.contains("hots") || err.contains("quote"),
            "{err}"
        );
    }
}

#[test]
fn a_url_naming_a_service_is_completed_from_the_service_file() {
    let p = parts(&fresh_database(Engine::Postgres));
    let file = scratch_dir().join(format!("pg_service-url-{}.conf", std::process::id()));
    let text = format!(
        "[shop]\nhost={}\nport={}\nuser={}\ndbname={}\n",
        p.socket, p.port, p.user, p.db
    );
    std::fs::write(&file, text).unwrap();
    let env = [("PGSERVICEFILE", file.to_str().unwrap())];
    let run = |url: &str| retort_in(&[url, "-e", WHO, "--format", "csv"], None, &env, None);
    let (code, out, err) = run("postgresql:///?service=shop");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{}\n", p.db, p.user));
    // what the URL names wins over the service (libpq's order)
    let (code, out, err) = run("postgresql:///postgres?service=shop");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\npostgres,{}\n", p.user));
    let (code, _, err) = run("postgresql:///?service=elsewhere");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("service \"elsewhere\" not found"), "{err}");
}

/// The name of the user this process runs as (getpwuid of the effective uid, as libpq's).
fn login_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn with_no_user_named_the_login_user_connects_as_libpq_does() {
    let url = fresh_database(Engine::Postgres);
    let p = parts(&url);
    let me = login_user();
    let role = me.replace('"', "\"\"");
    crate::harness::exec_ok(
        &url,
        &format!(
            "do $$ begin if not exists (select from pg_roles where rolname = '{}') then \
             create role \"{role}\" login; end if; end $$",
            me.replace('\'', "''")
        ),
    );
    // $USER and $LOGNAME empty: the name is the system's, never a made-up one
    let env = [
        ("USER", ""),
        ("LOGNAME", ""),
        ("PGHOST", p.socket.as_str()),
        ("PGPORT", p.port.as_str()),
        ("PGDATABASE", p.db.as_str()),
    ];
    let (code, out, err) = retort_in(&["-e", WHO, "--format", "csv"], None, &env, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{me}\n", p.db));
    let bare = format!("postgresql:///{}?host={}&port={}", p.db, p.socket, p.port);
    let (code, out, err) = retort_in(
        &[&bare, "-e", WHO, "--format", "csv"],
        None,
        &env[..2],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("db,who\n{},{me}\n", p.db));
}

#[test]
fn a_connection_error_names_the_port_pgport_gave() {
    let p = parts(&fresh_database(Engine::Postgres));
    let env = [("PGHOST", p.socket.as_str()), ("PGPORT", "1")];
    let (code, out, err) = retort_in(&["-e", "select 1"], None, &env, None);
    assert_ne!(code, 0, "{out}");
    let socket = format!("{}/.s.PGSQL.1", p.socket.trim_end_matches('/'));
    assert!(err.contains(&socket), "{err}");
}
