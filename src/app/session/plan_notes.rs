//! What the flush plan does beyond its own statements, said under it: the tables that cannot
//! roll back (MyISAM, Aria…), and the rows a DELETE takes with it by a foreign key's ON DELETE
//! (the database deletes or changes them; nothing in the session stands for them).

use crate::session::{Plan, StepKind, TableRef};

use crate::app::schema::catalog::LoadedCatalog;
use crate::app::session::pane_text::Role;

/// The notes under `plan`.
pub fn notes(catalog: &LoadedCatalog, plan: &Plan) -> Vec<(Role, String)> {
    let mut out: Vec<(Role, String)> = lasting_note(catalog, &plan.lasting).into_iter().collect();
    out.extend(cascades(catalog, plan));
    out
}

/// For each table the plan deletes from, the foreign keys that make the database delete or
/// change other rows with it.
fn cascades(catalog: &LoadedCatalog, plan: &Plan) -> Vec<(Role, String)> {
    let mut deleted: Vec<&TableRef> = Vec::new();
    for s in plan.steps.iter().filter(|s| s.kind == StepKind::Delete) {
        if !deleted.contains(&&s.table) {
            deleted.push(&s.table);
        }
    }
    let mut out = Vec::new();
    for parent in deleted {
        for schema in &catalog.schemas {
            let Some(details) = catalog.schema_details(schema) else {
                continue;
            };
            for child in &details.tables {
                for fk in &child.foreign_keys {
                    if fk.ref_schema != parent.schema || fk.ref_table != parent.name {
                        continue;
                    }
                    let does = match fk.on_delete.to_ascii_uppercase().as_str() {
                        "CASCADE" => "deletes the rows of",
                        "SET NULL" => "sets to NULL the key of the rows of",
                        "SET DEFAULT" => "sets to its default the key of the rows of",
                        _ => continue,
                    };
                    out.push((
                        Role::Failed,
                        format!(
                            "! deleting from {} also {does} {} ({}) that refer to them: ON \
                             DELETE {}, done by the database, not staged here",
                            parent.name,
                            child.name(),
                            fk.columns.join(", "),
                            fk.on_delete.to_ascii_uppercase()
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Said under a plan that writes to tables that cannot roll back (MyISAM, Aria…).
fn lasting_note(
    catalog: &crate::app::schema::catalog::LoadedCatalog,
    lasting: &[TableRef],
) -> Option<(Role, String)> {
    let names: Vec<String> = lasting
        .iter()
        .map(|t| {
            let storage = catalog
                .table(&t.schema, &t.name)
                .and_then(|i| i.relation.storage.clone())
                .unwrap_or_default();
            format!("{} ({storage})", t.name)
        })
        .collect();
    (!names.is_empty()).then(|| {
        (
            Role::Failed,
            format!(
                "! {} cannot roll back: each statement to it is written when it runs and \
                 stays even if the commit fails or is rolled back",
                names.join(", ")
            ),
        )
    })
}
