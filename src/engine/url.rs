//! Connection URLs in SQLAlchemy style.
//!
//! `postgresql://user:pass@host:port/db?sslmode=require`, `postgres://…`, driver suffixes such as
//! `postgresql+psycopg://` or `mysql+pymysql://` (accepted and ignored), `mysql://`, `mariadb://`,
//! `sqlite:///relative.db`, `sqlite:////absolute/path.db`, `sqlite://` and `sqlite:///:memory:`.

use std::fmt;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use super::error::EngineError;

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Postgres,
    MySql,
    Sqlite,
}

impl EngineKind {
    pub fn label(self) -> &'static str {
        match self {
            EngineKind::Postgres => "PostgreSQL",
            EngineKind::MySql => "MySQL",
            EngineKind::Sqlite => "SQLite",
        }
    }
}

/// Where a SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteTarget {
    Memory,
    File(PathBuf),
}

/// A parsed connection URL. `Display` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub engine: EngineKind,
    /// For PostgreSQL and MySQL: the URL as the driver understands it (scheme normalised).
    network: Option<url::Url>,
    pub sqlite: Option<SqliteTarget>,
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, EngineError> {
        let raw = raw.trim();
        let (scheme, rest) = raw.split_once("://").ok_or_else(|| {
            EngineError::usage(format!(
                "'{}' is not a database URL: expected postgresql://, mysql://, mariadb:// or sqlite://",
                redact_url_text(raw)
            ))
        })?;
        let base = scheme.split('+').next().unwrap_or("").to_ascii_lowercase();
        let engine = match base.as_str() {
            "postgresql" | "postgres" | "pgsql" => EngineKind::Postgres,
            "mysql" | "mariadb" => EngineKind::MySql,
            "sqlite" | "sqlite3" => EngineKind::Sqlite,
            other => {
                return Err(EngineError::usage(format!(
                    "unknown database scheme '{other}': use postgresql://, mysql://, mariadb:// or sqlite://"
                )));
            }
        };
        if engine == EngineKind::Sqlite {
            return Ok(DatabaseUrl {
                engine,
                network: None,
                sqlite: Some(parse_sqlite_target(rest)?),
            });
        }
        let rest = with_host_for_socket(rest);
        let normalised = format!(
            "{}://{rest}",
            if engine == EngineKind::Postgres {
                "postgres"
            } else {
                "mysql"
            }
        );
        let url = url::Url::parse(&normalised).map_err(|e| {
            EngineError::usage(format!(
                "invalid database URL '{}': {e}",
                redact_url_text(raw)
            ))
        })?;
        Ok(DatabaseUrl {
            engine,
            network: Some(url),
            sqlite: None,
        })
    }

    /// The URL in the form the sqlx driver parses.
    pub fn driver_url(&self) -> Option<&url::Url> {
        self.network.as_ref()
    }

    /// The URL's query parameters, without any that holds a password.
    pub fn shown_options(&self) -> Vec<(String, String)> {
        (self.network.iter())
            .flat_map(|u| u.query_pairs())
            .filter(|(k, v)| !holds_password(k, v))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The URL as text without its password (for lists that are kept).
    pub fn without_password(&self) -> String {
        match &self.network {
            Some(u) => {
                let mut bare = u.clone();
                let _ = bare.set_password(None);
                // a password may also come as a query parameter
                let kept: Vec<(String, String)> = u
                    .query_pairs()
                    .filter(|(k, v)| !holds_password(k, v))
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                if kept.is_empty() {
                    bare.set_query(None);
                } else {
                    bare.query_pairs_mut().clear().extend_pairs(kept);
                }
                let scheme = if self.engine == EngineKind::Postgres {
                    "postgresql"
                } else {
                    "mysql"
                };
                let text = bare.as_str();
                let rest = text.split_once("://").map(|(_, r)| r).unwrap_or(text);
                format!("{scheme}://{rest}")
            }
            None => self.to_string(),
        }
    }

    /// The same server and credentials, another database (PostgreSQL, MySQL).
    pub fn with_database(&self, db: &str) -> Result<Self, EngineError> {
        let Some(u) = &self.network else {
            return Err(EngineError::usage("a SQLite file has no other databases"));
        };
        let mut u = u.clone();
        u.set_path(&format!("/{}", encode(db)));
        Ok(DatabaseUrl {
            engine: self.engine,
            network: Some(u),
            sqlite: None,
        })
    }

    /// The same database with `schema` first on the search path (PostgreSQL), given to the
    /// server at connect (the `options` startup parameter, escaped by the driver), so that it
    /// holds on every reconnect: `"schema", public`.
    pub fn with_search_path(&self, schema: &str) -> Result<Self, EngineError> {
        let (EngineKind::Postgres, Some(u)) = (self.engine, &self.network) else {
            return Err(EngineError::usage(
                "only PostgreSQL has schemas on a search path; on MySQL a schema is a database",
            ));
        };
        let mut u = u.clone();
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| k != "options[search_path]")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
        let path = if schema == "public" {
            quoted
        } else {
            format!("{quoted}, public")
        };
        u.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("options[search_path]", &path);
        Ok(DatabaseUrl {
            engine: self.engine,
            network: Some(u),
            sqlite: None,
        })
    }

    pub fn has_password(&self) -> bool {
        self.network
            .as_ref()
            .is_some_and(|u| u.password().is_some())
    }

    /// The user name in the URL, percent-decoded.
    pub fn username(&self) -> Option<String> {
        let u = self.network.as_ref()?;
        (!u.username().is_empty()).then(|| decode(u.username()))
    }

    pub fn host_label(&self) -> String {
        match (&self.network, &self.sqlite) {
            (Some(u), _) => {
                let socket = u
                    .query_pairs()
                    .find(|(k, _)| k == "host" || k == "socket")
                    .map(|(_, v)| v.into_owned());
                match socket {
                    Some(s) => s,
                    None => match u.port() {
                        Some(p) => format!("{}:{p}", u.host_str().unwrap_or("localhost")),
                        None => u.host_str().unwrap_or("localhost").to_string(),
                    },
                }
            }
            (None, Some(SqliteTarget::File(p))) => p.display().to_string(),
            _ => ":memory:".into(),
        }
    }

    /// What a connection error names: the host and port, or the socket file itself (a
    /// PostgreSQL socket directory with its port, as libpq's `socket "/dir/.s.PGSQL.5433"`),
    /// so that a port taken from `PGPORT` or a service is never hidden.
    pub fn connect_target(&self) -> String {
        let label = self.host_label();
        let Some(u) = &self.network else {
            return label;
        };
        let pg_socket = self.engine == EngineKind::Postgres && label.starts_with('/');
        if !pg_socket {
            return label;
        }
        let port = (u.query_pairs())
            .find(|(k, _)| k == "port")
            .and_then(|(_, v)| v.parse::<u16>().ok())
            .or(u.port())
            .unwrap_or(5432);
        format!("socket \"{}/.s.PGSQL.{port}\"", label.trim_end_matches('/'))
    }

    /// Returns a copy with the password replaced (used after an interactive prompt).
    pub fn with_password(&self, password: &str) -> Self {
        let mut out = self.clone();
        if let Some(u) = out.network.as_mut() {
            let _ = u.set_password(Some(&encode(password)));
        }
        out
    }
}

/// A query parameter that carries a secret (`password`, `sslpassword`, …).
fn is_password_param(key: &str) -> bool {
    key.to_ascii_lowercase().contains("password")
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.network, &self.sqlite) {
            (Some(u), _) => {
                let mut shown = u.clone();
                if shown.password().is_some() {
                    let _ = shown.set_password(Some("***"));
                }
                if u.query_pairs().any(|(k, _)| is_password_param(&k)) {
                    let masked: Vec<(String, String)> = u
                        .query_pairs()
                        .map(|(k, v)| {
                            let v = if is_password_param(&k) {
                                "***".into()
                            } else {
                                v
                            };
                            (k.into_owned(), v.into_owned())
                        })
                        .collect();
                    shown.query_pairs_mut().clear().extend_pairs(masked);
                }
                let scheme = if self.engine == EngineKind::Postgres {
                    "postgresql"
                } else {
                    "mysql"
                };
                let text = shown.as_str();
                let rest = text.split_once("://").map(|(_, r)| r).unwrap_or(text);
                write!(f, "{scheme}://{rest}")
            }
            (None, Some(SqliteTarget::File(p))) => write!(f, "sqlite:///{}", p.display()),
            _ => write!(f, "sqlite:///:memory:"),
        }
    }
}

fn parse_sqlite_target(rest: &str) -> Result<SqliteTarget, EngineError> {
    // `rest` is what follows `sqlite://`: "" (memory), "/:memory:", "/relative.db", "//abs.db".
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == "/" || path == "/:memory:" || path == ":memory:" {
        return Ok(SqliteTarget::Memory);
    }
    let Some(path) = path.strip_prefix('/') else {
        return Err(EngineError::usage(format!(
            "invalid SQLite URL '{}': use sqlite:///relative.db or sqlite:////absolute/path.db",
            redact_url_text(&format!("sqlite://{rest}"))
        )));
    };
    Ok(SqliteTarget::File(PathBuf::from(decode(path))))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Hides the password of something that looks like a URL, even one that does not parse, or
/// of a libpq connection string: the URL's `user:…@`, and the value of any `…password=` (a
/// A query parameter that is a password, or holds one (`options=-c app.password=…`).
fn holds_password(key: &str, value: &str) -> bool {
    is_password_param(key) || value.to_ascii_lowercase().contains("password")
}

/// URL's query parameter, a conninfo's setting).
pub fn redact_url_text(raw: &str) -> String {
    mask_password_values(&redact_authority(raw))
}

/// The value after each `…password=` (white space around `=` allowed, as a conninfo's) as
/// `***`: a quoted value to its closing quote, else up to white space or `&`.
fn mask_password_values(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::new();
    let mut from = 0;
    while let Some(at) = lower[from..]
        .find("password")
        .map(|i| from + i + "password".len())
    {
        let after = text[at..].trim_start();
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            out.push_str(&text[from..at]);
            from = at;
            continue;
        };
        let start = text.len() - value.len();
        let end = start + value_len(value);
        out.push_str(&text[from..start]);
        out.push_str("***");
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// The length of a conninfo or query value at the start of `value`.
fn value_len(value: &str) -> usize {
    let mut chars = value.char_indices();
    if value.starts_with('\'') {
        chars.next();
        let mut escaped = false;
        for (i, c) in chars {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => return i + 1,
                _ => {}
            }
        }
        return value.len();
    }
    value
        .find(|c: char| c.is_whitespace() || c == '&')
        .unwrap_or(value.len())
}

fn redact_authority(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_string();
    };
    // a password left unencoded may hold '/', '?' or '#': the credentials run to the last
    // '@' (masking too much, if the query has one, is safe; too little is not)
    match rest.rfind('@') {
        Some(at) => {
            let (creds, host) = rest.split_at(at);
            match creds.split_once(':') {
                Some((user, _)) if !user.contains(['/', '?']) => {
                    format!("{scheme}://{user}:***{host}")
                }
                _ => raw.to_string(),
            }
        }
        None => raw.to_string(),
    }
}

/// `user@/db?host=/path`, as libpq and psql take it (a user, no host: the socket named in the
/// query, else the default): the URL parser wants a host after a user, so `localhost` is put
/// there; the driver connects to the socket of the `host` or `socket` parameter when there
/// is one.
fn with_host_for_socket(rest: &str) -> std::borrow::Cow<'_, str> {
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..end].ends_with('@') {
        true => format!("{}localhost{}", &rest[..end], &rest[end..]).into(),
        false => rest.into(),
    }
}

#[cfg(test)]
#[path = "url_tests.rs"]
mod tests;
