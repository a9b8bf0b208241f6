//! Files retort writes for itself: private to the user (directories 0700, files 0600), never
//! reached through a symlink planted in their place, and read back only when they are regular
//! files of a sane size (a theme or configuration naming `/dev/zero` must not hang retort).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Creates `dir` and its missing parents private to the user (0700), and makes `dir` itself
/// private if an older retort left it open to others.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::symlink_metadata(dir)?;
        if meta.is_dir() && meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Opens `path` for appending, creating it 0600; a symlink in its place is refused
/// (`O_NOFOLLOW`), and a file an older retort left readable by others is made private.
pub fn open_private_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    private_options(&mut options, true);
    // a FIFO planted there would block the open until someone reads it
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path).map_err(|e| explain_symlink(e, path))?;
    only_regular(&file.metadata()?, path)?;
    make_private(&file)?;
    Ok(file)
}

/// Opens a file the user named (`--echo`) for appending: created 0600, a symlink followed as the
/// user meant it, and an existing file of the user's own made private (it holds their SQL).
pub fn open_user_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    private_options(&mut options, false);
    let file = options.open(path)?;
    // another user's file (a shared log) keeps its mode: not ours to change
    let _ = make_private(&file);
    Ok(file)
}

/// Creates (or truncates) `path` as a file only the user can read (0600). For files the user
/// names (an export, `--echo`), a symlink is followed as the user meant it.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).write(true).truncate(true);
    private_options(&mut options, false);
    let file = options.open(path)?;
    make_private(&file)?;
    Ok(file)
}

/// Creates `path`, which must not exist yet, as a private file.
pub fn create_private_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create_new(true).write(true);
    private_options(&mut options, true);
    options.open(path)
}

/// The largest file retort reads as configuration, a theme or a saved buffer.
pub const READ_CAP: u64 = 16 * 1024 * 1024;

/// Reads a regular file of at most `cap` bytes as text. A device, a FIFO, a directory or a
/// file over the cap is refused with a message saying which, never read. A symlink is followed
/// (a configuration file the user links from elsewhere).
pub fn read_regular(path: &Path, cap: u64) -> io::Result<String> {
    let (file, meta) = open_regular(path, true)?;
    if meta.len() > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {} bytes, over the {} bytes retort reads",
                path.display(),
                meta.len(),
                cap
            ),
        ));
    }
    let mut text = String::new();
    // the file may grow between the check and the read: never past the cap
    file.take(cap).read_to_string(&mut text)?;
    Ok(text)
}

/// One of retort's own files (buffer, history, journal, recent URLs), read whole: a regular
/// file, never through a symlink planted in its place, at most `cap` bytes.
pub fn read_own(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path, false)?;
    if meta.len() > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {} bytes, over the {cap} retort reads",
                path.display(),
                meta.len()
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The last `max` bytes of one of retort's own files (a history that grew long), as
/// `read_own` reads it.
pub fn read_own_tail(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let (mut file, meta) = open_regular(path, false)?;
    if meta.len() > max {
        file.seek(SeekFrom::Start(meta.len() - max))?;
    }
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens `path` for reading only if it is a regular file (a FIFO would block the open itself,
/// a device never ends), following a symlink only when asked.
fn open_regular(path: &Path, follow: bool) -> io::Result<(File, std::fs::Metadata)> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | if follow { 0 } else { libc::O_NOFOLLOW },
    );
    let file = options.open(path).map_err(|e| match follow {
        true => e,
        false => explain_symlink(e, path),
    })?;
    let meta = file.metadata()?;
    only_regular(&meta, path)?;
    Ok((file, meta))
}

/// Opens (creating it 0600) the lock file of one of retort's own files, never through a
/// symlink and never a FIFO.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| explain_symlink(e, path))?;
    only_regular(&file.metadata()?, path)?;
    make_private(&file)?;
    Ok(file)
}

/// A device, a FIFO or a directory where a file of retort's is expected: refused, never read
/// or written.
fn only_regular(meta: &std::fs::Metadata, path: &Path) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{} is not a regular file", path.display()),
    ))
}

fn private_options(options: &mut OpenOptions, no_follow: bool) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
        if no_follow {
            options.custom_flags(libc::O_NOFOLLOW);
        }
    }
    #[cfg(not(unix))]
    let _ = (options, no_follow);
}

fn make_private(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = file.metadata()?;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn explain_symlink(e: io::Error, path: &Path) -> io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return io::Error::new(
            e.kind(),
            format!(
                "a symbolic link stands where {} should be: retort does not write through one",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
        );
    }
    let _ = path;
    e
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn directories_and_files_are_private_and_a_planted_symlink_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data/history");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.path().join("data")), 0o700);
        // a directory an older retort made 0755 is tightened
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        // a file left 0644 is made private on the next append
        let file = dir.join("h.jsonl");
        std::fs::write(&file, "old\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(open_private_append(&file).unwrap());
        assert_eq!(mode(&file), 0o600);
        // a symlink planted in place of the file: refused, its target untouched
        let target = root.path().join("victim");
        std::fs::write(&target, "mine").unwrap();
        let planted = dir.join("planted.jsonl");
        std::os::unix::fs::symlink(&target, &planted).unwrap();
        let err = open_private_append(&planted).unwrap_err();
        assert!(
            err.to_string()
                .contains("symbolic link stands where planted.jsonl"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        assert!(create_private_new(&planted).is_err());
        let created = create_private(&root.path().join("export.csv")).unwrap();
        drop(created);
        assert_eq!(mode(&root.path().join("export.csv")), 0o600);
    }

    #[test]
    fn only_regular_files_under_the_cap_are_read() {
        let err = read_regular(Path::new("/dev/zero"), READ_CAP).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let root = tempfile::tempdir().unwrap();
        assert!(read_regular(root.path(), READ_CAP).is_err());
        let fifo = root.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_regular(&fifo, READ_CAP).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let big = root.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; 100]).unwrap();
        assert!(
            read_regular(&big, 99)
                .unwrap_err()
                .to_string()
                .contains("over")
        );
        assert_eq!(read_regular(&big, 100).unwrap().len(), 100);
    }
}

/// `~/x` as the shell reads it (the user's home directory), other paths as they are.
pub fn home_expanded(path: &Path) -> std::path::PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}
