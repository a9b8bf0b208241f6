use super::*;
use EngineKind::*;

fn reason(sql: &str, engine: EngineKind) -> String {
    needs_confirmation(sql, engine).unwrap_or_else(|| panic!("{engine:?} runs {sql:?} unasked"))
}

fn unasked(sql: &str, engine: EngineKind) {
    let got = needs_confirmation(sql, engine);
    assert!(got.is_none(), "{engine:?} asks about {sql:?}: {got:?}");
}

#[test]
fn destructive_statements_ask_first() {
    for e in [Postgres, MySql, Sqlite] {
        assert!(
            reason("with x as (delete from t returning *) select * from x", e).contains("DELETE")
        );
        assert!(reason("drop table users", e).contains("DROP"));
        assert!(reason("TRUNCATE posts", e).contains("TRUNCATE"));
        assert!(reason("alter table t add c int", e).contains("ALTER"));
        assert!(reason("delete from posts", e).contains("DELETE without WHERE"));
        assert!(reason("DeLeTe/**/from posts", e).contains("DELETE without WHERE"));
        assert!(reason("update users set name = 'where'", e).contains("UPDATE without WHERE"));
        assert!(reason("delete from t -- where id = 5\n", e).contains("without WHERE"));
        assert!(reason("delete from t /* where id = 5 */", e).contains("without WHERE"));
        // a WHERE inside a subquery filters the subquery, not the rows changed
        let sub = "update t set a = (select 1 from u where u.id = 2)";
        assert!(reason(sub, e).contains("UPDATE without WHERE"));
        unasked("update users set a = 1 where id = 3", e);
        unasked("delete from t where id in (select id from u)", e);
        unasked("select * from users", e);
        unasked("select 'drop table t; delete from t'", e);
    }
}

#[test]
fn mysql_executable_comments_make_the_shape_uncertain() {
    for sql in [
        // the server skips a comment whose version is above its own: no WHERE is left
        "delete from t2 /*!99999 where id = 5 */",
        "delete from t2 /*M!999999 where id = 5 */",
        "update t2 set a = 1 /*!99999 where id = 5 */",
        "update t2 set a = 1 /*M!100000 where id = 5 */",
        // and runs one whose version is below: the statement is not what it looks like
        "delete from t2 where id = 5 /*! or 1 = 1 */",
        "/*! drop table t2 */",
        "/*!50000 truncate t2 */",
        "/*M! drop table t2 */",
        "/*!99999 select 1 from */ t2; drop table t2",
        "select 1 /*!99999 ; drop table t2 */",
        "/*!99999 select 1 */ delete from t2",
        // conservative: harmless ones ask too (mysqldump writes them)
        "select /*!40001 SQL_NO_CACHE */ * from t2",
        // unterminated: still an executable comment
        "delete from t2 /*!99999 where id = 5",
    ] {
        assert_eq!(reason(sql, MySql), EXECUTABLE_COMMENT, "{sql}");
    }
    // a plain comment (MariaDB's marker is upper-case), or one inside a string, is not one
    let plain = reason("delete from t2 /*m! where id = 5 */", MySql);
    assert!(plain.contains("DELETE without WHERE"));
    unasked(
        "delete from t2 where a = '/*!99999' and b = \"/*M!1\"",
        MySql,
    );
    unasked("delete from t2 where id = 5 -- /*!99999 */", MySql);
    unasked("delete from t2 where id = 5 # /*!99999 */", MySql);
}

#[test]
fn executable_comments_are_plain_comments_elsewhere() {
    for e in [Postgres, Sqlite] {
        let r = reason("delete from t2 /*!99999 where id = 5 */", e);
        assert!(r.contains("DELETE without WHERE"), "{e:?}: {r}");
        let r = reason("delete from t2 /*M! where id = 5 */", e);
        assert!(r.contains("DELETE without WHERE"), "{e:?}: {r}");
        unasked("delete from t2 where id = 5 /*! drop table t2 */", e);
        unasked("/*!99999 drop table t2 */ select 1", e);
    }
}

#[test]
fn mysql_comments_are_read_as_the_server_reads_them() {
    // `--` starts a comment only before a space or a control character (DEL too)
    for dash in ["-- ", "--\t", "--\x7f", "--\x01", "--\x0b"] {
        let sql = format!("delete from t2 {dash}where id = 5");
        assert!(reason(&sql, MySql).contains("without WHERE"), "{sql:?}");
    }
    // `5--1` is 5 - (-1) on MySQL: the WHERE stands
    unasked("delete from t2 where id = 5--1", MySql);
    assert!(reason("delete from t2 # where id = 5", MySql).contains("DELETE without"));
    assert!(reason("update t2 set a = 1 #\n", MySql).contains("UPDATE without"));
}

#[test]
fn the_first_keyword_comes_from_the_tokens() {
    // PostgreSQL nests comments: `select 1` is inside one, DROP / DELETE is the statement
    let pg = Postgres;
    assert!(reason("/* /* */ select 1 */ drop table t", pg).contains("DROP"));
    assert!(reason("/* /* */ select 1 */ delete from t", pg).contains("DELETE without"));
    assert!(reason("(((delete from t)))", pg).contains("DELETE without"));
    // MySQL does not nest them: the `*/` ends it, DELETE is code
    assert!(reason("/* /* */ delete from t", MySql).contains("DELETE without"));
}

#[test]
fn every_reading_of_strings_is_asked_about() {
    // with backslash escapes (MySQL's default; PostgreSQL without standard_conforming_strings)
    // the WHERE is inside the string
    for e in [MySql, Postgres] {
        let r = reason(r"update t set a = '\' where id = 1 -- '", e);
        assert!(r.contains("UPDATE without WHERE"), "{e:?}: {r}");
    }
    // with them, one UPDATE with a WHERE; without them (NO_BACKSLASH_ESCAPES) a DELETE too
    let r = reason(
        r"update t set a = 1 where id = '\'; delete from t2; select ' -- '",
        MySql,
    );
    assert!(r.contains("DELETE without WHERE"), "{r}");
    // a reading in which the text does not end is refused by the server, not asked about
    unasked(r"update t set a = 'it\'s' where id = 1", MySql);
    unasked(r"update t set p = 'C:\' where id = 1", Postgres);
    // no reading ends it: nothing about it can be told
    assert_eq!(reason("delete from t where a = 'x", Postgres), UNREADABLE);
    assert_eq!(reason("select 1 /* open", MySql), UNREADABLE);
}
