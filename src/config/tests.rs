use std::path::Path;

use super::*;

fn write(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_defaults_parse_and_a_partial_file_overrides_only_what_it_names() {
    let defaults = parse(DEFAULTS, Path::new("defaults")).unwrap();
    assert_eq!(defaults.autoflush, Some(true));
    assert_eq!(defaults.connect_timeout, Some(10));
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "max_rows = 500\n[connections.shop]\nurl = \"postgresql://app@db/shop\"\nread_only = true\n",
    );
    let c = load(Some(path), true);
    assert_eq!(c.problem, None);
    assert_eq!(c.settings.max_rows, Some(500));
    assert_eq!(
        c.settings.autoflush,
        Some(true),
        "a default it does not name stays"
    );
    assert_eq!(c.settings.connections["shop"].read_only, Some(true));
}

#[test]
fn a_bad_file_names_the_file_line_and_key_and_an_unknown_key_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "max_rows = 5\n\n[connections.shop]\nurl = \"x\"\nuser = \"bob\"\n",
    );
    let c = load(Some(path.clone()), true);
    let problem = c.problem.expect("a problem");
    assert!(problem.contains(&path.display().to_string()), "{problem}");
    assert!(problem.contains("line 5"), "{problem}");
    assert!(problem.contains("user"), "{problem}");
    // an unknown key costs that key only: the rest of the file, its connections included
    assert!(
        problem.contains("the rest of the file is used"),
        "{problem}"
    );
    assert_eq!(c.settings.max_rows, Some(5));
    assert_eq!(c.settings.connections["shop"].url, "x");
    assert_eq!(c.settings.autoflush, Some(true));
    // two unknown keys, both named
    let path = write(
        dir.path(),
        "colour = \"red\"\n[connections.shop]\nurl = \"x\"\nuser = \"bob\"\n",
    );
    let c = load(Some(path), true);
    let problem = c.problem.unwrap();
    assert!(
        problem.contains("colour") && problem.contains("connections.shop.user"),
        "{problem}"
    );
    assert!(c.settings.connections.contains_key("shop"));
    // not TOML at all
    let path = write(dir.path(), "max_rows = = 3\n");
    let problem = load(Some(path), true).problem.unwrap();
    assert!(problem.contains("line 1"), "{problem}");
    // a wrong type: nothing of the file is used
    let path = write(dir.path(), "max_rows = 7\nautoflush = \"yes\"\n");
    let c = load(Some(path), true);
    assert_eq!(c.settings.max_rows, None);
    let problem = c.problem.unwrap();
    assert!(
        problem.contains("autoflush") || problem.contains("line 1"),
        "{problem}"
    );
}

#[test]
fn a_missing_file_is_fine_unless_it_was_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.toml");
    assert_eq!(load(Some(missing.clone()), false).problem, None);
    let problem = load(Some(missing), true).problem.unwrap();
    assert!(problem.contains("cannot read"), "{problem}");
}

#[test]
fn the_target_is_a_url_a_name_the_environment_the_default_or_the_demo() {
    let mut s = parse(
        "default = \"shop\"\n[connections.shop]\nurl = \"postgresql://app@db/shop\"\n",
        Path::new("c"),
    )
    .unwrap();
    assert_eq!(
        s.target(Some("sqlite:///x.db"), None, false),
        Ok(Target::Url("sqlite:///x.db".into()))
    );
    assert!(matches!(s.target(Some("shop"), None, false), Ok(Target::Named(n, _)) if n == "shop"));
    let err = s.target(Some("shpo"), None, false).unwrap_err();
    assert!(
        err.contains("\"shpo\"") && err.contains("known: shop"),
        "{err}"
    );
    assert_eq!(
        s.target(None, Some("mysql://u@h/d".into()), true),
        Ok(Target::Url("mysql://u@h/d".into()))
    );
    // a libpq conninfo is taken where a URL is
    assert_eq!(
        s.target(Some("dbname=shop user=app"), None, false),
        Ok(Target::Url("dbname=shop user=app".into()))
    );
    // the configured default wins over libpq's environment, which wins over the demo
    assert!(matches!(s.target(None, None, true), Ok(Target::Named(n, _)) if n == "shop"));
    s.default = None;
    assert_eq!(s.target(None, None, true), Ok(Target::ClientEnv));
    assert_eq!(s.target(None, None, false), Ok(Target::Demo));
}

#[test]
fn a_password_command_gives_its_first_line_and_its_failure_says_so() {
    assert_eq!(
        run_password_command("printf 'se cret\\nmore'").unwrap(),
        "se cret"
    );
    let err = run_password_command("echo nope >&2; exit 3").unwrap_err();
    assert!(err.contains("failed") && err.contains("nope"), "{err}");
    assert!(run_password_command("true").is_err());
}

#[test]
fn key_overrides_take_one_key_or_several_and_merge_over_the_defaults() {
    let s = parse(
        "[keys.results]\nedit_cell = \"Ctrl-E\"\n[keys.global]\nquit = [\"Ctrl-Q\", \"F10\"]\n",
        Path::new("c"),
    )
    .unwrap();
    let o = s.key_overrides();
    assert_eq!(o["results"]["edit_cell"], vec!["Ctrl-E".to_string()]);
    assert_eq!(
        o["global"]["quit"],
        vec!["Ctrl-Q".to_string(), "F10".to_string()]
    );
    assert!(parse("[keys.results]\nedit_cell = 5\n", Path::new("c")).is_err());
}
