//! Completion's actions: the candidates for the text around the cursor, choosing one, closing.

use super::completion::CompletionPopup;
use crate::app::model::Model;
use crate::app::msg::{Action, Handled};
use crate::query::complete::{SchemaNames, complete};

pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let Some(popup) = model.completion_mut() else {
        return Handled::Pass(action);
    };
    let len = popup.completion.candidates.len();
    if let Some(selected) = super::step(popup.selected, len, &action) {
        popup.selected = selected;
        return Handled::Done(vec![]);
    }
    match action {
        Action::Dismiss | Action::Accept => model.set_completion(None),
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// Tab in the editor: the candidates for the text before and after the cursor.
pub(crate) fn open(model: &mut Model, before: &str, after: &str) {
    let completion = complete(before, after, &schema_names(model), model.info.engine);
    if completion.candidates.is_empty() {
        model.warn("no completion here");
        model.set_completion(None);
    } else {
        model.set_completion(Some(CompletionPopup {
            completion,
            selected: 0,
        }));
    }
}

/// Tables and the columns loaded so far, for completion.
fn schema_names(model: &Model) -> SchemaNames {
    let mut names = SchemaNames::default();
    if let Some(c) = model.catalog.loaded() {
        for r in &c.relations {
            let columns = c
                .table(&r.schema, &r.name)
                .map(|t| t.columns.iter().map(|col| col.name.clone()).collect())
                .unwrap_or_default();
            names.tables.push((r.name.clone(), columns));
        }
    }
    names
}
