//! `password_command`: a command of the user's that prints the password (a password manager),
//! run only when the URL has none. Its output is never logged nor stored.

use std::process::{Command, Stdio};

/// The first line of the command's output.
pub fn run_password_command(command: &str) -> Result<String, String> {
    let out = Command::new("sh")
        .args(["-c", command])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("password_command could not run: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "password_command failed ({}){}",
            out.status,
            err.lines()
                .next()
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        ));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|_| "password_command printed something that is not UTF-8".to_string())?;
    let first = text.lines().next().unwrap_or("").to_string();
    if first.is_empty() {
        return Err("password_command printed no password".into());
    }
    Ok(first)
}

/// The password the `mysql` client would use without one on its command line: `$MYSQL_PWD`,
/// else `password` in the `[client]` (or `[mysql]`, `[mariadb]`, `[client-mariadb]`) section of
/// `~/.my.cnf`.
pub fn mysql_client_password() -> Option<String> {
    if let Some(pw) = std::env::var("MYSQL_PWD").ok().filter(|p| !p.is_empty()) {
        return Some(pw);
    }
    let text =
        crate::engine::files::read_regular(&dirs::home_dir()?.join(".my.cnf"), 1024 * 1024).ok()?;
    my_cnf_password(&text)
}

fn my_cnf_password(text: &str) -> Option<String> {
    let mut in_client = false;
    let mut found = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_client = matches!(
                section.trim(),
                "client" | "mysql" | "mariadb" | "client-mariadb"
            );
            continue;
        }
        if !in_client {
            continue;
        }
        if let Some((key, value)) = line.split_once('=')
            && key.trim() == "password"
        {
            let v = value.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            found = Some(v.to_string());
        }
    }
    found.filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::my_cnf_password;

    #[test]
    fn my_cnf_gives_the_client_sections_password() {
        let text = "[mysqld]\npassword = server\n\n[client]\nuser = app\npassword = \"s3 cr=t\"\n";
        assert_eq!(my_cnf_password(text).as_deref(), Some("s3 cr=t"));
        assert_eq!(my_cnf_password("[mysqld]\npassword=x\n"), None);
        assert_eq!(my_cnf_password("[client]\n# password = no\n"), None);
    }
}
