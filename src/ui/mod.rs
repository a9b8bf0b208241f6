//! The terminal front end. The loop waits on input, core events and a timer; it never awaits
//! the database. The terminal is restored on every exit path, panics included.

pub mod completion_popup;
pub mod detail_popup;
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
use crate::engine::Connection;
pub use workbench::Workbench;

/// Runs the workbench until the user quits. Returns the process exit status.
/// How the workbench starts: its result limits, autoflush, and a notice to show first (a
/// configuration file that could not be used, say).
#[derive(Clone)]
pub struct StartOptions {
    pub limits: crate::app::model::Limits,
    pub autoflush: bool,
    pub notice: Option<String>,
    /// A built-in theme's name or a theme file (None: dark).
    pub theme: Option<String>,
    /// Key overrides from the configuration: scope → action → keys.
    pub keys: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>,
    /// The configuration, the command line's flags and the URL in use: for switching.
    pub settings: crate::config::Settings,
    pub overrides: crate::launch::Overrides,
    pub url: crate::engine::DatabaseUrl,
    /// The configured connection it was opened as (default: none).
    pub named: crate::config::NamedConnection,
    pub echo: crate::engine::EchoLog,
}

/// How long events that are already waiting may be applied before the next frame is drawn.
const DRAIN_BUDGET: Duration = Duration::from_millis(4);

pub async fn run(conn: Connection, start: StartOptions) -> i32 {
    let echo = conn.echo().clone();
    let (tx, mut rx) = mpsc::unbounded_channel::<Event>();
    let data = crate::engine::demo::data_dir();
    let mut wb = Workbench::new(Arc::new(conn), tx, data.clone());
    wb.picker_entries =
        crate::launch::picker_entries(&start.settings, &crate::launch::recent(data.as_deref()));
    let mut switcher = switch::Switcher::new(
        start.settings.clone(),
        start.overrides.clone(),
        start.url.clone(),
        start.named.clone(),
        start.echo.clone(),
    );
    wb.model.limits = start.limits;
    wb.model.session.autoflush = start.autoflush;
    let (theme, theme_problem) = theme::Theme::load(start.theme.as_deref().unwrap_or("dark"));
    theme::set_current(match render::colourless() {
        true => theme.without_colour(),
        false => theme,
    });
    let (keys, key_problems) = keymap::apply(&start.keys);
    keymap::set_active(keys);
    wb.model.keys = keymap::key_names();
    let problems: Vec<String> = start
        .notice
        .into_iter()
        .chain(theme_problem)
        .chain(key_problems)
        .collect();
    if !problems.is_empty() {
        wb.model.notice = Some(format!(
            "{} problem(s) at start: see the Results pane",
            problems.len()
        ));
        wb.model.startup_problems = problems;
    }
    highlight::warm_up();
    // without colour (NO_COLOR, TERM=dumb) no colour is drawn at all: crossterm would write a
    // colour it may not show as a full SGR reset, wiping the reverse video of the cursor and
    // the selection in the same cell
    let colourless = render::colourless();
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("retort: cannot open the terminal ({e}); use -e SQL for headless mode");
            return 2;
        }
    };
    let _ = crossterm::execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    // ratatui's hook restores the screen on a panic; this one also gives the mouse back first,
    // and ends the program: a panic on any thread is a bug, and a workbench whose task died
    // would wait for it forever on a terminal already given back (the release build aborts on
    // a panic anyway; this makes every build end the same way)
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
    if let Ok(size) = terminal.size() {
        wb.set_size(Rect::new(0, 0, size.width, size.height));
    }
    wb.start();
    if std::env::var_os("RETORT_DEBUG_PANIC").is_some() {
        // a test seam: a background task that panics once the workbench is drawn
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            panic!("RETORT_DEBUG_PANIC is set");
        });
    }
    let mut input = EventStream::new();
    let mut echo_changed = echo.subscribe();
    let mut sigterm = signal(SignalKind::terminate()).ok();
    let mut sighup = signal(SignalKind::hangup()).ok();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut dirty = true;
    let mut status = 0;
    loop {
        if std::mem::take(&mut dirty)
            && let Err(e) = terminal.draw(|f| {
                wb.draw(f);
                if colourless {
                    render::strip_colours(f.buffer_mut());
                }
            })
        {
            status = 1;
            eprintln!("retort: drawing failed: {e}");
            break;
        }
        if wb.model.quit {
            break;
        }
        if let Some(target) = wb.model.switch_to.take() {
            if switcher.is_connecting() {
                wb.model.notice = Some("still connecting to the last choice".into());
            } else {
                wb.model.notice = Some(switcher.start(target));
            }
            dirty = true;
        }
        if let Some((target, password)) = wb.model.switch_with_password.take() {
            if !switcher.is_connecting() {
                wb.model.notice = Some(switcher.start_with(target, Some(password)));
            }
            dirty = true;
        }
        let external = wb.take_external_edit();
        let suspend = wb.take_suspend();
        if external || suspend {
            // the editor (or the shell) gets the terminal: no one else may read the keyboard
            drop(input);
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
            terminal = match ratatui::try_init() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("retort: cannot open the terminal again ({e})");
                    return 1;
                }
            };
            let _ = crossterm::execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
            let _ = terminal.clear();
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
                wb.on_event(ev);
                // what else is waiting, but for a few milliseconds at most: a result that
                // streams faster than it is taken must not hold back the frame that shows it
                let drained = std::time::Instant::now();
                while drained.elapsed() < DRAIN_BUDGET {
                    let Ok(ev) = rx.try_recv() else { break };
                    wb.on_event(ev);
                }
                dirty = true;
            }
            done = switcher.finished(), if switcher.is_connecting() => {
                match done {
                    Ok((conn, resolved)) => {
                        let (new_wb, new_rx) = switcher.replace(&mut wb, conn, resolved);
                        wb = new_wb;
                        rx = new_rx;
                    }
                    // a password refused or missing is asked for; else the old connection
                    // stays, and says why
                    Err(e) => match switcher.asked_password(&e) {
                        Some((target, label)) => {
                            crate::app::overlays::picker::ask_password(&mut wb.model, target, label);
                        }
                        None => wb.model.notice = Some(format!("could not switch: {e}")),
                    },
                }
                dirty = true;
            }
            Ok(()) = echo_changed.changed() => {
                wb.refresh_echo();
                dirty = true;
            }
            _ = recv_signal(&mut sigterm) => break,
            _ = recv_signal(&mut sighup) => break,
            _ = tick.tick(), if wb.model.is_running() || wb.has_unsaved()
                || wb.model.transaction.is_open() || wb.model.session.busy => {
                wb.clock();
                wb.autosave();
                dirty |= wb.model.is_running()
                    || wb.model.transaction.is_open()
                    || wb.model.session.busy;
            }
        }
    }
    wb.save_buffer();
    wb.close_journal();
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    status
}

async fn recv_signal(sig: &mut Option<tokio::signal::unix::Signal>) {
    match sig {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}
