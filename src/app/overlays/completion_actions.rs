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
        // a first ↓ on candidates offered while typing chooses the first one
        let first_choice = popup.auto && matches!(action, Action::MoveDown);
        popup.selected = if first_choice { 0 } else { selected };
        popup.auto = false;
        return Handled::Done(vec![]);
    }
    match action {
        Action::Dismiss | Action::Accept => model.set_completion(None),
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// Tab in the editor (or a pause in typing, `auto`): the candidates for the text before and
/// after the cursor. While typing, only a word of two characters or more (or after a `.`)
/// is completed, and a word typed whole is left alone.
pub(crate) fn open(model: &mut Model, before: &str, after: &str, auto: bool) {
    let completion = complete(before, after, &schema_names(model), model.info.engine);
    let whole = completion.candidates.len() == 1
        && completion.candidates[0].text.chars().count() == completion.prefix_chars;
    let short = completion.prefix_chars < 2 && !before.ends_with('.');
    let offered = !completion.candidates.is_empty() && !(auto && (whole || short));
    match (offered, auto) {
        (true, _) => model.set_completion(Some(CompletionPopup {
            completion,
            selected: 0,
            auto,
        })),
        (false, true) => model.set_completion(None),
        (false, false) => {
            model.warn("no completion here");
            model.set_completion(None);
        }
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
            if matches!(
                r.kind,
                crate::meta::catalog::RelationKind::View
                    | crate::meta::catalog::RelationKind::MaterializedView
            ) {
                names.views.insert(r.name.clone());
            }
        }
    }
    names
}
