//! Names from the database cannot become code: a table whose name breaks out of a Python
//! comment, on every engine, imports as data and runs nothing.

use crate::harness::{ALL, Engine, exec_ok, fresh_database, retort};

const TABLE: &str = "x\n__import__('os').system('touch PWNED')\n#";
const VIEW: &str = "v\u{2028}__import__('os').system('touch PWNED')";
const COLUMN: &str = "c\r\nprint('PWNED')";

fn quote(engine: Engine, name: &str) -> String {
    match engine {
        Engine::MySql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

#[test]
fn hostile_names_stay_data_in_generated_models() {
    for engine in ALL {
        let url = fresh_database(engine);
        let (t, v, c) = (
            quote(engine, TABLE),
            quote(engine, VIEW),
            quote(engine, COLUMN),
        );
        exec_ok(
            &url,
            &format!("create table {t} ({c} int); create view {v} as select {c} from {t}"),
        );
        let (code, models, err) = retort(&[&url, "--schema", "models"]);
        assert_eq!(code, 0, "{engine:?}: {err}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hostile_models.py"), &models).unwrap();
        let out = std::process::Command::new("python3")
            .current_dir(dir.path())
            .args([
                "-c",
                "import hostile_models as m\n\
                 for t in m.Base.metadata.tables.values():\n    print(repr(t.name), [c.name for c in t.columns])",
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{engine:?}: the module does not import:\n{}\n{models}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !dir.path().join("PWNED").exists() && !stdout.contains("PWNED\n"),
            "{engine:?}: importing the models ran code from a name:\n{models}"
        );
        // the names round-trip exactly
        assert!(
            stdout.contains(r#""x\n__import__('os').system('touch PWNED')\n#""#)
                && stdout.contains(r#"["c\r\nprint('PWNED')"]"#),
            "{engine:?}: {stdout}"
        );
    }
}
