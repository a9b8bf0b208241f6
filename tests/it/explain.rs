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
                assert!(
                    text.contains("query_block")
                        && text.contains("table u")
                        && text.contains("table p"),
                    "{engine:?}:\n{text}"
                );
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
