//! From what the user names (a URL, a configured connection, the demo, another database of
//! this server) to a URL with its password and the settings it opens with; and the recent
//! URLs the connection picker offers (kept without passwords). Shared by the command line and
//! the workbench's connection picker.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::app::model::Limits;
use crate::app::overlays::picker::{Configured, PickTarget, PickerEntry};
use crate::config::{self, NamedConnection, Settings, Target};
use crate::engine::demo::ensure_demo_database;
use crate::engine::libpq::{self, ClientEnv, Params};
use crate::engine::url::redact_url_text;
use crate::engine::{ConnectOptions, DatabaseUrl, EngineError, EngineKind};

/// Flags of the command line that win over the configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub read_only: bool,
    pub connect_timeout: Option<u64>,
    pub max_rows: Option<u64>,
    pub max_result_mb: Option<u64>,
}

/// A URL ready to connect to, and the configured connection it came from (default if none).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub url: DatabaseUrl,
    pub named: NamedConnection,
}

/// The URL of `target`, with a password from the connection's `password_command` or the
/// client's own files when the URL has none.
pub fn resolve(target: Target) -> Result<Resolved, EngineError> {
    match target {
        Target::Url(raw) => Ok(Resolved {
            url: with_client_password(parse_url(&raw)?),
            named: NamedConnection::default(),
        }),
        Target::ClientEnv => Ok(Resolved {
            url: libpq::resolve(Params::new(), &client_env())?,
            named: NamedConnection::default(),
        }),
        Target::Demo => {
            let path = ensure_demo_database()?;
            Ok(Resolved {
                url: DatabaseUrl::parse(&format!("sqlite:///{}", path.display()))?,
                named: NamedConnection::default(),
            })
        }
        Target::Named(name, c) => {
            let url = parse_url(&c.url)
                .map_err(|e| EngineError::usage(format!("connection {name:?}: {e}")))?;
            let url = match (&c.password_command, url.has_password()) {
                (Some(cmd), false) => {
                    let pw = config::run_password_command(cmd)
                        .map_err(|e| EngineError::usage(format!("connection {name:?}: {e}")))?;
                    url.with_password(&pw)
                }
                _ => with_client_password(url),
            };
            Ok(Resolved { url, named: c })
        }
    }
}

/// A URL, or a libpq conninfo string (`host=/tmp dbname=shop`), completed from the service it
/// names (`service=` in either) and libpq's environment, as psql would.
pub fn parse_url(raw: &str) -> Result<DatabaseUrl, EngineError> {
    if libpq::is_conninfo(raw) {
        return libpq::resolve(libpq::parse_conninfo(raw)?, &client_env());
    }
    // libpq's `postgresql:///?service=shop`: the service fills what the URL leaves out
    match libpq::service_url_params(raw) {
        Some(params) => libpq::resolve(params, &client_env()),
        None => DatabaseUrl::parse(raw),
    }
}

/// libpq's environment as this process has it (its `PG*` variables, the home directory): the
/// one place it is read.
pub fn client_env() -> ClientEnv {
    let vars = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter(|(k, _)| k.starts_with("PG"))
        .collect();
    ClientEnv {
        vars,
        home: dirs::home_dir(),
    }
}

/// Whether any configured connection of `url` is read-only.
fn any_read_only(settings: &Settings, url: &str) -> bool {
    let Some(bare) = parse_url(url).ok().map(|u| u.without_password()) else {
        return false;
    };
    (settings.connections.values()).any(|c| {
        c.read_only == Some(true) && parse_url(&c.url).is_ok_and(|u| u.without_password() == bare)
    })
}

/// The configured connection whose URL is `url` (passwords left out of both).
fn named_by_url(settings: &Settings, url: &str) -> Option<(String, NamedConnection)> {
    let bare = parse_url(url).ok()?.without_password();
    settings
        .connections
        .iter()
        .find(|(_, c)| parse_url(&c.url).is_ok_and(|u| u.without_password() == bare))
        .map(|(name, c)| (name.clone(), c.clone()))
}

/// A picker entry's target, seen from the connection `current` is on (`named`: the configured
/// connection it was opened as, whose read-only flag and limits another database or schema of
/// the same server keeps).
pub fn resolve_pick(
    settings: &Settings,
    current: &DatabaseUrl,
    named: &NamedConnection,
    pick: PickTarget,
) -> Result<Resolved, EngineError> {
    match pick {
        PickTarget::Named(name) => {
            let c = settings
                .connections
                .get(&name)
                .cloned()
                .ok_or_else(|| EngineError::usage(format!("no connection named {name:?}")))?;
            resolve(Target::Named(name, c))
        }
        // a recent or typed URL of a configured connection opens with that connection's
        // safety (read-only if any connection of this URL is, its password command and
        // limits), but never with its startup statements: they run only for a connection
        // opened by its name, which is what the user asked for
        PickTarget::Url(u) => match named_by_url(settings, &u) {
            Some((name, mut c)) => {
                c.startup.clear();
                c.read_only = Some(any_read_only(settings, &u) || c.read_only == Some(true));
                resolve(Target::Named(name, c))
            }
            None => resolve(Target::Url(u)),
        },
        PickTarget::Demo => resolve(Target::Demo),
        PickTarget::Database(db) => Ok(Resolved {
            url: current.with_database(&db)?,
            named: named.clone(),
        }),
        PickTarget::Schema(schema) => Ok(Resolved {
            url: current.with_search_path(&schema)?,
            named: named.clone(),
        }),
    }
}

/// A MySQL URL without a password takes the one the `mysql` client would use (`$MYSQL_PWD`,
/// the `[client]` section of `~/.my.cnf`). PostgreSQL's driver reads `$PGPASSWORD` and
/// `~/.pgpass` itself.
fn with_client_password(url: DatabaseUrl) -> DatabaseUrl {
    if url.engine != EngineKind::MySql || url.has_password() {
        return url;
    }
    match config::mysql_client_password() {
        Some(pw) => url.with_password(&pw),
        None => url,
    }
}

pub fn connect_options(
    settings: &Settings,
    named: &NamedConnection,
    o: &Overrides,
) -> ConnectOptions {
    ConnectOptions {
        connect_timeout: Duration::from_secs(
            o.connect_timeout
                .or(settings.connect_timeout)
                .unwrap_or(10)
                .max(1),
        ),
        read_only: o.read_only || named.read_only.or(settings.read_only).unwrap_or(false),
        pool_log: None,
    }
}

pub fn limits(settings: &Settings, named: &NamedConnection, o: &Overrides) -> Limits {
    let max_result_mb = o
        .max_result_mb
        .or(named.max_result_mb)
        .or(settings.max_result_mb);
    Limits {
        max_rows: o.max_rows.or(named.max_rows).or(settings.max_rows),
        // 0 lifts the budget
        max_bytes: match max_result_mb {
            Some(0) => None,
            Some(mb) => Some(mb * 1024 * 1024),
            None => Some(Limits::default_budget_bytes()),
        },
    }
}

pub fn autoflush(settings: &Settings, named: &NamedConnection) -> bool {
    named.autoflush.or(settings.autoflush).unwrap_or(true)
}

/// How many recent URLs the picker keeps.
const RECENT: usize = 10;

fn recent_file(data_dir: &Path) -> PathBuf {
    data_dir.join("recent-connections.txt")
}

/// The recent URLs, newest first (never with a password).
pub fn recent(data_dir: Option<&Path>) -> Vec<String> {
    let Some(dir) = data_dir else {
        return Vec::new();
    };
    crate::engine::files::read_own(&recent_file(dir), 1024 * 1024)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map(|t| {
            t.lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Puts `url` first in the recent list, its password left out (written whole, then renamed).
pub fn remember(data_dir: Option<&Path>, url: &DatabaseUrl) {
    let Some(dir) = data_dir else {
        return;
    };
    let shown = url.without_password();
    let mut list = recent(Some(dir));
    list.retain(|u| *u != shown);
    list.insert(0, shown);
    list.truncate(RECENT);
    let _ = crate::engine::files::private_dir(dir);
    // a private file (0600, unpredictable name) renamed into place, as the buffers are
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all((list.join("\n") + "\n").as_bytes())?;
        tmp.persist(recent_file(dir)).map_err(|e| e.error)?;
        Ok(())
    };
    let _ = write();
}

/// What the picker offers: the configured connections, the recent URLs, the demo.
pub fn picker_entries(settings: &Settings, recent: &[String]) -> Vec<PickerEntry> {
    let mut out = configured_entries(settings);
    for u in recent {
        out.push(PickerEntry {
            label: "recent".into(),
            detail: u.clone(),
            target: PickTarget::Url(u.clone()),
            configured: None,
        });
    }
    out.push(PickerEntry {
        label: "demo".into(),
        detail: "the bundled SQLite demo database".into(),
        target: PickTarget::Demo,
        configured: None,
    });
    out
}

/// The picker's entries of the configured connections (their passwords never shown).
pub fn configured_entries(settings: &Settings) -> Vec<PickerEntry> {
    settings
        .connections
        .iter()
        .map(|(name, c)| PickerEntry {
            label: name.clone(),
            detail: parse_url(&c.url)
                .map(|u| u.without_password())
                .unwrap_or_else(|_| "(not a valid URL)".into()),
            target: PickTarget::Named(name.clone()),
            configured: Some(Configured {
                url: redact_url_text(&c.url),
                read_only: c.read_only.unwrap_or(false),
            }),
        })
        .collect()
}
