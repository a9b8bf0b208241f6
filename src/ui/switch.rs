//! Switching connection without a restart: the chosen entry is resolved and connected off the
//! UI thread; on success the workbench of the old connection saves its buffer and lets go of
//! its journal, and one of the new connection takes its place (its own buffer, history and
//! journal, its own event channel, so that nothing late of the old one reaches it).

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Workbench;
use crate::app::Event;
use crate::app::model::Setup;
use crate::app::notice::{Level, Notice};
use crate::app::overlays::picker::{Password, PickTarget};
use crate::config::Settings;
use crate::engine::{Connection, DatabaseUrl, EchoLog, EngineError};
use crate::launch::{self, Overrides, Resolved};

type Connecting = JoinHandle<Result<Opened, EngineError>>;

/// A switch's new connection, what it was resolved from, and its startup statements that
/// failed.
pub struct Opened {
    pub conn: Connection,
    pub resolved: Resolved,
    pub problems: Vec<String>,
}

pub struct Switcher {
    /// The configuration (its connections as the picker last saved them).
    pub config: super::connections::ConfigFile,
    pub overrides: Overrides,
    /// The URL of the connection in use.
    pub url: DatabaseUrl,
    /// The configured connection it was opened as (read_only, limits, autoflush): another
    /// database or schema of the same server keeps them.
    pub named: crate::config::NamedConnection,
    pub echo: EchoLog,
    /// Where the new connection's buffer, history, journal and the recent list are kept.
    pub data: Option<std::path::PathBuf>,
    pending: Option<Connecting>,
    /// The target being connected to, so that a refused password can be asked for.
    target: Option<PickTarget>,
}

impl Switcher {
    pub fn new(
        settings: Settings,
        overrides: Overrides,
        url: DatabaseUrl,
        named: crate::config::NamedConnection,
        echo: EchoLog,
    ) -> Self {
        Switcher {
            config: super::connections::ConfigFile::new(None, settings),
            overrides,
            url,
            named,
            echo,
            data: crate::engine::demo::data_dir(),
            pending: None,
            target: None,
        }
    }

    pub fn is_connecting(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts connecting to `target`; returns what the status bar says meanwhile.
    pub fn start(&mut self, target: PickTarget) -> String {
        self.start_with(target, None)
    }

    /// As `start`, with a password the user typed (for this attempt only: it goes into the
    /// URL of the connection and nowhere else; the recent list drops it).
    pub fn start_with(&mut self, target: PickTarget, password: Option<Password>) -> String {
        self.target = Some(target.clone());
        let (settings, current, echo) =
            (self.config.settings(), self.url.clone(), self.echo.clone());
        let named = self.named.clone();
        let overrides = self.overrides.clone();
        let said = match &target {
            PickTarget::Named(n) => format!("connecting to {n}…"),
            PickTarget::Url(u) => {
                format!("connecting to {}…", crate::engine::url::redact_url_text(u))
            }
            PickTarget::Database(d) => format!("connecting to database {d}…"),
            PickTarget::Schema(s) => {
                format!("connecting with schema {s} first on the search path…")
            }
            PickTarget::Demo => "opening the demo…".into(),
        };
        self.pending = Some(tokio::spawn(async move {
            // a password_command may take a moment: not on the UI's thread
            let for_resolve = settings.clone();
            let resolved = tokio::task::spawn_blocking(move || {
                launch::resolve_pick(&for_resolve, &current, &named, target)
            })
            .await
            .map_err(|e| EngineError::Other(e.to_string()))??;
            let resolved = match password {
                Some(Password(pw)) => Resolved {
                    url: resolved.url.with_password(&pw),
                    ..resolved
                },
                None => resolved,
            };
            let opts = launch::connect_options(&settings, &resolved.named, &overrides);
            let conn = Connection::connect(&resolved.url, &opts, echo).await?;
            let problems = crate::query::startup::run_startup(&conn, &resolved.named.startup).await;
            Ok(Opened {
                conn,
                resolved,
                problems,
            })
        }));
        said
    }

    /// What the last attempt connected to, and how to say it when asking for its password.
    pub fn asked_password(&self, e: &EngineError) -> Option<(PickTarget, String)> {
        let EngineError::Connect {
            auth_failed: true, ..
        } = e
        else {
            return None;
        };
        let target = self.target.clone()?;
        Some((target, format!("{e}. Type the password to try again.")))
    }

    /// The connection being made, once it is (or why it could not be).
    pub async fn finished(&mut self) -> Result<Opened, EngineError> {
        let Some(handle) = self.pending.as_mut() else {
            return std::future::pending().await;
        };
        let result = handle.await;
        self.pending = None;
        result.map_err(|e| EngineError::Other(e.to_string()))?
    }

    /// The workbench of the new connection, in the old one's place; the new channel's receiver.
    pub fn replace(
        &mut self,
        old: &mut Workbench,
        opened: Opened,
    ) -> (Workbench, mpsc::UnboundedReceiver<Event>) {
        let Opened {
            conn,
            resolved,
            problems,
        } = opened;
        old.save_buffer();
        old.close_journal();
        let data = self.data.clone();
        let settings = self.config.settings();
        launch::remember(data.as_deref(), &resolved.url);
        let (tx, rx) = mpsc::unbounded_channel::<Event>();
        let mut wb = Workbench::new(Arc::new(conn), tx, data.clone());
        wb.set_complete_while_typing(settings.complete_while_typing.unwrap_or(true));
        wb.set_editor_mode(old.editor_mode());
        wb.on_event(Event::Configured(Box::new(Setup {
            limits: Some(launch::limits(&settings, &resolved.named, &self.overrides)),
            autoflush: Some(launch::autoflush(&settings, &resolved.named)),
            problems,
            ..Default::default()
        })));
        wb.picker_entries = launch::picker_entries(&settings, &launch::recent(data.as_deref()));
        wb.config = self.config.clone();
        wb.set_size(old.size());
        if wb.model.notice.is_none() {
            wb.report(Notice::new(Level::Info, self.switched_to(&resolved)));
        }
        wb.start();
        self.url = resolved.url;
        self.named = resolved.named;
        (wb, rx)
    }
}

impl Switcher {
    /// What the status bar says once switched: a schema, a database or a configured
    /// connection by its name (the URL would show a schema as an encoded startup parameter),
    /// else the URL without its password.
    fn switched_to(&self, resolved: &Resolved) -> String {
        match &self.target {
            Some(PickTarget::Schema(s)) => {
                format!("switched to schema {s}, first on the search path")
            }
            Some(PickTarget::Database(d)) => format!("switched to database {d}"),
            Some(PickTarget::Named(n)) => format!("switched to {n}"),
            _ => format!("switched to {}", resolved.url),
        }
    }
}
