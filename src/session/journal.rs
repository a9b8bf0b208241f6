//! The journal: staged changes on disk, so that a crash, `kill -9`, a closed terminal or a lost
//! connection loses nothing. Append-only: one record per change staged, changed or taken back,
//! each as `<length> <crc32> <json>\n`, so that a half-written tail is detected and dropped.
//! Compaction rewrites the live changes through a temp file, fsync and rename. The first
//! record names the process that holds the journal; a second retort on the same database sees
//! it alive and leaves the journal alone. No passwords or URLs are written: only tables, keys
//! and values.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::change::{Change, ChangeId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Record {
    /// Who holds the journal.
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
    /// The process that wrote it last.
    pub pid: Option<u32>,
    /// Records dropped at the tail (a write cut short by a crash).
    pub dropped_tail: bool,
}

#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// The changes as last written, to write only what changed.
    written: BTreeMap<ChangeId, Change>,
    records: usize,
}

/// Whether a process of this id runs (Linux: /proc).
pub fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn encode(record: &Record) -> Vec<u8> {
    let json = serde_json::to_vec(record).unwrap_or_default();
    let mut out = format!("{} {:08x} ", json.len(), crc32(&json)).into_bytes();
    out.extend_from_slice(&json);
    out.push(b'\n');
    out
}

/// Reads the records up to the first one that is cut short or damaged.
fn decode(data: &[u8]) -> (Vec<Record>, bool) {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let parsed = (|| {
            let sp = rest.iter().position(|&b| b == b' ')?;
            let len: usize = std::str::from_utf8(&rest[..sp]).ok()?.parse().ok()?;
            let crc_end = sp + 1 + 8;
            let crc =
                u32::from_str_radix(std::str::from_utf8(rest.get(sp + 1..crc_end)?).ok()?, 16)
                    .ok()?;
            let json = rest.get(crc_end + 1..crc_end + 1 + len)?;
            if crc32(json) != crc || rest.get(crc_end + 1 + len) != Some(&b'\n') {
                return None;
            }
            let record: Record = serde_json::from_slice(json).ok()?;
            Some((record, crc_end + 2 + len))
        })();
        match parsed {
            Some((r, used)) => {
                out.push(r);
                rest = &rest[used..];
            }
            None => return (out, true),
        }
    }
    (out, false)
}

/// Reads a journal without taking it.
pub fn read(path: &Path) -> Recovered {
    let Ok(data) = std::fs::read(path) else {
        return Recovered::default();
    };
    let (records, dropped_tail) = decode(&data);
    let mut live: BTreeMap<ChangeId, Change> = BTreeMap::new();
    let mut order: Vec<ChangeId> = Vec::new();
    let mut pid = None;
    for r in records {
        match r {
            Record::Header { pid: p } => pid = Some(p),
            Record::Upsert(c) => {
                if !live.contains_key(&c.id) {
                    order.push(c.id);
                }
                live.insert(c.id, *c);
            }
            Record::Remove(id) => {
                live.remove(&id);
                order.retain(|o| *o != id);
            }
        }
    }
    Recovered {
        changes: order
            .into_iter()
            .filter_map(|id| live.remove(&id))
            .collect(),
        pid,
        dropped_tail,
    }
}

impl Journal {
    /// Takes the journal at `path` for this process, keeping the changes it holds. Refused
    /// while another live retort holds it.
    pub fn open(path: PathBuf, recovered: &Recovered) -> Result<Journal, String> {
        if let Some(pid) = recovered.pid
            && pid != std::process::id()
            && process_alive(pid)
        {
            return Err(format!(
                "another retort (process {pid}) holds this database's session journal: \
                 changes staged here are not journaled"
            ));
        }
        let mut j = Journal {
            path,
            written: BTreeMap::new(),
            records: 0,
        };
        j.compact(&recovered.changes).map_err(|e| e.to_string())?;
        Ok(j)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes what changed since the last call: one record per change staged, changed or gone.
    /// One `write` per call, appended; compacted when the file has grown well past the live set.
    pub fn sync(&mut self, changes: &[Change]) -> std::io::Result<()> {
        let mut buf = Vec::new();
        let mut n = 0;
        let live: std::collections::BTreeSet<ChangeId> = changes.iter().map(|c| c.id).collect();
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
        if n == 0 {
            return Ok(());
        }
        if self.records + n > 4 * changes.len() + 256 {
            return self.compact(changes);
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)?;
        f.write_all(&buf)?;
        self.records += n;
        self.written = changes.iter().map(|c| (c.id, c.clone())).collect();
        Ok(())
    }

    /// Rewrites the journal with just the live changes: temp file, fsync, rename.
    pub fn compact(&mut self, changes: &[Change]) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
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
mod tests {
    use super::*;
    use crate::engine::{Kind, Value};
    use crate::session::change::{Cell, ChangeKind, TableRef};

    fn change(id: u64, text: &str) -> Change {
        Change {
            id: ChangeId(id),
            table: TableRef::new("public", "t\n; drop"),
            kind: ChangeKind::Insert {
                values: vec![(
                    "c".into(),
                    Cell::Value(Value::Text(Kind::Text, text.into())),
                )],
            },
            flushed: false,
            generated: None,
            failure: None,
        }
    }

    #[test]
    fn records_survive_and_a_torn_tail_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let mut j = Journal::open(path.clone(), &Recovered::default()).unwrap();
        let a = change(1, "a");
        let b = change(2, "b\nwith a line break");
        j.sync(std::slice::from_ref(&a)).unwrap();
        j.sync(&[a.clone(), b.clone()]).unwrap();
        let mut a2 = a.clone();
        a2.kind = change(1, "a, edited").kind;
        j.sync(&[a2.clone(), b.clone()]).unwrap();
        j.sync(&[a2.clone()]).unwrap();
        let got = read(&path);
        assert_eq!(got.changes, vec![a2.clone()]);
        assert_eq!(got.pid, Some(std::process::id()));
        assert!(!got.dropped_tail);
        // a write cut short: the record is dropped, the ones before it stay
        let mut data = std::fs::read(&path).unwrap();
        data.extend_from_slice(&encode(&Record::Upsert(Box::new(b.clone())))[..20]);
        std::fs::write(&path, &data).unwrap();
        let got = read(&path);
        assert_eq!(got.changes, vec![a2.clone()]);
        assert!(got.dropped_tail);
        // a flipped byte is caught by the checksum
        let mut data = std::fs::read(&path).unwrap();
        let at = data.len() / 2;
        data[at] ^= 0x20;
        std::fs::write(&path, &data).unwrap();
        assert!(read(&path).dropped_tail);
    }

    #[test]
    fn a_live_holder_keeps_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let held = Recovered {
            pid: Some(1),
            ..Default::default()
        };
        // process 1 is always alive
        assert!(
            Journal::open(path.clone(), &held)
                .unwrap_err()
                .contains("process 1")
        );
        assert!(!path.exists(), "nothing was written over it");
        let dead = Recovered {
            pid: Some(u32::MAX - 1),
            changes: vec![change(7, "kept")],
            dropped_tail: false,
        };
        let j = Journal::open(path.clone(), &dead).unwrap();
        assert_eq!(read(&path).changes.len(), 1);
        j.close(&[]);
        assert!(!path.exists(), "an empty session leaves no journal");
    }
}
