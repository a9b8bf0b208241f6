//! The insert form: one field per column of the table, built from the catalog. Identity and
//! generated columns are shown but not editable; a field left alone is left out of the INSERT,
//! so that the server's default applies. NULL, DEFAULT and the empty string stay distinct.

use crate::engine::Value;
use crate::meta::Table;
use crate::session::{Cell, TableRef, input};

use crate::app::line_input::{LineEdit, LineInput};
use crate::app::model::{Model, Overlay};
use crate::app::msg::Command;

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
                Some(label) => format!("{} ({label})", self.text),
                None => self.text.to_string(),
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
            p.query.apply(edit);
            p.selected = 0;
            return;
        }
        let Some(f) = self.field() else {
            return;
        };
        f.picked = None;
        match edit {
            LineEdit::Backspace => {
                if f.choice != Choice::Text || !f.text.apply(edit) {
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

/// `a` in the grid (the result's table) or in the tree (the selected table).
pub fn open(model: &mut Model, from_tree: bool) -> Vec<Command> {
    if crate::app::session::edit::refuse_while_busy(model) {
        return vec![];
    }
    let table = if from_tree {
        let Some((schema, name)) = model.selected_table() else {
            model.warn("Select a table in the tree first.");
            return vec![];
        };
        match model.catalog.loaded().and_then(|c| c.table(&schema, &name)) {
            Some(t) => t.clone(),
            None => {
                model.warn("The table's details are still loading.");
                return vec![];
            }
        }
    } else {
        match crate::app::session::edit::result_source(model) {
            Ok((_, t)) => t,
            Err(why) => {
                model.warn(why);
                return vec![];
            }
        }
    };
    if table.relation.kind != crate::meta::RelationKind::Table {
        model.warn(format!(
            "{} is a view: rows cannot be inserted here",
            table.name()
        ));
        return vec![];
    }
    model.overlay = Overlay::InsertForm(InsertForm::new(&table));
    vec![]
}

/// Ctrl-P on a foreign key field: the referenced table's rows, after an autoflush (so that a
/// row added in this session is there to pick, as SQLAlchemy's autoflush before a query).
pub fn open_picker(model: &mut Model) -> Vec<Command> {
    let Overlay::InsertForm(form) = &mut model.overlay else {
        return vec![];
    };
    let Some((schema, table, column)) = form
        .fields
        .get(form.selected)
        .and_then(|f| f.target.clone())
    else {
        form.error = Some("this column is no foreign key: type its value".into());
        return vec![];
    };
    let engine = model.info.engine;
    let Some(referenced) = model
        .catalog
        .loaded()
        .and_then(|c| c.table(&schema, &table))
    else {
        form.error = Some(format!("{table}'s details are not loaded"));
        return vec![];
    };
    let label = label_column(referenced, &column);
    let q = |c: &str| crate::engine::dialect::quote_ident(engine, c);
    let name =
        crate::engine::dialect::qualified(engine, &schema, &table, model.info.schema.as_deref());
    let label_sql = label.as_deref().map(q).unwrap_or_else(|| q(&column));
    let sql = format!(
        "SELECT {}, {label_sql} FROM {name} ORDER BY {label_sql} LIMIT 1000",
        q(&column)
    );
    form.picker = Some(Picker {
        title: match &label {
            Some(l) => format!("{table}: {column} · {l}"),
            None => format!("{table}: {column}"),
        },
        ..Default::default()
    });
    let query = crate::app::msg::ChoiceQuery { sql };
    if model.session.autoflush && model.session.unit.has_pending() {
        let cmds = crate::app::session::send::flush(
            model,
            Some(crate::app::msg::AfterFlush::Choices(query.clone())),
        );
        if !cmds.is_empty() {
            return cmds;
        }
        // nothing could be flushed (changes held in doubt, the session busy): the rows the
        // database has are listed all the same, and the form says why the new ones are not
        if let Overlay::InsertForm(f) = &mut model.overlay {
            f.error = model.notice.as_ref().map(|n| n.text.clone());
        }
    }
    vec![Command::LoadChoices(query)]
}

/// The column that says which row it is: a name, title or e-mail, else the first text column.
fn label_column(table: &Table, key: &str) -> Option<String> {
    let candidates: Vec<&crate::meta::ColumnInfo> =
        table.columns.iter().filter(|c| c.name != key).collect();
    let named = ["name", "username", "title", "label", "email", "code"];
    named
        .iter()
        .find_map(|n| candidates.iter().find(|c| c.name.eq_ignore_ascii_case(n)))
        .or_else(|| {
            candidates
                .iter()
                .find(|c| c.name.to_lowercase().contains("name"))
        })
        .or_else(|| {
            candidates.iter().find(|c| {
                let t = c.data_type.to_lowercase();
                t.contains("char") || t.contains("text")
            })
        })
        .map(|c| c.name.clone())
}

/// The picker's rows arrived.
pub fn choices_loaded(
    model: &mut Model,
    result: Result<Vec<(String, String)>, crate::engine::EngineError>,
) {
    if let Overlay::InsertForm(form) = &mut model.overlay
        && let Some(p) = form.picker.as_mut()
    {
        match result {
            Ok(rows) => p.rows = Some(rows),
            Err(e) => {
                form.picker = None;
                form.error = Some(format!("reading the rows to pick from failed: {e}"));
            }
        }
    }
}

/// Enter in the picker: the row's key goes into the field.
fn pick(form: &mut InsertForm) {
    let Some(p) = form.picker.take() else { return };
    let Some((key, label)) = p.shown().get(p.selected).map(|r| (*r).clone()) else {
        return;
    };
    if let Some(f) = form.fields.get_mut(form.selected) {
        f.choice = Choice::Text;
        f.text = key.into();
        f.picked = Some(label);
    }
}

/// Enter in the form: every field read against its type, then the row staged.
pub fn accept(model: &mut Model) -> Vec<Command> {
    let Overlay::InsertForm(form) = &mut model.overlay else {
        return vec![];
    };
    if form.picker.is_some() {
        pick(form);
        return vec![];
    }
    if crate::app::session::edit::refuse_while_busy(model) {
        return vec![];
    }
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
            model.inform(format!(
                "staged a new row of {} — {} commits, the Session pane shows the SQL",
                table.name(),
                model.keys.commit
            ));
            crate::app::session::edit::journal(model)
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
