//! The picker's changes to the user's file: a connection added, edited or deleted in place,
//! everything else (comments, order, other keys, spacing) kept as written (`toml_edit`).
//! A file that does not parse is never written; a password never is; the file is replaced
//! whole (a private temporary file renamed over it, its mode kept), never written through a
//! symbolic link planted in its place.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use crate::app::overlays::connection_form::{ConnectionChange, ConnectionFields};
use crate::engine::url::redact_url_text;

/// Applies `change` to the file at `path` and returns its new text, or says why not (the file
/// is then as it was).
pub fn save(path: &Path, change: &ConnectionChange) -> Result<String, String> {
    let shown = path.display();
    let mode = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "{shown} is a symbolic link: retort does not write through it (edit the file \
                 it points to yourself)"
            ));
        }
        Ok(m) if !m.is_file() => return Err(format!("{shown} is not a regular file")),
        Ok(m) => Some(std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o7777),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    let text = match mode {
        Some(_) => crate::engine::files::read_regular(path, crate::engine::files::READ_CAP)
            .map_err(|e| format!("cannot read {shown}: {e}"))?,
        None => String::new(),
    };
    let new = edited(&text, change).map_err(|why| format!("{shown}: {why}"))?;
    write(path, new.as_bytes(), mode.unwrap_or(0o600))
        .map_err(|e| format!("writing {shown} failed: {e}"))?;
    Ok(new)
}

/// The file's text with `change` made, the rest as written.
pub fn edited(text: &str, change: &ConnectionChange) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!(
            "not valid TOML, so not written (fix it first): {}",
            e.message()
        )
    })?;
    if let ConnectionChange::Add(f) | ConnectionChange::Edit { now: f, .. } = change
        && redact_url_text(&f.url) != f.url
    {
        return Err("the URL holds a password: retort never writes one".into());
    }
    if !doc.contains_key("connections") {
        let mut table = Table::new();
        table.set_implicit(true);
        doc.insert("connections", Item::Table(table));
    }
    let inline = doc["connections"].is_inline_table();
    let connections = doc["connections"]
        .as_table_like_mut()
        .ok_or("its connections is not a table: not written")?;
    match change {
        ConnectionChange::Add(f) => add(connections, f, inline)?,
        ConnectionChange::Edit { was, now } => {
            edit(connections, was, now)?;
            rename_default(&mut doc, was, &now.name);
        }
        ConnectionChange::Delete(name) => {
            connections
                .remove(name)
                .ok_or_else(|| format!("it names no connection {name}"))?;
        }
    }
    Ok(doc.to_string())
}

fn add(connections: &mut dyn TableLike, f: &ConnectionFields, inline: bool) -> Result<(), String> {
    if connections.contains_key(&f.name) {
        return Err(format!("a connection named {} exists", f.name));
    }
    let mut table = Table::new();
    table.insert("url", toml_edit::value(f.url.as_str()));
    if f.read_only {
        table.insert("read_only", toml_edit::value(true));
    }
    let item = match inline {
        true => Item::Value(Value::InlineTable(table.into_inline_table())),
        false => Item::Table(table),
    };
    connections.insert(&f.name, item);
    Ok(())
}

/// The connection's URL and read-only set (each keeping its comment), under its new name
/// (in the same place when it is a table of its own).
fn edit(connections: &mut dyn TableLike, was: &str, now: &ConnectionFields) -> Result<(), String> {
    if now.name != was && connections.contains_key(&now.name) {
        return Err(format!("a connection named {} exists", now.name));
    }
    let fields = connections
        .get_mut(was)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| format!("it names no connection {was}"))?;
    set(fields, "url", Value::from(now.url.as_str()));
    if now.read_only || fields.contains_key("read_only") {
        set(fields, "read_only", Value::from(now.read_only));
    }
    if now.name != was
        && let Some(item) = connections.remove(was)
    {
        connections.insert(&now.name, item);
    }
    Ok(())
}

/// Sets `key` to `value`, keeping the old value's spacing and trailing comment.
fn set(table: &mut dyn TableLike, key: &str, mut value: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// `default = "old"` follows a renamed connection.
fn rename_default(doc: &mut DocumentMut, was: &str, now: &str) {
    if was != now && doc.get("default").and_then(Item::as_str) == Some(was) {
        set(doc.as_table_mut(), "default", Value::from(now));
    }
}

/// Replaces the file whole: a temporary file beside it with the old file's mode, written,
/// synced and renamed over it (a rename replaces a link planted meanwhile, never follows it).
fn write(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::PermissionsExt as _;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.exists() {
        crate::engine::files::private_dir(dir)?;
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}
