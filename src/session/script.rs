//! The session as a runnable Python script: the models of `--schema models` inline, then the
//! same work with the same SQLAlchemy calls (`session.add`, attribute sets, `session.delete`,
//! `session.commit()`). Every name and value from the database goes through `py_str` or a
//! Python literal, so a hostile name stays data.

use std::fmt::Write as _;

use crate::engine::{EngineKind, Value};
use crate::meta::models::{MappedNames, mapped_names, module, table_var};
use crate::meta::python::{py_ident, py_str, singular};
use crate::meta::{Catalog, Table};

use super::change::{Cell, Change, ChangeKind};
use super::unit::Session;

/// A value as the Python object SQLAlchemy's column type takes (`py` is the type hint that
/// `sa_type` gives the column).
fn py_value(v: &Value, py: &str) -> String {
    let text = || v.as_ref().display();
    match v {
        Value::Null => return "None".into(),
        Value::Bool(b) => return if *b { "True" } else { "False" }.into(),
        Value::Bytes(b) => {
            let mut s = String::from("b'");
            for byte in b {
                let _ = write!(s, "\\x{byte:02x}");
            }
            s.push('\'');
            return s;
        }
        _ => {}
    }
    if let Some(element) = py.strip_prefix("List[").and_then(|e| e.strip_suffix(']')) {
        return match parse_pg_array(&text()) {
            Some(items) => py_list(&items, element),
            None => py_str(&text()),
        };
    }
    match py {
        "int" => text(),
        "bool" => match text().as_str() {
            "1" | "t" | "true" => "True".into(),
            _ => "False".into(),
        },
        "float" => match text().as_str() {
            "NaN" => "float('nan')".into(),
            "Infinity" => "float('inf')".into(),
            "-Infinity" => "float('-inf')".into(),
            t => t.to_string(),
        },
        "decimal.Decimal" => format!("decimal.Decimal({})", py_str(&text())),
        "datetime.date" => format!("datetime.date.fromisoformat({})", py_str(&text())),
        "datetime.time" => format!("datetime.time.fromisoformat({})", py_str(&text())),
        "datetime.datetime" => format!("datetime.datetime.fromisoformat({})", py_str(&text())),
        "uuid.UUID" => format!("uuid.UUID({})", py_str(&text())),
        "Any" => format!("json.loads({})", py_str(&text())),
        "bytes" => format!("{}.encode()", py_str(&text())),
        _ => py_str(&text()),
    }
}

/// One element of a PostgreSQL array's text: a value (None for NULL) or a nested array.
#[derive(Debug, PartialEq)]
enum ArrayItem {
    Value(Option<String>),
    Nested(Vec<ArrayItem>),
}

/// A PostgreSQL array's text form (`{1,2}`, `{"p q",NULL}`, `{{1,2},{3,4}}`) as its elements,
/// or None when it is not one.
fn parse_pg_array(text: &str) -> Option<Vec<ArrayItem>> {
    // a lower bound decoration (`[0:1]={…}`) is left to the text form
    let chars: Vec<char> = text.trim().chars().collect();
    let (items, end) = parse_items(&chars, 0)?;
    (end == chars.len()).then_some(items)
}

/// The items of the array that opens at `at` (`{`), and where it ends.
fn parse_items(c: &[char], at: usize) -> Option<(Vec<ArrayItem>, usize)> {
    if c.get(at) != Some(&'{') {
        return None;
    }
    let mut i = at + 1;
    let mut items = Vec::new();
    if c.get(i) == Some(&'}') {
        return Some((items, i + 1));
    }
    loop {
        match c.get(i)? {
            '{' => {
                let (nested, end) = parse_items(c, i)?;
                items.push(ArrayItem::Nested(nested));
                i = end;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match c.get(i)? {
                        '\\' => {
                            s.push(*c.get(i + 1)?);
                            i += 2;
                        }
                        '"' => break,
                        ch => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                items.push(ArrayItem::Value(Some(s)));
                i += 1;
            }
            _ => {
                let start = i;
                while !matches!(c.get(i)?, ',' | '}') {
                    i += 1;
                }
                let raw: String = c[start..i].iter().collect::<String>().trim().to_string();
                items.push(ArrayItem::Value((raw != "NULL").then_some(raw)));
            }
        }
        match c.get(i)? {
            ',' => i += 1,
            '}' => return Some((items, i + 1)),
            _ => return None,
        }
    }
}

/// The elements as a Python list, each typed as the element's Python type says.
fn py_list(items: &[ArrayItem], element: &str) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            ArrayItem::Nested(inner) => py_list(inner, element),
            ArrayItem::Value(None) => "None".into(),
            ArrayItem::Value(Some(text)) => py_value(
                &Value::Text(crate::engine::Kind::Text, text.clone()),
                element,
            ),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

struct Names<'a> {
    names: Vec<MappedNames>,
    catalog: &'a Catalog,
}

impl Names<'_> {
    fn of(&self, c: &Change) -> Result<(&MappedNames, &Table), String> {
        let m = self
            .names
            .iter()
            .find(|m| m.schema == c.table.schema && m.table == c.table.name)
            .ok_or_else(|| format!("{} is not in the catalog", c.table.name))?;
        let t = self
            .catalog
            .table(&c.table.schema, &c.table.name)
            .ok_or_else(|| format!("{} is not in the catalog", c.table.name))?;
        Ok((m, t))
    }
}

fn attr(m: &MappedNames, column: &str) -> String {
    m.attrs
        .iter()
        .find(|(c, _)| c == column)
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| py_ident(column))
}

fn py_cell(cell: &Cell, catalog: &Catalog, t: &Table, column: &str) -> String {
    match cell {
        Cell::Default => "sa.literal_column('DEFAULT')".into(),
        Cell::Value(v) => {
            let ty = t
                .columns
                .iter()
                .find(|c| c.name == column)
                // the models' own typing: a domain as its base type, an enum as str
                .map(|c| crate::meta::models::column_type(catalog, t, c).1)
                .unwrap_or_else(|| "str".into());
            py_value(v, &ty)
        }
    }
}

/// A change of a table without a primary key as a Core statement run through the session
/// (`session.execute(sa.update(t).where(…).values(…))`): the ORM cannot map such a table.
fn core_statement(c: &Change, t: &Table, catalog: &Catalog) -> String {
    let var = py_ident(&table_var(t));
    let column = |col: &str| {
        if col == "rowid" && !t.columns.iter().any(|c| c.name == "rowid") {
            "sa.literal_column('rowid')".to_string()
        } else {
            format!("{var}.c[{}]", py_str(col))
        }
    };
    let values = |cells: &[(String, Cell)], skip_default: bool| {
        let items: Vec<String> = cells
            .iter()
            .filter(|(_, cell)| !(skip_default && *cell == Cell::Default))
            .map(|(col, cell)| format!("{}: {}", py_str(col), py_cell(cell, catalog, t, col)))
            .collect();
        format!("{{{}}}", items.join(", "))
    };
    let matching = |key: &super::RowKey| {
        let parts: Vec<String> = key
            .columns
            .iter()
            .zip(&key.values)
            .map(|(col, v)| {
                format!(
                    "{} == {}",
                    column(col),
                    py_cell(&Cell::Value(v.clone()), catalog, t, col)
                )
            })
            .collect();
        parts.join(", ")
    };
    match &c.kind {
        ChangeKind::Insert { values: cells } => format!(
            "    session.execute(sa.insert({var}).values({}))\n",
            values(cells, true)
        ),
        ChangeKind::Update { key, new, .. } => format!(
            "    session.execute(sa.update({var}).where({}).values({}))\n",
            matching(key),
            values(new, false)
        ),
        ChangeKind::Delete { key, .. } => format!(
            "    session.execute(sa.delete({var}).where({}))\n",
            matching(key)
        ),
    }
}

/// The URL SQLAlchemy would use for this database, without a password. For SQLite,
/// `location` is the file's path (`sqlite:////abs/path.db`; the schema name `main` is no file).
pub fn sqlalchemy_url(engine: EngineKind, user: &str, location: &str, database: &str) -> String {
    match engine {
        EngineKind::Postgres => format!("postgresql+psycopg://{user}@{location}/{database}"),
        EngineKind::MySql => format!("mysql+pymysql://{user}@{location}/{database}"),
        EngineKind::Sqlite => format!("sqlite:///{location}"),
    }
}

/// The script. `default_url` is used when none is given on the command line. Changes on tables
/// without a primary key (which the ORM cannot map) are Core statements run by the session.
pub fn python_script(session: &Session, catalog: &Catalog, default_url: &str) -> String {
    let names = Names {
        names: mapped_names(catalog),
        catalog,
    };
    let mut out = module(catalog);
    out.push_str(
        "\n\n# ---- the session, as retort staged it ----\nimport json\nimport sys\n\n\
         from sqlalchemy.orm import Session as OrmSession\n\n",
    );
    let _ = writeln!(
        out,
        "url = sys.argv[1] if len(sys.argv) > 1 else {}",
        py_str(default_url)
    );
    out.push_str("engine = sa.create_engine(url)\n");
    // retort's SQLite connection checks foreign keys: so must the script's, or it "works"
    // only because nothing is checked
    out.push_str(
        "if engine.dialect.name == \"sqlite\":\n\n    \
         @sa.event.listens_for(engine, \"connect\")\n    \
         def _foreign_keys_on(dbapi_connection, _record):\n        \
         dbapi_connection.execute(\"PRAGMA foreign_keys = ON\")\n",
    );
    // staged as retort's flush runs: nothing is flushed half-way (session.get() after a
    // session.delete() would flush, and null the children's keys first)
    out.push_str("\nwith OrmSession(engine, autoflush=False) as session:\n");
    let mut body = String::new();
    let mut after = String::new();
    let whole = whole_plan(session, catalog);
    for (n, c) in in_plan_order(session, whole.as_ref()) {
        let (m, t) = match names.of(c) {
            Ok(x) => x,
            Err(why) => {
                let _ = writeln!(body, "    # {}", why.replace(['\n', '\r'], " "));
                continue;
            }
        };
        let Some(class) = m.class.clone() else {
            // no primary key: the ORM cannot address its rows, so Core statements do, by the
            // same key retort used (a unique key of NOT NULL columns, or SQLite's rowid)
            body.push_str(&core_statement(c, t, catalog));
            continue;
        };
        let obj = format!("{}_{n}", py_ident(&singular(&c.table.name).to_lowercase()));
        let get = |key: &super::RowKey| {
            let vals: Vec<String> = key
                .columns
                .iter()
                .zip(&key.values)
                .map(|(col, v)| py_cell(&Cell::Value(v.clone()), catalog, t, col))
                .collect();
            if vals.len() == 1 {
                format!("    {obj} = session.get({class}, {})\n", vals[0])
            } else {
                format!("    {obj} = session.get({class}, ({},))\n", vals.join(", "))
            }
        };
        let later: &[String] = whole
            .as_ref()
            .and_then(|p| p.post_updated.iter().find(|(id, _)| *id == c.id))
            .map_or(&[], |(_, cols)| cols);
        match &c.kind {
            ChangeKind::Insert { values } => {
                let args: Vec<String> = values
                    .iter()
                    .filter(|(_, cell)| *cell != Cell::Default)
                    .map(|(col, cell)| match later.contains(col) {
                        true => format!("{}=None", attr(m, col)),
                        false => format!("{}={}", attr(m, col), py_cell(cell, catalog, t, col)),
                    })
                    .collect();
                let _ = writeln!(body, "    {obj} = {class}({})", args.join(", "));
                let _ = writeln!(body, "    session.add({obj})");
                for (col, cell) in values.iter().filter(|(col, _)| later.contains(col)) {
                    let _ = writeln!(
                        after,
                        "    {obj}.{} = {}",
                        attr(m, col),
                        py_cell(cell, catalog, t, col)
                    );
                }
            }
            ChangeKind::Update { key, new, .. } => {
                body.push_str(&get(key));
                for (col, cell) in new {
                    let _ = writeln!(
                        body,
                        "    {obj}.{} = {}",
                        attr(m, col),
                        py_cell(cell, catalog, t, col)
                    );
                }
            }
            ChangeKind::Delete { key, .. } => {
                body.push_str(&get(key));
                let _ = writeln!(body, "    session.delete({obj})");
            }
        }
        if !later.is_empty() || (refers_to_itself(t) && (c.is_insert() || c.is_delete())) {
            // SQLAlchemy orders a table's own rows only through relationship(): the row goes
            // now, in retort's order (parents first, children deleted first)
            body.push_str("    session.flush()\n");
        }
    }
    if !after.is_empty() {
        body.push_str(
            "    # a cycle of foreign keys: these keys are filled in once its rows are in, as \
             retort's flush does (SQLAlchemy's post_update)\n    session.flush()\n",
        );
        body.push_str(&after);
    }
    if body.is_empty() {
        body.push_str("    pass  # nothing staged\n");
    }
    let (deferred, immediate) = deferred_constraints(whole.as_ref());
    out.push_str(&deferred);
    out.push_str(&body);
    out.push_str(&immediate);
    out.push_str("    session.commit()\n");
    out
}

/// The plan of every staged change as retort's commit would send it (flushed ones again).
fn whole_plan(session: &Session, catalog: &Catalog) -> Option<super::Plan> {
    let mut all = session.clone();
    all.unflush_all();
    let lookup = |r: &super::TableRef| catalog.table(&r.schema, &r.name);
    super::plan(&all, &lookup, catalog.engine()).ok()
}

/// The staged changes (with their place in the staging order, which names their objects) in
/// the order the plan sends them; any it does not carry after, as staged.
fn in_plan_order<'s>(
    session: &'s Session,
    plan: Option<&super::Plan>,
) -> Vec<(usize, &'s super::Change)> {
    let mut at: std::collections::HashMap<super::ChangeId, usize> = Default::default();
    for (i, id) in plan
        .iter()
        .flat_map(|p| p.steps.iter().flat_map(|s| s.changes.iter()))
        .enumerate()
    {
        at.entry(*id).or_insert(i);
    }
    let mut out: Vec<(usize, &super::Change)> = session.changes().iter().enumerate().collect();
    out.sort_by_key(|(n, c)| (at.get(&c.id).copied().unwrap_or(usize::MAX), *n));
    out
}

fn refers_to_itself(t: &Table) -> bool {
    t.foreign_keys
        .iter()
        .any(|fk| fk.ref_schema == t.schema() && fk.ref_table == t.name())
}

/// A cycle of foreign keys that retort's flush breaks with `SET CONSTRAINTS … DEFERRED`
/// (PostgreSQL): SQLAlchemy inserts the rows of a cycle in an order of its own, so the script
/// defers every deferrable constraint around its work, and checks them before the commit.
fn deferred_constraints(plan: Option<&super::Plan>) -> (String, String) {
    let defers = plan.is_some_and(|p| {
        p.steps
            .iter()
            .any(|s| s.kind == super::StepKind::Constraints)
    });
    if !defers {
        return Default::default();
    }
    (
        "    # a cycle of foreign keys: checked once its rows are in, as retort's flush does\n    \
         session.execute(sa.text(\"SET CONSTRAINTS ALL DEFERRED\"))\n"
            .into(),
        "    session.flush()\n    session.execute(sa.text(\"SET CONSTRAINTS ALL IMMEDIATE\"))\n"
            .into(),
    )
}

#[cfg(test)]
mod array_tests {
    use super::*;

    #[test]
    fn postgres_arrays_are_written_as_python_lists() {
        let v = |t: &str| Value::Text(crate::engine::Kind::Array, t.into());
        assert_eq!(py_value(&v("{7,8}"), "List[int]"), "[7, 8]");
        assert_eq!(
            py_value(&v("{\"p q\",NULL,\"a\\\"b\",x}"), "List[str]"),
            "[\"p q\", None, \"a\\\"b\", \"x\"]"
        );
        assert_eq!(
            py_value(&v("{{1,2},{3,4}}"), "List[int]"),
            "[[1, 2], [3, 4]]"
        );
        assert_eq!(py_value(&v("{}"), "List[int]"), "[]");
        assert_eq!(
            py_value(&v("not an array"), "List[int]"),
            "\"not an array\""
        );
    }
}
