//! What the pane tests share: a demo workbench of their own, waiting for the core, drawing.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use retort::app::schema::catalog::SchemaDetails;
use retort::app::{CatalogState, Event, RunState};
use retort::engine::{ConnectOptions, Connection, DatabaseUrl, EchoLog};
use retort::ui::Workbench;
use tokio::sync::mpsc::UnboundedReceiver;

/// A demo database of its own for each test (some tests change it).
pub fn demo_url() -> DatabaseUrl {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = crate::harness::scratch_dir().join("ui-demo");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("demo-{n}.db"));
    let _ = std::fs::remove_file(&path);
    retort::engine::demo::create_demo_at(&path).unwrap();
    DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).unwrap()
}

pub async fn open() -> (Workbench, UnboundedReceiver<Event>) {
    open_at(&demo_url(), None).await
}

/// A workbench on `url`, keeping its buffer and history under `data` (None: nowhere).
pub async fn open_at(
    url: &DatabaseUrl,
    data: Option<std::path::PathBuf>,
) -> (Workbench, UnboundedReceiver<Event>) {
    let conn = Connection::connect(url, &ConnectOptions::default(), EchoLog::new())
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut wb = Workbench::new(Arc::new(conn), tx, data);
    wb.start();
    (wb, rx)
}

/// A workbench on the server URL `url` (keeping no files), its catalog loaded.
pub async fn open_url(url: &str) -> (Workbench, UnboundedReceiver<Event>) {
    let parsed = DatabaseUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    let (mut wb, mut rx) = open_at(&parsed, None).await;
    settle(&mut wb, &mut rx).await;
    (wb, rx)
}

/// Applies core events until the catalog is loaded and nothing runs.
pub async fn settle(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    for _ in 0..1000 {
        let details_loading = wb.model.catalog.loaded().is_some_and(|c| {
            c.details
                .values()
                .any(|d| matches!(d, SchemaDetails::Loading))
        });
        if !matches!(wb.model.catalog, CatalogState::Loading)
            && !details_loading
            && wb.model.run == RunState::Idle
        {
            return;
        }
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            wb.on_event(ev);
        }
    }
    panic!("the workbench did not settle");
}

pub fn draw(wb: &mut Workbench, w: u16, h: u16) -> (String, ratatui::buffer::Buffer) {
    wb.set_size(Rect::new(0, 0, w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| wb.draw(f)).unwrap();
    wb.refresh_echo();
    term.draw(|f| wb.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let text = (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    (text, buf)
}

pub fn select_tree_row(wb: &mut Workbench, text: &str) {
    let rows = wb.model.tree_rows();
    let i = rows
        .iter()
        .position(|r| r.text == text)
        .unwrap_or_else(|| panic!("no tree row {text}: {rows:#?}"));
    wb.model.tree.selected = i;
}

/// Every screen of the open help overlay, scrolled line by line to its end, joined.
pub fn help_screens(wb: &mut Workbench, w: u16, h: u16) -> String {
    let mut screens = String::new();
    for _ in 0..120 {
        let (screen, _) = draw(wb, w, h);
        screens.push_str(&screen);
        screens.push('\n');
        wb.on_terminal_event(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Down,
                crossterm::event::KeyModifiers::NONE,
            ),
        ));
    }
    screens
}

/// Applies core events until `done` holds (at most 10 s: then the test fails, saying the
/// status bar's notice).
pub async fn until(
    wb: &mut Workbench,
    rx: &mut UnboundedReceiver<Event>,
    done: impl Fn(&Workbench) -> bool,
) {
    let end = std::time::Instant::now() + Duration::from_secs(10);
    while !done(wb) {
        assert!(
            std::time::Instant::now() < end,
            "timed out: {:?}",
            wb.model.notice
        );
        if let Ok(Some(ev)) = tokio::time::timeout(Duration::from_millis(100), rx.recv()).await {
            wb.on_event(ev);
        }
    }
}

/// The session journal file a workbench keeps under the data directory `data`.
pub fn journal_in(data: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(data.join("journals"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "journal"))
        .expect("a journal")
}

/// Applies core events until the insert form's foreign-key picker has its rows.
pub async fn until_picker_loaded(wb: &mut Workbench, rx: &mut UnboundedReceiver<Event>) {
    until(wb, rx, |wb| {
        matches!(&wb.model.overlay, retort::app::model::Overlay::InsertForm(f)
            if f.picker.as_ref().is_some_and(|p| p.rows.is_some()))
    })
    .await;
}
