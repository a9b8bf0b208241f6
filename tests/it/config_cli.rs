//! The configuration file from the command line: named connections, per-connection settings,
//! passwords from a command or the client's own files, and a bad file that costs nothing.

use std::process::{Command, Stdio};

use crate::harness::{Engine, exec_ok, fresh_database, scratch_dir};

/// retort with a configuration file, a home directory and extra environment of the test's.
fn retort_with(config: &str, home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    std::fs::create_dir_all(home).unwrap();
    let path = home.join("retort.toml");
    std::fs::write(&path, config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_retort"))
        .arg("--config")
        .arg(&path)
        .args(args)
        .env("RETORT_DATA_DIR", scratch_dir().join("data"))
        .env("HOME", home)
        .env_remove("DATABASE_URL")
        .env_remove("MYSQL_PWD")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn home(name: &str) -> std::path::PathBuf {
    let d = scratch_dir().join("config-home").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn a_named_connection_opens_by_name_and_as_the_default_with_its_settings() {
    let url = fresh_database(Engine::Sqlite);
    exec_ok(&url, "create table t (x int); insert into t values (1)");
    let config = format!(
        "default = \"notes\"\n\n[connections.notes]\nurl = \"{url}\"\n\n\
         [connections.locked]\nurl = \"{url}\"\nread_only = true\n"
    );
    let h = home("named");
    let (code, out, err) = retort_with(
        &config,
        &h,
        &[
            "notes",
            "-e",
            "select count(*) as n from t",
            "--format",
            "csv",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "n\n1\n"), "{err}");
    // no argument: the configured default
    let (code, out, err) = retort_with(&config, &h, &["-e", "select x from t", "--format", "csv"]);
    assert_eq!((code, out.as_str()), (0, "x\n1\n"), "{err}");
    // read_only per connection holds
    let (code, _, err) = retort_with(&config, &h, &["locked", "-e", "insert into t values (2)"]);
    assert_ne!(code, 0);
    assert!(err.to_lowercase().contains("read"), "{err}");
    assert!(exec_ok(&url, "select count(*) from t").contains('1'));
    // a name it does not know
    let (code, _, err) = retort_with(&config, &h, &["notse", "-e", "select 1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("\"notse\"") && err.contains("known: locked, notes"),
        "{err}"
    );
}

#[test]
fn a_bad_file_is_named_with_its_line_and_an_unknown_key_costs_only_itself() {
    let h = home("bad");
    // a typo in a connection: reported, and the connection is still there
    let (code, out, err) = retort_with(
        "max_rows = 10\n[connections.x]\nurl = \"sqlite://\"\npasword = \"typo\"\n",
        &h,
        &["x", "-e", "select 41 + 1 as n", "--format", "csv"],
    );
    assert_eq!((code, out.as_str()), (0, "n\n42\n"), "{err}");
    assert!(
        err.contains("retort.toml, line 4")
            && err.contains("pasword")
            && err.contains("the rest of the file is used"),
        "{err}"
    );
    // a wrong type: the defaults
    let (code, out, err) = retort_with(
        "max_rows = \"ten\"\n",
        &h,
        &["sqlite://", "-e", "select 41 + 1 as n", "--format", "csv"],
    );
    assert_eq!((code, out.as_str()), (0, "n\n42\n"), "{err}");
    assert!(
        err.contains("retort.toml, line 1") && err.contains("using the defaults"),
        "{err}"
    );
}

#[test]
fn mariadb_passwords_come_from_the_command_or_my_cnf_and_are_never_written() {
    let url = fresh_database(Engine::MySql);
    let db = crate::harness::mysql_socket_and_db(&url).1;
    exec_ok(
        &url,
        &format!(
            "create user if not exists 'cfg_pw'@'localhost' identified by 's3cret!'; \
             grant all on {db}.* to 'cfg_pw'@'localhost'"
        ),
    );
    let user_url = url.replacen("root@", "cfg_pw@", 1);
    let data = scratch_dir().join("data");
    let config = format!(
        "[connections.app]\nurl = \"{user_url}\"\npassword_command = \"printf 's3cret!'\"\n\n\
         [connections.plain]\nurl = \"{user_url}\"\n"
    );
    let h = home("mycnf");
    let (code, out, err) = retort_with(
        &config,
        &h,
        &["app", "-e", "select current_user() as u", "--format", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cfg_pw@localhost"), "{out}");
    // without a password the server refuses
    let (code, _, err) = retort_with(&config, &h, &["plain", "-e", "select 1"]);
    assert_ne!(code, 0, "{err}");
    // ~/.my.cnf, as the mariadb client reads it
    std::fs::write(h.join(".my.cnf"), "[client]\npassword = s3cret!\n").unwrap();
    let (code, _, err) = retort_with(&config, &h, &["plain", "-e", "select 1"]);
    assert_eq!(code, 0, "{err}");
    // the password is in no file retort wrote
    let mut hits = Vec::new();
    for dir in [&data, &h] {
        for entry in walk(dir) {
            if entry.ends_with(".my.cnf") {
                continue;
            }
            if std::fs::read(&entry).is_ok_and(|b| {
                String::from_utf8_lossy(&b).contains("s3cret!") && !entry.ends_with("retort.toml")
            }) {
                hits.push(entry);
            }
        }
    }
    assert!(hits.is_empty(), "{hits:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
