//! The journal's own tests: records, damage, the OS lock.

use super::*;
use crate::engine::{Kind, Value};
use crate::session::change::{Cell, ChangeKind, TableRef};

/// A staged insert of one text value (into a table whose name holds a line break).
pub(super) fn change(id: u64, text: &str) -> Change {
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
        in_doubt: false,
        anchor: Vec::new(),
    }
}

#[test]
fn records_survive_and_a_torn_tail_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j");
    let (mut j, _) = Journal::open(path.clone()).unwrap();
    let a = change(1, "a");
    let b = change(2, "b\nwith a line break");
    j.sync(std::slice::from_ref(&a)).unwrap();
    j.sync(&[a.clone(), b.clone()]).unwrap();
    let mut a2 = a.clone();
    a2.kind = change(1, "a, edited").kind;
    j.sync(&[a2.clone(), b.clone()]).unwrap();
    j.sync(std::slice::from_ref(&a2)).unwrap();
    let got = read(&path);
    assert_eq!(got.changes, vec![a2.clone()]);
    assert!(!got.dropped_tail && got.damaged == 0 && got.losses().is_none());
    // a write cut short: the record is dropped, the ones before it stay (in doubt)
    let mut data = std::fs::read(&path).unwrap();
    data.extend_from_slice(&encode(&Record::Upsert(Box::new(b.clone())))[..20]);
    std::fs::write(&path, &data).unwrap();
    let got = read(&path);
    assert_eq!(got.changes, vec![a2.clone()]);
    assert!(got.dropped_tail);
    assert!(got.losses().unwrap().contains("cut short"));
}

/// Writes the header and one record per change, as a journal of a crashed run.
fn journal_of(path: &Path, changes: &[Change]) -> Vec<usize> {
    write_as(path, 7, changes).unwrap();
    let data = std::fs::read(path).unwrap();
    // where each line starts
    std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

#[test]
fn a_flipped_byte_loses_only_its_record_and_the_journal_is_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    let changes: Vec<Change> = (1..=5).map(|i| change(i, &format!("v{i}"))).collect();
    let starts = journal_of(&path, &changes);
    // record 3 (line 3: the header is line 0) gets one byte flipped in its JSON
    let mut data = std::fs::read(&path).unwrap();
    data[starts[3] + 20] ^= 0x01;
    std::fs::write(&path, &data).unwrap();
    let (j, got) = Journal::open(path.clone()).unwrap();
    let ids: Vec<u64> = got.changes.iter().map(|c| c.id.0).collect();
    assert_eq!(
        ids,
        [1, 2, 4, 5],
        "every record whose checksum holds is back"
    );
    assert_eq!(got.damaged, 1);
    // changes 1 and 2 were staged before the lost record: it may have been about them
    assert_eq!(got.in_doubt, [ChangeId(1), ChangeId(2)]);
    let aside = got.kept_aside.clone().expect("kept aside");
    assert_eq!(std::fs::read(&aside).unwrap(), data, "kept as it was");
    let said = got.losses().unwrap();
    assert!(
        said.contains("1 damaged record") && said.contains("2 change(s)"),
        "{said}"
    );
    drop(j);
    // the rewritten journal holds the four; opened again, nothing is damaged
    let (_j, again) = Journal::open(path.clone()).unwrap();
    assert_eq!(again.changes.len(), 4);
    assert!(again.losses().is_none());
    // the in-doubt marks were written with the rewrite: a second crash keeps them
    let doubted: Vec<u64> = again
        .changes
        .iter()
        .filter(|c| c.in_doubt)
        .map(|c| c.id.0)
        .collect();
    assert_eq!(doubted, [1, 2]);
    assert_eq!(std::fs::read(&aside).unwrap(), data, "never overwritten");
}

#[test]
fn a_damaged_header_loses_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    let changes: Vec<Change> = (1..=3).map(|i| change(i, "x")).collect();
    journal_of(&path, &changes);
    let mut data = std::fs::read(&path).unwrap();
    data[3] ^= 0x40;
    std::fs::write(&path, &data).unwrap();
    let (_j, got) = Journal::open(path.clone()).unwrap();
    assert_eq!(got.changes.len(), 3);
    assert_eq!(got.damaged, 1);
    assert!(
        got.in_doubt.is_empty(),
        "nothing was staged before the header"
    );
}

#[test]
fn the_os_lock_keeps_the_journal_for_its_holder_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    // a journal left by a process id that is alive (1) is no claim: only the lock is
    write_as(&path, 1, &[change(7, "kept")]).unwrap();
    let (j, got) = Journal::open(path.clone()).unwrap();
    assert_eq!(got.changes.len(), 1);
    // a second holder (another open file description, as another process has) is refused
    let err = Journal::open(path.clone()).unwrap_err();
    assert!(err.contains("another retort holds"), "{err}");
    assert_eq!(read(&path).changes.len(), 1, "nothing was written over it");
    j.close(&[]);
    assert!(!path.exists(), "an empty session leaves no journal");
    // the lock went with the holder
    let (mut j, _) = Journal::open(path.clone()).unwrap();
    // the lock file removed under the holder: it writes no more, and says why
    std::fs::remove_file(path.with_extension("lock")).unwrap();
    let err = j.sync(&[change(8, "x")]).unwrap_err();
    assert!(err.to_string().contains("lock file was removed"), "{err}");
}

#[test]
fn the_checksum_is_the_crc_32_journals_were_written_with() {
    // the check value of CRC-32 (IEEE): a journal written before stays readable
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    assert_eq!(crc32(b""), 0);
}
