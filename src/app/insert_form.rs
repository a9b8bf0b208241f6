//! The insert form: one field per column of the table, built from the catalog. Identity and
//! generated columns are shown but not editable; a field left alone is left out of the INSERT,
//! so that the server's default applies. NULL, DEFAULT and the empty string stay distinct.

use crate::engine::Value;
use crate::meta::Table;
use crate::session::{Cell, TableRef, input};

use super::model::{Model, Overlay};
use super::msg::Command;

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
    pub choice: Choice,
    pub text: String,
}

impl Field {
    /// What the field will send, in words.
    pub fn shown(&self) -> String {
        match (self.choice, &self.locked) {
            (_, Some(why)) => format!("({why})"),
            (Choice::Text, _) => self.text.clone(),
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
                let references = table
                    .foreign_keys
                    .iter()
                    .find(|fk| fk.columns.len() == 1 && fk.columns[0] == c.name)
                    .map(|fk| format!("→ {}.{}", fk.ref_table, fk.ref_columns.join(", ")));
                Field {
                    column: c.name.clone(),
                    data_type: c.data_type.clone(),
                    nullable: c.nullable,
                    default: c.default.clone(),
                    locked,
                    references,
                    choice: Choice::Unset,
                    text: String::new(),
                }
            })
            .collect::<Vec<_>>();
        let selected = fields.iter().position(|f| f.locked.is_none()).unwrap_or(0);
        InsertForm {
            table: TableRef::new(table.schema(), table.name()),
            fields,
            selected,
            error: None,
        }
    }

    fn field(&mut self) -> Option<&mut Field> {
        self.fields
            .get_mut(self.selected)
            .filter(|f| f.locked.is_none())
    }

    pub fn input(&mut self, c: char) {
        if let Some(f) = self.field() {
            if f.choice != Choice::Text {
                f.text.clear();
            }
            f.choice = Choice::Text;
            f.text.push(c);
        }
        self.error = None;
    }

    pub fn paste(&mut self, text: &str) {
        for c in text.chars() {
            self.input(c);
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.field() {
            // past the last character (or on NULL), the field is left to the server again
            let emptied = f.choice != Choice::Text || f.text.pop().is_none();
            if emptied {
                f.choice = Choice::Unset;
            }
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
        let n = self.fields.len() as isize;
        if n > 0 {
            self.selected = (self.selected as isize + delta).rem_euclid(n) as usize;
        }
    }
}

/// `a` in the grid (the result's table) or in the tree (the selected table).
pub fn open(model: &mut Model, from_tree: bool) -> Vec<Command> {
    let table = if from_tree {
        let Some((schema, name)) = model.selected_table() else {
            model.notice = Some("Select a table in the tree first.".into());
            return vec![];
        };
        match model.catalog.loaded().and_then(|c| c.table(&schema, &name)) {
            Some(t) => t.clone(),
            None => {
                model.notice = Some("The table's details are still loading.".into());
                return vec![];
            }
        }
    } else {
        match super::session_update::result_source(model) {
            Ok((_, t)) => t,
            Err(why) => {
                model.notice = Some(why);
                return vec![];
            }
        }
    };
    if table.relation.kind != crate::meta::RelationKind::Table {
        model.notice = Some(format!(
            "{} is a view: rows cannot be inserted here",
            table.name()
        ));
        return vec![];
    }
    model.overlay = Overlay::InsertForm(InsertForm::new(&table));
    vec![]
}

/// Enter in the form: every field read against its type, then the row staged.
pub fn accept(model: &mut Model) -> Vec<Command> {
    let Overlay::InsertForm(form) = &model.overlay else {
        return vec![];
    };
    let form = form.clone();
    let Some(table) = model
        .catalog
        .loaded()
        .and_then(|c| c.table(&form.table.schema, &form.table.name))
        .cloned()
    else {
        return vec![];
    };
    let mut values = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        if f.locked.is_some() {
            continue;
        }
        let cell = match f.choice {
            Choice::Unset => continue,
            Choice::Null => Cell::Value(Value::Null),
            Choice::Text => {
                let info = table.columns.iter().find(|c| c.name == f.column);
                match info.map(|c| input::parse(&f.text, c, model.info.engine)) {
                    Some(Ok(v)) => Cell::Value(v),
                    Some(Err(why)) => return refuse(model, i, why),
                    None => continue,
                }
            }
        };
        values.push((f.column.clone(), cell));
    }
    match model.session.unit.insert(&table, values) {
        Ok(_) => {
            model.overlay = Overlay::None;
            model.notice = Some(format!(
                "staged a new row of {} — Ctrl-S commits, the Session pane shows the SQL",
                table.name()
            ));
            super::session_update::journal(model)
        }
        Err(why) => refuse(model, form.selected, why),
    }
}

fn refuse(model: &mut Model, field: usize, why: String) -> Vec<Command> {
    if let Overlay::InsertForm(f) = &mut model.overlay {
        f.selected = field;
        f.error = Some(why);
    }
    vec![]
}
