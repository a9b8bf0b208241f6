//! How a deferred key's refusal at COMMIT is read.

use super::missing_key;
use crate::engine::StatementError;

#[test]
fn a_deferred_keys_refusal_names_its_table_and_key() {
    let e = StatementError {
        message: "insert or update on table \"child\" violates foreign key constraint \
                  \"child_parent_id_fkey\""
            .into(),
        code: Some("23503".into()),
        position: None,
        detail: Some("Key (parent_id)=(99) is not present in table \"parent\".".into()),
        hint: None,
    };
    assert_eq!(
        missing_key(&e),
        Some(("child".into(), vec![("parent_id".into(), "99".into())]))
    );
    let e = StatementError {
        detail: Some("Key (a, \"B c\")=(1, x) is not present in table \"p\".".into()),
        ..e
    };
    assert_eq!(
        missing_key(&e).unwrap().1,
        [("a".into(), "1".into()), ("B c".into(), "x".into())]
    );
}
