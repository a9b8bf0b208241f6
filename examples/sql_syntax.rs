//! Writes `assets/sql.packdump`: the SQL syntax of syntect's default set alone, which the
//! editor's highlighting ships instead of all of Sublime's syntaxes (a third of a megabyte of
//! the binary). Run again after a syntect upgrade: `cargo run --example sql_syntax`; the test
//! `ui_editor::the_shipped_sql_syntax_is_the_default_sets` fails while the file is stale.
//!
//! The default set's syntaxes are linked: their references to contexts are indices into the
//! whole set. They are written back as names here (a syntax's contexts are numbered in the
//! order of their names), so that SQL links again on its own.

use serde_json::Value;
use syntect::parsing::{SyntaxDefinition, SyntaxSet, SyntaxSetBuilder};

fn main() {
    let defaults = SyntaxSet::load_defaults_newlines();
    let sql_index = defaults
        .syntaxes()
        .iter()
        .position(|s| s.name == "SQL")
        .expect("syntect's default set has SQL");
    let builder = defaults.into_builder();
    let sql = builder.syntaxes()[sql_index].clone();
    let mut names: Vec<String> = sql.contexts.keys().cloned().collect();
    names.sort();
    let mut json = serde_json::to_value(&sql).unwrap();
    unlink(&mut json, sql_index, &names);
    let sql: SyntaxDefinition = serde_json::from_value(json).unwrap();
    let mut only = SyntaxSetBuilder::new();
    only.add(sql);
    let set = only.build();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sql.packdump");
    syntect::dumps::dump_to_file(&set, path).expect("assets/sql.packdump is written");
    println!("{path}: {} bytes", std::fs::metadata(path).unwrap().len());
}

/// Every `Direct` context reference back to a `Named` one; the linker's prototypes dropped.
fn unlink(v: &mut Value, syntax: usize, names: &[String]) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(id)) = map.get("Direct") {
                let at = |k: &str| id.get(k).and_then(Value::as_u64).unwrap() as usize;
                assert_eq!(at("syntax_index"), syntax, "SQL refers to another syntax");
                let name = names[at("context_index")].clone();
                map.clear();
                map.insert("Named".into(), Value::String(name));
                return;
            }
            if map.contains_key("meta_include_prototype") {
                map.insert("prototype".into(), Value::Null);
            }
            for child in map.values_mut() {
                unlink(child, syntax, names);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| unlink(i, syntax, names)),
        _ => {}
    }
}
