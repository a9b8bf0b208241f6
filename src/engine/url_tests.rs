use super::*;

#[test]
fn postgres_variants_and_driver_suffixes() {
    for raw in [
        "postgresql://app@localhost/shop",
        "postgres://app@localhost/shop",
        "postgresql+psycopg://app@localhost/shop",
        "postgresql+asyncpg://app@localhost/shop",
    ] {
        let u = DatabaseUrl::parse(raw).unwrap();
        assert_eq!(u.engine, EngineKind::Postgres, "{raw}");
        assert_eq!(u.username().as_deref(), Some("app"));
    }
}

#[test]
fn mysql_and_mariadb() {
    assert_eq!(
        DatabaseUrl::parse("mysql+pymysql://root@h/db")
            .unwrap()
            .engine,
        EngineKind::MySql
    );
    assert_eq!(
        DatabaseUrl::parse("mariadb://root@h/db").unwrap().engine,
        EngineKind::MySql
    );
    let u = DatabaseUrl::parse("mysql://root@localhost/db?socket=/run/mysqld/mysqld.sock").unwrap();
    assert_eq!(u.host_label(), "/run/mysqld/mysqld.sock");
}

#[test]
fn sqlite_forms() {
    let t = |s: &str| DatabaseUrl::parse(s).unwrap().sqlite.unwrap();
    assert_eq!(t("sqlite://"), SqliteTarget::Memory);
    assert_eq!(t("sqlite:///:memory:"), SqliteTarget::Memory);
    assert_eq!(t("sqlite:///shop.db"), SqliteTarget::File("shop.db".into()));
    assert_eq!(
        t("sqlite:////tmp/shop.db"),
        SqliteTarget::File("/tmp/shop.db".into())
    );
    assert_eq!(
        t("sqlite:///my%20shop.db"),
        SqliteTarget::File("my shop.db".into())
    );
}

#[test]
fn percent_encoded_credentials_and_redaction() {
    let u = DatabaseUrl::parse("postgresql://us%40er:p%40ss%3Aw@db.example:6543/shop").unwrap();
    assert_eq!(u.username().as_deref(), Some("us@er"));
    assert!(u.has_password());
    let shown = u.to_string();
    assert!(!shown.contains("p%40ss"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
    assert_eq!(u.host_label(), "db.example:6543");
    let r = redact_url_text("postgresql://u:secret@h/db");
    assert_eq!(r, "postgresql://u:***@h/db");
    // a password as a query parameter, in a conninfo (quoted or not), as typed
    let r = redact_url_text("postgresql://h/db?user=u&password=s3cret&sslmode=require");
    assert_eq!(r, "postgresql://h/db?user=u&password=***&sslmode=require");
    let r = redact_url_text(r"host=/tmp password = 'se\'cr et' user=u sslpassword=x");
    assert_eq!(r, "host=/tmp password = *** user=u sslpassword=***");
    assert_eq!(redact_url_text("dbname=password"), "dbname=password");
}

#[test]
fn bad_urls_are_usage_errors() {
    for raw in [
        "shop.db",
        "oracle://x@y/z",
        "sqlite:relative.db",
        "postgresql://[bad/",
    ] {
        let err = DatabaseUrl::parse(raw).unwrap_err();
        assert!(matches!(err, EngineError::Usage(_)), "{raw}: {err:?}");
    }
}

#[test]
fn password_prompt_result_is_encoded() {
    let u = DatabaseUrl::parse("postgresql://app@localhost/shop").unwrap();
    let with = u.with_password("a:b@c/d");
    assert_eq!(with.driver_url().unwrap().password(), Some("a%3Ab%40c%2Fd"));
    assert!(!with.to_string().contains("a%3A"));
}

#[test]
fn a_user_with_no_host_and_a_socket_in_the_query_is_a_url() {
    let u = DatabaseUrl::parse("postgresql://app@/shop?host=/var/run/postgresql").unwrap();
    assert_eq!(u.host_label(), "/var/run/postgresql");
    assert_eq!(u.username().as_deref(), Some("app"));
    let u = DatabaseUrl::parse("mysql://app:pw@/shop?socket=/run/mysqld/mysqld.sock").unwrap();
    assert_eq!(u.host_label(), "/run/mysqld/mysqld.sock");
    assert!(u.has_password());
    // no socket named: the default host, as libpq's
    let u = DatabaseUrl::parse("postgresql://app@/shop").unwrap();
    assert_eq!(u.host_label(), "localhost");
    // a host is kept as it is
    let u = DatabaseUrl::parse("postgresql://app@db.example:5433/shop").unwrap();
    assert_eq!(u.host_label(), "db.example:5433");
}

#[test]
fn a_password_with_a_slash_or_a_question_mark_is_never_in_an_error() {
    for raw in [
        "postgresql://atkpw:PgS3c/retXYZ@127.0.0.1/atk",
        "postgresql://atkpw:PgS3c?retXYZ@127.0.0.1/atk",
        "mysql://atk:a/b?c#dXYZ@localhost/atk",
    ] {
        let said = match DatabaseUrl::parse(raw) {
            Ok(u) => u.to_string(),
            Err(e) => e.to_string(),
        };
        assert!(!said.contains("retXYZ") && !said.contains("dXYZ"), "{said}");
        assert!(
            !redact_url_text(raw).contains("XYZ"),
            "{}",
            redact_url_text(raw)
        );
    }
}

#[test]
fn a_password_inside_another_parameter_is_neither_shown_nor_kept() {
    let u = DatabaseUrl::parse(
        "postgresql://app@db/shop?sslmode=require&options=-c%20app.password%3DS3cretXYZ",
    )
    .unwrap();
    let shown = format!("{:?}", u.shown_options());
    assert!(
        shown.contains("sslmode") && !shown.contains("S3cretXYZ"),
        "{shown}"
    );
    assert!(
        !u.without_password().contains("S3cretXYZ"),
        "{}",
        u.without_password()
    );
}

#[test]
fn a_connection_error_names_the_socket_file_with_its_port() {
    let target = |raw: &str| DatabaseUrl::parse(raw).unwrap().connect_target();
    assert_eq!(
        target("postgresql:///db?host=/var/run/postgresql&port=5499"),
        "socket \"/var/run/postgresql/.s.PGSQL.5499\""
    );
    assert_eq!(
        target("postgresql://app@/db?host=/tmp/"),
        "socket \"/tmp/.s.PGSQL.5432\""
    );
    assert_eq!(target("postgresql://h:6000/db"), "h:6000");
    assert_eq!(
        target("mysql://root@localhost/db?socket=/run/mysqld/mysqld.sock"),
        "/run/mysqld/mysqld.sock"
    );
}
