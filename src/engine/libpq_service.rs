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

/// The services a file defines, by name. An error names the line, never its text (a password
/// may be on it).
pub fn parse_service_file(text: &str) -> Result<BTreeMap<String, Params>, String> {
    let mut out: BTreeMap<String, Params> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim().to_string());
            out.entry(name.trim().to_string()).or_default();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("line {} is neither [service] nor key=value", i + 1));
        };
        let Some(section) = &current else {
            return Err(format!("line {} comes before any [service]", i + 1));
        };
        let key = key.trim();
        if key == "service" {
            return Err(format!("line {}: a service cannot name another", i + 1));
        }
        let params = out.entry(section.clone()).or_default();
        // the first setting of a key wins, as libpq's
        params
            .entry(key.to_string())
            .or_insert_with(|| value.trim_start().to_string());
    }
    Ok(out)
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
        let mut services = parse_service_file(&text)
            .map_err(|e| EngineError::usage(format!("service file {}: {e}", path.display())))?;
        if let Some(params) = services.remove(name) {
            return Ok(params);
        }
    }
    let looked: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    Err(EngineError::usage(format!(
        "definition of service {name:?} not found (looked in {})",
        looked.join(" and ")
    )))
}
