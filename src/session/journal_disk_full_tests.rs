//! A full disk under the journal, in a child process whose file size limit is lowered.

use super::tests::change;
use super::*;

/// A write that fails part way (a full disk: here the file size limit) leaves half a
/// record; the next write rewrites the journal whole, so the record after it is not lost.
#[test]
fn a_failed_append_is_rewritten_whole_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "session::journal::disk_full_tests::torn_append_in_a_child",
            "--ignored",
            "--nocapture",
        ])
        .env("RETORT_TORN_DIR", dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "the child failed");
    let got = read(&dir.path().join("j.journal"));
    assert_eq!(got.changes.len(), 2, "{got:?}");
    assert!(got.losses().is_none(), "{:?}", got.losses());
}

#[test]
#[ignore = "run by a_failed_append_is_rewritten_whole_by_the_next_write, in a child process \
            whose file size limit it lowers"]
fn torn_append_in_a_child() {
    let dir = std::path::PathBuf::from(std::env::var_os("RETORT_TORN_DIR").unwrap());
    let path = dir.join("j.journal");
    // SAFETY: ignoring SIGXFSZ makes a write past the limit fail with EFBIG instead
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    let (mut j, _) = Journal::open(path.clone()).unwrap();
    let a = change(1, "a");
    j.sync(std::slice::from_ref(&a)).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let limit = |bytes: u64| {
        let r = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: libc::RLIM_INFINITY,
        };
        // SAFETY: setrlimit with a valid struct
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_FSIZE, &r) }, 0);
    };
    let b = change(2, &"b".repeat(500));
    limit(size + 40);
    assert!(j.sync(&[a.clone(), b.clone()]).is_err(), "the disk is full");
    limit(libc::RLIM_INFINITY);
    j.sync(&[a, b]).unwrap();
    std::mem::forget(j);
}
