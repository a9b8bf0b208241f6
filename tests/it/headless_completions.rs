//! The shell completion scripts offer the configured connections' names for the first
//! argument (`retort sh<Tab>` → `retort shop`), read from the configuration when asked.

use crate::harness::{retort_in, scratch_dir};

fn config() -> std::path::PathBuf {
    let path = scratch_dir().join(format!("names-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "[connections.shop]\nurl = \"sqlite:///tmp/x.db\"\n\
         [connections.shipping]\nurl = \"sqlite:///tmp/y.db\"\n\
         [connections.prod]\nurl = \"sqlite:///tmp/z.db\"\n",
    )
    .unwrap();
    path
}

#[test]
fn the_configured_names_are_listed_and_bash_completes_them() {
    let path = config();
    let env = [("RETORT_CONFIG", path.to_str().unwrap())];
    let (code, out, err) = retort_in(&["--connection-names"], None, &env, None);
    assert_eq!((code, out.as_str()), (0, "prod\nshipping\nshop\n"), "{err}");
    // bash, with the script retort writes: `retort sh<Tab>`
    let (code, script, _) = retort_in(&["completions", "bash"], None, &env, None);
    assert_eq!(code, 0);
    let script_file = scratch_dir().join(format!("retort-completion-{}.bash", std::process::id()));
    std::fs::write(&script_file, script).unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_retort"))
        .parent()
        .unwrap();
    // as bash calls it: the command, the word being completed, the word before it
    let run = |words: &str, cword: usize| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMPREPLY=(); \
                 _retort_with_connection_names retort \"${{COMP_WORDS[$COMP_CWORD]}}\" \
                 \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script_file.display()
            ))
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("RETORT_CONFIG", &path)
            .current_dir(scratch_dir())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let offered = run("retort sh", 1);
    assert!(offered.lines().any(|l| l == "shop"), "{offered}");
    assert!(offered.lines().any(|l| l == "shipping"), "{offered}");
    assert!(!offered.lines().any(|l| l == "prod"), "{offered}");
    // a flag is completed as clap's script does it, never to a name
    let offered = run("retort --re", 1);
    assert!(
        offered.contains("--read-only") && !offered.contains("shop"),
        "{offered}"
    );
}

#[test]
fn zsh_and_fish_ask_for_the_names_for_the_first_argument() {
    let (_, zsh, _) = retort_in(&["completions", "zsh"], None, &[], None);
    let url_line = zsh.lines().find(|l| l.starts_with("'::url -- ")).unwrap();
    assert!(
        url_line.contains(":_retort_connection_names'"),
        "{url_line}"
    );
    assert!(zsh.contains("retort --connection-names"), "{zsh}");
    let (_, fish, _) = retort_in(&["completions", "fish"], None, &[], None);
    assert!(
        fish.contains("-n '__fish_is_first_arg' -a '(retort --connection-names 2>/dev/null)'"),
        "{fish}"
    );
}
