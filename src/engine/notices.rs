//! The server's notices and warnings for the statement running now. sqlx hands PostgreSQL's
//! NoticeResponse messages only to `tracing` (target `sqlx::postgres::notice`), so retort
//! installs a small subscriber that takes those events and nothing else, and gives each to the
//! statement being polled on that task (a task-local sink set around the statement). Notices
//! of retort's own catalog queries have no sink and are dropped.

use std::cell::RefCell;
use std::sync::Once;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

const TARGET: &str = "sqlx::postgres::notice";

tokio::task_local! {
    static SINK: RefCell<Vec<String>>;
}

/// Runs `fut` and returns its output with the notices the server sent meanwhile.
pub async fn collect<F: std::future::Future>(fut: F) -> (F::Output, Vec<String>) {
    install();
    SINK.scope(RefCell::new(Vec::new()), async move {
        let out = fut.await;
        let notices = SINK.with(|s| std::mem::take(&mut *s.borrow_mut()));
        (out, notices)
    })
    .await
}

/// Installs the subscriber once, unless the program has one of its own already.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing::subscriber::set_global_default(NoticeSubscriber);
    });
}

struct NoticeSubscriber;

impl Subscriber for NoticeSubscriber {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.target() == TARGET {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.target() == TARGET
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut message = Message(String::new());
        event.record(&mut message);
        let severity = match *event.metadata().level() {
            Level::ERROR => "ERROR",
            Level::WARN => "WARNING",
            Level::INFO => "NOTICE",
            Level::DEBUG => "DEBUG",
            Level::TRACE => "INFO",
        };
        let _ = SINK.try_with(|s| {
            s.borrow_mut()
                .push(format!("{severity}:  {}", message.0.trim()))
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

struct Message(String);

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" && self.0.is_empty() {
            self.0 = format!("{value:?}");
        }
    }
}
