//! MariaDB's JSON columns (LONGTEXT with a `json_valid` check, and LONGTEXT on the wire) are
//! JSON: in `--format json`, in the catalog and models, and in the cell viewer.

use crate::harness::{Engine, exec_ok, fresh_database, retort};
use crate::ui_support::{open_at, settle};
use retort::app::Action;

fn shop() -> String {
    let url = fresh_database(Engine::MySql);
    exec_ok(
        &url,
        "create table doc (id int primary key, body json, note longtext, \
         `odd ``name``` json); \
         insert into doc values (1, '{\"a\": [1, 2], \"b\": {\"c\": null}}', '{\"not\": 1}', '[true]')",
    );
    url
}

#[test]
fn json_columns_print_as_json_and_reflect_as_json() {
    let url = shop();
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "select id, body, note, `odd ``name``` from doc; select d.body as renamed from doc d",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let docs: Vec<serde_json::Value> = out
        .split("]\n")
        .filter(|s| !s.trim().is_empty())
        .map(|s| serde_json::from_str(&format!("{s}]")).unwrap_or_else(|e| panic!("{e}: {s}")))
        .collect();
    let row = &docs[0][0];
    assert_eq!(row["body"]["a"][1], 2, "{out}");
    // a plain LONGTEXT holding JSON-looking text stays a string
    assert_eq!(row["note"], "{\"not\": 1}", "{out}");
    assert_eq!(row["odd `name`"][0], true, "{out}");
    assert!(docs[1][0]["renamed"]["b"].is_object(), "{out}");
    // a table made after the first statement is known too
    let (code, out, err) = retort(&[
        &url,
        "-e",
        "select 1; create table later (j json); insert into later values ('{\"x\": 1}'); \
         select j from later",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("{\"j\": {\"x\": 1}}"), "{out}");
    // the catalog and the models
    let (code, out, err) = retort(&[&url, "--schema", "json"]);
    assert_eq!(code, 0, "{err}");
    let cat: serde_json::Value = serde_json::from_str(&out).unwrap();
    let table = cat["schemas"][0]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "doc")
        .unwrap();
    let types: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["data_type"].as_str().unwrap())
        .collect();
    assert_eq!(types[1], "json", "{types:?}");
    assert_eq!(types[2], "longtext", "{types:?}");
    assert!(table["check_constraints"].as_array().unwrap().is_empty());
    let (_, models, _) = retort(&[&url, "--schema", "models"]);
    assert!(
        models.contains("body: Mapped[Optional[Any]] = mapped_column(sa.JSON()"),
        "{models}"
    );
}

#[tokio::test]
async fn the_cell_viewer_pretty_prints_a_mariadb_json_cell() {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    use retort::app::PaneId;
    let url = retort::engine::DatabaseUrl::parse(&shop()).unwrap();
    let (mut wb, mut rx) = open_at(&url, None).await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("select body from doc".into()));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(PaneId::Results));
    wb.on_terminal_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    let view = wb.model.viewer().cloned().expect("cell view");
    assert!(
        view.text.contains("\"a\": [\n    1,\n    2\n  ]"),
        "{view:?}"
    );
}
