//! A PgBouncer in transaction pooling (how PostgreSQL is run at scale) in front of the
//! throwaway PostgreSQL, started from Debian's `pgbouncer` package.

use std::process::Command;
use std::sync::OnceLock;

use crate::harness::{Engine, free_port, is_root, server_url, spawn_with_watchdog, wait_until};

static BOUNCER: OnceLock<Result<String, String>> = OnceLock::new();

/// The URL of a database `db` on the throwaway PostgreSQL, reached through PgBouncer.
pub fn through_pgbouncer(db: &str) -> String {
    let base = BOUNCER
        .get_or_init(start)
        .as_ref()
        .unwrap_or_else(|e| panic!("{e}"));
    format!("{base}/{db}")
}

fn start() -> Result<String, String> {
    let bin = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .ok_or("pgbouncer not found: apt-get install pgbouncer")?;
    let pg = url::Url::parse(&server_url(Engine::Postgres)).map_err(|e| e.to_string())?;
    let query: std::collections::HashMap<_, _> = pg.query_pairs().into_owned().collect();
    let host = query
        .get("host")
        .cloned()
        .unwrap_or_else(|| pg.host_str().unwrap_or("127.0.0.1").to_string());
    let pg_port = query
        .get("port")
        .cloned()
        .unwrap_or_else(|| pg.port().unwrap_or(5432).to_string());
    let dir = std::env::temp_dir().join(format!("retort-pgb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let port = free_port();
    let ini = format!(
        "[databases]\n* = host={host} port={pg_port}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\n\
         listen_port = {port}\nunix_socket_dir =\nauth_type = trust\nauth_file = {d}/users.txt\n\
         pool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 4\n\
         ignore_startup_parameters = extra_float_digits\npidfile = {d}/pgbouncer.pid\n",
        d = dir.display()
    );
    std::fs::write(dir.join("pgbouncer.ini"), ini).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n").map_err(|e| e.to_string())?;
    let as_user = if is_root() {
        Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        "runuser -u postgres -- "
    } else {
        ""
    };
    spawn_with_watchdog(
        &format!("{as_user}{bin} {}/pgbouncer.ini", dir.display()),
        "INT",
        &dir,
    );
    let url = format!("postgresql://postgres@127.0.0.1:{port}");
    let probe = format!("{url}/postgres");
    wait_until("PgBouncer", &dir.with_extension("log"), || {
        Command::new(env!("CARGO_BIN_EXE_retort"))
            .args([probe.as_str(), "-e", "select 1"])
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
    Ok(url)
}
