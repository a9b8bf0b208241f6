//! The splitter's tests: statements, dialects, backslash commands, the statement under the cursor.

use super::*;

fn texts(script: &str, engine: EngineKind) -> Vec<String> {
    split_statements(script, engine)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn splits_on_semicolons_outside_strings_and_comments() {
    let got = texts(
        "select 'a;b', \"c;d\" from t; -- x;y\nselect 2 /* ; */;\n\n  ",
        EngineKind::Postgres,
    );
    assert_eq!(
        got,
        vec!["select 'a;b', \"c;d\" from t", "-- x;y\nselect 2 /* ; */"]
    );
}

#[test]
fn dollar_quotes_keep_function_bodies_whole() {
    let sql = "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql;\nselect $1, $$a;b$$";
    let got = texts(sql, EngineKind::Postgres);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("language plpgsql"));
    assert_eq!(got[1], "select $1, $$a;b$$");
}

#[test]
fn escapes_per_dialect() {
    assert_eq!(
        texts(r"select 'it\'s;'; select 2", EngineKind::MySql).len(),
        2
    );
    assert_eq!(
        texts(r"select E'a\';b'; select 2", EngineKind::Postgres).len(),
        2
    );
    assert_eq!(
        texts("select 'a''; b'; select 2", EngineKind::Sqlite).len(),
        2
    );
    assert_eq!(
        texts("select `a;b` from t; select 2", EngineKind::MySql).len(),
        2
    );
}

#[test]
fn sqlite_triggers_are_one_statement() {
    let sql = "create trigger tr after insert on t begin\n  insert into log values (1);\n  update c set n = n + 1;\nend;\nselect 2;";
    let got = texts(sql, EngineKind::Sqlite);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("create trigger") && got[0].ends_with("end"));
    assert_eq!(got[1], "select 2");
    assert_eq!(texts("select 1; select 2", EngineKind::Sqlite).len(), 2);
}

#[test]
fn mysql_delimiter_command() {
    let sql = "DELIMITER //\ncreate procedure p() begin select 1; select 2; end//\nDELIMITER ;\nselect 3;";
    let got = texts(sql, EngineKind::MySql);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("create procedure") && got[0].ends_with("end"));
    assert_eq!(got[1], "select 3");
}

#[test]
fn a_backslash_command_is_a_line_of_its_own() {
    for engine in [EngineKind::Postgres, EngineKind::MySql, EngineKind::Sqlite] {
        assert_eq!(
            texts("\\dt\nselect 1;\n  \\d users\nselect '\\x'", engine),
            vec!["\\dt", "select 1", "\\d users", "select '\\x'"],
            "{engine:?}"
        );
    }
}

#[test]
fn offsets_point_into_the_script() {
    let script = "select 1;\n  select 2";
    let st = split_statements(script, EngineKind::Sqlite);
    assert_eq!(&script[st[1].start..], "select 2");
}

#[test]
fn unicode_and_blank_pieces() {
    assert_eq!(
        texts("select 'ü;é'; ;; -- only\n", EngineKind::Postgres),
        vec!["select 'ü;é'"]
    );
}

#[test]
fn picks_the_statement_under_the_cursor() {
    let s = "select 1;\nselect 2;\n\nselect 3";
    let at = |c| statement_at(s, c, EngineKind::Postgres).unwrap().text;
    assert_eq!(at(0), "select 1");
    assert_eq!(at(12), "select 2");
    assert_eq!(at(19), "select 2");
    assert_eq!(at(s.len()), "select 3");
    assert!(statement_at("  ", 0, EngineKind::Sqlite).is_none());
}

#[test]
fn a_blank_line_ends_the_statement_under_the_cursor_outside_strings_and_comments() {
    let s = "select id, name from tags\n\nselect name from tags";
    let at = |c| statement_at(s, c, EngineKind::Sqlite).unwrap().text;
    assert_eq!(at(3), "select id, name from tags");
    assert_eq!(at(s.len()), "select name from tags");
    // a blank line with spaces on it, and the cursor on the blank line itself
    let s = "select 1\n   \nselect 2";
    assert_eq!(
        statement_at(s, 10, EngineKind::Postgres).unwrap().text,
        "select 1"
    );
    // inside a string, a dollar quote or a comment a blank line is text
    for s in [
        "select 'a\n\nb' as x",
        "select $$a\n\nb$$ as x",
        "select 1 /* a\n\nb */ + 1",
    ] {
        let engine = EngineKind::Postgres;
        assert_eq!(statement_at(s, s.len(), engine).unwrap().text, s);
    }
    // a script is still split at its terminators only
    let all = split_statements("select 1\n\nfrom t;", EngineKind::Postgres);
    assert_eq!(all.len(), 1);
}

const ENGINES: [EngineKind; 3] = [EngineKind::Postgres, EngineKind::MySql, EngineKind::Sqlite];

/// Each piece as its kind and text.
fn steps(script: &str, engine: EngineKind) -> Vec<(Kind, String)> {
    split_statements(script, engine)
        .into_iter()
        .map(|s| (s.kind, s.text))
        .collect()
}

fn sql(ending: Ending, text: &str) -> (Kind, String) {
    (Kind::Sql(ending), text.to_string())
}

fn command(text: &str) -> (Kind, String) {
    (Kind::Command, text.to_string())
}

#[test]
fn a_backslash_in_strings_identifiers_comments_and_dollar_quotes_is_text() {
    let cases = [
        (
            EngineKind::Postgres,
            "select 'a\\dt', E'\\n', E'\\'\\x', $$b\\x$$, $f$\\g$f$, \"a\\b\" -- \\x\n/* \\dt */ from t",
        ),
        (
            EngineKind::MySql,
            "select 'it\\'s \\dt', \"a\\\"b \\x\", `a\\b` # \\G\n-- \\x\n/* \\g */ from t",
        ),
        (
            EngineKind::Sqlite,
            "select 'a\\b', \"a\\b\", [a\\b], `a\\gx` -- \\x\n/* \\G */ from t",
        ),
    ];
    for (engine, script) in cases {
        assert_eq!(
            steps(&format!("{script};"), engine),
            vec![sql(Ending::Terminator, script)],
            "{engine:?}"
        );
    }
}

#[test]
fn g_gx_and_mysqls_g_send_what_is_pending() {
    for engine in ENGINES {
        assert_eq!(
            steps("select 1 as a, 2 as b \\gx", engine),
            vec![sql(Ending::GoExpanded, "select 1 as a, 2 as b")],
            "{engine:?}"
        );
        assert_eq!(
            steps("select *\nfrom t\\G\nselect 2 \\g\nselect 3;", engine),
            vec![
                sql(Ending::GoExpanded, "select *\nfrom t"),
                sql(Ending::Go, "select 2"),
                sql(Ending::Terminator, "select 3"),
            ],
            "{engine:?}"
        );
        // nothing pending: nothing is sent (psql would send the previous statement again)
        assert_eq!(steps("select 1;\n\\g\n\\gx", engine).len(), 1);
        // psql's `\g FILE` is a command retort refuses, and it comes before what is pending
        assert_eq!(
            steps("select 1 \\g out.txt", engine),
            vec![command("\\g out.txt"), sql(Ending::End, "select 1")],
            "{engine:?}"
        );
    }
}

#[test]
fn a_command_inside_a_statement_runs_first_and_the_statement_goes_on() {
    for engine in ENGINES {
        assert_eq!(
            steps("select *\n\\x\nfrom t;", engine),
            vec![command("\\x"), sql(Ending::Terminator, "select *\nfrom t")],
            "{engine:?}"
        );
        assert_eq!(
            steps("select * \\dt\n from t;\nselect 2;", engine),
            vec![
                command("\\dt"),
                sql(Ending::Terminator, "select * \n from t"),
                sql(Ending::Terminator, "select 2"),
            ],
            "{engine:?}"
        );
        // at the end of the script what is pending is sent, after the command
        assert_eq!(
            steps("select 1 \\dt", engine),
            vec![command("\\dt"), sql(Ending::End, "select 1")],
            "{engine:?}"
        );
        // an unknown one too comes first: the runner stops there, nothing of it is sent
        assert_eq!(
            steps("select 1 \\foo bar\n;", engine)[0],
            command("\\foo bar")
        );
    }
}

#[test]
fn offsets_cover_what_was_written() {
    let script = "select *\n\\x\nfrom t \\gx\n\\dt\nselect 2;";
    let all = split_statements(script, EngineKind::Postgres);
    let [x, first, dt, second] = &all[..] else {
        panic!("{all:?}")
    };
    assert_eq!(&script[x.start..x.after], "\\x");
    assert_eq!(&script[first.start..first.end], "select *\n\\x\nfrom t");
    assert_eq!(
        &script[first.start..first.after],
        "select *\n\\x\nfrom t \\gx"
    );
    assert_eq!(&script[dt.start..dt.after], "\\dt");
    assert_eq!(&script[second.start..second.after], "select 2;");
}

#[test]
fn the_statement_under_the_cursor_keeps_its_commands_and_its_gx() {
    let script = "select *\n\\x\nfrom t \\gx\n\\dt\nselect 2;";
    let at = |cursor| &script[span_at(script, cursor, EngineKind::Postgres).unwrap()];
    for cursor in [0, 10, 16, 22] {
        assert_eq!(at(cursor), "select *\n\\x\nfrom t \\gx", "at {cursor}");
    }
    assert_eq!(at(24), "\\dt");
    assert_eq!(at(script.len()), "select 2;");
    let st = statement_at(script, 10, EngineKind::Postgres).unwrap();
    assert_eq!(st.text, "select *\nfrom t");
    assert_eq!(st.kind, Kind::Sql(Ending::GoExpanded));
    // run again, the text under the cursor is the same steps
    assert_eq!(
        steps(at(10), EngineKind::Postgres),
        vec![command("\\x"), sql(Ending::GoExpanded, "select *\nfrom t")]
    );
}

/// The statement under a cursor on the first line, for each engine.
fn first_under_cursor(script: &str) -> Vec<String> {
    ENGINES
        .iter()
        .map(|engine| statement_at(script, 0, *engine).unwrap().text)
        .collect()
}

/// The text of each statement the editor finds in `script` (its cursor on each in turn).
fn editor_pieces(script: &str, engine: EngineKind) -> Vec<String> {
    Splitter::new(script, engine, true)
        .run()
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn a_blank_line_before_a_continuation_is_inside_the_statement() {
    // the tester's case: cut at the blank line, it deleted every row with id > 0
    let delete = "delete from log where id > 0\n\n  and id = 2;";
    for text in first_under_cursor(delete) {
        assert_eq!(text, "delete from log where id > 0\n\n  and id = 2");
    }
    for script in [
        "select *\n\nfrom t",
        "select a\nfrom t\n\nwhere a > 1\n\norder by a",
        "select a\n\n, b from t",
        "select a from t where a in (1, 2\n\n)",
        "select a from t join u on t.id = u.id\n\n\nlimit 3",
        // comments between are skipped to find what comes next
        "delete from log where id > 0\n\n-- only the second\n/* really */ and id = 2",
    ] {
        for engine in ENGINES {
            assert_eq!(editor_pieces(script, engine), vec![script], "{engine:?}");
        }
    }
}

#[test]
fn update_without_its_set_goes_on_after_a_blank_line() {
    let script = "update t\n\nset a = 1 where id = 2";
    assert_eq!(first_under_cursor(script), vec![script; 3]);
    // with its SET, a SET after a blank line is a statement of its own
    let two = "update t set a = 1 where id = 2\n\nset search_path = x";
    assert_eq!(
        editor_pieces(two, EngineKind::Postgres),
        vec!["update t set a = 1 where id = 2", "set search_path = x"]
    );
}

#[test]
fn a_blank_line_before_a_new_statement_still_ends_one() {
    let cases: &[(&str, &[&str])] = &[
        ("select 1\n\nselect 2", &["select 1", "select 2"]),
        (
            "select 1\n\n-- next\nselect 2",
            &["select 1", "-- next\nselect 2"],
        ),
        (
            "begin\n\nupdate t set a = 1",
            &["begin", "update t set a = 1"],
        ),
        ("show all\n\nselect 1", &["show all", "select 1"]),
        ("set x = on\n\nselect 1", &["set x = on", "select 1"]),
        (
            "insert into t default values\n\nselect 1",
            &["insert into t default values", "select 1"],
        ),
        (
            "select 1\n\n(select 2) union (select 3)",
            &["select 1", "(select 2) union (select 3)"],
        ),
        ("select 1\n\n\\dt", &["select 1", "\\dt"]),
        (
            "create table t (a int)\n\ninsert into t values (1)",
            &["create table t (a int)", "insert into t values (1)"],
        ),
    ];
    for (script, want) in cases {
        assert_eq!(
            editor_pieces(script, EngineKind::Postgres),
            *want,
            "{script}"
        );
    }
}

#[test]
fn an_unfinished_statement_goes_on_after_a_blank_line() {
    for script in [
        "insert into t values (1),\n\n(2)",
        "insert into t (a, b)\n\nselect a, b from u",
        "select * from t where\n\nexists (select 1)",
        "select * from t where id in (\n\nselect id from u)",
        "with gone as (delete from log returning *)\n\ninsert into archive select * from gone",
        "create view v as\n\nselect 1",
        "explain (costs off)\n\ndelete from t",
        "select 1\n\nunion all\n\nselect 2",
        "insert into t values (1) on conflict (id)\n\ndo update\n\nset a = 2",
        "select 1 +\n\n2",
    ] {
        assert_eq!(
            editor_pieces(script, EngineKind::Postgres),
            vec![script],
            "{script}"
        );
    }
    // a trigger's body: a `;` that did not end it, and the BEGIN that opens it
    let trigger = "create trigger tr after insert on t begin\n\n  insert into log values (1);\n\n  update c set n = n + 1;\nend;\nselect 2";
    let got = editor_pieces(trigger, EngineKind::Sqlite);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("end"), "{got:?}");
}

#[test]
fn a_blank_line_in_a_string_or_a_comment_before_a_statement_is_text() {
    for script in [
        "select 'a\n\nselect b' as x",
        "select 1 /* a\n\nselect */ + 1",
    ] {
        assert_eq!(first_under_cursor(script), vec![script; 3]);
    }
    let dollar = "select $$a\n\nselect b$$ as x";
    assert_eq!(editor_pieces(dollar, EngineKind::Postgres), vec![dollar]);
    // a script is split at its terminators only, smart or not
    assert_eq!(
        split_statements("select 1\n\nselect 2;", EngineKind::Postgres).len(),
        1
    );
}
