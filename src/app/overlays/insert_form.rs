//! The insert form: one field per column of the table, built from the catalog. Identity and
//! generated columns are shown but not editable; a field left alone is left out of the INSERT,
//! so that the server's default applies. NULL, DEFAULT and the empty string stay distinct.

use crate::meta::Table;
use crate::session::TableRef;

use crate::app::line_input::{LineEdit, LineInput, one_line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Left out of the INSERT: the server's default (or NULL) applies.
    Unset,
    /// The text typed (the empty string included).
    Text,
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub column: String,
    pub data_type: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// Why the field cannot be set (identity, generated), if it cannot.
    pub locked: Option<String>,
    /// `→ users.id` for a foreign key column.
    pub references: Option<String>,
    /// The referenced table and column of a one-column foreign key.
    pub target: Option<(String, String, String)>,
    /// The label of the row picked for it (`jwirth`).
    pub picked: Option<String>,
    pub choice: Choice,
    pub text: LineInput,
}

impl Field {
    /// What the field will send, in words.
    pub fn shown(&self) -> String {
        match (self.choice, &self.locked) {
            (_, Some(why)) => format!("({why})"),
            (Choice::Text, _) => match &self.picked {
                Some(label) => format!("{} ({label})", self.text.visible()),
                None => self.text.visible(),
            },
            (Choice::Null, _) => "∅ NULL".into(),
            (Choice::Unset, _) => match (&self.default, self.nullable) {
                (Some(d), _) => format!("(default: {d})"),
                (None, true) => "(NULL)".into(),
                (None, false) => "(required)".into(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InsertForm {
    pub table: TableRef,
    pub fields: Vec<Field>,
    pub selected: usize,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// The rows of the referenced table, to pick the selected field's value from.
    pub picker: Option<Picker>,
}

/// A searchable list of the rows a foreign key may point at: key and a readable column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picker {
    /// `users` (and the label column), for the title.
    pub title: String,
    /// None while loading.
    pub rows: Option<Vec<(String, String)>>,
    pub query: LineInput,
    pub selected: usize,
}

impl Picker {
    /// The rows whose key or label contains the query (case-insensitive).
    pub fn shown(&self) -> Vec<&(String, String)> {
        let q = self.query.to_lowercase();
        self.rows
            .iter()
            .flatten()
            .filter(|(k, l)| q.is_empty() || l.to_lowercase().contains(&q) || k.contains(&q))
            .collect()
    }
}

impl InsertForm {
    pub fn new(table: &Table) -> Self {
        let fields = table
            .columns
            .iter()
            .map(|c| {
                let locked = if c.generated.is_some() {
                    Some("generated".to_string())
                } else if c.autoincrement {
                    Some("given by the database".to_string())
                } else {
                    None
                };
                let fk = table
                    .foreign_keys
                    .iter()
                    .find(|fk| fk.columns.len() == 1 && fk.columns[0] == c.name);
                let references = fk.map(|fk| {
                    format!(
                        "→ {}.{} (Ctrl-P picks)",
                        fk.ref_table,
                        fk.ref_columns.join(", ")
                    )
                });
                let target = fk.map(|fk| {
                    (
                        fk.ref_schema.clone(),
                        fk.ref_table.clone(),
                        fk.ref_columns[0].clone(),
                    )
                });
                Field {
                    column: c.name.clone(),
                    data_type: c.data_type.clone(),
                    nullable: c.nullable,
                    default: c.default.clone(),
                    locked,
                    references,
                    target,
                    picked: None,
                    choice: Choice::Unset,
                    text: LineInput::default(),
                }
            })
            .collect::<Vec<_>>();
        let selected = fields.iter().position(|f| f.locked.is_none()).unwrap_or(0);
        InsertForm {
            table: TableRef::new(table.schema(), table.name()),
            fields,
            selected,
            error: None,
            picker: None,
        }
    }

    fn field(&mut self) -> Option<&mut Field> {
        self.fields
            .get_mut(self.selected)
            .filter(|f| f.locked.is_none())
    }

    /// Typing: into the picker's search when it is open, else into the selected field. A key
    /// or a paste over NULL replaces it; Backspace past the last character (or on NULL) leaves
    /// the field to the server again; Ctrl-U empties the text.
    pub fn edit(&mut self, edit: &LineEdit) {
        if let Some(p) = self.picker.as_mut() {
            p.query.apply(&one_line(edit.clone()));
            p.selected = 0;
            return;
        }
        let Some(f) = self.field() else {
            return;
        };
        f.picked = None;
        match edit {
            LineEdit::Backspace => {
                // past the first character of an empty text: the field goes back to the
                // server (a Backspace at the start of a text only does nothing)
                let text = f.choice == Choice::Text;
                let took = text && (f.text.apply(edit) || !f.text.is_empty());
                if !took {
                    f.choice = Choice::Unset;
                }
            }
            LineEdit::Clear => {
                f.text.clear();
                f.choice = Choice::Text;
            }
            LineEdit::Insert(_) | LineEdit::Paste(_) | LineEdit::Set(_) => {
                if f.choice != Choice::Text {
                    f.text.clear();
                }
                f.choice = Choice::Text;
                f.text.apply(edit);
                self.error = None;
            }
            // moving and deleting within the text: only a text has any
            _ if f.choice == Choice::Text => {
                f.text.apply(edit);
            }
            _ => {}
        }
    }

    pub fn set(&mut self, choice: Choice) {
        if let Some(f) = self.field() {
            f.choice = choice;
            if choice == Choice::Text {
                f.text.clear();
            }
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if let Some(p) = self.picker.as_mut() {
            let n = p.shown().len() as isize;
            if n > 0 {
                p.selected = (p.selected as isize + delta).clamp(0, n - 1) as usize;
            }
            return;
        }
        let n = self.fields.len() as isize;
        if n > 0 {
            self.selected = (self.selected as isize + delta).rem_euclid(n) as usize;
        }
    }
}
