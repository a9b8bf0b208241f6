//! What the session stages: one change per row (new, dirty or deleted), with the values the row
//! had when it was read, so that a flush can check nobody else changed it since.

use serde::{Deserialize, Serialize};

use crate::engine::Value;

/// A table by schema and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TableRef {
    pub schema: String,
    pub name: String,
}

impl TableRef {
    pub fn new(schema: &str, name: &str) -> Self {
        TableRef {
            schema: schema.to_string(),
            name: name.to_string(),
        }
    }
}

/// A staged column value: a value (NULL included), or the column's DEFAULT. The empty string
/// is a value, never NULL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Value(Value),
    Default,
}

impl Cell {
    pub fn null() -> Cell {
        Cell::Value(Value::Null)
    }

    /// How the session pane shows it.
    pub fn label(&self) -> String {
        match self {
            Cell::Value(Value::Null) => "NULL".into(),
            Cell::Value(Value::Text(_, t)) => format!("'{}'", t.replace('\'', "''")),
            Cell::Value(v) => v.as_ref().display(),
            Cell::Default => "DEFAULT".into(),
        }
    }
}

/// How a row is found again: its key columns and their values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowKey {
    pub columns: Vec<String>,
    pub values: Vec<Value>,
}

impl RowKey {
    /// Whether two keys name the same row.
    pub fn same(&self, other: &RowKey) -> bool {
        self.columns == other.columns
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.same_as(b))
    }

    /// `id=3` or `(a, b)=(1, 'x')`, for lists.
    pub fn label(&self) -> String {
        let mut out = String::new();
        self.write_label(&mut out);
        out
    }

    /// Appends the label (10,000 of them make the teaching view's list after a commit).
    pub fn write_label(&self, out: &mut String) {
        let one = self.columns.len() == 1;
        if !one {
            out.push('(');
        }
        out.push_str(&self.columns.join(", "));
        out.push_str(if one { "=" } else { ")=(" });
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match v {
                Value::Null => out.push_str("NULL"),
                Value::Text(_, t) => {
                    out.push('\'');
                    out.push_str(&t.replace('\'', "''"));
                    out.push('\'');
                }
                v => v.as_ref().write_display(out, "NULL"),
            }
        }
        if !one {
            out.push(')');
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ChangeId(pub u64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// A new row: the columns the user set, in the order set; the others get their defaults.
    Insert { values: Vec<(String, Cell)> },
    /// Changed columns of an existing row: `original` holds their values as read.
    Update {
        key: RowKey,
        original: Vec<(String, Value)>,
        new: Vec<(String, Cell)>,
    },
    /// A deleted row, with every column as read.
    Delete {
        key: RowKey,
        original: Vec<(String, Value)>,
    },
}

/// Why the last flush refused or failed a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub message: String,
    /// The server's code (SQLSTATE, MySQL error number), when it gave one.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: ChangeId,
    pub table: TableRef,
    pub kind: ChangeKind,
    /// Sent in the open transaction (not committed yet).
    pub flushed: bool,
    pub failure: Option<Failure>,
    /// The key of a flushed insert: the one the server gave (identity, serial,
    /// auto-increment; as RETURNING said), or the one the user set. SQLAlchemy's object gets
    /// it at the flush too, and joins the identity map with it.
    #[serde(default)]
    pub generated: Option<RowKey>,
    /// It may be in the database already: it was in a COMMIT whose answer never came, or the
    /// journal lost a record written after it. Never sent again without the user's yes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_doubt: bool,
    /// An UPDATE of a row found by SQLite's rowid: the row's other values as read, checked
    /// too (a VACUUM renumbers the rowids of a table without an INTEGER PRIMARY KEY, and the
    /// rowid then names another row).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchor: Vec<(String, Value)>,
}

impl Change {
    pub fn key(&self) -> Option<&RowKey> {
        match &self.kind {
            ChangeKind::Insert { .. } => None,
            ChangeKind::Update { key, .. } | ChangeKind::Delete { key, .. } => Some(key),
        }
    }

    /// The row's key as far as it is known: an existing row's, or the one the server gave a
    /// flushed insert.
    pub fn identity(&self) -> Option<&RowKey> {
        self.key().or(self.generated.as_ref())
    }

    pub fn is_insert(&self) -> bool {
        matches!(self.kind, ChangeKind::Insert { .. })
    }

    pub fn is_delete(&self) -> bool {
        matches!(self.kind, ChangeKind::Delete { .. })
    }

    /// The staged value of a column, if this change sets it.
    pub fn staged(&self, column: &str) -> Option<&Cell> {
        let list = match &self.kind {
            ChangeKind::Insert { values } => values,
            ChangeKind::Update { new, .. } => new,
            ChangeKind::Delete { .. } => return None,
        };
        list.iter().find(|(c, _)| c == column).map(|(_, v)| v)
    }

    /// The value a column had when the row was read.
    pub fn original(&self, column: &str) -> Option<&Value> {
        match &self.kind {
            ChangeKind::Insert { .. } => None,
            ChangeKind::Update { original, .. } | ChangeKind::Delete { original, .. } => {
                original.iter().find(|(c, _)| c == column).map(|(_, v)| v)
            }
        }
    }
}
