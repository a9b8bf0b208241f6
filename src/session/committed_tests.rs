use super::*;
use crate::engine::value::Kind;
use crate::session::ChangeId;

fn text(s: &str) -> Value {
    Value::Text(Kind::Text, s.into())
}

fn key(id: i64) -> RowKey {
    RowKey {
        columns: vec!["id".into()],
        values: vec![Value::Int(id)],
    }
}

fn change(kind: ChangeKind) -> Change {
    Change {
        id: ChangeId(1),
        table: TableRef::new("public", "t"),
        kind,
        flushed: true,
        failure: None,
        generated: None,
        in_doubt: false,
        anchor: Vec::new(),
    }
}

fn update(id: i64, column: &str, cell: Cell) -> Change {
    change(ChangeKind::Update {
        key: key(id),
        original: Vec::new(),
        new: vec![(column.into(), cell)],
    })
}

#[test]
fn a_committed_update_is_the_rows_value_and_a_second_one_merges() {
    let t = TableRef::new("public", "t");
    let mut rows = CommittedRows::default();
    rows.record(&update(2, "name", Cell::Value(text("NEW"))));
    rows.record(&update(2, "name", Cell::Value(text("NEW2"))));
    rows.record(&update(2, "note", Cell::Value(Value::Null)));
    let row = rows.of(&t, &key(2)).unwrap();
    assert_eq!(row.value("name"), Some(&text("NEW2")));
    assert_eq!(row.value("note"), Some(&Value::Null));
    assert_eq!(row.not_editable(), None);
    assert!(rows.of(&t, &key(3)).is_none());
    assert!(rows.of(&TableRef::new("other", "t"), &key(2)).is_none());
}

#[test]
fn a_changed_key_is_followed_from_the_key_read() {
    let t = TableRef::new("public", "t");
    let mut rows = CommittedRows::default();
    rows.record(&update(2, "id", Cell::Value(Value::Int(20))));
    // the next edit is staged under the key the row has now
    rows.record(&update(20, "name", Cell::Value(text("x"))));
    let row = rows.of(&t, &key(2)).unwrap();
    assert!(row.current_key().same(&key(20)));
    assert_eq!(row.value("name"), Some(&text("x")));
    assert!(rows.of(&t, &key(20)).is_none(), "found by the key read");
}

#[test]
fn a_deleted_row_or_a_default_the_server_chose_is_not_editable_as_shown() {
    let t = TableRef::new("public", "t");
    let mut rows = CommittedRows::default();
    rows.record(&change(ChangeKind::Delete {
        key: key(1),
        original: Vec::new(),
    }));
    rows.record(&update(2, "created", Cell::Default));
    assert!(
        rows.of(&t, &key(1))
            .unwrap()
            .not_editable()
            .unwrap()
            .contains("deleted")
    );
    let why = rows.of(&t, &key(2)).unwrap().not_editable().unwrap();
    assert!(why.contains("created") && why.contains("F5"), "{why}");
    // an insert is in no result read before it
    rows.record(&change(ChangeKind::Insert { values: Vec::new() }));
    rows.clear();
    assert!(rows.is_empty());
}

#[test]
fn rows_read_back_take_the_tables_values_and_a_row_not_found_is_gone() {
    let t = TableRef::new("public", "t");
    let mut rows = CommittedRows::default();
    rows.record(&update(1, "n", Cell::Value(text("1.005"))));
    rows.record(&update(2, "created", Cell::Default));
    rows.record(&update(3, "n", Cell::Value(text("3"))));
    assert_eq!(rows.keys_of(&t).len(), 3);
    let read = vec![
        (
            key(1),
            vec![
                ("n".to_string(), text("1.01")),
                ("note".to_string(), text("by trigger")),
            ],
        ),
        (key(2), vec![("created".to_string(), text("2026-12-07"))]),
    ];
    rows.read_back(&t, &read);
    let one = rows.of(&t, &key(1)).unwrap();
    assert_eq!(one.value("n"), Some(&text("1.01")));
    assert_eq!(one.value("note"), Some(&text("by trigger")));
    // the server's DEFAULT is known now: editable again
    let two = rows.of(&t, &key(2)).unwrap();
    assert_eq!(two.not_editable(), None);
    assert_eq!(two.value("created"), Some(&text("2026-12-07")));
    // not found: someone else deleted it
    let three = rows.of(&t, &key(3)).unwrap();
    assert!(three.not_editable().unwrap().contains("not found"));
    assert_eq!(rows.keys_of(&t).len(), 2);
}
