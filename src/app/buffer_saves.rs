//! The editor's text saved to the data directory, the saves in the order asked.

/// The editor's saves, in the order asked: one at a time, and never an older text over a
/// newer one (an autosave still writing when F5 or a quit saves).
#[derive(Default)]
pub(super) struct BufferSaves {
    asked: std::sync::atomic::AtomicU64,
    /// The number of the newest save written.
    written: std::sync::Mutex<u64>,
}

impl BufferSaves {
    pub(super) fn next(&self) -> u64 {
        self.asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1
    }

    /// Writes save `n` (the text and where the cursor is in it) unless a newer one was
    /// written already (then None).
    pub(super) fn write(
        &self,
        n: u64,
        store: &crate::query::connection_files::ConnectionFiles,
        (text, cursor): (&str, (usize, usize)),
    ) -> Option<Option<String>> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if *written > n {
            return None;
        }
        let saved = store
            .save_buffer(text)
            .and_then(|()| store.save_cursor(cursor));
        let error = saved.err().map(|e| e.to_string());
        *written = n;
        Some(error)
    }
}
