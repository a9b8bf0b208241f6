//! retort's own files: private (0700 directories, 0600 files), never written through a planted
//! symlink, kept per database (a SQLite file by its canonical path, a server by its own id),
//! claimed by an OS lock, read only when they are regular files, and a failure to write them
//! said at once.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use retort::app::{Action, Event, PaneId};
use retort::engine::DatabaseUrl;
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::harness::{Engine, fresh_database, retort, retort_in, scratch_dir};
use crate::ui_session::{key, run};
use crate::ui_support::{demo_url, draw, open_at, settle, until};

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The one file under `dir` (retort names it by the database's key).
fn only_file(dir: &Path, ext: &str) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Stages the deletion of the first row of `select id, name from tags`.
async fn stage_a_delete(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    run(wb, rx, "select id, name from tags order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 1);
}

#[tokio::test]
async fn retorts_files_are_private_and_never_written_through_a_planted_symlink() {
    let data = scratch_dir().join(format!("private-{}", std::process::id()));
    // a data directory an older retort left open to others
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (mut wb, mut rx) = open_at(&demo_url(), Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    stage_a_delete(&mut wb, &mut rx).await;
    wb.save_buffer();
    let history = data.join("history");
    until(&mut wb, &mut rx, |_| {
        history.exists() && std::fs::read_dir(&history).unwrap().count() == 1
    })
    .await;
    assert_eq!(mode(&data), 0o700, "the data directory");
    for (dir, ext) in [
        ("history", "jsonl"),
        ("journals", "journal"),
        ("buffers", "sql"),
    ] {
        assert_eq!(mode(&data.join(dir)), 0o700, "{dir}/");
        let file = only_file(&data.join(dir), ext);
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    // someone plants a symlink where the history file is: it is not followed
    let file = only_file(&history, "jsonl");
    let victim = scratch_dir().join(format!("victim-{}", std::process::id()));
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&victim, &file).unwrap();
    run(&mut wb, &mut rx, "select 2").await;
    until(&mut wb, &mut rx, |wb| wb.model.storage_error.is_some()).await;
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    // and the user is told at once, in the status bar
    let said = wb.model.storage_error.clone().unwrap_or_default();
    assert!(said.contains("symbolic link"), "{said}");
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(screen.contains("✗ the history is not kept"), "{screen}");
}

#[tokio::test]
async fn an_unsaved_buffer_is_said_at_once_and_quitting_asks_first() {
    let data = scratch_dir().join(format!("unwritable-{}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    // the buffers directory cannot be made: a file stands where it would be
    std::fs::write(data.join("buffers"), "not a directory").unwrap();
    let (mut wb, mut rx) = open_at(&demo_url(), Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    wb.editor.insert_str("select 'typed, not saved'");
    wb.save_buffer();
    assert!(wb.model.buffer_unsaved);
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(screen.contains("text is not saved"), "{screen}");
    wb.dispatch(Action::Quit);
    assert!(!wb.model.quit, "quitting asks first");
    let (screen, _) = draw(&mut wb, 160, 30);
    assert!(screen.contains("loses what was typed"), "{screen}");
    // once the disk is usable again, a save clears it and quitting needs no question
    std::fs::remove_file(data.join("buffers")).unwrap();
    key(&mut wb, KeyCode::Esc);
    wb.save_buffer();
    assert!(!wb.model.buffer_unsaved && wb.model.storage_error.is_none());
    wb.dispatch(Action::Quit);
    assert!(wb.model.quit);
}

/// Two files reached by one URL at two moments (a `current` symlink moved to a new release, as
/// two directories give two files for one relative URL) are two databases: a change staged in
/// the first before a crash is never offered to the second.
#[tokio::test]
async fn one_url_to_two_sqlite_files_keeps_two_journals() {
    let root = scratch_dir().join(format!("two-files-{}", std::process::id()));
    let data = root.join("data");
    for release in ["a", "b"] {
        std::fs::create_dir_all(root.join(release)).unwrap();
        retort::engine::demo::create_demo_at(&root.join(release).join("app.db")).unwrap();
    }
    let current = root.join("current");
    std::os::unix::fs::symlink(root.join("a"), &current).unwrap();
    let url = DatabaseUrl::parse(&format!("sqlite:///{}/app.db", current.display())).unwrap();
    {
        let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        stage_a_delete(&mut wb, &mut rx).await;
        // the process dies: the journal stays, its lock goes
        drop(wb);
    }
    std::fs::remove_file(&current).unwrap();
    std::os::unix::fs::symlink(root.join("b"), &current).unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    assert!(
        wb.model.session.unit.is_empty(),
        "the other file's change was offered: {:?}",
        wb.model.session.unit.changes()
    );
    drop(wb);
    // the first file, opened again by the same URL, gets its change back
    std::fs::remove_file(&current).unwrap();
    std::os::unix::fs::symlink(root.join("a"), &current).unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    assert_eq!(wb.model.session.unit.changes().len(), 1);
}

#[tokio::test]
async fn a_second_workbench_on_the_same_database_leaves_the_journal_alone() {
    let data = scratch_dir().join(format!("locked-{}", std::process::id()));
    let url = demo_url();
    let (mut first, mut rx1) = open_at(&url, Some(data.clone())).await;
    settle(&mut first, &mut rx1).await;
    stage_a_delete(&mut first, &mut rx1).await;
    let (mut second, mut rx2) = open_at(&url, Some(data.clone())).await;
    settle(&mut second, &mut rx2).await;
    assert!(second.model.session.unit.is_empty());
    let why = second
        .model
        .session
        .journal_error
        .clone()
        .unwrap_or_default();
    assert!(why.contains("another retort holds"), "{why}");
    drop(second);
    // the first still holds it, and what it staged is in it
    let path = only_file(&data.join("journals"), "journal");
    assert_eq!(retort::session::journal::read(&path).changes.len(), 1);
    drop(first);
}

/// The one value a query gives, read through retort's CSV output.
fn value_of(url: &str, sql: &str) -> String {
    let (code, out, err) = retort(&[url, "--format", "csv", "-e", sql]);
    assert_eq!(code, 0, "{err}");
    out.lines().nth(1).unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_server_is_known_by_its_own_identity() {
    let url = fresh_database(Engine::Postgres);
    let conn = crate::harness::connect(&url).await;
    let id = value_of(&url, "select system_identifier from pg_control_system()");
    assert!(
        !id.is_empty() && conn.info().identity.starts_with(&id),
        "{id} {:?}",
        conn.info()
    );
    let url = fresh_database(Engine::MySql);
    let conn = crate::harness::connect(&url).await;
    // the socket or port it listens on, and the data directory it serves
    let datadir = value_of(&url, "select @@datadir as d");
    assert!(
        !datadir.is_empty() && conn.info().identity.contains(&datadir),
        "{datadir} {:?}",
        conn.info()
    );
}

#[test]
fn an_empty_data_dir_variable_is_unset_and_the_echo_file_is_private() {
    let cwd = scratch_dir().join(format!("empty-data-dir-{}", std::process::id()));
    let home = cwd.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let echo = cwd.join("echo.log");
    let (code, _, err) = retort_in(
        &[
            "--demo",
            "--echo",
            echo.to_str().unwrap(),
            "-e",
            "select count(*) from users",
        ],
        None,
        &[
            ("RETORT_DATA_DIR", ""),
            ("HOME", home.to_str().unwrap()),
            ("XDG_DATA_HOME", home.join("share").to_str().unwrap()),
        ],
        Some(&cwd),
    );
    assert_eq!(code, 0, "{err}");
    let mut here: Vec<String> = std::fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    here.sort();
    assert_eq!(
        here,
        ["echo.log", "home"],
        "nothing else in the current directory"
    );
    assert!(home.join("share/retort/demo-v1.db").exists());
    assert_eq!(mode(&home.join("share/retort")), 0o700);
    assert_eq!(mode(&home.join("share/retort/demo-v1.db")), 0o600);
    assert_eq!(mode(&echo), 0o600);
}

#[test]
fn a_device_or_fifo_as_configuration_or_theme_is_refused_not_read() {
    let started = Instant::now();
    let (code, out, err) = retort(&["--demo", "--config", "/dev/zero", "-e", "select 1 as one"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("/dev/zero is not a regular file"), "{err}");
    assert!(out.contains("one"), "{out}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // a theme file naming a device: the workbench's theme loader refuses it the same way
    let (_, problem) = retort::ui::theme::Theme::load("/dev/zero");
    let problem = problem.expect("a problem");
    assert!(problem.contains("not a regular file"), "{problem}");
}

#[test]
fn a_script_never_runs_on_the_demo_unless_asked() {
    let (code, out, err) = retort(&["-e", "select count(*) from users"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("no database named") && err.contains("--demo") && err.contains("PGHOST"),
        "{err}"
    );
    // libpq's environment names a database, as for psql: that one, or its failure, never
    // the demo
    for (env, said) in [
        (
            vec![("PGHOST", "/nonexistent/socket"), ("PGDATABASE", "shop")],
            "/nonexistent/socket",
        ),
        (
            vec![("PGSERVICE", "prod"), ("PGSERVICEFILE", "/nonexistent/f")],
            "service \"prod\" not found",
        ),
    ] {
        let (code, out, err) = retort_in(&["-e", "select count(*) from users"], None, &env, None);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(err.contains(said), "{said}: {err}");
    }
    let (code, _, err) = retort(&["--schema", "json"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = retort(&["--demo", "-e", "select count(*) from users"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("40"), "{out}");
}

/// A FIFO planted where retort reads its own files (history, journal, recent URLs) must not
/// hang the start (it blocked in open); the lock file is private and never made through a
/// planted symlink.
#[tokio::test]
async fn a_fifo_or_symlink_among_retorts_files_neither_hangs_nor_is_followed() {
    let data = scratch_dir().join(format!("fifos-{}", std::process::id()));
    let url = demo_url();
    {
        let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        stage_a_delete(&mut wb, &mut rx).await;
        let history = data.join("history");
        until(&mut wb, &mut rx, |_| history.exists()).await;
        wb.close_journal();
    }
    let journal_dir = data.join("journals");
    let lock = only_file(&journal_dir, "lock");
    assert_eq!(mode(&lock), 0o600);
    let fifo = |path: &Path| {
        let _ = std::fs::remove_file(path);
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    };
    let history_file = only_file(&data.join("history"), "jsonl");
    let journal = lock.with_extension("journal");
    fifo(&history_file);
    fifo(&journal);
    // a symlink where the lock file is: not followed, its target never made
    let target = scratch_dir().join(format!("made-by-lock-{}", std::process::id()));
    std::fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let opened = tokio::time::timeout(Duration::from_secs(10), async {
        let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
        settle(&mut wb, &mut rx).await;
        wb
    })
    .await
    .expect("the start hung on a FIFO");
    assert!(!target.exists(), "the lock was made through the symlink");
    let why = opened
        .model
        .session
        .journal_error
        .clone()
        .unwrap_or_default();
    assert!(why.contains("symbolic link"), "{why}");
    assert!(opened.model.history.is_empty());
}

#[tokio::test]
async fn an_in_memory_database_keeps_no_journal() {
    let data = scratch_dir().join(format!("memory-{}", std::process::id()));
    let url = DatabaseUrl::parse("sqlite://").unwrap();
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    run(
        &mut wb,
        &mut rx,
        "create table t (id integer primary key, v text)",
    )
    .await;
    run(&mut wb, &mut rx, "insert into t values (1, 'a')").await;
    run(&mut wb, &mut rx, "select id, v from t").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    key(&mut wb, KeyCode::Char('d'));
    assert_eq!(wb.model.session.unit.changes().len(), 1);
    drop(wb);
    // a second in-memory database is another database: nothing is offered, nothing is held
    let (mut wb, mut rx) = open_at(&url, Some(data.clone())).await;
    settle(&mut wb, &mut rx).await;
    assert!(wb.model.session.unit.is_empty());
    assert_eq!(wb.model.session.journal_error, None);
}

/// An export writes a new file only: a symlink planted under the name it proposes is never
/// followed (the file it points to kept its text and its mode).
#[tokio::test]
async fn an_export_never_writes_through_a_planted_symlink() {
    let dir = scratch_dir().join(format!("export-plant-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (mut wb, mut rx) = open_at(&demo_url(), None).await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, name from tags order by id").await;
    wb.model.export_dir = dir.clone();
    // the file the export proposes is a symlink by the time Enter is pressed
    wb.dispatch(Action::Export(retort::query::format::Format::Csv));
    let retort::app::model::Overlay::Export(prompt) = &wb.model.overlay else {
        panic!("the export asks where first")
    };
    let proposed = std::path::PathBuf::from(prompt.path.as_str());
    assert!(proposed.starts_with(&dir), "{proposed:?}");
    std::os::unix::fs::symlink(&victim, &proposed).unwrap();
    wb.dispatch(Action::Accept);
    until(&mut wb, &mut rx, |wb| {
        wb.model
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("export"))
    })
    .await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("failed") && notice.contains("exists"),
        "{notice}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(mode(&victim), 0o644);
}

#[test]
fn a_password_in_a_query_parameter_is_never_shown_nor_kept() {
    let url = DatabaseUrl::parse(
        "postgresql://u@h/db?sslpassword=hunter3&password=hunter2&sslmode=require",
    )
    .unwrap();
    for text in [url.without_password(), url.to_string()] {
        assert!(!text.contains("hunter"), "{text}");
        assert!(text.contains("sslmode=require"), "{text}");
    }
}
