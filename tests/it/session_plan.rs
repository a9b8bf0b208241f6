//! The flush plan as a pure function: the identity map's merging rules, SQLAlchemy's order
//! (parents' saves first, children's deletes first, a self-referencing table parent first, a
//! cycle broken by insert-with-NULL then UPDATE), and the exact SQL of each dialect
//! (insta snapshots).

use retort::engine::{EngineKind, Kind, Value};
use retort::session::{
    Cell, ChangeKind, Dialect, Proof, RowKey, RowTarget, Session, TableRef, plan,
};

use crate::session_plan_schema::{existing, int, mixed, rendered, schema, t, text, txt};

#[test]
fn plan_sql_per_dialect() {
    let tables = schema();
    for (engine, name) in [
        (EngineKind::Postgres, "postgres"),
        (EngineKind::MySql, "mysql"),
        (EngineKind::Sqlite, "sqlite"),
    ] {
        let s = mixed(&tables, engine);
        insta::assert_snapshot!(format!("mixed_{name}"), rendered(&s, &tables, engine));
    }
}

#[test]
fn saves_go_parents_first_and_deletes_children_first() {
    let tables = schema();
    let s = mixed(&tables, EngineKind::Postgres);
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(&s, &lookup, EngineKind::Postgres).unwrap();
    let order: Vec<String> = p
        .steps
        .iter()
        .map(|s| format!("{:?} {}", s.kind, s.table.name))
        .collect();
    assert_eq!(
        order,
        [
            "Insert users",
            "Update posts",
            "Insert posts",
            "Delete comments",
            "Delete posts"
        ]
    );
    assert!(p.steps.iter().all(|s| s.expect == 1));
}

#[test]
fn the_identity_map_merges_changes_of_one_row() {
    let tables = schema();
    let posts = t(&tables, "posts");
    let pg = EngineKind::Postgres;
    let mut s = Session::new();
    let row = existing(2, &[("title", txt("Old")), ("user_id", Value::Int(1))]);
    // two columns of one row: one UPDATE of both
    s.set(posts, pg, &row, "title", text("New")).unwrap();
    s.set(posts, pg, &row, "user_id", int(9)).unwrap();
    assert_eq!(s.changes().len(), 1);
    // back to the original: that column is no longer changed
    s.set(posts, pg, &row, "user_id", int(1)).unwrap();
    let ChangeKind::Update { new, .. } = &s.changes()[0].kind else {
        panic!("an update")
    };
    assert_eq!(new.len(), 1);
    // ...and when nothing is left, the change goes
    assert_eq!(s.set(posts, pg, &row, "title", text("Old")).unwrap(), None);
    assert!(s.is_empty());
    // deleting an edited row replaces its UPDATE
    s.set(posts, pg, &row, "title", text("New")).unwrap();
    s.delete(posts, &row).unwrap();
    assert_eq!(s.changes().len(), 1);
    assert!(s.changes()[0].is_delete());
    // a new row with the deleted row's key: one UPDATE (the row switch)
    s.insert(
        posts,
        vec![
            ("id".into(), int(2)),
            ("title".into(), text("Switched")),
            ("user_id".into(), int(1)),
        ],
    )
    .unwrap();
    assert_eq!(s.changes().len(), 1);
    let ChangeKind::Update { new, original, .. } = &s.changes()[0].kind else {
        panic!("the row switch is an update")
    };
    assert_eq!(new, &vec![("title".to_string(), text("Switched"))]);
    assert_eq!(original, &vec![("title".to_string(), txt("Old"))]);
    // editing a pending insert changes its INSERT; deleting it just drops it
    let id = s
        .insert(
            posts,
            vec![("id".into(), int(11)), ("title".into(), text("a"))],
        )
        .unwrap();
    s.set(posts, pg, &RowTarget::New(id), "title", text("b"))
        .unwrap();
    assert_eq!(s.get(id).unwrap().staged("title"), Some(&text("b")));
    s.delete(posts, &RowTarget::New(id)).unwrap();
    assert!(s.get(id).is_none());
    // NULL, DEFAULT and the empty string stay three things
    let id = s
        .insert(
            posts,
            vec![
                ("id".into(), int(12)),
                ("title".into(), text("")),
                ("meta".into(), Cell::null()),
            ],
        )
        .unwrap();
    s.set(posts, pg, &RowTarget::New(id), "user_id", Cell::Default)
        .unwrap();
    let sql = rendered(&s, &tables, pg);
    assert!(
        sql.contains(
            "(id, title, meta) VALUES ($1::integer, $2::character varying, $3::pg_catalog.jsonb)"
        ),
        "{sql}"
    );
    assert!(
        sql.contains("(12::integer, ''::character varying, NULL::pg_catalog.jsonb)"),
        "{sql}"
    );
    // key columns of a read row are not edited in place
    assert!(
        s.set(posts, pg, &row, "id", int(5))
            .unwrap_err()
            .contains("key")
    );
}

#[test]
fn a_self_referencing_table_inserts_parents_first_and_deletes_children_first() {
    let tables = schema();
    let cats = t(&tables, "categories");
    let mut s = Session::new();
    // staged child first, then its parent, then the grandparent
    for (id, parent) in [(3, Some(2)), (2, Some(1)), (1, None)] {
        s.insert(
            cats,
            vec![
                ("id".into(), int(id)),
                ("parent_id".into(), parent.map(int).unwrap_or(Cell::null())),
                ("name".into(), text(&format!("c{id}"))),
            ],
        )
        .unwrap();
    }
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(&s, &lookup, EngineKind::Sqlite).unwrap();
    let ids: Vec<Value> = p.steps[0].rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        ids,
        [Value::Int(1), Value::Int(2), Value::Int(3)],
        "parents first"
    );
    let sql = rendered(&s, &tables, EngineKind::Postgres);
    assert!(
        sql.contains("pg_catalog.unnest('{\"1\",\"2\",\"3\"}'::pg_catalog.text[]::integer[]"),
        "{sql}"
    );
    let mut s = Session::new();
    for (id, parent) in [(1, None), (2, Some(1))] {
        let row = existing(
            id,
            &[
                ("parent_id", parent.map(Value::Int).unwrap_or(Value::Null)),
                ("name", txt("x")),
            ],
        );
        s.delete(cats, &row).unwrap();
    }
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(&s, &lookup, EngineKind::Sqlite).unwrap();
    assert_eq!(
        p.steps[0].params[0],
        Value::Int(2),
        "the child row goes first"
    );
}

#[test]
fn a_cycle_between_tables_inserts_with_null_then_updates() {
    let tables = schema();
    let mut s = Session::new();
    s.insert(
        t(&tables, "a"),
        vec![("id".into(), int(1)), ("b_id".into(), int(1))],
    )
    .unwrap();
    s.insert(
        t(&tables, "b"),
        vec![("id".into(), int(1)), ("a_id".into(), int(1))],
    )
    .unwrap();
    insta::assert_snapshot!(
        "cycle_postgres",
        rendered(&s, &tables, EngineKind::Postgres)
    );
}

#[test]
fn inserts_of_one_shape_go_in_multi_row_statements() {
    let tables = schema();
    let users = t(&tables, "users");
    let mut s = Session::new();
    for i in 0..2500 {
        s.insert(
            users,
            vec![("id".into(), int(i)), ("username".into(), text("u"))],
        )
        .unwrap();
    }
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(&s, &lookup, EngineKind::MySql).unwrap();
    let sizes: Vec<u64> = p.steps.iter().map(|s| s.expect).collect();
    assert_eq!(sizes, [1000, 1000, 500]);
    assert_eq!(
        p.steps[0].rows_one_by_one().map_or(0, |rows| rows.len()),
        1000,
        "each row can be sent alone to name a culprit"
    );
    assert!(
        p.steps[0]
            .sql
            .starts_with("INSERT INTO public.users (id, username) VALUES (?, ?), (?, ?)")
    );
}

#[test]
fn inserts_that_leave_the_key_to_the_server_return_it() {
    let tables = schema();
    let users = t(&tables, "users");
    for (engine, name) in [
        (EngineKind::Postgres.into(), "postgres"),
        (EngineKind::MySql.into(), "mysql"),
        // MariaDB 10.5 and later: the keys of a multi-row INSERT come back as well
        (Dialect::mariadb(), "mariadb"),
        (EngineKind::Sqlite.into(), "sqlite"),
    ] {
        let mut s = Session::new();
        for n in ["ada", "grace"] {
            s.insert(users, vec![("username".into(), text(n))]).unwrap();
        }
        // a row that sets its key returns nothing
        s.insert(
            users,
            vec![("id".into(), int(9)), ("username".into(), text("alan"))],
        )
        .unwrap();
        insta::assert_snapshot!(format!("returning_{name}"), rendered(&s, &tables, engine));
    }
}

#[test]
fn a_cycle_of_deferrable_keys_is_deferred_not_broken() {
    let mut tables = schema();
    for t in tables.iter_mut() {
        for fk in t.foreign_keys.iter_mut() {
            fk.deferrable = true;
            fk.name = Some(format!("{}_{}_fkey", t.relation.name, fk.columns[0]));
        }
    }
    let mut s = Session::new();
    s.insert(
        t(&tables, "a"),
        vec![("id".into(), int(1)), ("b_id".into(), int(1))],
    )
    .unwrap();
    s.insert(
        t(&tables, "b"),
        vec![("id".into(), int(1)), ("a_id".into(), int(1))],
    )
    .unwrap();
    insta::assert_snapshot!(
        "cycle_deferred_postgres",
        rendered(&s, &tables, EngineKind::Postgres)
    );
}

#[test]
fn a_flushed_insert_is_found_by_its_key_and_folds_back_when_its_transaction_goes() {
    let tables = schema();
    let users = t(&tables, "users");
    let tref = TableRef::new("public", "users");
    let mut s = Session::new();
    // the username left to its DEFAULT, the key given by the server at the flush
    let new = s
        .insert(users, vec![("username".into(), Cell::Default)])
        .unwrap();
    let key = RowKey {
        columns: vec!["id".into()],
        values: vec![Value::Int(7)],
    };
    s.mark_flushed(&[new]);
    s.mark_generated(&[(new, key.clone())]);
    assert_eq!(s.of_row(&tref, &key).map(|c| c.id), Some(new));
    // read back after the flush: an edit of it is an UPDATE from the value read
    let row = existing(7, &[("username", txt("anon"))]);
    let edit = s
        .set(users, EngineKind::Postgres, &row, "username", text("ada"))
        .unwrap()
        .unwrap();
    let ChangeKind::Update { original, .. } = &s.get(edit).unwrap().kind else {
        panic!("an update")
    };
    assert_eq!(original, &vec![("username".to_string(), txt("anon"))]);
    assert_eq!(s.of_row(&tref, &key).map(|c| c.id), Some(edit));
    // the transaction goes: one pending INSERT with the edit in it
    s.unflush_all();
    assert_eq!(s.changes().len(), 1, "{:?}", s.changes());
    let c = &s.changes()[0];
    assert!(c.is_insert() && !c.flushed && c.generated.is_none());
    assert_eq!(c.staged("username"), Some(&text("ada")));
    // and a deletion of such a row drops both
    s.mark_flushed(&[new]);
    s.mark_generated(&[(new, key.clone())]);
    s.delete(users, &row).unwrap();
    assert_eq!(s.changes().len(), 2);
    s.unflush_all();
    assert!(s.is_empty(), "{:?}", s.changes());
}

/// UPDATEs of one table go by the key's value, as SQLAlchemy orders them (9, 10, 20; by text
/// it was 10, 20, 9); on PostgreSQL the same rows go as one statement over arrays, in that
/// order, and a DELETE of a self-referencing table stays row by row.
#[test]
fn updates_go_by_key_value_and_batch_on_postgres() {
    let tables = schema();
    let users = t(&tables, "users");
    let mut s = Session::new();
    for id in [10, 20, 9] {
        s.set(
            users,
            EngineKind::MySql,
            &existing(id, &[("username", txt("u"))]),
            "username",
            text(&format!("v{id}")),
        )
        .unwrap();
    }
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(&s, &lookup, EngineKind::MySql).unwrap();
    // MySQL: one statement joined to the rows' values, in key order, each row's own
    // statement kept to name a refused row
    assert_eq!(p.steps.len(), 1, "{:#?}", p.steps);
    let step = &p.steps[0];
    assert!(
        step.proof == Proof::Count && step.expect == 3 && step.sql.contains(" JOIN (SELECT "),
        "{}",
        step.sql
    );
    let order: Vec<String> = step
        .rows_one_by_one()
        .unwrap()
        .into_iter()
        .map(|(one, r)| retort::session::sql::render(EngineKind::MySql, &one, &r))
        .collect();
    assert!(
        order[0].contains("id = 9") && order[1].contains("id = 10") && order[2].contains("id = 20"),
        "{order:#?}"
    );
    let p = plan(&s, &lookup, EngineKind::Postgres).unwrap();
    assert_eq!(p.steps.len(), 1, "one statement for the three");
    let step = &p.steps[0];
    assert!(
        step.proof == Proof::Ordinals && step.expect == 3 && step.sql.contains("unnest"),
        "{}",
        step.sql
    );
    assert_eq!(
        step.params[0],
        Value::Text(Kind::Array, "{\"9\",\"10\",\"20\"}".into())
    );
    // a table whose key refers to itself keeps a statement per row
    let categories = t(&tables, "categories");
    let mut s = Session::new();
    for id in [1, 2] {
        s.delete(
            categories,
            &existing(id, &[("parent_id", Value::Null), ("name", txt("c"))]),
        )
        .unwrap();
    }
    let p = plan(&s, &lookup, EngineKind::Postgres).unwrap();
    assert_eq!(p.steps.len(), 2);
    assert!(p.steps.iter().all(|s| s.proof == Proof::Count));
}

/// Two tables whose keys refer to each other, neither nullable nor deferrable: the plan says
/// so instead of sending an order that must fail.
#[test]
fn a_cycle_no_key_of_which_can_wait_is_said_not_sent() {
    let mut a = t(&schema(), "a").clone();
    let mut b = t(&schema(), "b").clone();
    for c in a.columns.iter_mut().chain(b.columns.iter_mut()) {
        c.nullable = false;
    }
    let tables = [a, b];
    let mut s = Session::new();
    s.insert(
        &tables[0],
        vec![("id".into(), int(1)), ("b_id".into(), int(1))],
    )
    .unwrap();
    s.insert(
        &tables[1],
        vec![("id".into(), int(1)), ("a_id".into(), int(1))],
    )
    .unwrap();
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let err = plan(&s, &lookup, EngineKind::MySql).unwrap_err();
    assert!(
        err.message.contains("no order can insert their rows") && err.message.contains("a, b")
            || err.message.contains("b, a"),
        "{}",
        err.message
    );
}
