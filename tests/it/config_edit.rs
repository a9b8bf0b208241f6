//! The picker's changes to config.toml (`config::edit`, through `ui::connections::ConfigFile`):
//! a connection added, edited, renamed and deleted with the user's comments, order and other
//! keys kept byte for byte; never a password; never through a symlink; a name that exists
//! and a file that does not parse refused, the file left as it was.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use retort::app::overlays::connection_form::{ConnectionChange, ConnectionFields};
use retort::ui::connections::ConfigFile;

const USER_FILE: &str = r#"# my retort settings
theme = "light"   # easier on the eyes
default = "shop"

[connections.shop]
# the production replica
url   = "postgresql://app@db.example.org/shop"   # never a password here
password_command = "pass show db/shop"
startup = ["set search_path to app"]

[keys.global]
open_connection = "Ctrl-O"
"#;

fn file(name: &str, text: &str) -> (PathBuf, ConfigFile) {
    let dir = crate::harness::scratch_dir().join("config-edit").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let settings = retort::config::from_text(text, path.clone()).settings;
    (path.clone(), ConfigFile::new(Some(path), settings))
}

fn fields(name: &str, url: &str, read_only: bool) -> ConnectionFields {
    ConnectionFields {
        name: name.into(),
        url: url.into(),
        read_only,
    }
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn add_edit_rename_delete_keep_comments_order_and_other_keys() {
    let (path, config) = file("round-trip", USER_FILE);
    let add = ConnectionChange::Add(fields("staging", "mysql://me@stage/app", true));
    let saved = config.save(&add).unwrap();
    assert!(saved.said.starts_with("added staging to"), "{saved:?}");
    let names: Vec<&str> = saved.configured.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(names, ["shop", "staging"]);
    // the new one goes after the other connections, the rest untouched
    let added = USER_FILE.replace(
        "\n[keys.global]",
        "\n[connections.staging]\nurl = \"mysql://me@stage/app\"\nread_only = true\n\n[keys.global]",
    );
    assert_eq!(read(&path), added);
    // the mode the user gave the file is kept
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    // deleting it gives the user's file back, byte for byte
    config
        .save(&ConnectionChange::Delete("staging".into()))
        .unwrap();
    assert_eq!(read(&path), USER_FILE);
    // an edit changes the values only: comments, spacing and the other keys stay
    let edit = ConnectionChange::Edit {
        was: "shop".into(),
        now: fields("shop", "postgresql://app@replica.example.org/shop", true),
    };
    config.save(&edit).unwrap();
    let edited = USER_FILE
        .replace("db.example.org", "replica.example.org")
        .replace(
            "startup = [\"set search_path to app\"]\n",
            "startup = [\"set search_path to app\"]\nread_only = true\n",
        );
    assert_eq!(read(&path), edited);
    // a rename keeps the table where it was, and `default` follows it
    let rename = ConnectionChange::Edit {
        was: "shop".into(),
        now: fields("shop2", "postgresql://app@replica.example.org/shop", false),
    };
    let saved = config.save(&rename).unwrap();
    assert!(saved.said.contains("renamed shop to shop2"), "{saved:?}");
    let renamed = edited
        .replace("[connections.shop]", "[connections.shop2]")
        .replace("default = \"shop\"", "default = \"shop2\"")
        .replace("read_only = true", "read_only = false");
    assert_eq!(read(&path), renamed);
    // what the switcher resolves a name from follows the file
    assert!(config.settings().connections.contains_key("shop2"));
    assert!(!config.settings().connections.contains_key("shop"));
}

#[test]
fn a_new_file_is_created_private_and_a_password_is_never_written() {
    let dir = crate::harness::scratch_dir()
        .join("config-edit")
        .join("fresh");
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("retort").join("config.toml");
    let config = ConfigFile::new(Some(path.clone()), Default::default());
    // the core refuses a URL with a password outright
    let secret = ConnectionChange::Add(fields("a", "postgresql://app:s3cret@h/d", false));
    let why = config.save(&secret).unwrap_err();
    assert!(why.contains("password"), "{why}");
    assert!(!path.exists(), "nothing written");
    let conninfo = ConnectionChange::Add(fields("b", "host=h dbname=d password=s3cret", false));
    assert!(config.save(&conninfo).is_err());
    config
        .save(&ConnectionChange::Add(fields(
            "a",
            "postgresql://app@h/d",
            false,
        )))
        .unwrap();
    let text = read(&path);
    assert_eq!(text, "[connections.a]\nurl = \"postgresql://app@h/d\"\n");
    assert!(!text.contains("s3cret"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a new file is its owner's only");
}

#[test]
fn a_symlink_planted_at_the_config_path_is_never_written_through() {
    let (path, config) = file("symlink", USER_FILE);
    let elsewhere = path.with_file_name("elsewhere.toml");
    std::fs::write(&elsewhere, "# someone else's file\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let why = config
        .save(&ConnectionChange::Add(fields("x", "sqlite://x.db", false)))
        .unwrap_err();
    assert!(why.contains("symbolic link"), "{why}");
    assert_eq!(read(&elsewhere), "# someone else's file\n");
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_name_that_exists_and_a_file_that_does_not_parse_are_refused_and_left_alone() {
    let (path, config) = file("refusals", USER_FILE);
    let dup = ConnectionChange::Add(fields("shop", "sqlite://x.db", false));
    let why = config.save(&dup).unwrap_err();
    assert!(why.contains("a connection named shop exists"), "{why}");
    let rename_onto = ConnectionChange::Edit {
        was: "nope".into(),
        now: fields("shop", "sqlite://x.db", false),
    };
    assert!(config.save(&rename_onto).unwrap_err().contains("exists"));
    let gone = ConnectionChange::Delete("nope".into());
    assert!(
        config
            .save(&gone)
            .unwrap_err()
            .contains("names no connection nope")
    );
    assert_eq!(read(&path), USER_FILE);
    let broken = format!("{USER_FILE}\n[connections.half\nurl = \n");
    std::fs::write(&path, &broken).unwrap();
    let why = config
        .save(&ConnectionChange::Add(fields("x", "sqlite://x.db", false)))
        .unwrap_err();
    assert!(why.contains("not valid TOML, so not written"), "{why}");
    assert_eq!(read(&path), broken);
}
