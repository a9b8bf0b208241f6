//! The schema the flush-plan tests stage against (users, posts, comments, a self-referencing
//! table, cycles), and what they read of a plan.

use retort::engine::{EngineKind, Kind, Value};
use retort::meta::{ColumnInfo, ForeignKey, PrimaryKey, Relation, RelationKind, Table};
use retort::session::{Cell, Dialect, RowKey, RowTarget, Session, TableRef, plan};

pub(crate) fn col(name: &str, ty: &str, nullable: bool) -> ColumnInfo {
    ColumnInfo {
        name: name.into(),
        data_type: ty.into(),
        nullable,
        default: None,
        autoincrement: false,
        generated: None,
        comment: None,
        base_type: None,
        enum_values: Vec::new(),
        ..Default::default()
    }
}

pub(crate) fn table(name: &str, cols: Vec<ColumnInfo>, fks: &[(&str, &str)]) -> Table {
    let mut t = Table::new(Relation {
        schema: "public".into(),
        name: name.into(),
        kind: RelationKind::Table,
        row_estimate: None,
        comment: None,
        partition_of: None,
        storage: Some("InnoDB".into()),
    });
    t.columns = cols;
    t.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec!["id".into()],
    });
    t.foreign_keys = fks
        .iter()
        .map(|(c, r)| ForeignKey {
            name: None,
            columns: vec![c.to_string()],
            ref_schema: "public".into(),
            ref_table: r.to_string(),
            ref_columns: vec!["id".into()],
            on_delete: "NO ACTION".into(),
            on_update: "NO ACTION".into(),
            deferrable: false,
            initially_deferred: false,
        })
        .collect();
    t
}

/// users ← posts ← comments, categories referencing themselves, and a ↔ b pointing at each other.
pub(crate) fn schema() -> Vec<Table> {
    vec![
        table(
            "comments",
            vec![
                col("id", "integer", false),
                col("post_id", "integer", false),
                col("body", "text", true),
            ],
            &[("post_id", "posts")],
        ),
        table(
            "posts",
            vec![
                col("id", "integer", false),
                col("user_id", "integer", false),
                col("title", "character varying(200)", false),
                col("meta", "jsonb", true),
            ],
            &[("user_id", "users")],
        ),
        table(
            "users",
            vec![col("id", "integer", false), col("username", "text", false)],
            &[],
        ),
        table(
            "categories",
            vec![
                col("id", "integer", false),
                col("parent_id", "integer", true),
                col("name", "text", false),
            ],
            &[("parent_id", "categories")],
        ),
        table(
            "a",
            vec![col("id", "integer", false), col("b_id", "integer", true)],
            &[("b_id", "b")],
        ),
        table(
            "b",
            vec![col("id", "integer", false), col("a_id", "integer", true)],
            &[("a_id", "a")],
        ),
    ]
}

pub(crate) fn t<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| t.name() == name).unwrap()
}

pub(crate) fn int(i: i64) -> Cell {
    Cell::Value(Value::Int(i))
}

pub(crate) fn text(s: &str) -> Cell {
    Cell::Value(Value::Text(Kind::Text, s.into()))
}

pub(crate) fn existing(id: i64, row: &[(&str, Value)]) -> RowTarget {
    RowTarget::Existing {
        key: RowKey {
            columns: vec!["id".into()],
            values: vec![Value::Int(id)],
        },
        row: std::iter::once(("id".to_string(), Value::Int(id)))
            .chain(row.iter().map(|(c, v)| (c.to_string(), v.clone())))
            .collect(),
    }
}

pub(crate) fn txt(s: &str) -> Value {
    Value::Text(Kind::Text, s.into())
}

pub(crate) fn rendered(session: &Session, tables: &[Table], dialect: impl Into<Dialect>) -> String {
    let dialect = dialect.into();
    let engine = dialect.engine;
    let lookup = |r: &TableRef| tables.iter().find(|t| t.name() == r.name);
    let p = plan(session, &lookup, dialect).unwrap();
    p.steps
        .iter()
        .map(|s| format!("{}\n  -- {}", s.sql, s.rendered(engine)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mixed session: a new user and a post of theirs, another post's title edited twice, a
/// comment deleted, and a post deleted along with its comment.
pub(crate) fn mixed(tables: &[Table], engine: EngineKind) -> Session {
    let mut s = Session::new();
    // staged children first: the plan still sends parents first
    s.insert(
        t(tables, "posts"),
        vec![
            ("id".into(), int(10)),
            ("user_id".into(), int(7)),
            ("title".into(), text("Hello")),
            (
                "meta".into(),
                Cell::Value(Value::Text(Kind::Json, "{\"a\": 1}".into())),
            ),
        ],
    )
    .unwrap();
    s.insert(
        t(tables, "users"),
        vec![("id".into(), int(7)), ("username".into(), text("ada"))],
    )
    .unwrap();
    let post2 = existing(2, &[("title", txt("Old")), ("user_id", Value::Int(1))]);
    s.set(t(tables, "posts"), engine, &post2, "title", text("Newer"))
        .unwrap();
    s.set(t(tables, "posts"), engine, &post2, "title", text("Newest"))
        .unwrap();
    let comment = existing(5, &[("post_id", Value::Int(3)), ("body", Value::Null)]);
    s.delete(t(tables, "comments"), &comment).unwrap();
    let post3 = existing(3, &[("title", txt("Bye")), ("user_id", Value::Int(1))]);
    s.delete(t(tables, "posts"), &post3).unwrap();
    s
}
