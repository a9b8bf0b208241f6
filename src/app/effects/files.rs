//! Files written off the UI thread: the session's Python script, rows held exported, and the
//! history, appended in order by one writer thread.

use tokio::sync::mpsc;

use super::Effects;
use crate::app::msg::Event;

impl Effects {
    /// A new file, never over another.
    pub(super) fn write_script(self, path: std::path::PathBuf, text: String) {
        use std::io::Write as _;
        let result = crate::engine::files::create_private_new(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| e.to_string());
        self.answer(Event::ScriptWritten { path, result });
    }

    /// The learner's place in the course; a failure is said as a storage error.
    pub(super) fn save_course(self, progress: &crate::app::course::Progress) {
        let text = serde_json::to_string(progress).unwrap_or_default();
        let error = self.files.save_course(&text).err().map(|e| e.to_string());
        if error.is_some() {
            self.answer(Event::CourseSaved(error));
        }
    }

    pub(super) fn export_held(
        self,
        note: String,
        columns: crate::engine::Columns,
        rows: crate::query::result::Rows,
        path: std::path::PathBuf,
        format: crate::query::format::Format,
    ) {
        let path = crate::engine::files::home_expanded(&path);
        let result = write_held(&columns, &rows, &path, format);
        self.answer(Event::ExportFinished {
            path,
            result,
            note: Some(note),
        });
    }
}

/// Writes rows already fetched into a file.
fn write_held(
    columns: &crate::engine::Columns,
    rows: &crate::query::result::Rows,
    path: &std::path::Path,
    format: crate::query::format::Format,
) -> Result<u64, String> {
    use std::io::Write as _;
    let file = crate::engine::files::create_private_new(path).map_err(|e| e.to_string())?;
    let mut printer =
        crate::query::format::ResultPrinter::new(format, std::io::BufWriter::new(file));
    printer.start(columns.clone()).map_err(|e| e.to_string())?;
    for batch in rows.batches() {
        printer.rows(batch).map_err(|e| e.to_string())?;
    }
    printer.finish().map_err(|e| e.to_string())?;
    printer.into_inner().flush().map_err(|e| e.to_string())?;
    Ok(rows.len() as u64)
}

/// A thread that appends history records in the order they are sent, off the UI thread.
/// A failure is reported at once, and so is the first success after one.
pub(super) fn history_writer(
    store: crate::query::connection_files::ConnectionFiles,
    events: mpsc::UnboundedSender<Event>,
) -> std::sync::mpsc::Sender<crate::query::connection_files::HistoryEntry> {
    let (tx, rx) = std::sync::mpsc::channel::<crate::query::connection_files::HistoryEntry>();
    let _ = std::thread::Builder::new()
        .name("retort-history".into())
        .spawn(move || {
            let mut failing = false;
            for entry in rx {
                let error = store.append_history(&entry).err().map(|e| e.to_string());
                if error.is_some() || failing {
                    failing = error.is_some();
                    let _ = events.send(Event::HistoryWritten(error));
                }
            }
        });
    tx
}
