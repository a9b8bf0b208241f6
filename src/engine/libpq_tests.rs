use super::*;
use crate::engine::libpq_service::parse_service_file;

fn query(u: &DatabaseUrl) -> BTreeMap<String, String> {
    u.driver_url()
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn database(u: &DatabaseUrl) -> String {
    u.driver_url()
        .unwrap()
        .path()
        .trim_start_matches('/')
        .into()
}

fn env(vars: &[(&str, &str)]) -> ClientEnv {
    ClientEnv {
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        home: None,
    }
}

fn conninfo_url(text: &str, e: &ClientEnv) -> Result<DatabaseUrl, EngineError> {
    resolve(parse_conninfo(text)?, e)
}

#[test]
fn a_conninfo_with_a_socket_directory_names_the_socket_port_database_and_user() {
    let u = conninfo_url("host=/tmp/x port=5433 dbname=shop user=app", &env(&[])).unwrap();
    assert_eq!(u.host_label(), "/tmp/x");
    assert_eq!(u.username().as_deref(), Some("app"));
    assert_eq!(database(&u), "shop");
    let q = query(&u);
    assert_eq!(q["host"], "/tmp/x");
    assert_eq!(q["port"], "5433");
    // a TCP host keeps its port in the authority
    let u = conninfo_url("host=db.example port=6543 dbname=shop", &env(&[])).unwrap();
    assert_eq!(u.host_label(), "db.example:6543");
}

#[test]
fn conninfo_values_are_quoted_and_escaped_as_libpq_takes_them() {
    let p = parse_conninfo(r"user = app   dbname='my \'shop\' \\ db'password=a\ b sslmode=require")
        .unwrap();
    assert_eq!(p["user"], "app");
    assert_eq!(p["dbname"], r"my 'shop' \ db");
    assert_eq!(p["password"], "a b");
    assert_eq!(p["sslmode"], "require");
    let u = resolve(p, &env(&[])).unwrap();
    assert_eq!(database(&u), "my%20%27shop%27%20%5C%20db");
    assert!(u.has_password());
    assert!(!u.to_string().contains("a%20b"), "{u}");
    assert_eq!(query(&u)["sslmode"], "require");
    assert_eq!(parse_conninfo("dbname=''").unwrap()["dbname"], "");
}

#[test]
fn a_bad_conninfo_is_refused_without_quoting_its_text() {
    for text in [
        "host=/x s3cret",
        "password='s3cret",
        "=s3cret",
        "password=s3cret hots=db",
        "password=s3cret port=fifty",
        "password=s3cret host=a,b",
    ] {
        let err = conninfo_url(text, &env(&[])).unwrap_err().to_string();
        assert!(!err.contains("s3cret"), "{text}: {err}");
        assert!(matches!(
            conninfo_url(text, &env(&[])),
            Err(EngineError::Usage(_))
        ));
    }
    let err = conninfo_url("hots=db", &env(&[])).unwrap_err().to_string();
    assert!(
        err.contains("\"hots\"") && err.contains("host, hostaddr"),
        "{err}"
    );
    let err = parse_conninfo("host=/x oops").unwrap_err().to_string();
    assert!(err.contains("second setting has no '='"), "{err}");
}

#[test]
fn the_environment_names_a_socket_or_a_host_and_never_puts_pgpassword_in_the_url() {
    let e = env(&[
        ("PGHOST", "/run/pg"),
        ("PGPORT", "6543"),
        ("PGUSER", "app"),
        ("PGDATABASE", "shop"),
        ("PGPASSWORD", "s3cret"),
        ("PGSSLMODE", "disable"),
    ]);
    assert!(e.names_a_database());
    let u = resolve(Params::new(), &e).unwrap();
    assert_eq!(u.host_label(), "/run/pg");
    assert_eq!(
        (query(&u)["port"].as_str(), database(&u).as_str()),
        ("6543", "shop")
    );
    assert_eq!(query(&u)["sslmode"], "disable");
    assert_eq!(u.username().as_deref(), Some("app"));
    assert!(!u.has_password() && !format!("{:?}", query(&u)).contains("s3cret"));
    let u = resolve(
        Params::new(),
        &env(&[("PGHOST", "db.example"), ("PGPORT", "5433")]),
    );
    assert_eq!(u.unwrap().host_label(), "db.example:5433");
    // a password or a TLS mode alone names no database; an empty variable is unset
    assert!(!env(&[("PGPASSWORD", "x"), ("PGSSLMODE", "require")]).names_a_database());
    assert!(!env(&[("PGHOST", "")]).names_a_database());
    // what a conninfo says wins over the environment
    let u = conninfo_url("dbname=mine", &e).unwrap();
    assert_eq!(
        (database(&u).as_str(), u.host_label().as_str()),
        ("mine", "/run/pg")
    );
}

fn service_env(text: &str, vars: &[(&str, &str)]) -> (tempfile::TempDir, ClientEnv) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("services.conf");
    std::fs::write(&file, text).unwrap();
    let mut e = env(vars);
    e.vars
        .insert("PGSERVICEFILE".into(), file.display().to_string());
    e.vars.insert(
        "PGSYSCONFDIR".into(),
        dir.path().join("none").display().to_string(),
    );
    (dir, e)
}

const SERVICES: &str = "# services\n[shop]\nhost=/run/pg\nport=6543\n dbname = shop\nuser=app\n\
    password=p'a ss=word\noptions=-c search_path=app\n\n[other]\nhost=db.example\n";

#[test]
fn a_service_fills_what_the_conninfo_leaves_and_wins_over_the_environment() {
    let (_dir, e) = service_env(SERVICES, &[("PGSERVICE", "shop"), ("PGDATABASE", "env_db")]);
    let u = resolve(Params::new(), &e).unwrap();
    assert_eq!(u.host_label(), "/run/pg");
    assert_eq!(database(&u), "shop", "the service wins over PGDATABASE");
    assert_eq!(query(&u)["options"], "-c search_path=app");
    // the service's password is taken as written, quote, space and '=' included
    let pw = u.driver_url().unwrap().password().unwrap().to_string();
    let pw = percent_encoding::percent_decode_str(&pw).decode_utf8_lossy();
    assert_eq!(pw, "p'a ss=word");
    assert!(!u.to_string().contains("ss%3Dword"), "{u}");
    // a conninfo's service, and its own words over the service's
    let u = conninfo_url("service=other dbname=mine", &e).unwrap();
    assert_eq!(
        (u.host_label().as_str(), database(&u).as_str()),
        ("db.example", "mine")
    );
}

#[test]
fn an_unknown_service_is_a_clear_error_naming_where_it_was_looked_for() {
    let (dir, e) = service_env(SERVICES, &[("PGSERVICE", "prod")]);
    let err = resolve(Params::new(), &e).unwrap_err().to_string();
    assert!(err.contains("service \"prod\" not found"), "{err}");
    assert!(
        err.contains(&dir.path().join("services.conf").display().to_string()),
        "{err}"
    );
    // no file at all: the same sentence, naming ~/.pg_service.conf
    let mut e = env(&[("PGSERVICE", "prod"), ("PGSYSCONFDIR", "/nonexistent")]);
    e.home = Some("/home/someone".into());
    let err = resolve(Params::new(), &e).unwrap_err().to_string();
    assert!(err.contains("/home/someone/.pg_service.conf"), "{err}");
}

#[test]
fn a_service_file_is_parsed_as_libpq_reads_it() {
    let s = parse_service_file(SERVICES);
    assert_eq!(s["shop"].as_ref().unwrap()["dbname"], "shop");
    assert_eq!(s["other"].as_ref().unwrap().len(), 1);
    let s = parse_service_file("[a]\nhost=x\npassword s3cret\n[b]\nhost=y\n");
    let err = s["a"].as_ref().unwrap_err();
    assert!(err.contains("line 3") && !err.contains("s3cret"), "{err}");
    assert_eq!(s["b"].as_ref().unwrap()["host"], "y");
    // lines before the first [service] belong to none (libpq skips them)
    let s = parse_service_file("password s3cret\nhost=x\n[a]\nport=1\n");
    assert_eq!(s["a"].as_ref().unwrap().len(), 1);
    // a name defined twice is its first definition, errors and all
    let s = parse_service_file("[a]\nhost=x\n[b]\n[a]\nport=2\n");
    assert_eq!(s["a"].as_ref().unwrap().len(), 1);
    let s = parse_service_file("[a]\nbad\n[a]\nhost=x\n");
    assert!(s["a"].is_err());
}

/// A file where one service names another (libpq refuses that service, and only that one).
const NESTED: &str = "[s1]\nhost=/run/pg\ndbname=one\n[s2]\nservice=s1\npassword=s3cret\n\
    [s3]\nhost=db.example\nno equals sign s3cret\n[s4]\nhost=h4\n";

#[test]
fn a_bad_service_fails_alone_naming_its_line_never_a_value() {
    for (name, host) in [("s1", "/run/pg"), ("s4", "h4")] {
        let (_dir, e) = service_env(NESTED, &[("PGSERVICE", name)]);
        let u = resolve(Params::new(), &e).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(u.host_label(), host);
        let u = conninfo_url(&format!("service={name}"), &e).unwrap();
        assert_eq!(u.host_label(), host);
    }
    for (name, line, why) in [
        ("s2", "line 5", "cannot name another"),
        ("s3", "line 9", "key=value"),
    ] {
        let (_dir, e) = service_env(NESTED, &[]);
        let err = conninfo_url(&format!("service={name}"), &e)
            .unwrap_err()
            .to_string();
        assert!(err.contains(line) && err.contains(why), "{name}: {err}");
        assert!(err.contains(&format!("{name:?}")), "{name}: {err}");
        assert!(
            !err.contains("s3cret") && !err.contains("\"s1\""),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_url_naming_a_service_is_completed_from_it_with_its_own_parts_winning() {
    let (_dir, e) = service_env(SERVICES, &[("PGDATABASE", "env_db")]);
    let url_of = |raw: &str| resolve(service_url_params(raw).unwrap(), &e).unwrap();
    let u = url_of("postgresql:///?service=shop");
    assert_eq!(u.host_label(), "/run/pg");
    assert_eq!(
        (database(&u).as_str(), query(&u)["port"].as_str()),
        ("shop", "6543")
    );
    assert_eq!(u.username().as_deref(), Some("app"));
    // what the URL names wins: its user, host, port and database
    let u = url_of("postgresql://me@db.example:5555/mine?service=shop&sslmode=require");
    assert_eq!(u.username().as_deref(), Some("me"));
    assert_eq!(u.host_label(), "db.example:5555");
    assert_eq!(database(&u), "mine");
    assert_eq!(query(&u)["sslmode"], "require");
    // an encoded database name and an IPv6 host
    let u = url_of("postgres://[::1]:6000/my%20db?service=other");
    assert_eq!(database(&u), "my%20db");
    assert_eq!(u.host_label(), "[::1]:6000");
    // no service: the URL is the driver's, as it always was
    assert!(service_url_params("postgresql://h/db?sslmode=require").is_none());
    assert!(service_url_params("mysql://h/db?service=shop").is_none());
    // a service that is nowhere is an error, not a silent default
    let err = resolve(
        service_url_params("postgresql:///?service=nope").unwrap(),
        &e,
    );
    assert!(err.unwrap_err().to_string().contains("\"nope\" not found"));
}
