//! What the Session pane says, as lines with a role each (the UI picks the styles): the
//! changes grouped as new / dirty / deleted with the flush plan's SQL, and the teaching view of
//! the same session as SQLAlchemy calls and object states.

use crate::engine::Value;
use crate::meta::python::{class_name, py_ident, py_str, singular};
use crate::session::{Cell, Change, ChangeKind, TableRef};

use crate::app::model::Model;

pub use super::pane_text::{Lines, Role};

/// Plans of more changes than this are not drawn on every frame.
const PLAN_SHOWN: usize = 400;

pub(super) fn change_label(c: &Change) -> String {
    let key = match (c.key(), &c.generated) {
        (Some(k), _) => k.label(),
        (None, Some(k)) => format!("new row, {}", k.label()),
        (None, None) => "new row".into(),
    };
    format!("{}  {key}", c.table.name)
}

/// The Changes tab: counts, each change with old → new, the failures, and the plan.
pub fn changes(model: &Model) -> (Lines, Option<usize>) {
    let all = model.session.unit.changes();
    let mut out: Lines = vec![(Role::Heading, counts(model))];
    if all.is_empty() {
        let k = &model.keys;
        out.push((
            Role::Note,
            format!(
                "Nothing staged. In the grid of a table's rows: {} edits a cell, {} adds a row, \
                 {} deletes; {} flushes, {} commits, {} rolls back.",
                k.edit, k.insert, k.delete, k.flush, k.commit, k.rollback
            ),
        ));
        return (out, None);
    }
    let mut cursor_line = None;
    for (i, c) in all.iter().enumerate() {
        if i == model.session.cursor {
            cursor_line = Some(out.len());
        }
        change_lines(c, &mut out);
    }
    if model.session.unit.has_pending() {
        plan_lines(model, &mut out);
    }
    (out, cursor_line)
}

/// New, dirty, deleted as SQLAlchemy counts them (`session.new`, `.dirty`, `.deleted`: what
/// the next flush sends), then what was flushed and is not committed; autoflush.
fn counts(model: &Model) -> String {
    let all = model.session.unit.changes();
    let count = |f: fn(&Change) -> bool| all.iter().filter(|c| f(c)).count();
    let new = count(|c| !c.flushed && c.is_insert());
    let deleted = count(|c| !c.flushed && c.is_delete());
    let dirty = count(|c| !c.flushed && !c.is_insert() && !c.is_delete());
    let flushed = match count(|c| c.flushed) {
        0 => String::new(),
        n => format!(" · {n} flushed, not committed"),
    };
    let autoflush = if model.session.autoflush { "on" } else { "off" };
    format!("new {new} · dirty {dirty} · deleted {deleted}{flushed}   autoflush {autoflush}")
}

/// One change: its kind and row, its values (old → new for an edit), whether it may be in the
/// database already, and why the server refused it.
fn change_lines(c: &Change, out: &mut Lines) {
    let (role, mark) = match &c.kind {
        ChangeKind::Insert { .. } => (Role::New, "+ new    "),
        ChangeKind::Update { .. } => (Role::Dirty, "~ dirty  "),
        ChangeKind::Delete { .. } => (Role::Deleted, "- deleted"),
    };
    let sent = if c.flushed { "  (flushed)" } else { "" };
    out.push((role, format!("{mark} {}{sent}", change_label(c))));
    match &c.kind {
        ChangeKind::Insert { values } => {
            for (col, v) in values {
                out.push((Role::Plain, format!("      {col} = {}", v.label())));
            }
        }
        ChangeKind::Update { original, new, .. } => {
            for (col, v) in new {
                let old = (original.iter())
                    .find(|(o, _)| o == col)
                    .map(|(_, o)| Cell::Value(o.clone()).label())
                    .unwrap_or_default();
                out.push((Role::Plain, format!("      {col}: {old} → {}", v.label())));
            }
        }
        ChangeKind::Delete { .. } => {}
    }
    if c.in_doubt && c.failure.is_none() {
        out.push((
            Role::Failed,
            "      ? may be in the database already: sent again only after your yes".into(),
        ));
    }
    if let Some(f) = &c.failure {
        let code = (f.code.as_ref())
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        out.push((Role::Failed, format!("      ✗ {}{code}", f.message)));
    }
}

/// The flush plan: the exact SQL, values bound, and what the database does beside it.
fn plan_lines(model: &Model, out: &mut Lines) {
    let unit = &model.session.unit;
    out.push((
        Role::Heading,
        "Flush plan (the exact SQL, values bound):".into(),
    ));
    let pending = unit.pending().count();
    if pending > PLAN_SHOWN {
        let said = format!("{pending} changes: {} flushes them", model.keys.flush);
        out.push((Role::Note, said));
        return;
    }
    let Some(catalog) = model.catalog.loaded() else {
        return;
    };
    let lookup = |r: &TableRef| catalog.table(&r.schema, &r.name);
    match crate::session::plan(unit, &lookup, crate::session::Dialect::of(&model.info)) {
        Ok(plan) => {
            for step in &plan.steps {
                out.push((Role::Sql, step.rendered(model.info.engine)));
            }
            out.extend(crate::app::session::plan_notes::notes(catalog, &plan));
        }
        Err(e) => out.push((Role::Failed, format!("no plan: {}", e.message))),
    }
}

pub(super) fn class_of(t: &TableRef) -> String {
    class_name(&singular(&t.name))
}

pub(super) fn object_of(t: &TableRef) -> String {
    py_ident(&singular(&t.name).to_lowercase())
}

pub(super) fn py_value(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => v.as_ref().display().replace("NaN", "float('nan')").replace(
            "Infinity",
            &format!("float('{}inf')", if *f < 0.0 { "-" } else { "" }),
        ),
        Value::Text(_, t) => py_str(t),
        Value::Bytes(b) => {
            let mut s = String::from("b'");
            for byte in b {
                s.push_str(&format!("\\x{byte:02x}"));
            }
            s.push('\'');
            s
        }
    }
}

pub(super) fn py_cell(c: &Cell) -> String {
    match c {
        Cell::Value(v) => py_value(v),
        Cell::Default => "sa.text('DEFAULT')".into(),
    }
}

/// `(Class, key)` of each object a commit (`committed`) or a rollback leaves persistent in
/// SQLAlchemy's identity map: not the deleted ones a commit removes, not the pending ones a
/// rollback makes transient.
pub fn kept_after_end(unit: &crate::session::Session, committed: bool) -> Vec<String> {
    let mut labels = Labels::default();
    unit.changes()
        .iter()
        .filter(|c| match committed {
            true => !c.is_delete(),
            false => !c.is_insert(),
        })
        .filter_map(|c| c.identity().map(|k| labels.object(&c.table, k)))
        .collect()
}

/// `(Class, key)` labels of many objects, each table's class named once.
#[derive(Default)]
pub struct Labels {
    last: Option<(TableRef, String)>,
}

impl Labels {
    pub fn class(&mut self, table: &TableRef) -> &str {
        if self.last.as_ref().is_none_or(|(t, _)| t != table) {
            self.last = Some((table.clone(), class_of(table)));
        }
        self.last.as_ref().map_or("", |(_, c)| c.as_str())
    }

    pub fn object(&mut self, table: &TableRef, key: &crate::session::RowKey) -> String {
        let mut out = String::with_capacity(48);
        out.push('(');
        out.push_str(self.class(table));
        out.push_str(", ");
        key.write_label(&mut out);
        out.push(')');
        out
    }
}

/// Appends each of `more` not in `list` yet, in order (10,000 objects: a set, not a scan).
pub fn add_unseen(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    let more: Vec<String> = more.into_iter().collect();
    let fresh: Vec<bool> = {
        let mut seen: std::collections::HashSet<&str> = list.iter().map(String::as_str).collect();
        more.iter().map(|s| seen.insert(s.as_str())).collect()
    };
    list.extend(
        more.into_iter()
            .zip(fresh)
            .filter_map(|(s, new)| new.then_some(s)),
    );
}

/// `(Class, key)` of one row's object.
pub fn object_label(table: &TableRef, key: &crate::session::RowKey) -> String {
    format!("({}, {})", class_of(table), key.label())
}

/// `(Class, key)` of each object the unit deletes.
pub fn deleted_identities(unit: &crate::session::Session) -> Vec<String> {
    let mut labels = Labels::default();
    unit.changes()
        .iter()
        .filter(|c| c.is_delete())
        .filter_map(|c| c.identity().map(|k| labels.object(&c.table, k)))
        .collect()
}

/// The object state SQLAlchemy's `inspect(obj)` would report.
pub(super) fn state(c: &Change) -> &'static str {
    match (&c.kind, c.flushed) {
        (ChangeKind::Insert { .. }, false) => "pending",
        (ChangeKind::Insert { .. }, true) => "persistent",
        (ChangeKind::Update { .. }, _) => "persistent",
        (ChangeKind::Delete { .. }, false) => "persistent (in session.deleted)",
        (ChangeKind::Delete { .. }, true) => "deleted",
    }
}

/// The objects a commit or rollback leaves in SQLAlchemy's identity map join those kept before
/// (the session is not closed); a commit drops what it deleted.
pub(crate) fn keep_identities(model: &mut Model, committed: bool) {
    // SQLAlchemy's dirty set is empty after a commit or a rollback
    model.session.touched.clear();
    let kept = kept_after_end(&model.session.unit, committed);
    if committed {
        // what the commit deleted is gone from the identity map
        let gone: std::collections::HashSet<String> = deleted_identities(&model.session.unit)
            .into_iter()
            .collect();
        model.session.kept_identities.retain(|k| !gone.contains(k));
    }
    add_unseen(&mut model.session.kept_identities, kept);
}

/// The objects of the session as SQLAlchemy leaves them when its transaction ends: after a
/// commit the deleted ones are detached and the others stay persistent and expired in the
/// identity map (only `close()` detaches them); after a rollback pending objects are
/// transient again, the others persistent and expired.
pub(crate) fn ended_objects(model: &Model, committed: bool) -> Vec<String> {
    model
        .session
        .unit
        .changes()
        .iter()
        .map(|c| {
            let mut what = String::with_capacity(64);
            match c.identity() {
                Some(k) => {
                    what.push_str(&c.table.name);
                    what.push(' ');
                    k.write_label(&mut what);
                }
                None => {
                    what.push_str("new ");
                    what.push_str(&c.table.name);
                    what.push_str(" row");
                }
            }
            let state = match (committed, c.is_insert(), c.is_delete()) {
                (true, _, true) => "deleted → detached",
                (true, _, false) => {
                    "persistent, expired (still in the identity map: the next access reloads)"
                }
                (false, true, _) => "transient again (never in the database)",
                (false, false, _) => "persistent, expired (its old values come back on access)",
            };
            what.push_str(": ");
            what.push_str(state);
            what
        })
        .collect()
}
