//! EXPLAIN as a plan tree on all three engines.

use retort::query::explain::plan;

use crate::harness::{ALL, Engine, exec_ok, fresh_database};

#[test]
fn plans_render_as_trees_on_every_engine() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in ALL {
        let url = fresh_database(engine);
        exec_ok(
            &url,
            "create table users (id int primary key, name varchar(20)); \
             create table posts (id int primary key, user_id int, title varchar(20)); \
             insert into users values (1, 'ada'), (2, 'alan'); \
             insert into posts values (1, 1, 'a'), (2, 2, 'b'), (3, 1, 'c')",
        );
        let sql = "select u.name, count(*) from users u join posts p on p.user_id = u.id group by u.name \
             order by 2 desc";
        let text = rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            plan(&conn, sql).await.unwrap()
        });
        match engine {
            Engine::Postgres => {
                assert!(
                    text.contains("cost ") && text.contains("actual "),
                    "{engine:?}:\n{text}"
                );
                assert!(
                    text.contains("└─ ") && text.contains("on posts p"),
                    "{engine:?}:\n{text}"
                );
                assert!(text.contains("Execution Time"), "{engine:?}:\n{text}");
                // a picture: each node's share of the time, the costliest marked, no JSON
                assert!(text.contains("share of the time"), "{engine:?}:\n{text}");
                assert!(
                    text.contains("% ") && text.contains("█"),
                    "{engine:?}:\n{text}"
                );
                assert_eq!(text.matches("◀ most of the time").count(), 1, "{text}");
                assert!(
                    text.contains("Sort Key: (count(*)) DESC"),
                    "{engine:?}:\n{text}"
                );
                assert!(!text.contains("[\""), "{engine:?}:\n{text}");
            }
            Engine::MySql => {
                // MariaDB runs a proven read to time it (ANALYZE FORMAT=JSON): the same picture
                assert!(
                    text.starts_with("EXPLAIN ANALYZE: run for real in a read-only transaction"),
                    "{engine:?}:\n{text}"
                );
                assert!(text.contains("share of the time"), "{text}");
                assert!(
                    text.contains("query_block #1")
                        && text.contains("└─ table u")
                        && text.contains("└─ table p"),
                    "{engine:?}:\n{text}"
                );
                assert!(text.contains("% ") && text.contains("█"), "{text}");
                assert_eq!(text.matches("◀ most of the time").count(), 1, "{text}");
                assert!(text.contains("Sort Key: count(0) desc"), "{text}");
                assert!(!text.contains("{\"") && !text.contains("[\""), "{text}");
            }
            Engine::Sqlite => {
                assert!(
                    text.contains("SCAN") || text.contains("SEARCH"),
                    "{engine:?}:\n{text}"
                );
            }
        }
    }
}

/// The count of `table`'s rows, as retort prints it.
fn count(url: &str, table: &str) -> String {
    let out = exec_ok(url, &format!("select count(*) from {table}"));
    out.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("?")
        .to_string()
}

#[test]
fn mariadb_explains_only_proven_reads_and_never_runs_a_write() {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table t (a int); insert into t values (1), (2);\n\
         delimiter //\n\
         create function f() returns int modifies sql data begin insert into t values (9); return 1; end //\n\
         delimiter ;\n",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let explained = |sql: &str| {
        rt.block_on(async {
            let conn = crate::harness::connect(&url).await;
            plan(&conn, sql).await
        })
    };
    // what is not proven a read is not explained at all: MariaDB may run what a view or a
    // subquery calls while it plans (nothing is sent)
    for sql in [
        "update t set a = a + 1",
        "select f()",
        "select a, @seen := a from t",
    ] {
        let err = explained(sql).unwrap_err().to_string();
        assert!(
            err.contains("not explained") && err.contains("proven to be a read"),
            "{sql}: {err}"
        );
    }
    // a proven read inside an open transaction: planned, not run, the rows read as the bars
    let text = rt.block_on(async {
        let conn = crate::harness::connect(&url).await;
        let (tx, _rx) = tokio::sync::mpsc::channel(64);
        retort::query::execute::run_user_statement(&conn, "begin", &tx)
            .await
            .unwrap();
        plan(&conn, "select * from t where a > 1").await.unwrap()
    });
    assert!(text.starts_with("estimated plan, not run"), "{text}");
    assert!(
        text.contains("share of the rows read (estimated)"),
        "{text}"
    );
    assert_eq!(count(&url, "t"), "2");
    let rows = exec_ok(&url, "select sum(a) from t");
    assert!(rows.contains('3'), "the UPDATE was not run: {rows}");
    let text = explained("select * from t").unwrap();
    assert!(text.contains("share of the time"), "{text}");
    assert!(
        text.contains("table t (ALL)") && text.contains("r rows 2"),
        "{text}"
    );
}
