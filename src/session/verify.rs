//! Reading the database to learn what happened, decided here as pure functions over the rows
//! read (the effects runner only reads them):
//! - a commit whose answer was lost: did it happen? (`verdict`)
//! - changes restored from the journal: has their row changed or gone since it was read?
//!   (`stale`)

use super::ChangeId;
use super::sql::matches_text;
use crate::engine::Value;

/// One row as a text query returns it.
pub type TextRow = Vec<Option<String>>;

/// One restored change to check: its row read again, compared with what it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct RecheckRow {
    pub change: ChangeId,
    pub sql: String,
    pub params: Vec<String>,
    /// (column, the value as read)
    pub expected: Vec<(String, Value)>,
}

/// A row read after a commit whose answer was lost: what it holds if the commit happened, and
/// what if it did not.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyRow {
    pub sql: String,
    pub params: Vec<String>,
    /// Columns to compare (empty: only whether the row is there).
    pub committed: Option<Vec<Value>>,
    pub not_committed: Option<Vec<Value>>,
    /// For a key-only read: the row is there if the commit happened.
    pub present_if_committed: bool,
}

/// What the rows say of the commit: Some(true) it happened, Some(false) it did not, None when
/// they disagree or tell nothing. A row that could not be read is left out (`None` in
/// `found`).
pub fn verdict(rows: &[VerifyRow], found: &[Option<Option<TextRow>>]) -> Option<bool> {
    let (mut yes, mut no) = (false, false);
    for (r, read) in rows.iter().zip(found) {
        let Some(row) = read else {
            continue;
        };
        match says(r, row.as_ref()) {
            Some(true) => yes = true,
            Some(false) => no = true,
            None => {}
        }
    }
    match (yes, no) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// What one row says: committed, not committed, or neither.
fn says(r: &VerifyRow, row: Option<&TextRow>) -> Option<bool> {
    let holds = |want: &Option<Vec<Value>>| match (want, row) {
        (Some(w), Some(now)) => w
            .iter()
            .enumerate()
            .all(|(i, v)| matches_text(v, now.get(i).cloned().flatten().as_deref())),
        _ => false,
    };
    if r.committed.is_none() {
        // presence alone tells
        return Some(row.is_some() == r.present_if_committed);
    }
    if holds(&r.committed) {
        Some(true)
    } else if holds(&r.not_committed) {
        Some(false)
    } else {
        None
    }
}

/// Why a restored change's row is no longer as it was read (None: it is), from what reading
/// it again gave: the row, no row, or an error.
pub fn stale(r: &RecheckRow, read: Result<Option<&TextRow>, String>) -> Option<String> {
    let now = match read {
        Err(e) => return Some(format!("could not be checked: {e}")),
        Ok(None) => return Some("the row was deleted since".into()),
        Ok(Some(now)) => now,
    };
    r.expected.iter().enumerate().find_map(|(i, (col, was))| {
        let is = now.get(i).cloned().flatten();
        (!matches_text(was, is.as_deref())).then(|| {
            format!(
                "changed since it was read: {col} is now {}",
                is.as_deref().unwrap_or("NULL")
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify(committed: Option<&str>, not: Option<&str>) -> VerifyRow {
        VerifyRow {
            sql: String::new(),
            params: vec![],
            committed: committed.map(|v| vec![Value::Text(crate::engine::Kind::Text, v.into())]),
            not_committed: not.map(|v| vec![Value::Text(crate::engine::Kind::Text, v.into())]),
            present_if_committed: true,
        }
    }

    fn row(v: &str) -> Option<Option<TextRow>> {
        Some(Some(vec![Some(v.into())]))
    }

    #[test]
    fn the_rows_decide_the_commit_only_when_they_agree() {
        let rows = [verify(Some("new"), Some("old")), verify(None, None)];
        assert_eq!(
            verdict(&rows, &[row("new"), Some(Some(vec![]))]),
            Some(true)
        );
        assert_eq!(verdict(&rows, &[row("old"), Some(None)]), Some(false));
        assert_eq!(
            verdict(&rows, &[row("new"), Some(None)]),
            None,
            "they disagree"
        );
        assert_eq!(verdict(&rows, &[row("else"), None]), None, "nothing told");
    }

    #[test]
    fn a_restored_change_is_stale_when_its_row_changed_or_went() {
        let r = RecheckRow {
            change: ChangeId(1),
            sql: String::new(),
            params: vec![],
            expected: vec![(
                "name".into(),
                Value::Text(crate::engine::Kind::Text, "a".into()),
            )],
        };
        let same = vec![Some("a".to_string())];
        let other = vec![Some("b".to_string())];
        assert_eq!(stale(&r, Ok(Some(&same))), None);
        assert!(
            stale(&r, Ok(Some(&other)))
                .unwrap()
                .contains("name is now b")
        );
        assert!(stale(&r, Ok(None)).unwrap().contains("deleted"));
        assert!(stale(&r, Err("gone".into())).unwrap().contains("gone"));
    }
}
