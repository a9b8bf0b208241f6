//! libpq's connection service file (`pg_service.conf`): INI sections of `key=value` lines,
//! looked up in `$PGSERVICEFILE` (else `~/.pg_service.conf`), then in the system's file
//! (`$PGSYSCONFDIR/pg_service.conf`, else Debian's `/etc/postgresql-common/pg_service.conf`).
//! As libpq, a value is taken as written after the first `=`: no quotes, no escapes (white
//! space around the `=` is forgiven, which libpq refuses).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::error::EngineError;
use super::files::{READ_CAP, read_regular};
use super::libpq::{ClientEnv, Params};

/// One service of a file: its settings, or why it cannot be used.
pub type Service = Result<Params, String>;

/// The services a file defines, by name. As libpq, each service stands on its own: a line
/// that is wrong makes only its own service unusable (the error names the line, never its
/// text: a password may be on it), lines before the first `[service]` belong to none and are
/// left alone, and a name defined twice is its first definition.
pub fn parse_service_file(text: &str) -> BTreeMap<String, Service> {
    let mut out: BTreeMap<String, Service> = BTreeMap::new();
    // the service being read: None before the first, and in a second definition of a name
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_string();
            current = (!out.contains_key(&name)).then(|| name.clone());
            out.entry(name).or_insert_with(|| Ok(Params::new()));
            continue;
        }
        let Some(name) = &current else {
            continue;
        };
        // the first wrong line is the one named
        if let Some(Ok(params)) = out.get_mut(name)
            && let Err(why) = read_setting(params, line, i + 1)
        {
            out.insert(name.clone(), Err(why));
        }
    }
    out
}

/// One `key=value` line of a service into its settings.
fn read_setting(params: &mut Params, line: &str, number: usize) -> Result<(), String> {
    let Some((key, value)) = line.split_once('=') else {
        return Err(format!("line {number} is neither [service] nor key=value"));
    };
    let key = key.trim();
    if key == "service" {
        return Err(format!("line {number}: a service cannot name another"));
    }
    // the first setting of a key wins, as libpq's
    params
        .entry(key.to_string())
        .or_insert_with(|| value.trim_start().to_string());
    Ok(())
}

/// The files searched for a service, in order.
fn service_files(env: &ClientEnv) -> Vec<PathBuf> {
    let user = match env.var("PGSERVICEFILE") {
        Some(f) => Some(PathBuf::from(f)),
        None => env.home.as_ref().map(|h| h.join(".pg_service.conf")),
    };
    let system = match env.var("PGSYSCONFDIR") {
        Some(d) => PathBuf::from(d).join("pg_service.conf"),
        None => PathBuf::from("/etc/postgresql-common/pg_service.conf"),
    };
    user.into_iter().chain([system]).collect()
}

/// The settings of the service `name`, from the first file that defines it.
pub fn find_service(name: &str, env: &ClientEnv) -> Result<Params, EngineError> {
    let files = service_files(env);
    for path in &files {
        let text = match read_regular(path, READ_CAP) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(EngineError::usage(format!(
                    "cannot read the service file {}: {e}",
                    path.display()
                )));
            }
        };
        match parse_service_file(&text).remove(name) {
            Some(Ok(params)) => return Ok(params),
            Some(Err(why)) => {
                return Err(EngineError::usage(format!(
                    "service {name:?} in the service file {}: {why}",
                    path.display()
                )));
            }
            None => {}
        }
    }
    let looked: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    Err(EngineError::usage(format!(
        "definition of service {name:?} not found (looked in {})",
        looked.join(" and ")
    )))
}
