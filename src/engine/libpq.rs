//! libpq's own ways of naming a PostgreSQL database, taken as psql takes them and turned into a
//! `DatabaseUrl`: a conninfo string (`host=/tmp port=5433 dbname=shop`), a service of
//! `pg_service.conf` (`service=shop` or `$PGSERVICE`), and the `PG*` environment.
//!
//! As libpq: what the conninfo says wins over the service's values, which win over the
//! environment's. The environment comes in as a map ([`ClientEnv`]); only the edge reads the
//! process's. A password is never part of an error.

use std::collections::BTreeMap;
use std::path::PathBuf;

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::error::EngineError;
use super::libpq_service::find_service;
use super::url::DatabaseUrl;

/// libpq keywords and their values.
pub type Params = BTreeMap<String, String>;

/// Each environment variable libpq reads and the keyword it stands for. `PGPASSWORD` is left
/// to the driver (which reads it, and `~/.pgpass`, itself), so that it never enters a URL.
const ENV_VARS: &[(&str, &str)] = &[
    ("PGHOST", "host"),
    ("PGHOSTADDR", "hostaddr"),
    ("PGPORT", "port"),
    ("PGDATABASE", "dbname"),
    ("PGUSER", "user"),
    ("PGSSLMODE", "sslmode"),
    ("PGSSLROOTCERT", "sslrootcert"),
    ("PGSSLCERT", "sslcert"),
    ("PGSSLKEY", "sslkey"),
    ("PGAPPNAME", "application_name"),
    ("PGOPTIONS", "options"),
    ("PGSERVICE", "service"),
];

/// The variables that name a database: with one of them set and nothing else named, retort
/// connects where they say, as psql does (a password or a TLS mode alone names nothing).
pub const NAMING_VARS: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGSERVICE",
];

/// Keywords retort turns into the URL's parts or the driver's parameters.
const TAKEN: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "application_name",
    "options",
    "service",
];

/// Keywords libpq knows that change nothing retort can honour differently: accepted, unused
/// (`--connect-timeout` sets the timeout; the encoding is always UTF-8).
const IGNORED: &[&str] = &[
    "connect_timeout",
    "client_encoding",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "passfile",
];

/// The client environment libpq reads: the variables and the home directory.
#[derive(Debug, Clone, Default)]
pub struct ClientEnv {
    pub vars: BTreeMap<String, String>,
    pub home: Option<PathBuf>,
}

impl ClientEnv {
    /// The value of `var`, unless unset or empty (libpq ignores an empty one).
    pub fn var(&self, var: &str) -> Option<&str> {
        self.vars
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether the environment names a database (see [`NAMING_VARS`]).
    pub fn names_a_database(&self) -> bool {
        NAMING_VARS.iter().any(|v| self.var(v).is_some())
    }

    /// The keywords the environment gives.
    fn params(&self) -> Params {
        ENV_VARS
            .iter()
            .filter_map(|(var, key)| Some((key.to_string(), self.var(var)?.to_string())))
            .collect()
    }
}

/// Whether `text` is a conninfo string rather than a URL or a name: libpq's test, an `=`
/// outside a URL.
pub fn is_conninfo(text: &str) -> bool {
    !text.contains("://") && text.contains('=')
}

/// Parses a conninfo string as libpq does: `key=value` pairs separated by white space (also
/// around `=`); a value is a word, or single-quoted with `\'` and `\\`; a backslash escapes
/// the next character in either. The errors never quote the text (it may hold a password).
pub fn parse_conninfo(text: &str) -> Result<Params, EngineError> {
    let bad = |what: String| EngineError::usage(format!("connection string: {what}"));
    let mut out = Params::new();
    let mut chars = text.chars().peekable();
    let mut n = 0;
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        n += 1;
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && !c.is_whitespace())).collect();
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(bad(format!(
                "the {} setting has no '=' after its name",
                ordinal(n)
            )));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = match chars.next_if_eq(&'\'') {
            Some(_) => quoted_value(&mut chars)
                .ok_or_else(|| bad(format!("the value of {key:?} has no closing quote")))?,
            None => word_value(&mut chars),
        };
        if key.is_empty() {
            return Err(bad(format!("the {} setting has no name", ordinal(n))));
        }
        out.insert(key, value);
    }
    Ok(out)
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}

fn word_value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => break,
            '\\' => value.extend(chars.next()),
            c => value.push(c),
        }
    }
    value
}

/// The rest of a quoted value after its opening quote; None when it is never closed.
fn quoted_value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut value = String::new();
    loop {
        match chars.next()? {
            '\\' => value.push(chars.next()?),
            '\'' => return Some(value),
            c => value.push(c),
        }
    }
}

/// The URL that `explicit` (a conninfo's own keywords; empty for the environment alone) names,
/// its gaps filled from the service it or `$PGSERVICE` names, then from the environment.
pub fn resolve(explicit: Params, env: &ClientEnv) -> Result<DatabaseUrl, EngineError> {
    let from_env = env.params();
    let service = explicit
        .get("service")
        .or_else(|| from_env.get("service"))
        .filter(|s| !s.is_empty());
    let mut params = match service {
        Some(name) => find_service(name, env)?,
        None => Params::new(),
    };
    // the conninfo over the service, the service over the environment
    params.extend(explicit);
    for (k, v) in from_env {
        params.entry(k).or_insert(v);
    }
    if !params.contains_key("host") && !params.contains_key("hostaddr") {
        let port = params
            .get("port")
            .and_then(|p| p.parse().ok())
            .unwrap_or(5432);
        params.insert("host".into(), default_host(port));
    }
    to_url(&params)
}

/// A PostgreSQL URL that names a service (`postgresql:///?service=shop`, as libpq takes it) as
/// libpq keywords, for [`resolve`] to complete from the service and the environment: the user,
/// password, host, port and database it names, and each query parameter. None for any other
/// URL (and for one without `service`, which the driver reads as it is).
pub fn service_url_params(raw: &str) -> Option<Params> {
    let (scheme, rest) = raw.trim().split_once("://")?;
    let base = scheme.split('+').next()?.to_ascii_lowercase();
    if !matches!(base.as_str(), "postgresql" | "postgres" | "pgsql") {
        return None;
    }
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !pairs.iter().any(|(k, v)| k == "service" && !v.is_empty()) {
        return None;
    }
    let (authority, path) = before_query.split_once('/').unwrap_or((before_query, ""));
    let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let (host, port) = split_host_port(hostport);
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let mut params: Params = [
        ("user", decode(user)),
        ("password", decode(password)),
        ("host", decode(host)),
        ("port", port.to_string()),
        ("dbname", decode(path)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    params.extend(pairs.into_iter().filter(|(_, v)| !v.is_empty()));
    Some(params)
}

/// `host:port`, `[::1]:port`, `host` or nothing, as the host and the port.
fn split_host_port(hostport: &str) -> (&str, &str) {
    if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6.split_once(']').unwrap_or((v6, ""));
        return (host, after.strip_prefix(':').unwrap_or(""));
    }
    hostport.split_once(':').unwrap_or((hostport, ""))
}

/// Where libpq connects when no host is named: the local server's socket directory (the ones
/// the driver also looks in), else localhost.
fn default_host(port: u16) -> String {
    let socket = format!(".s.PGSQL.{port}");
    ["/var/run/postgresql", "/private/tmp", "/tmp"]
        .into_iter()
        .find(|dir| std::path::Path::new(dir).join(&socket).exists())
        .unwrap_or("localhost")
        .to_string()
}

/// The PostgreSQL URL of libpq keywords (pure). A socket directory (`host=/path`) goes into the
/// query as the README's form has it; an unknown keyword is refused by its name.
pub fn to_url(params: &Params) -> Result<DatabaseUrl, EngineError> {
    refuse_unknown(params)?;
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let mut query: Vec<(&str, &str)> = Vec::new();
    let host = get("host").unwrap_or("localhost");
    if host.contains(',') {
        return Err(EngineError::usage(
            "retort connects to one host: the host setting names several",
        ));
    }
    let socket = host.starts_with('/') || host.starts_with('@');
    let mut authority = match (get("user"), get("password")) {
        (Some(u), Some(pw)) => format!("{}:{}@", enc(u), enc(pw)),
        (Some(u), None) => format!("{}@", enc(u)),
        (None, _) => String::new(),
    };
    match socket {
        true => {
            authority.push_str("localhost");
            query.push(("host", host));
        }
        false if host.contains(':') => authority.push_str(&format!("[{host}]")),
        false => authority.push_str(host),
    }
    if let Some(port) = get("port") {
        port.parse::<u16>()
            .map_err(|_| EngineError::usage(format!("the port {port:?} is not a port number")))?;
        match socket {
            true => query.push(("port", port)),
            false => authority.push_str(&format!(":{port}")),
        }
    }
    let passed = [
        "hostaddr",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "application_name",
        "options",
    ];
    query.extend(passed.iter().filter_map(|k| Some((*k, get(k)?))));
    // a password without a user: the driver's own parameter
    if let (Some(pw), None) = (get("password"), get("user")) {
        query.push(("password", pw));
    }
    let mut text = format!(
        "postgresql://{authority}/{}",
        get("dbname").map(enc).unwrap_or_default()
    );
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect();
        text = format!("{text}?{}", pairs.join("&"));
    }
    DatabaseUrl::parse(&text)
}

fn refuse_unknown(params: &Params) -> Result<(), EngineError> {
    match params
        .keys()
        .find(|k| !TAKEN.contains(&k.as_str()) && !IGNORED.contains(&k.as_str()))
    {
        Some(k) => Err(EngineError::usage(format!(
            "the connection setting {k:?} is not one retort takes (it takes {})",
            TAKEN.join(", ")
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "libpq_tests.rs"]
mod tests;
