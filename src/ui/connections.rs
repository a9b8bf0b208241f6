//! The configuration file the picker edits, shared by the workbench (which saves a change off
//! the UI thread) and the switcher (which opens a configured connection by its name, as the
//! file has it now).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::app::Event;
use crate::app::overlays::connection_form::{ConnectionChange, ConnectionsSaved};
use crate::config::Settings;

#[derive(Clone, Default)]
pub struct ConfigFile {
    /// Where the user's file is (or would be): `--config`, `$RETORT_CONFIG`, the config dir.
    pub path: Option<PathBuf>,
    settings: Arc<Mutex<Settings>>,
}

impl ConfigFile {
    pub fn new(path: Option<PathBuf>, settings: Settings) -> Self {
        ConfigFile {
            path,
            settings: Arc::new(Mutex::new(settings)),
        }
    }

    /// The settings in effect (the configured connections as last saved).
    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Writes `change` off the UI thread; the answer comes as `Event::ConnectionsSaved`.
    pub fn save_soon(
        &self,
        change: ConnectionChange,
        note: Option<String>,
        events: tokio::sync::mpsc::UnboundedSender<Event>,
    ) {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let result = me.save(&change);
            let _ = events.send(Event::ConnectionsSaved { result, note });
        });
    }

    /// Writes `change` into the file; the settings then hold its connections.
    pub fn save(&self, change: &ConnectionChange) -> Result<ConnectionsSaved, String> {
        let path = self
            .path
            .clone()
            .ok_or("no configuration file: name one with --config FILE or RETORT_CONFIG")?;
        let text = crate::config::edit::save(&path, change)?;
        let read = crate::config::from_text(&text, path.clone());
        let mut settings = self.settings.lock().map_err(|e| e.to_string())?;
        settings.connections = read.settings.connections;
        let configured = crate::launch::configured_entries(&settings);
        let at = path.display();
        let said = match change {
            ConnectionChange::Add(f) => format!("added {} to {at}", f.name),
            ConnectionChange::Edit { was, now } if *was != now.name => {
                format!("renamed {was} to {} in {at}", now.name)
            }
            ConnectionChange::Edit { now, .. } => format!("saved {} in {at}", now.name),
            ConnectionChange::Delete(name) if settings.default.as_deref() == Some(name) => {
                format!("deleted {name} from {at}: `default` still names it, change it there")
            }
            ConnectionChange::Delete(name) => format!("deleted {name} from {at}"),
        };
        Ok(ConnectionsSaved { said, configured })
    }
}
