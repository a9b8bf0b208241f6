//! The journal: staged changes on disk, so that a crash, `kill -9`, a closed terminal or a lost
//! connection loses nothing. Append-only: one record per change staged, changed or taken back,
//! each on a line of its own as `<length> <crc32> <json>\n`, so that a half-written tail or a
//! damaged record is detected and only that record is lost. Compaction rewrites the live changes
//! through a temp file, fsync and rename. The journal belongs to the process holding the OS lock
//! on `<journal>.lock` (the kernel lets go of it when that process dies, however it dies); a
//! second retort on the same database leaves the journal alone. A journal with damaged records is
//! copied aside before it is rewritten, never overwritten. No passwords or URLs are written: only
//! tables, keys and values.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::change::{Change, ChangeId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Record {
    /// Which process wrote the journal (for a person reading it; the lock says who holds it).
    Header { pid: u32 },
    /// A change staged or changed (the whole change).
    Upsert(Box<Change>),
    /// A change taken back, flushed and committed, or discarded.
    Remove(ChangeId),
}

/// What a journal held when it was opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recovered {
    pub changes: Vec<Change>,
    /// Records dropped at the tail (a write cut short by a crash).
    pub dropped_tail: bool,
    /// Records that could not be read (a damaged byte), each left out.
    pub damaged: usize,
    /// Changes staged before a record that could not be read or was cut short: that record may
    /// have changed, taken back or committed them, so each needs the user's look.
    pub in_doubt: Vec<ChangeId>,
    /// Where the journal as it was is kept when some of it could not be read.
    pub kept_aside: Option<PathBuf>,
}

impl Recovered {
    /// What was lost, in a sentence, or None when every record was read.
    pub fn losses(&self) -> Option<String> {
        if self.damaged == 0 && !self.dropped_tail {
            return None;
        }
        let mut parts = Vec::new();
        if self.damaged > 0 {
            parts.push(format!(
                "{} damaged record(s) could not be read and are left out",
                self.damaged
            ));
        }
        if self.dropped_tail {
            parts.push("the last record was cut short and is left out".into());
        }
        let mut out = parts.join("; ");
        if let Some(aside) = &self.kept_aside {
            out.push_str(&format!(
                " (the journal as it was is kept in {})",
                aside.display()
            ));
        }
        if !self.in_doubt.is_empty() {
            out.push_str(&format!(
                "; {} change(s) staged before a lost record are marked: it may have changed, \
                 taken back or committed them",
                self.in_doubt.len()
            ));
        }
        Some(out)
    }
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// The changes as last written, to write only what changed.
    written: BTreeMap<ChangeId, Change>,
    records: usize,
    /// An append failed part way (a full disk): the file may end in half a record, so the
    /// next write rewrites it whole.
    torn: bool,
    /// Held open with an exclusive OS lock for as long as this process has the journal.
    lock: File,
}

fn crc32(data: &[u8]) -> u32 {
    // CRC-32 (IEEE), as the journals written before crc32fast were
    crc32fast::hash(data)
}

fn encode(record: &Record) -> Vec<u8> {
    // serde_json escapes line breaks inside strings: a record is always one line
    let json = serde_json::to_vec(record).unwrap_or_default();
    let mut out = format!("{} {:08x} ", json.len(), crc32(&json)).into_bytes();
    out.extend_from_slice(&json);
    out.push(b'\n');
    out
}

/// One line (without its line break) as a record, if its length and checksum hold.
fn decode_line(line: &[u8]) -> Option<Record> {
    let sp = line.iter().position(|&b| b == b' ')?;
    let len: usize = std::str::from_utf8(&line[..sp]).ok()?.parse().ok()?;
    let crc_end = sp + 1 + 8;
    let crc =
        u32::from_str_radix(std::str::from_utf8(line.get(sp + 1..crc_end)?).ok()?, 16).ok()?;
    if line.get(crc_end) != Some(&b' ') {
        return None;
    }
    let json = line.get(crc_end + 1..)?;
    if json.len() != len || crc32(json) != crc {
        return None;
    }
    serde_json::from_slice(json).ok()
}

/// The records read, where in them each unreadable one was (the number read before it), and
/// whether the last line was cut short.
struct Decoded {
    records: Vec<Record>,
    lost_at: Vec<usize>,
    torn_tail: bool,
}

/// Reads every record whose own checksum holds: one damaged record loses only itself.
fn decode(data: &[u8]) -> Decoded {
    let mut out = Decoded {
        records: Vec::new(),
        lost_at: Vec::new(),
        torn_tail: false,
    };
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    // what follows the last line break: empty, or a write cut short
    let tail = lines.pop().unwrap_or_default();
    for line in lines {
        match decode_line(line) {
            Some(r) => out.records.push(r),
            None => out.lost_at.push(out.records.len()),
        }
    }
    if !tail.is_empty() {
        out.torn_tail = true;
    }
    out
}

/// The largest journal read back (a million staged changes fit well within it).
const JOURNAL_READ: u64 = 1 << 30;

/// Reads a journal without taking it.
pub fn read(path: &Path) -> Recovered {
    try_read(path).unwrap_or_default()
}

/// Reads a journal: nothing when there is none; an error when one is there but cannot be
/// read (a symlink, a FIFO, too large), which must then never be written over.
fn try_read(path: &Path) -> std::io::Result<Recovered> {
    match crate::engine::files::read_own(path, JOURNAL_READ) {
        Ok(data) => Ok(recover(&decode(&data))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Recovered::default()),
        Err(e) => Err(e),
    }
}

fn recover(decoded: &Decoded) -> Recovered {
    let mut live: BTreeMap<ChangeId, Change> = BTreeMap::new();
    let mut order: Vec<ChangeId> = Vec::new();
    // the record index at which each live change was first staged
    let mut first: BTreeMap<ChangeId, usize> = BTreeMap::new();
    for (i, r) in decoded.records.iter().enumerate() {
        match r {
            Record::Header { .. } => {}
            Record::Upsert(c) => {
                if !live.contains_key(&c.id) {
                    order.push(c.id);
                    first.insert(c.id, i);
                }
                live.insert(c.id, (**c).clone());
            }
            Record::Remove(id) => {
                live.remove(id);
                first.remove(id);
                order.retain(|o| o != id);
            }
        }
    }
    let mut lost_at = decoded.lost_at.clone();
    if decoded.torn_tail {
        lost_at.push(decoded.records.len());
    }
    let in_doubt: Vec<ChangeId> = order
        .iter()
        .filter(|id| {
            lost_at
                .iter()
                .any(|&at| first.get(id).is_some_and(|&f| f < at))
        })
        .copied()
        .collect();
    Recovered {
        changes: order
            .into_iter()
            .filter_map(|id| live.remove(&id))
            .collect(),
        dropped_tail: decoded.torn_tail,
        damaged: decoded.lost_at.len(),
        in_doubt,
        kept_aside: None,
    }
}

/// Takes the OS lock on the journal's lock file, or says who has it.
fn lock(path: &Path) -> Result<File, String> {
    let lock_path = path.with_extension("lock");
    let file = crate::engine::files::open_lock_file(&lock_path)
        .map_err(|e| format!("cannot open {}: {e}", lock_path.display()))?;
    match file.try_lock() {
        // the file locked must be the one at the path still (not one unlinked meanwhile)
        Ok(()) if same_file(&file, &lock_path) => Ok(file),
        Ok(()) => Err(format!(
            "{} was replaced while it was being locked: changes staged here are not journaled",
            lock_path.display()
        )),
        Err(std::fs::TryLockError::WouldBlock) => Err(
            "another retort holds this database's session journal: changes staged here are \
             not journaled"
                .into(),
        ),
        Err(std::fs::TryLockError::Error(e)) => Err(format!(
            "cannot lock {}: {e}: changes staged here are not journaled",
            lock_path.display()
        )),
    }
}

/// Whether `file` is the file at `path` now (a lock on a file unlinked since locks nothing
/// another process can see).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Copies a journal that could not be read whole beside it, under a name never used before.
fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    let data = crate::engine::files::read_own(path, JOURNAL_READ)?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    for n in 0..1000u32 {
        let aside = path.with_extension(format!("damaged-{secs}-{n}"));
        match crate::engine::files::create_private_new(&aside) {
            Ok(mut f) => {
                f.write_all(&data)?;
                f.sync_all()?;
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "no free name to keep the damaged journal",
    ))
}

impl Journal {
    /// Takes the journal at `path` for this process (an OS lock), and returns what it held.
    /// Refused while another retort holds it. Records that could not be read are left out, and
    /// the journal as it was is copied aside before it is rewritten.
    pub fn open(path: PathBuf) -> Result<(Journal, Recovered), String> {
        if let Some(dir) = path.parent() {
            crate::engine::files::private_dir(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let lock = lock(&path)?;
        let mut recovered = try_read(&path).map_err(|e| {
            format!(
                "the session journal {} cannot be read ({e}): it is left as it is, and changes \
                 staged here are not journaled",
                path.display()
            )
        })?;
        // the marks go to disk with the rewrite below: a second crash keeps them
        for c in &mut recovered.changes {
            if recovered.in_doubt.contains(&c.id) {
                c.in_doubt = true;
            }
        }
        if recovered.damaged > 0 || recovered.dropped_tail {
            recovered.kept_aside = Some(keep_aside(&path).map_err(|e| {
                format!(
                    "the session journal {} is damaged and could not be copied aside ({e}): \
                     it is left as it is, and changes staged here are not journaled",
                    path.display()
                )
            })?);
        }
        let mut j = Journal {
            path,
            written: BTreeMap::new(),
            records: 0,
            torn: false,
            lock,
        };
        j.compact(&recovered.changes).map_err(|e| e.to_string())?;
        Ok((j, recovered))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes what changed since the last call: one record per change staged, changed or gone.
    /// One `write` per call, appended; compacted when the file has grown well past the live set.
    pub fn sync(&mut self, changes: &[Change]) -> std::io::Result<()> {
        // someone removed or replaced the lock file: another retort could take the journal now
        if !same_file(&self.lock, &self.path.with_extension("lock")) {
            return Err(std::io::Error::other(
                "the journal's lock file was removed or replaced by someone else: another \
                 retort could take this journal, so nothing more is written to it (the staged \
                 changes are kept here)",
            ));
        }
        let mut buf = Vec::new();
        let mut n = 0;
        let live: BTreeSet<ChangeId> = changes.iter().map(|c| c.id).collect();
        for id in self.written.keys() {
            if !live.contains(id) {
                buf.extend(encode(&Record::Remove(*id)));
                n += 1;
            }
        }
        for c in changes {
            if self.written.get(&c.id) != Some(c) {
                buf.extend(encode(&Record::Upsert(Box::new(c.clone()))));
                n += 1;
            }
        }
        if n == 0 && !self.torn {
            return Ok(());
        }
        if self.torn || self.records + n > 4 * changes.len() + 256 {
            return self.compact(changes);
        }
        let mut f = crate::engine::files::open_private_append(&self.path)?;
        if let Err(e) = f.write_all(&buf) {
            self.torn = true;
            return Err(e);
        }
        self.records += n;
        self.written = changes.iter().map(|c| (c.id, c.clone())).collect();
        Ok(())
    }

    /// Rewrites the journal with just the live changes: temp file, fsync, rename.
    pub fn compact(&mut self, changes: &[Change]) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::engine::files::private_dir(dir)?;
        }
        let mut buf = encode(&Record::Header {
            pid: std::process::id(),
        });
        for c in changes {
            buf.extend(encode(&Record::Upsert(Box::new(c.clone()))));
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&buf)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        self.torn = false;
        self.records = changes.len() + 1;
        self.written = changes.iter().map(|c| (c.id, c.clone())).collect();
        Ok(())
    }

    /// Lets go of the journal: removed when nothing is staged, else left for the next start.
    pub fn close(self, changes: &[Change]) {
        if changes.is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes a journal holding `changes` as process `pid` left it (for tools and tests that stand
/// for a crashed run).
pub fn write_as(path: &Path, pid: u32, changes: &[Change]) -> std::io::Result<()> {
    let mut buf = encode(&Record::Header { pid });
    for c in changes {
        buf.extend(encode(&Record::Upsert(Box::new(c.clone()))));
    }
    std::fs::write(path, buf)
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;

#[cfg(all(test, unix))]
#[path = "journal_disk_full_tests.rs"]
mod disk_full_tests;
