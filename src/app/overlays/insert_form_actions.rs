//! The insert form's actions: opening it on a table, picking a foreign key's row (after an
//! autoflush, so that this session's new rows are there), and staging the row on Enter.

use super::insert_form::{Choice, InsertForm, Picker};
use crate::app::model::{Model, Overlay};
use crate::app::msg::Command;
use crate::engine::Value;
use crate::meta::Table;
use crate::session::{Cell, input};

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
    let name = crate::engine::dialect::qualified(engine, &schema, &table, None);
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
