//! The schema tree's actions: moving in it, opening nodes, its filter, the details of its
//! table, and a preview of the table's rows.

use super::actions as tree;
use crate::app::line_input::one_line;
use crate::app::model::{Model, PaneId};
use crate::app::msg::{Action, Command, Handled};

pub(crate) fn handle(model: &mut Model, action: Action) -> Handled {
    let in_tree = model.focus == PaneId::Schema;
    Handled::Done(match action {
        Action::RefreshCatalog => tree::refresh(model),
        Action::Activate if in_tree => tree::activate(model),
        Action::MoveLeft if in_tree => {
            tree::collapse(model);
            vec![]
        }
        Action::MoveRight if in_tree => tree::expand(model),
        Action::StartFilter => {
            model.focus = PaneId::Schema;
            model.tree.filtering = true;
            vec![]
        }
        Action::Cancel if in_tree && !model.tree.filter.is_empty() => {
            // Esc in the tree drops a kept filter too
            model.tree.filter.clear();
            tree::filter_changed(model);
            vec![]
        }
        Action::ShowDetail(tab) => tree::show_detail(model, tab),
        Action::SelectTreeRow(i) => {
            tree::move_selection(model, i as isize - model.tree.selected as isize);
            vec![]
        }
        Action::PreviewTable => preview(model),
        other => return Handled::Pass(other),
    })
}

/// The tree's filter being typed: Enter keeps it, Esc clears it.
pub(crate) fn filter_keys(model: &mut Model, action: Action) -> Handled {
    match action {
        Action::Edit(edit) => {
            if model.tree.filter.apply(&one_line(edit)) {
                tree::filter_changed(model);
            }
        }
        Action::Accept => model.tree.filtering = false,
        Action::Dismiss => {
            model.tree.filtering = false;
            model.tree.filter.clear();
            tree::filter_changed(model);
        }
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// The first rows of the selected table, in the grid.
fn preview(model: &mut Model) -> Vec<Command> {
    let Some(name) = model.selected_table_sql_name() else {
        model.warn("Select a table in the schema tree first.");
        return vec![];
    };
    // a SQLite table without a key is previewed with its rowid, so that its rows can still be
    // told apart (and edited)
    let columns = if keyless_sqlite_table(model) {
        "rowid, *"
    } else {
        "*"
    };
    crate::app::results::run::start_script(
        model,
        vec![crate::query::split::Statement::sql(format!(
            "select {columns} from {name} limit 100"
        ))],
    )
}

fn keyless_sqlite_table(model: &Model) -> bool {
    if model.info.engine != crate::engine::EngineKind::Sqlite {
        return false;
    }
    let Some((schema, table)) = model.selected_table() else {
        return false;
    };
    let Some(t) = model
        .catalog
        .loaded()
        .and_then(|c| c.table(&schema, &table))
    else {
        return false;
    };
    t.relation.kind == crate::meta::RelationKind::Table
        && t.primary_key
            .as_ref()
            .is_none_or(|pk| pk.columns.is_empty())
        && t.unique_constraints.is_empty()
        && !t
            .definition
            .as_deref()
            .unwrap_or("")
            .contains("WITHOUT ROWID")
}
