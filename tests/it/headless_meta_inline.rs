//! psql's backslash commands anywhere on a line in a script, as psql reads them: `\gx` (and
//! the mysql client's `\G`) sends what is pending and shows that one result expanded; any
//! other command runs at once and the statement around it goes on after it. Nothing of a
//! command ever reaches the server.

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort, scratch_dir};

/// What retort sent to the server, as its echo log has it (`--echo FILE`).
fn run_echoed(engine: Engine, url: &str, args: &[&str]) -> (i32, String, String, String) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let echo = scratch_dir().join(format!("inline-echo-{engine:?}-{n}.log"));
    let _ = std::fs::remove_file(&echo);
    let mut all = vec![url, "--echo", echo.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, out, err) = retort(&all);
    let log = std::fs::read_to_string(&echo).unwrap_or_default();
    (code, out, err, log)
}

/// The user's statements in the echo log (retort's own catalog reads left out).
fn sent_by_user(log: &str) -> Vec<&str> {
    (log.lines())
        .filter(|l| l.contains("[user]"))
        .filter_map(|l| l.split_once(" | ").map(|(_, sql)| sql))
        .collect()
}

#[test]
fn gx_and_mysqls_g_show_that_one_result_expanded_on_every_engine() {
    for engine in ALL {
        let url = fresh_database(engine);
        let script = "select 1 as a, 2 as b \\gx\nselect 3 as c;\nselect 4 as d\\G";
        let (code, out, err, log) = run_echoed(engine, &url, &["-e", script]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let expected =
            "-[ RECORD 1 ]\na | 1\nb | 2\n c\n---\n 3\n(1 row)\n\n-[ RECORD 1 ]\nd | 4\n";
        assert_eq!(
            out, expected,
            "{engine:?}: the select between stays a table"
        );
        assert_eq!(
            sent_by_user(&log),
            ["select 1 as a, 2 as b", "select 3 as c", "select 4 as d"],
            "{engine:?}: {log}"
        );
        // from a file, as `-f` reads it, the same
        let file = scratch_dir().join(format!("inline-{engine:?}.sql"));
        std::fs::write(&file, "select 1 as a, 2 as b\n\\gx\n").unwrap();
        let (code, out, err) = retort(&[&url, "-f", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert_eq!(out, "-[ RECORD 1 ]\na | 1\nb | 2\n", "{engine:?}");
    }
}

#[test]
fn a_command_after_sql_on_its_line_runs_then_the_statement_is_sent() {
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table users (id integer primary key, name varchar(20))",
        );
        exec_ok(&url, "insert into users values (1, 'ada')");
        let (code, out, err, log) = run_echoed(engine, &url, &["-e", "select 1 as one \\dt"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let listed = out
            .find("List of relations")
            .expect("the tables are listed");
        let selected = out
            .find(" one\n-----\n   1\n(1 row)")
            .expect("the select's result");
        assert!(listed < selected, "{engine:?}: \\dt first: {out}");
        assert!(out.contains("| users "), "{engine:?}: {out}");
        assert_eq!(sent_by_user(&log), ["select 1 as one"], "{engine:?}: {log}");
        // psql's query buffer: the statement goes on after a command on a line of its own
        let script = "select name\n\\x\nfrom users;\nselect id from users;";
        let (code, out, err, log) = run_echoed(engine, &url, &["-c", script]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        assert!(
            out.starts_with("Expanded display is on.\n-[ RECORD 1 ]\nname | ada\n"),
            "{engine:?}: {out}"
        );
        assert!(
            out.ends_with("-[ RECORD 1 ]\nid | 1\n"),
            "\\x stays on: {out}"
        );
        assert_eq!(
            sent_by_user(&log),
            ["select name from users", "select id from users"],
            "{engine:?}: sent once, without the command: {log}"
        );
    }
}

#[test]
fn an_unknown_command_after_sql_sends_nothing_of_its_line() {
    for engine in ALL {
        let url = fresh_database(engine);
        for script in [
            "select 'never' as x \\foo",
            "select 'never' as x \\g out.txt",
        ] {
            let (code, out, err, log) = run_echoed(engine, &url, &["-e", script]);
            assert_eq!(code, 1, "{engine:?} {script}: {out}");
            assert!(err.contains("nothing was sent"), "{engine:?}: {err}");
            assert!(!out.contains("never"), "{engine:?}: {out}");
            assert!(sent_by_user(&log).is_empty(), "{engine:?}: {log}");
        }
        let (_, _, err, _) = run_echoed(engine, &url, &["-e", "select 1 \\foo"]);
        assert!(err.contains("\\foo: no such backslash command"), "{err}");
    }
}
