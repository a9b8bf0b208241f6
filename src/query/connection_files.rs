//! What retort keeps per connection in its data directory: the editor buffer and the history of
//! executed statements (JSON lines). Keys never contain passwords; stored SQL is redacted.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::engine::files::{READ_CAP, open_private_append, private_dir, read_own, read_own_tail};
use crate::engine::secrets::{
    SECRET_MARKER, has_secrets, mark_secrets, redact_known, redact_secrets,
};

/// One executed statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Seconds since the Unix epoch.
    pub at: u64,
    pub sql: String,
    pub duration_ms: u64,
    pub rows: Option<u64>,
    /// "ok", "cancelled", or the error message.
    pub outcome: String,
    /// Whether a secret was taken out of `sql`: then it never runs as it stands.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

impl HistoryEntry {
    /// An entry for a statement that just ran; secrets are redacted here.
    pub fn new(sql: &str, duration: Duration, rows: Option<u64>, outcome: &str) -> Self {
        let redacted = has_secrets(sql);
        HistoryEntry {
            at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            sql: redact_secrets(sql),
            duration_ms: duration.as_millis() as u64,
            rows,
            outcome: redact_known(outcome.lines().next().unwrap_or(""), sql),
            redacted,
        }
    }

    /// Whether a secret was taken out (an entry an older retort wrote says so by its text).
    pub fn is_redacted(&self) -> bool {
        self.redacted || has_secrets(&self.sql)
    }

    /// The statement as it may go back into the editor: each secret taken out is marked
    /// there with a text no server runs.
    pub fn editable_sql(&self) -> String {
        if !self.is_redacted() {
            return self.sql.clone();
        }
        let marked = mark_secrets(&self.sql);
        if marked.contains(SECRET_MARKER) {
            marked
        } else {
            // text no server reads to its end: where the secret was cannot be told
            format!("{marked} {SECRET_MARKER}")
        }
    }
}

/// Where a connection's files live: `<data dir>/<kind>/<key>`.
#[derive(Debug, Clone)]
pub struct ConnectionFiles {
    root: Option<PathBuf>,
    key: String,
}

/// The most history entries kept in memory for the popup.
pub const HISTORY_SHOWN: usize = 2000;

/// How much of the history file's end is read for them.
const HISTORY_READ: u64 = 16 * 1024 * 1024;

impl ConnectionFiles {
    /// `display_url` must already hide the password (DatabaseUrl's Display does); it names the
    /// files for a person. `identity` is what tells the database apart from every other
    /// ([`crate::engine::ServerInfo::identity`]): the key's hash covers both, so two databases
    /// reached by one URL (`sqlite:///app.db` from two directories, two tunnels on one port)
    /// never share a journal, a history or a buffer.
    pub fn new(root: Option<PathBuf>, display_url: &str, identity: &str) -> Self {
        let readable: String = display_url
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        let keyed = format!("{display_url}\0{identity}");
        let hash = keyed.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100000001b3)
        });
        ConnectionFiles {
            root,
            key: format!("{readable}-{hash:016x}"),
        }
    }

    fn path(&self, kind: &str, ext: &str) -> Option<PathBuf> {
        Some(
            self.root
                .as_ref()?
                .join(kind)
                .join(format!("{}.{ext}", self.key)),
        )
    }

    /// The data directory and the one `path` is in, created or made private (0700).
    fn private_dirs(&self, path: &std::path::Path) -> std::io::Result<()> {
        if let Some(root) = &self.root {
            private_dir(root)?;
        }
        match path.parent() {
            Some(dir) => private_dir(dir),
            None => Ok(()),
        }
    }

    /// Where this connection's session journal lives.
    pub fn journal_path(&self) -> Option<PathBuf> {
        self.path("journals", "journal")
    }

    pub fn load_buffer(&self) -> Option<String> {
        let bytes = read_own(&self.path("buffers", "sql")?, READ_CAP).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// Saves the editor buffer (atomically: a crash never leaves half a file), each secret in
    /// it replaced by [`SECRET_MARKER`]: a password typed in the editor never reaches the disk.
    pub fn save_buffer(&self, text: &str) -> std::io::Result<()> {
        let Some(path) = self.path("buffers", "sql") else {
            return Ok(());
        };
        let text = mark_secrets(text);
        self.private_dirs(&path)?;
        write_atomically(&path, text.as_bytes())
    }

    /// Where the bundled demo is, in this data directory.
    pub fn demo_path(&self) -> Option<PathBuf> {
        (self.root.as_ref()).map(|r| r.join(crate::engine::demo::DEMO_FILE))
    }

    /// Where the editor's cursor was when its text was saved: (row, column).
    pub fn load_cursor(&self) -> Option<(usize, usize)> {
        let bytes = read_own(&self.path("buffers", "cursor")?, 64).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (row, col) = text.trim().split_once(' ')?;
        Some((row.parse().ok()?, col.parse().ok()?))
    }

    /// Keeps the cursor beside the saved text, so that the text comes back with it.
    pub fn save_cursor(&self, (row, col): (usize, usize)) -> std::io::Result<()> {
        let Some(path) = self.path("buffers", "cursor") else {
            return Ok(());
        };
        self.private_dirs(&path)?;
        write_atomically(&path, format!("{row} {col}\n").as_bytes())
    }

    /// The learner's place in the course (one per data directory, not per connection).
    pub fn load_course(&self) -> Option<String> {
        let bytes = read_own(&self.root.as_ref()?.join("course.json"), READ_CAP).ok()?;
        String::from_utf8(bytes).ok()
    }

    pub fn save_course(&self, text: &str) -> std::io::Result<()> {
        let Some(root) = &self.root else {
            return Ok(());
        };
        private_dir(root)?;
        write_atomically(&root.join("course.json"), text.as_bytes())
    }

    pub fn append_history(&self, entry: &HistoryEntry) -> std::io::Result<()> {
        if let Some(path) = self.path("history", "jsonl") {
            self.private_dirs(&path)?;
            let mut f = open_private_append(&path)?;
            // one write per record: appends of two instances never interleave inside a line
            let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
            line.push(b'\n');
            f.write_all(&line)?;
        }
        Ok(())
    }

    /// The newest `HISTORY_SHOWN` entries, oldest first. Unreadable lines are skipped.
    pub fn load_history(&self) -> Vec<HistoryEntry> {
        // the newest records are at the end: a long history is read from its last part
        let Some(bytes) = self
            .path("history", "jsonl")
            .and_then(|p| read_own_tail(&p, HISTORY_READ).ok())
        else {
            return Vec::new();
        };
        let mut all: Vec<HistoryEntry> = bytes.split(|b| *b == b'\n').flat_map(records).collect();
        let skip = all.len().saturating_sub(HISTORY_SHOWN);
        all.drain(..skip);
        all
    }
}

/// Entries whose SQL contains every word of `query` (case-insensitive), newest first.
pub fn search<'a>(entries: &'a [HistoryEntry], query: &str) -> Vec<&'a HistoryEntry> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    // each statement once, at its newest run (the file keeps every run)
    let mut seen = std::collections::HashSet::new();
    entries
        .iter()
        .rev()
        .filter(|e| seen.insert(e.sql.trim()))
        .filter(|e| {
            let sql = e.sql.to_lowercase();
            words.iter().all(|w| sql.contains(w))
        })
        .collect()
}

/// The history records on one line: normally one; every whole record that a damaged line still
/// holds (older versions could interleave two appends), none of its broken pieces.
fn records(line: &[u8]) -> Vec<HistoryEntry> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.iter().position(|b| *b == b'{') {
        rest = &rest[open..];
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<HistoryEntry>();
        match stream.next() {
            Some(Ok(entry)) => {
                found.push(entry);
                rest = &rest[stream.byte_offset()..];
            }
            // not a record from here: look for the next one
            _ => rest = &rest[1..],
        }
    }
    found
}

/// Replaces a file whole: a private temporary file beside it, written, synced and renamed over
/// it, so that a crash leaves the old file or the new one, never half of one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keeps_every_whole_record() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConnectionFiles::new(Some(dir.path().to_path_buf()), "sqlite://x", "");
        let rec = |sql: &str| {
            serde_json::to_string(&HistoryEntry::new(sql, Duration::ZERO, None, "ok")).unwrap()
        };
        // two records merged on one line, a torn one, invalid UTF-8, then a good one
        let mut bytes =
            format!("{}{}\n{{\"sql\":\"sel\n", rec("select 1"), rec("select 2")).into_bytes();
        bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
        bytes.extend_from_slice(format!("{}\n", rec("select 3")).as_bytes());
        let path = store.path("history", "jsonl").unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        store
            .append_history(&HistoryEntry::new("select 4", Duration::ZERO, None, "ok"))
            .unwrap();
        let sqls: Vec<String> = store.load_history().into_iter().map(|e| e.sql).collect();
        assert_eq!(sqls, ["select 1", "select 2", "select 3", "select 4"]);
    }

    #[test]
    fn a_secret_never_reaches_the_saved_buffer_and_a_redacted_entry_is_marked() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConnectionFiles::new(Some(dir.path().to_path_buf()), "postgresql://a@b/c", "");
        store
            .save_buffer("select 1;\nalter role r password /* c */ $€$hunter2$€$;\nselect 2")
            .unwrap();
        let saved = store.load_buffer().unwrap();
        assert_eq!(
            saved,
            format!("select 1;\nalter role r password /* c */ {SECRET_MARKER};\nselect 2")
        );
        let entry = HistoryEntry::new(
            "alter user u identified  by 'hunter2'",
            Duration::ZERO,
            None,
            "ok",
        );
        assert!(
            entry.redacted && !entry.sql.contains("hunter2"),
            "{entry:?}"
        );
        assert_eq!(
            entry.editable_sql(),
            format!("alter user u identified  by {SECRET_MARKER}")
        );
        // an entry an older retort wrote, without the flag, is known by its text
        let old: HistoryEntry = serde_json::from_str(
            r#"{"at":1,"sql":"alter role r password '***'","duration_ms":0,"rows":null,"outcome":"ok"}"#,
        )
        .unwrap();
        assert!(old.is_redacted());
        let plain = HistoryEntry::new("select 'password'", Duration::ZERO, None, "ok");
        assert!(!plain.is_redacted());
        assert_eq!(plain.editable_sql(), "select 'password'");
        assert!(!serde_json::to_string(&plain).unwrap().contains("redacted"));
    }

    #[test]
    fn the_history_popup_shows_each_statement_once_at_its_newest_run() {
        let run =
            |sql: &str, ms: u64| HistoryEntry::new(sql, Duration::from_millis(ms), None, "ok");
        let h = vec![
            run("select 1", 1),
            run("select 2", 2),
            run("select 1", 3),
            run("select 1 ", 4),
        ];
        let found = search(&h, "");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].sql, "select 1 ");
        assert_eq!(found[1].sql, "select 2");
    }

    #[test]
    fn buffer_and_history_round_trip_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConnectionFiles::new(
            Some(dir.path().to_path_buf()),
            "postgresql://app:***@db/shop",
            "",
        );
        assert_eq!(store.load_buffer(), None);
        store.save_buffer("select 1;\nselect 2").unwrap();
        assert_eq!(store.load_buffer().as_deref(), Some("select 1;\nselect 2"));
        store
            .append_history(&HistoryEntry::new(
                "select * from users",
                Duration::from_millis(12),
                Some(40),
                "ok",
            ))
            .unwrap();
        store
            .append_history(&HistoryEntry::new(
                "alter role app password 'hunter2'",
                Duration::ZERO,
                Some(0),
                "ok",
            ))
            .unwrap();
        let h = store.load_history();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].rows, Some(40));
        assert!(!h[1].sql.contains("hunter2"));
        let text = std::fs::read_to_string(store.path("history", "jsonl").unwrap()).unwrap();
        assert!(!text.contains("hunter2"));
        assert_eq!(search(&h, "USERS select").len(), 1);
        assert_eq!(search(&h, "").len(), 2);
        let other = ConnectionFiles::new(
            Some(dir.path().to_path_buf()),
            "postgresql://app:***@db/other",
            "",
        );
        assert_eq!(other.load_buffer(), None, "each connection keeps its own");
    }
}
