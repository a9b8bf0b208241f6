//! The terminal front end. The loop waits on input, core events and a timer; it never awaits
//! the database. The terminal is restored on every exit path, panics included.

pub mod completion_popup;
pub mod confirm_popup;
pub mod connection_form_popup;
pub mod connections;
pub mod detail_popup;
pub mod editor_keys;
pub mod editor_view;
pub mod help;
pub mod highlight;
pub mod history_popup;
pub mod hit;
pub mod keymap;
pub mod layout;
pub mod panes;
pub mod picker_popup;
pub mod render;
pub mod session_popups;
pub mod statement_mark;
pub mod status;
pub mod switch;
pub mod theme;
pub mod viewer_popup;
pub mod workbench;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    EventStream,
};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::Event;
use crate::app::notice::{Level, Notice};
use crate::engine::Connection;
pub use workbench::Workbench;

/// How the workbench starts: its result limits, autoflush, and a notice to show first (a
/// configuration file that could not be used, say).
#[derive(Clone)]
pub struct StartOptions {
    pub limits: crate::app::model::Limits,
    pub autoflush: bool,
    /// What went wrong before the workbench opened (the configuration file, a startup
    /// statement), shown in the Results pane until the first result.
    pub problems: Vec<String>,
    /// A built-in theme's name or a theme file (None: dark).
    pub theme: Option<String>,
    /// Key overrides from the configuration: scope → action → keys.
    pub keys: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>,
    /// The configuration, the command line's flags and the URL in use: for switching.
    pub settings: crate::config::Settings,
    /// Where the configuration file is (or would be): the picker adds connections there.
    pub config_path: Option<std::path::PathBuf>,
    pub overrides: crate::launch::Overrides,
    pub url: crate::engine::DatabaseUrl,
    /// The configured connection it was opened as (default: none).
    pub named: crate::config::NamedConnection,
    pub echo: crate::engine::EchoLog,
    /// `--learn`: the course is open from the start.
    pub learn: bool,
}

/// How long events that are already waiting may be applied before the next frame is drawn.
const DRAIN_BUDGET: Duration = Duration::from_millis(4);

/// Runs the workbench until the user quits. Returns the process exit status.
pub async fn run(conn: Connection, start: StartOptions) -> i32 {
    let echo = conn.echo().clone();
    let mut switcher = switch::Switcher::new(
        start.settings.clone(),
        start.overrides.clone(),
        start.url.clone(),
        start.named.clone(),
        start.echo.clone(),
    );
    switcher.config.path = start.config_path.clone();
    let (mut wb, mut rx) = open_workbench(conn, &start);
    wb.config = switcher.config.clone();
    highlight::warm_up();
    // without colour (NO_COLOR, TERM=dumb) no colour is drawn at all: crossterm would write a
    // colour it may not show as a full SGR reset, wiping the reverse video of the cursor and
    // the selection in the same cell
    let colourless = render::colourless();
    let Some(mut terminal) = open_terminal() else {
        return 2;
    };
    if let Ok(size) = terminal.size() {
        wb.set_size(Rect::new(0, 0, size.width, size.height));
    }
    wb.start();
    panic_seam();
    let mut input = EventStream::new();
    let mut echo_changed = echo.subscribe();
    let mut sigterm = signal(SignalKind::terminate()).ok();
    let mut sighup = signal(SignalKind::hangup()).ok();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut dirty = true;
    let mut status = 0;
    loop {
        if std::mem::take(&mut dirty)
            && let Err(e) = draw(&mut terminal, &wb, colourless)
        {
            status = 1;
            eprintln!("retort: drawing failed: {e}");
            break;
        }
        if wb.model.quit {
            break;
        }
        if let Some((target, password)) = wb.take_switch() {
            start_switch(&mut wb, &mut switcher, target, password);
            dirty = true;
        }
        let external = wb.take_external_edit();
        let suspend = wb.take_suspend();
        if external || suspend {
            // the editor (or the shell) gets the terminal: no one else may read the keyboard
            drop(input);
            terminal = match hand_over_terminal(&mut wb, external) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("retort: cannot open the terminal again ({e})");
                    return 1;
                }
            };
            input = EventStream::new();
            dirty = true;
            continue;
        }
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(ev)) => {
                    wb.on_terminal_event(ev);
                    dirty = true;
                }
                _ => break,
            },
            Some(ev) = rx.recv() => {
                apply_waiting(&mut wb, &mut rx, ev);
                dirty = true;
            }
            done = switcher.finished(), if switcher.is_connecting() => {
                if let Some(new_rx) = switched(&mut wb, &mut switcher, done) {
                    rx = new_rx;
                }
                dirty = true;
            }
            Ok(()) = echo_changed.changed() => {
                wb.refresh_echo();
                dirty = true;
            }
            _ = recv_signal(&mut sigterm) => break,
            _ = recv_signal(&mut sighup) => break,
            _ = tick.tick(), if ticking(&wb) || wb.has_unsaved() || wb.completion_due() => {
                wb.clock();
                wb.autosave();
                let offered = wb.complete_after_pause();
                dirty |= ticking(&wb) || offered;
            }
        }
    }
    let still_running = !stopped_before_leaving(&mut wb, &mut rx).await;
    wb.save_buffer();
    wb.close_journal();
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    if still_running {
        eprintln!(
            "retort: a statement was still running on the server when retort left (its \
             cancel was not confirmed): it may finish there, and what it changes be committed"
        );
        status = 1;
    }
    status
}

/// Leaving while something still runs on the server (a signal, the terminal gone, "quit
/// anyway"): it is cancelled there, and its end awaited a few seconds. False when it still
/// ran (the caller says so on stderr once the terminal is back).
async fn stopped_before_leaving(
    wb: &mut Workbench,
    rx: &mut mpsc::UnboundedReceiver<Event>,
) -> bool {
    let busy = |wb: &Workbench| wb.model.is_running() || wb.model.session.busy;
    if !busy(wb) {
        return true;
    }
    wb.cancel_before_leaving().await;
    let end = tokio::time::Instant::now() + Duration::from_secs(3);
    while busy(wb) {
        match tokio::time::timeout_at(end, rx.recv()).await {
            Ok(Some(ev)) => wb.on_event(ev),
            _ => break,
        }
    }
    !busy(wb)
}

/// One frame; without colour, none is drawn at all.
fn draw(
    terminal: &mut ratatui::DefaultTerminal,
    wb: &Workbench,
    colourless: bool,
) -> io::Result<()> {
    terminal.draw(|f| {
        wb.draw(f);
        if colourless {
            render::strip_colours(f.buffer_mut());
        }
    })?;
    Ok(())
}

/// An event, and what else is waiting, but for a few milliseconds at most: a result that
/// streams faster than it is taken must not hold back the frame that shows it.
fn apply_waiting(wb: &mut Workbench, rx: &mut mpsc::UnboundedReceiver<Event>, first: Event) {
    wb.on_event(first);
    let drained = std::time::Instant::now();
    while drained.elapsed() < DRAIN_BUDGET {
        let Ok(ev) = rx.try_recv() else { break };
        wb.on_event(ev);
    }
}

/// Something on screen moves with time: a statement running, a transaction's age, a Session
/// statement waiting on the server.
fn ticking(wb: &Workbench) -> bool {
    wb.model.is_running() || wb.model.transaction.is_open() || wb.model.session.busy
}

/// The workbench of the first connection, set up as the configuration says; the theme and
/// the keys in effect.
fn open_workbench(
    conn: Connection,
    start: &StartOptions,
) -> (Workbench, mpsc::UnboundedReceiver<Event>) {
    let (tx, rx) = mpsc::unbounded_channel::<Event>();
    let data = crate::engine::demo::data_dir();
    let mut wb = Workbench::new(Arc::new(conn), tx, data.clone());
    wb.set_complete_while_typing(start.settings.complete_while_typing.unwrap_or(true));
    wb.picker_entries =
        crate::launch::picker_entries(&start.settings, &crate::launch::recent(data.as_deref()));
    let (theme, theme_problem) = theme::Theme::load(start.theme.as_deref().unwrap_or("dark"));
    theme::set_current(match render::colourless() {
        true => theme.without_colour(),
        false => theme,
    });
    let (keys, key_problems) = keymap::apply(&start.keys);
    keymap::set_active(keys);
    let editor_problem = wb.configure_editor(start.settings.editor_mode.as_deref());
    let problems = (start.problems.clone().into_iter())
        .chain(theme_problem)
        .chain(key_problems)
        .chain(editor_problem)
        .collect();
    wb.on_event(Event::Configured(Box::new(crate::app::model::Setup {
        limits: Some(start.limits),
        autoflush: Some(start.autoflush),
        keys: Some(keymap::key_names()),
        history: None,
        problems,
        course_open: Some(start.learn),
        ..Default::default()
    })));
    (wb, rx)
}

/// The terminal in raw mode and the alternate screen, with the mouse and bracketed paste, and
/// given back on a panic.
fn open_terminal() -> Option<ratatui::DefaultTerminal> {
    let terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("retort: cannot open the terminal ({e}); use -e SQL for headless mode");
            return None;
        }
    };
    let _ = crossterm::execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    restore_on_panic();
    Some(terminal)
}

/// A test seam: with RETORT_DEBUG_PANIC set, a background task panics once the workbench is
/// drawn (the terminal must come back, and the process end with 101).
fn panic_seam() {
    if std::env::var_os("RETORT_DEBUG_PANIC").is_some() {
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            panic!("RETORT_DEBUG_PANIC is set");
        });
    }
}

/// ratatui's hook restores the screen on a panic; this one also gives the mouse back first,
/// and ends the program: a panic on any thread is a bug, and a workbench whose task died would
/// wait for it forever on a terminal already given back (the release build aborts on a panic
/// anyway; this makes every build end the same way).
fn restore_on_panic() {
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui_hook(info);
        // (ratatui's restore leaves the cursor hidden; the normal exit shows it)
        let _ = crossterm::execute!(io::stdout(), crossterm::cursor::Show);
        eprintln!(
            "retort: this is a bug (please report it); staged changes are kept in the \
             journal and offered back at the next start"
        );
        std::process::exit(101);
    }));
}

/// Gives the terminal to $EDITOR (`external`) or to the shell (Ctrl-Z, until `fg`), then takes
/// it back.
fn hand_over_terminal(wb: &mut Workbench, external: bool) -> io::Result<ratatui::DefaultTerminal> {
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    if external {
        wb.edit_externally();
    } else {
        wb.save_buffer();
        // stopped here until the shell's `fg` (SIGCONT)
        // SAFETY: raise only sends a signal to this process
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
    }
    let mut terminal = ratatui::try_init()?;
    let _ = crossterm::execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let _ = terminal.clear();
    Ok(terminal)
}

/// Starts connecting to the chosen connection, unless a switch is on its way already.
fn start_switch(
    wb: &mut Workbench,
    switcher: &mut switch::Switcher,
    target: crate::app::overlays::picker::PickTarget,
    password: Option<crate::app::overlays::picker::Password>,
) {
    let notice = if switcher.is_connecting() {
        Notice::new(Level::Warning, "still connecting to the last choice")
    } else {
        Notice::new(Level::Info, switcher.start_with(target, password))
    };
    wb.report(notice);
}

/// A switch's connection is made (the new workbench replaces this one: its events' receiver
/// is returned), or it failed: a password refused or missing is asked for, else the old
/// connection stays and says why.
fn switched(
    wb: &mut Workbench,
    switcher: &mut switch::Switcher,
    done: Result<switch::Opened, crate::engine::EngineError>,
) -> Option<mpsc::UnboundedReceiver<Event>> {
    match done {
        Ok(opened) => {
            let (new_wb, new_rx) = switcher.replace(wb, opened);
            *wb = new_wb;
            Some(new_rx)
        }
        Err(e) => {
            match switcher.asked_password(&e) {
                Some((target, label)) => wb.on_event(Event::PasswordAsked { target, label }),
                None => wb.report(Notice::new(Level::Error, format!("could not switch: {e}"))),
            }
            None
        }
    }
}

async fn recv_signal(sig: &mut Option<tokio::signal::unix::Signal>) {
    match sig {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}
