use super::*;

/// Each form a server accepts, with the secret (or the parts of it) that must not be left.
const FORMS: &[(&str, &[&str])] = &[
    ("alter role r password 'hunter2'", &["hunter2"]),
    ("alter role r password /* c */ 'hunter2'", &["hunter2"]),
    ("alter role r password -- c\n 'hunter2'", &["hunter2"]),
    (
        "alter role r password /* a /* nested */ b */ 'hunter2'",
        &["hunter2"],
    ),
    ("alter role r password U&'hun\\0074er2'", &["hun", "er2"]),
    (
        "alter role r password U&'hun!0074er2' UESCAPE '!'",
        &["hun", "er2"],
    ),
    ("alter role r password u&'hunter2'", &["hunter2"]),
    ("alter role r password $€$hunter2$€$", &["hunter2"]),
    ("alter role r password $$hunter2$$", &["hunter2"]),
    ("alter role r password $pw$hun'ter2$pw$", &["hun", "ter2"]),
    ("create role r password E'hun\\'ter2'", &["hun", "ter2"]),
    (
        "create role r login password 'hunter2' valid until '2030-01-01'",
        &["hunter2"],
    ),
    (
        "alter role r with encrypted password 'hunter2'",
        &["hunter2"],
    ),
    ("alter role r password 'hun'\n'ter2'", &["hun", "ter2"]),
    ("alter user bob identified  by 'hunter2'", &["hunter2"]),
    ("alter user bob identified\nby 'hunter2'", &["hunter2"]),
    (
        "alter user bob identified /* c */ by 'hunter2'",
        &["hunter2"],
    ),
    ("alter user bob identified # c\n by 'hunter2'", &["hunter2"]),
    (
        "alter user bob identified -- c\n by 'hunter2'",
        &["hunter2"],
    ),
    (
        "alter user bob identified by 'hun\\'ter2'",
        &["hun", "ter2"],
    ),
    ("alter user bob identified by \"hunter2\"", &["hunter2"]),
    (
        "alter user bob identified by 'hun' 'ter2'",
        &["hun", "ter2"],
    ),
    (
        "alter user bob identified by _utf8mb4'hunter2'",
        &["hunter2"],
    ),
    (
        "create user bob identified with caching_sha2_password by 'hunter2'",
        &["hunter2"],
    ),
    (
        "create user bob identified with 'mysql_native_password' by 'hunter2'",
        &["hunter2"],
    ),
    (
        "create user bob identified by password '*ABCDEF0123'",
        &["ABCDEF0123"],
    ),
    (
        "create user bob identified with mysql_native_password as '*ABCDEF0123'",
        &["ABCDEF0123"],
    ),
    (
        "create user 'a'@'%' identified by 'hunter2', 'b'@'%' identified by 'hunter3'",
        &["hunter2", "hunter3"],
    ),
    (
        "create user x identified via ed25519 using password('hunter2')",
        &["hunter2"],
    ),
    (
        "create user x identified via a using 'h1' or b using 'hunter2'",
        &["hunter2", "h1"],
    ),
    (
        "alter user bob identified by 'hunter2' replace 'oldpw1'",
        &["hunter2", "oldpw1"],
    ),
    (
        "grant all on *.* to bob identified by 'hunter2' with grant option",
        &["hunter2"],
    ),
    ("set password = 'hunter2'", &["hunter2"]),
    ("set password = _utf8mb4'hunter2'", &["hunter2"]),
    ("SET PASSWORD = PASSWORD('hunter2')", &["hunter2"]),
    ("set password = password(/**/'hunter2')", &["hunter2"]),
    (
        "set password = password(concat('hun', 'ter2'))",
        &["hun", "ter2"],
    ),
    ("set password for 'bob'@'%' = 'hunter2'", &["hunter2"]),
    ("set password for bob = password('hunter2')", &["hunter2"]),
    ("change master to master_password = 'hunter2'", &["hunter2"]),
    (
        "select dblink_connect('c', 'host=h password=hunter2 dbname=d')",
        &["hunter2"],
    ),
    (
        "select dblink_connect('c', 'host=h PASSWORD = hunter2')",
        &["hunter2"],
    ),
    (
        "select * from dblink('host=h password=''hun ter2''', 'select 1') as t(x int)",
        &["hun", "ter2"],
    ),
    (
        "select dblink_connect(E'host=h pass\\x77ord=hunter2')",
        &["hunter2"],
    ),
    (
        "select dblink_connect(U&'host=h \\0070assword=hunter2')",
        &["hunter2"],
    ),
    (
        "select dblink_connect($c$host=h sslpassword=hunter2$c$)",
        &["hunter2"],
    ),
    (
        "select dblink_connect('postgresql://u:hunter2@h/db')",
        &["hunter2"],
    ),
    (
        "select dblink_connect('postgresql://h/db?password=hunter2')",
        &["hunter2"],
    ),
    (
        "create subscription s connection 'host=h password=hunter2' publication p",
        &["hunter2"],
    ),
    (
        "create user mapping for u server s options (user 'u', password 'hunter2')",
        &["hunter2"],
    ),
    (
        "alter user mapping for u server s options (set password 'hunter2')",
        &["hunter2"],
    ),
    (
        "create table t (x int) engine=federated connection='mysql://u:hunter2@h/db/t'",
        &["hunter2"],
    ),
];

/// Text no server reads to its end: everything after PASSWORD goes. (Its redacted form may read
/// differently, so a history entry keeps a flag of its own.)
const UNREADABLE: &[(&str, &[&str])] = &[
    ("alter role r password 'hunter2", &["hunter2"]),
    ("alter role r password $$hunter2", &["hunter2"]),
    ("alter role r password", &[]),
    ("select 'x; alter role r password 'hunter2'", &["hunter2"]),
    (
        "select dblink_connect('host=h password=hunter2",
        &["hunter2"],
    ),
];

#[test]
fn every_form_a_server_accepts_is_redacted() {
    for (sql, parts) in FORMS.iter().chain(UNREADABLE) {
        let red = redact_secrets(sql);
        for part in *parts {
            assert!(!red.contains(part), "{sql:?} → {red:?} still has {part:?}");
        }
        if !parts.is_empty() {
            assert!(red.contains("***"), "{sql:?} → {red:?}");
            assert!(has_secrets(sql), "{sql:?}");
        }
        let marked = mark_secrets(sql);
        for part in *parts {
            assert!(
                !marked.contains(part),
                "{sql:?} → {marked:?} still has {part:?}"
            );
        }
    }
}

#[test]
fn what_is_not_secret_is_kept() {
    for (sql, kept) in [
        (
            "ALTER USER app WITH PASSWORD 's3cr''et' VALID UNTIL 'x'",
            "ALTER USER app WITH PASSWORD '***' VALID UNTIL 'x'",
        ),
        ("select password from users", "select password from users"),
        ("alter role r password null", "alter role r password null"),
        (
            "set password for 'bob'@'%' = 'x'",
            "set password for 'bob'@'%' = '***'",
        ),
        (
            "SET PASSWORD = PASSWORD('x')",
            "SET PASSWORD = PASSWORD(***)",
        ),
        (
            "create user 'a'@'%' identified with 'sha256_password' by \"pw\";",
            "create user 'a'@'%' identified with 'sha256_password' by \"***\";",
        ),
        (
            "select dblink_connect('c', 'host=h password=x dbname=d')",
            "select dblink_connect('c', 'host=h password=*** dbname=d')",
        ),
        (
            "alter role r password $€$x$€$; select 'keep'",
            "alter role r password $€$***$€$; select 'keep'",
        ),
        (
            "select 'it''s'; select 'open",
            "select 'it''s'; select 'open",
        ),
    ] {
        assert_eq!(redact_secrets(sql), kept, "{sql:?}");
    }
}

#[test]
fn redacted_text_still_shows_where_its_secrets_were() {
    for (sql, parts) in FORMS {
        if parts.is_empty() {
            continue;
        }
        let red = redact_secrets(sql);
        assert!(has_secrets(&red), "{sql:?} → {red:?}");
        let marked = mark_secrets(&red);
        assert!(marked.contains(SECRET_MARKER), "{red:?} → {marked:?}");
        assert!(!marked.contains("***"), "{red:?} → {marked:?}");
    }
}

#[test]
fn the_marker_takes_the_quotes_too() {
    assert_eq!(
        mark_secrets("alter role r password /* c */ E'hunter2' valid until 'x'"),
        format!("alter role r password /* c */ {SECRET_MARKER} valid until 'x'")
    );
    assert_eq!(
        mark_secrets("alter user u identified by 'a';\nselect 1"),
        format!("alter user u identified by {SECRET_MARKER};\nselect 1")
    );
    assert_eq!(mark_secrets("select 1"), "select 1");
}

#[test]
fn a_server_message_quoting_the_secret_loses_it_too() {
    let sql = "alter user u identified by 'Sek' 'rit5'";
    let msg = "You have an error in your SQL syntax near ''rit5'' at line 1";
    assert_eq!(
        redact_known(msg, sql),
        "You have an error in your SQL syntax near ''***'' at line 1"
    );
    assert_eq!(redact_known("plain", "select 1"), "plain");
}

#[test]
fn sql_inside_a_string_that_sets_a_password_is_hidden_whole() {
    for sql in [
        "do $$ begin execute 'alter role r password ''S10dobody'''; end $$",
        "do $$ begin execute format('alter role r password %L', 'S11format'); end $$",
        "prepare s from 'alter user u@localhost identified by ''M13prep'''",
        "execute immediate 'alter user u@localhost identified by ''M14imm'''",
    ] {
        let red = redact_secrets(sql);
        for secret in ["S10dobody", "M13prep", "M14imm"] {
            assert!(!red.contains(secret), "{sql} → {red}");
        }
        assert!(has_secrets(sql), "{sql}");
    }
}

#[test]
fn a_server_message_that_cuts_the_secret_short_loses_its_beginning_too() {
    let secret = format!("M12err{}", "x".repeat(150));
    let sql = format!("alter user u identified by by '{secret}'");
    let message = format!(
        "You have an error near 'by '{}...' at line 1",
        &secret[..72]
    );
    let red = redact_known(&message, &sql);
    assert!(!red.contains("M12err"), "{red}");
}

#[test]
fn sql_built_from_pieces_hides_the_pieces_after_the_password_word() {
    for (sql, secret) in [
        (
            "do $$ begin execute format('alter role r password %L', 'S11format'); end $$",
            "S11format",
        ),
        (
            "execute immediate concat('alter user u identified by ', quote('M15concat'))",
            "M15concat",
        ),
        ("select format('alter role r password %L', 'S12')", "S12"),
    ] {
        let red = redact_secrets(sql);
        assert!(!red.contains(secret), "{sql} → {red}");
    }
    // a string that only mentions the word is not a trigger
    assert_eq!(
        redact_secrets("select 'password reset', 'kept'"),
        "select 'password reset', 'kept'"
    );
}
