//! A value's type in its own terms (Session II §0): PostgreSQL `char(n)`, `bit(n)`, `varbit`,
//! `numeric(p,s)` written exactly as staged (never cut to one character), `char(n)` and `inet`
//! read values matched without a false conflict; MariaDB BOOLEAN and BIT(n) edited and
//! deleted, BIT bound as a number. A real concurrent change is still refused.

use retort::session::Session;
use retort::session::flush::CommitOutcome;

use crate::harness::Engine;
use crate::session_flush::{Fixture, run, target};

fn committed(outcome: &CommitOutcome) -> bool {
    matches!(outcome, CommitOutcome::Committed(_))
}

fn refused_as_stale(outcome: &CommitOutcome) -> bool {
    matches!(outcome, CommitOutcome::FlushFailed(e) if e.failure.message.contains("someone else"))
}

#[test]
fn postgres_char_bit_and_numeric_are_written_exactly_as_staged() {
    run(async {
        let fx = Fixture::new(
            Engine::Postgres,
            "create table t (id int primary key, c char(5), b bit(3), vb varbit(8), n numeric(5,2));
             insert into t values (1, 'abcde', B'101', B'1', 1.50)",
        )
        .await;
        let (src, rows) = fx.rows("t").await;
        let mut s = Session::new();
        for (col, text) in [("c", "vwxyz"), ("b", "011"), ("vb", "10101"), ("n", "9.99")] {
            s.set(
                fx.table("t"),
                fx.engine,
                &target(&src, &rows, 0),
                col,
                fx.value("t", col, text),
            )
            .unwrap();
        }
        s.insert(
            fx.table("t"),
            vec![
                ("id".into(), fx.value("t", "id", "2")),
                ("c".into(), fx.value("t", "c", "hello")),
                ("b".into(), fx.value("t", "b", "110")),
                ("vb".into(), fx.value("t", "vb", "0")),
                ("n".into(), fx.value("t", "n", "123.45")),
            ],
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(committed(&outcome), "{outcome:?}");
        let out =
            fx.text("select id, c, b::text as b, vb::text as vb, n::text as n from t order by id");
        assert!(
            out.contains("vwxyz")
                && out.contains("011")
                && out.contains("10101")
                && out.contains("9.99"),
            "{out}"
        );
        assert!(
            out.contains("hello") && out.contains("110") && out.contains("123.45"),
            "{out}"
        );

        // a value too long is refused by the column, never cut short
        let (src, rows) = fx.rows("t").await;
        let mut s = Session::new();
        s.set(
            fx.table("t"),
            fx.engine,
            &target(&src, &rows, 1),
            "c",
            fx.value("t", "c", "toolong"),
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::FlushFailed(_)),
            "{outcome:?}"
        );
        let mut s = Session::new();
        s.set(
            fx.table("t"),
            fx.engine,
            &target(&src, &rows, 1),
            "b",
            fx.value("t", "b", "1111"),
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(outcome, CommitOutcome::FlushFailed(_)),
            "{outcome:?}"
        );
        let out = fx.text("select c, b::text as b from t where id = 2");
        assert!(out.contains("hello") && out.contains("110"), "{out}");
    });
}

#[test]
fn postgres_char_key_edits_its_own_row_not_the_one_of_its_first_letter() {
    run(async {
        let fx = Fixture::new(
            Engine::Postgres,
            "create table k (code char(5) primary key, v text);
             insert into k values ('a', 'one'), ('abcde', 'two')",
        )
        .await;
        let (src, rows) = fx.rows("k").await;
        let at = rows
            .iter()
            .position(|r| format!("{:?}", r[0]).contains("abcde"))
            .unwrap();
        let mut s = Session::new();
        s.set(
            fx.table("k"),
            fx.engine,
            &target(&src, &rows, at),
            "v",
            fx.value("k", "v", "edited"),
        )
        .unwrap();
        let outcome = fx.commit(&s).await;
        assert!(committed(&outcome), "{outcome:?}");
        let out = fx.text("select code, v from k order by code");
        assert!(
            out.contains("one") && out.contains("edited") && !out.contains("two"),
            "{out}"
        );
    });
}

#[test]
fn postgres_padded_char_and_inet_host_rows_edit_and_delete_without_a_false_conflict() {
    run(async {
        let fx = Fixture::new(
            Engine::Postgres,
            "create table h (id int primary key, c char(5), ip inet, net cidr, v text);
             insert into h values (1, 'ab', '::1', '10.0.0.0/8', 'x'), (2, 'cd', '10.0.0.1', '10.1.0.0/16', 'y'),
                                  (3, 'ef', '::2', '10.2.0.0/16', 'z')",
        )
        .await;
        let (src, rows) = fx.rows("h").await;
        let mut s = Session::new();
        for col in ["c", "ip"] {
            s.set(
                fx.table("h"),
                fx.engine,
                &target(&src, &rows, 0),
                col,
                fx.value("h", col, "::5"),
            )
            .ok();
        }
        s.set(
            fx.table("h"),
            fx.engine,
            &target(&src, &rows, 0),
            "c",
            fx.value("h", "c", "zz"),
        )
        .unwrap();
        s.delete(fx.table("h"), &target(&src, &rows, 1)).unwrap();
        let outcome = fx.commit(&s).await;
        assert!(committed(&outcome), "{outcome:?}");
        let out = fx.text("select id, c, host(ip) as ip from h order by id");
        assert!(
            out.contains("zz") && out.contains("::5") && !out.contains("cd"),
            "{out}"
        );

        // a real change since the read is still refused: the inet of row 3 changes
        let (src, rows) = fx.rows("h").await;
        fx.text("update h set ip = '::3' where id = 3");
        let mut s = Session::new();
        s.set(
            fx.table("h"),
            fx.engine,
            &target(&src, &rows, 1),
            "ip",
            fx.value("h", "ip", "::9"),
        )
        .unwrap();
        assert!(refused_as_stale(&fx.commit(&s).await));
        let mut s = Session::new();
        s.delete(fx.table("h"), &target(&src, &rows, 1)).unwrap();
        assert!(refused_as_stale(&fx.commit(&s).await));
        // and padding: 'ef' changed to 'eF'
        let (src, rows) = fx.rows("h").await;
        fx.text("update h set c = 'eF' where id = 3");
        let mut s = Session::new();
        s.set(
            fx.table("h"),
            fx.engine,
            &target(&src, &rows, 1),
            "c",
            fx.value("h", "c", "q"),
        )
        .unwrap();
        assert!(refused_as_stale(&fx.commit(&s).await));
    });
}

#[test]
fn mariadb_boolean_and_bit_rows_edit_and_delete_and_bits_are_stored_as_numbers() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table m (id int primary key, bo boolean, bi bit(3), v varchar(10));
             insert into m values (1, true, b'101', 'x'), (2, false, b'1', 'y'), (3, true, b'11', 'z')",
        )
        .await;
        let (src, rows) = fx.rows("m").await;
        let mut s = Session::new();
        s.set(
            fx.table("m"),
            fx.engine,
            &target(&src, &rows, 0),
            "bo",
            fx.value("m", "bo", "false"),
        )
        .unwrap();
        s.set(
            fx.table("m"),
            fx.engine,
            &target(&src, &rows, 0),
            "bi",
            fx.value("m", "bi", "1"),
        )
        .unwrap();
        s.delete(fx.table("m"), &target(&src, &rows, 1)).unwrap();
        let outcome = fx.commit(&s).await;
        assert!(committed(&outcome), "{outcome:?}");
        let out = fx.text("select id, bo + 0 as bo, bi + 0 as bi from m order by id");
        let lines: Vec<Vec<&str>> = out
            .lines()
            .map(|l| l.split(['|', ' ']).filter(|w| !w.is_empty()).collect())
            .collect();
        assert!(
            lines.contains(&vec!["1", "0", "1"]),
            "bit '1' stored as 1 (not 0x31 = 49): {out}"
        );
        assert!(!lines.iter().any(|l| l.first() == Some(&"2")), "{out}");

        // a real change since the read is still refused
        let (src, rows) = fx.rows("m").await;
        fx.text("update m set bi = b'111' where id = 3");
        let mut s = Session::new();
        s.set(
            fx.table("m"),
            fx.engine,
            &target(&src, &rows, 1),
            "bi",
            fx.value("m", "bi", "0"),
        )
        .unwrap();
        assert!(refused_as_stale(&fx.commit(&s).await));
        fx.text("update m set bo = false where id = 3");
        let mut s = Session::new();
        s.delete(fx.table("m"), &target(&src, &rows, 1)).unwrap();
        assert!(refused_as_stale(&fx.commit(&s).await));
    });
}

#[test]
fn mariadb_non_strict_truncation_fails_the_change_and_row_count_stays_right() {
    run(async {
        let fx = Fixture::new(
            Engine::MySql,
            "create table w (id int primary key, name varchar(10), n int);
             insert into w values (1, 'short', 1), (2, 'other', 2)",
        )
        .await;
        crate::session_flush::read(&fx.conn, "set session sql_mode = ''").await;
        let (src, rows) = fx.rows("w").await;
        let mut s = Session::new();
        s.set(
            fx.table("w"),
            fx.engine,
            &target(&src, &rows, 0),
            "name",
            fx.value("w", "name", "toolongname34"),
        )
        .unwrap();
        let id = s.changes()[0].id;
        let outcome = fx.commit(&s).await;
        assert!(
            matches!(&outcome, CommitOutcome::FlushFailed(e) if e.culprit == Some(id)),
            "{outcome:?}"
        );
        let out = fx.text("select name from w where id = 1");
        assert!(
            out.contains("short") && !out.contains("toolongnam"),
            "{out}"
        );

        // ROW_COUNT() right after an UPDATE of 2 rows reads 2 through retort
        crate::session_flush::read(&fx.conn, "update w set n = n + 10").await;
        let (_, rows) = crate::session_flush::read(&fx.conn, "select row_count() as n").await;
        assert_eq!(
            format!("{:?}", rows[0][0]),
            format!("{:?}", retort::engine::Value::Int(2))
        );
    });
}
