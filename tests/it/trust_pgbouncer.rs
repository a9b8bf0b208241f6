//! Behind PgBouncer in transaction pooling, reflection, statements and headless output work.

use crate::harness::{Engine, exec_ok, fresh_database, retort};
use crate::harness_pgbouncer::through_pgbouncer;

#[test]
fn reflection_and_statements_work_through_a_transaction_pooler() {
    let direct = fresh_database(Engine::Postgres);
    exec_ok(
        &direct,
        "create table parent (id int primary key, name text); \
         create table child (id int primary key, parent_id int references parent(id)); \
         insert into parent values (1, 'a'), (2, 'b')",
    );
    let parsed = url::Url::parse(&direct).unwrap();
    let url = through_pgbouncer(parsed.path().trim_start_matches('/'));
    // twice: named statements would clash on the second run
    for _ in 0..2 {
        let (code, out, err) = retort(&[&url, "--schema", "json"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("\"parent\"") && out.contains("\"child\""),
            "{out}"
        );
    }
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "begin; insert into parent values (3, 'c'); commit; select count(*) from parent",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("count\n3\n"), "{out}");
}
