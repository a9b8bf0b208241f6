//! The status bar: the connection (never the password), the running statement, hints.

use crate::app::notice::Level;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::app::{Model, RunState};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/// The key hints, from the active keymap (so that a changed key shows as it is).
fn hints() -> (String, String) {
    use super::keymap::{Bindable, first_key};
    let k = |c: Bindable, default: &str| first_key(c).unwrap_or_else(|| default.to_string());
    let help = k(Bindable::Help, "F1");
    let long = format!(
        " {} pane · {help} help · {} quit ",
        k(Bindable::FocusNext, "Tab"),
        k(Bindable::Quit, "Ctrl-Q")
    );
    (long, format!(" {help} help "))
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let info = &model.info;
    let mut spans = vec![
        Span::styled(
            format!(" {} {} ", info.engine_label(), info.short_version()),
            theme::accent(),
        ),
        Span::raw("│ "),
    ];
    if info.read_only_session {
        spans.push(Span::styled("read-only ", theme::accent()));
    }
    if info.server_read_only {
        spans.push(Span::styled("server read-only ", theme::warning()));
    }
    transaction(model, &mut spans);
    staged(model, &mut spans);
    progress(model, &mut spans);
    run_or_notice(model, &mut spans);
    place(model, &mut spans);
    // the long hints give way to what the bar says; the short one (F1) stays
    let (long, short) = hints();
    let said: usize = spans.iter().map(|s| s.width()).sum();
    let hint = match said + long.chars().count() <= area.width as usize {
        true => long,
        false => short,
    };
    let hint_width = hint.chars().count() as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(hint_width)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme::status_bar()),
        left,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(hint, theme::dim())).style(theme::status_bar()),
        right,
    );
}

/// The transaction: open (and for how long), aborted, lost.
fn transaction(model: &Model, spans: &mut Vec<Span<'static>>) {
    match model.transaction {
        crate::app::model::TxState::Open => {
            let age = model
                .session
                .tx_since
                .map(|t| format!("{}s ", t.elapsed().as_secs()))
                .unwrap_or_default();
            spans.push(Span::styled(format!("TX open {age}"), theme::warning()))
        }
        crate::app::model::TxState::Aborted => {
            spans.push(Span::styled("TX aborted: ROLLBACK ", theme::danger()))
        }
        crate::app::model::TxState::Lost => spans.push(Span::styled(
            "TX LOST (rolled back by the server): ROLLBACK ",
            theme::danger(),
        )),
        crate::app::model::TxState::Idle => {}
    }
}

/// The staged changes: how many, flushed, failed, on their way to the journal; how to commit.
fn staged(model: &Model, spans: &mut Vec<Span<'static>>) {
    let staged = model.session.unit.changes().len();
    if staged > 0 {
        let flushed = model.session.unit.flushed_count();
        let failed = model
            .session
            .unit
            .changes()
            .iter()
            .any(|c| c.failure.is_some());
        // a --read-only connection never commits: said from the first change staged
        let commits = match model.info.read_only_session {
            true => "--read-only: cannot commit (W writes them as a script)".to_string(),
            false => format!("{} commits", model.keys.commit),
        };
        spans.push(Span::styled(
            format!(
                "staged {staged}{}{}{} · {commits} ",
                if flushed > 0 {
                    format!(" ({flushed} flushed)")
                } else {
                    String::new()
                },
                if failed { " ✗" } else { "" },
                // the journal's write is on its way to the disk
                if model.session.journal.saving() {
                    " saving…"
                } else {
                    ""
                },
            ),
            if failed {
                theme::danger()
            } else {
                theme::staged_dirty()
            },
        ));
        spans.push(Span::raw("│ "));
    }
}

/// Work in progress: a Session statement waiting on the server, a file that cannot be written, a sort, an export.
fn progress(model: &Model, spans: &mut Vec<Span<'static>>) {
    if model.session.busy
        && let Some(since) = model.session.busy_since
        && since.elapsed() >= std::time::Duration::from_millis(300)
    {
        let what = match model.session.cancel_asked {
            true => "cancelling",
            false => "the server has not answered (a lock another session holds?) · Esc cancels",
        };
        spans.push(Span::styled(
            format!("⏳ session {:.1} s: {what} ", since.elapsed().as_secs_f64()),
            theme::warning(),
        ));
    }
    if let Some(e) = &model.storage_error {
        spans.push(Span::styled(format!("✗ {e} "), theme::danger()));
    }
    if model.view_pending {
        spans.push(Span::styled("sorting / filtering… ", theme::warning()));
    }
    if let Some(run) = &model.export {
        let said = crate::app::overlays::export_prompt::progress(run);
        spans.push(Span::styled(said, theme::warning()));
    }
}

/// The statement running (with its rows, and a cancel not yet confirmed), else the notice.
fn run_or_notice(model: &Model, spans: &mut Vec<Span<'static>>) {
    match &model.run {
        RunState::Running {
            started,
            cancel_requested,
            ..
        } => {
            let elapsed = started.elapsed();
            let frame_no = (elapsed.as_millis() / 100) as usize % SPINNER.len();
            let rows = model.results.last().map_or(0, |r| r.len());
            let held = model.results.last().map_or(0, |r| r.heap_bytes()) >> 20;
            let budget = model
                .limits
                .max_bytes
                .map(|b| format!(" · {held} of {} MB", b >> 20))
                .unwrap_or_default();
            // a cancel the server has not answered is said to be unconfirmed, not assumed
            let what = match cancel_requested {
                Some(at) if at.elapsed() >= std::time::Duration::from_secs(3) => format!(
                    "cancel not confirmed by the server after {:.0} s (Esc sends it again) ·",
                    at.elapsed().as_secs_f64()
                ),
                Some(_) => "cancelling".to_string(),
                None => "running".to_string(),
            };
            spans.push(Span::styled(
                format!(
                    "{} {what} {:.1} s · {rows} rows{budget} ",
                    SPINNER[frame_no],
                    elapsed.as_secs_f64()
                ),
                theme::warning(),
            ));
        }
        RunState::Idle => match &model.notice {
            Some(n) => spans.push(Span::styled(
                format!("{} ", n.split('\n').collect::<Vec<_>>().join(" · ")),
                match n.level {
                    Level::Info => theme::ok(),
                    Level::Warning => theme::warning(),
                    Level::Error => theme::danger(),
                },
            )),
            None => spans.push(Span::styled("ready ", theme::ok())),
        },
    }
}

/// Where: the database, a schema switched to, the user and the server.
fn place(model: &Model, spans: &mut Vec<Span<'static>>) {
    let info = &model.info;
    spans.push(Span::raw("│ "));
    spans.push(Span::raw(info.database.clone()));
    // a PostgreSQL schema other than public first on the search path (a schema switch)
    if info.engine == crate::engine::EngineKind::Postgres
        && let Some(schema) = info.schema.as_deref().filter(|s| *s != "public")
    {
        spans.push(Span::raw(format!(" · schema {schema}")));
    }
    let place = if info.user.is_empty() {
        format!(" {}", info.location)
    } else {
        format!(" {}@{}", info.user, info.location)
    };
    spans.push(Span::styled(place, theme::dim()));
}
