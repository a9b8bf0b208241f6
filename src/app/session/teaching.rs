//! The teaching view: the staged changes as the SQLAlchemy calls that would stage them, each
//! object's state as `inspect()` says it, the session's new / dirty / deleted sets and its
//! identity map, and where retort does differently on purpose.

use std::collections::HashMap;

use super::pane_text::{Lines, Role};
use super::view::{add_unseen, change_label, class_of, object_of, py_cell, py_value, state};
use crate::app::model::Model;
use crate::meta::python::py_ident;
use crate::session::{Change, ChangeKind, RowKey, TableRef};

pub fn teaching(model: &Model) -> Lines {
    let mut out: Lines = vec![(
        Role::Heading,
        "The same session in SQLAlchemy 2.0 (with session = Session(engine)):".into(),
    )];
    // every object the view makes has a name of its own (post, post_2, …)
    let mut seen: HashMap<&TableRef, usize> = HashMap::new();
    for c in model.session.unit.changes() {
        let n = seen.entry(&c.table).or_insert(0);
        *n += 1;
        let obj = match *n {
            1 => object_of(&c.table),
            n => format!("{}_{n}", object_of(&c.table)),
        };
        let (role, lines) = calls(c, &obj);
        out.extend(lines.into_iter().map(|l| (role, l)));
        out.push((
            Role::Note,
            format!("    # inspect({obj}): {}{}", state(c), given(c, &obj)),
        ));
    }
    out.extend(model.session.events.iter().map(|e| (Role::Sql, e.clone())));
    if !model.session.last_end.is_empty() {
        out.push((Role::Heading, "after the last commit / rollback:".into()));
        for l in &model.session.last_end {
            out.push((Role::Note, format!("    # {l}")));
        }
    }
    sets(model, &mut out);
    out.push((Role::Heading, identity_map(model)));
    out.push((Role::Note, differences(model)));
    out
}

/// The calls that stage change `c` on object `obj`, and the role they are drawn in.
fn calls(c: &Change, obj: &str) -> (Role, Vec<String>) {
    let class = class_of(&c.table);
    let get = |key: &RowKey| {
        let vals: Vec<String> = key.values.iter().map(py_value).collect();
        match &vals[..] {
            [one] => format!("{obj} = session.get({class}, {one})"),
            _ => format!("{obj} = session.get({class}, ({}))", vals.join(", ")),
        }
    };
    match &c.kind {
        ChangeKind::Insert { values } => {
            let args: Vec<String> = values
                .iter()
                .map(|(col, v)| format!("{}={}", py_ident(col), py_cell(v)))
                .collect();
            (
                Role::New,
                vec![
                    format!("{obj} = {class}({})", args.join(", ")),
                    format!("session.add({obj})"),
                ],
            )
        }
        ChangeKind::Update { key, new, .. } => {
            let mut l = vec![get(key)];
            for (col, v) in new {
                l.push(format!("{obj}.{} = {}", py_ident(col), py_cell(v)));
            }
            (Role::Dirty, l)
        }
        ChangeKind::Delete { key, .. } => (
            Role::Deleted,
            vec![get(key), format!("session.delete({obj})")],
        ),
    }
}

/// The key the server gave a flushed insert (a key the user set is no news).
fn given(c: &Change, obj: &str) -> String {
    match (&c.kind, &c.generated) {
        (ChangeKind::Insert { values }, Some(k))
            if k.columns
                .iter()
                .any(|col| values.iter().all(|(c, _)| c != col)) =>
        {
            let attrs: Vec<String> = k
                .columns
                .iter()
                .zip(&k.values)
                .map(|(col, v)| format!("{obj}.{} == {}", py_ident(col), py_value(v)))
                .collect();
            format!(", {} (given by the server at the flush)", attrs.join(", "))
        }
        _ => String::new(),
    }
}

/// `session.new`, `session.dirty` and `session.deleted`.
fn sets(model: &Model, out: &mut Lines) {
    let unit = &model.session.unit;
    let pending = |f: fn(&Change) -> bool| {
        unit.changes()
            .iter()
            .filter(|c| !c.flushed && f(c))
            .map(change_label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push((
        Role::Heading,
        format!("session.new     = {{{}}}", pending(|c| c.is_insert())),
    ));
    // an object set back to the value read is still in session.dirty, and is_modified() is
    // False: its flush sends nothing (retort stages nothing for it)
    let mut dirty = pending(|c| matches!(c.kind, ChangeKind::Update { .. }));
    for t in &model.session.touched {
        if !dirty.is_empty() {
            dirty.push_str(", ");
        }
        dirty.push_str(&format!(
            "{t} (set back: is_modified() is False, nothing to flush)"
        ));
    }
    out.push((Role::Heading, format!("session.dirty   = {{{dirty}}}")));
    out.push((
        Role::Heading,
        format!("session.deleted = {{{}}}", pending(|c| c.is_delete())),
    ));
}

/// `session.identity_map`: the objects kept from before, and those the staged changes hold.
fn identity_map(model: &Model) -> String {
    let mut identity: Vec<String> = model.session.kept_identities.clone();
    let staged: Vec<String> = (model.session.unit.changes().iter())
        // a pending object joins the identity map at the flush, with the key it was given; a
        // deleted one leaves it at the flush
        .filter(|c| !c.is_insert() || c.flushed)
        .filter(|c| !(c.is_delete() && c.flushed))
        .filter_map(|c| {
            c.identity()
                .map(|k| format!("({}, {})", class_of(&c.table), k.label()))
        })
        .collect();
    add_unseen(&mut identity, staged);
    format!("session.identity_map: {}", identity.join(", "))
}

/// Autoflush, what a commit and a rollback leave, and where retort does better on purpose.
fn differences(model: &Model) -> String {
    format!(
        "{} After session.commit() objects stay persistent and expired in the identity \
         map (the next access reloads; only session.close() detaches them); \
         session.rollback() makes pending objects transient again. Where retort does \
         better, on purpose: a failed flush keeps every staged change and marks the one \
         the server refused (SQLAlchemy discards them and raises PendingRollbackError \
         until rollback()); an UPDATE or DELETE matches the values it read as well as the \
         key and must match exactly one row (SQLAlchemy matches the key only, and only \
         warns for a DELETE); a multi-row INSERT runs under SAVEPOINT retort_batch so that \
         a refused row can be named.",
        if model.session.autoflush {
            "autoflush=True: a query flushes first, as SQLAlchemy's does."
        } else {
            "autoflush=False: a query runs without flushing; Ctrl-S or f sends the changes."
        }
    )
}
