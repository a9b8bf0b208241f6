//! Where an export goes: the default path shown and editable, Enter writes (never over a file
//! that is there), Esc gives up; and the export under way, for the status bar.

use std::path::PathBuf;

use crate::app::line_input::{LineInput, one_line};
use crate::app::model::{Model, Overlay};
use crate::app::msg::{Action, Command, Handled};
use crate::query::format::Format;

/// The question on screen: the file to write, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPrompt {
    pub format: Format,
    pub path: LineInput,
}

/// An export under way: where, the rows written so far, and how many there are when known
/// (the rows held; a result run again may have more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRun {
    pub path: PathBuf,
    pub rows: u64,
    pub total: Option<u64>,
}

/// `x` / `X`: the question, with a new file in the export directory as its answer.
pub(crate) fn open(model: &mut Model, format: Format) -> Vec<Command> {
    if !crate::app::results::rerun::can_export(model) {
        return vec![];
    }
    let ext = match format {
        Format::Json => "json",
        Format::Tsv => "tsv",
        Format::Csv | Format::Table => "csv",
    };
    let stamp = (model.wall.duration_since(std::time::UNIX_EPOCH))
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let path = model
        .export_dir
        .join(format!("retort-export-{stamp}.{ext}"));
    model.overlay = Overlay::Export(ExportPrompt {
        format,
        path: LineInput::new(path.to_string_lossy()),
    });
    vec![]
}

pub(super) fn handle(model: &mut Model, action: Action) -> Handled {
    let Overlay::Export(prompt) = &mut model.overlay else {
        return Handled::Pass(action);
    };
    match action {
        Action::Edit(edit) => {
            prompt.path.apply(&one_line(edit));
        }
        Action::Accept => {
            let Overlay::Export(p) = std::mem::take(&mut model.overlay) else {
                return Handled::Done(vec![]);
            };
            let typed = p.path.as_str().trim();
            if typed.is_empty() {
                model.warn("Not exported: no file named.");
                return Handled::Done(vec![]);
            }
            // `~/` is read as the shell reads it where the file is written
            let path = PathBuf::from(typed);
            return Handled::Done(crate::app::results::rerun::export(model, p.format, path));
        }
        Action::Dismiss => {
            model.overlay = Overlay::None;
            model.warn("Not exported.");
        }
        other => return Handled::Pass(other),
    }
    Handled::Done(vec![])
}

/// The status bar's words for an export under way.
pub fn progress(run: &ExportRun) -> String {
    let name = (run.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match run.total.filter(|t| *t > 0) {
        Some(total) => format!(
            "exporting {} of {total} rows ({}%) → {name} ",
            run.rows,
            (run.rows * 100 / total).min(100)
        ),
        None => format!("exporting {} rows → {name} ", run.rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_says_how_far() {
        let run = ExportRun {
            path: "/tmp/x.csv".into(),
            rows: 250,
            total: Some(1000),
        };
        assert_eq!(progress(&run), "exporting 250 of 1000 rows (25%) → x.csv ");
        let unknown = ExportRun { total: None, ..run };
        assert_eq!(progress(&unknown), "exporting 250 rows → x.csv ");
    }
}
