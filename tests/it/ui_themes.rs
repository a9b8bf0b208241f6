//! Each theme of `themes/` colours the cells that carry meaning with its own roles (NULL,
//! numbers, a staged deletion, a staged change, the focused border), and the markers say the
//! same without colour.

use crossterm::event::KeyCode;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Style};
use retort::app::{Action, PaneId};
use retort::ui::theme::{self, BUILT_IN, Role};

use crate::ui_session::{key, run, typed};
use crate::ui_support::{draw, open, settle};

fn has_style(cell: &Cell, style: Style) -> bool {
    cell.fg == style.fg.unwrap_or(Color::Reset)
        && cell.bg == style.bg.unwrap_or(Color::Reset)
        && cell.modifier.contains(style.add_modifier)
}

/// The cell where `text` starts on the line that holds `row_text`.
fn find(screen: &str, buf: &Buffer, row_text: &str, text: &str) -> Cell {
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(row_text))
        .unwrap_or_else(|| panic!("no line with {row_text:?}:\n{screen}"));
    let at = line[..line
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} in {line}"))]
        .chars()
        .count();
    buf[(at as u16, y as u16)].clone()
}

#[tokio::test]
async fn every_theme_colours_nulls_numbers_and_staged_rows_by_its_roles() {
    assert_eq!(BUILT_IN.len(), 3);
    for (name, _) in BUILT_IN {
        let t = theme::built_in(name).unwrap();
        let _on = theme::use_on_this_thread(t.clone());
        let (mut wb, mut rx) = open().await;
        settle(&mut wb, &mut rx).await;
        run(
            &mut wb,
            &mut rx,
            "select id, parent_id, body from comments where id <= 3 order by id",
        )
        .await;
        wb.dispatch(Action::Focus(PaneId::Results));
        // row 1 deleted, row 2's body changed; the cursor goes on to row 3
        key(&mut wb, KeyCode::Char('d'));
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Right);
        key(&mut wb, KeyCode::Char('e'));
        typed(&mut wb, "-x");
        key(&mut wb, KeyCode::Enter);
        key(&mut wb, KeyCode::Down);
        key(&mut wb, KeyCode::Left);
        key(&mut wb, KeyCode::Left);
        let (screen, buf) = draw(&mut wb, 180, 40);
        let line = |marker: &str, id: &str| {
            screen
                .lines()
                .find(|l| l.contains(&format!("┃{marker}")) && l.contains(&format!(" {id} │")))
                .unwrap_or_else(|| panic!("{name}: no row {id} marked {marker:?}:\n{screen}"))
                .to_string()
        };
        let deleted = line("- ", "1");
        let changed = line("~ ", "2");
        let cell = |l: &str, text: &str| find(&screen, &buf, l, text);
        let id1 = cell(&deleted, "1 │");
        assert!(
            has_style(&id1, t.get(Role::StagedDeleted)),
            "{name}: {id1:?}"
        );
        let body2 = cell(&changed, "Commit view");
        assert!(
            has_style(&body2, t.get(Role::StagedChanged)),
            "{name}: {body2:?}"
        );
        let id2 = cell(&changed, "2 │");
        assert!(has_style(&id2, t.get(Role::Number)), "{name}: {id2:?}");
        let null2 = cell(&changed, "∅ NULL");
        assert!(has_style(&null2, t.get(Role::Null)), "{name}: {null2:?}");
        let border = cell("Results Alt-3", "┏");
        assert!(
            has_style(&border, t.get(Role::FocusedBorder)),
            "{name}: {border:?}"
        );
    }
}

#[tokio::test]
async fn a_changed_key_does_its_action_and_the_help_and_hints_say_so() {
    use retort::app::model::Overlay;
    use retort::ui::keymap;
    use std::collections::BTreeMap;
    let mut config: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    config
        .entry("results".into())
        .or_default()
        .insert("edit_cell".into(), vec!["Ctrl-E".into()]);
    config
        .entry("global".into())
        .or_default()
        .insert("help".into(), vec!["F12".into()]);
    let (table, problems) = keymap::apply(&config);
    assert!(problems.is_empty(), "{problems:?}");
    let _on = keymap::use_on_this_thread(table);
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    run(&mut wb, &mut rx, "select id, title from posts order by id").await;
    wb.dispatch(Action::Focus(PaneId::Results));
    // the old key no longer edits the title; the new one does
    key(&mut wb, KeyCode::Right);
    key(&mut wb, KeyCode::Char('e'));
    assert_eq!(wb.model.overlay, Overlay::None);
    crate::ui_session::ctrl(&mut wb, 'e');
    assert!(matches!(wb.model.overlay, Overlay::CellEditor(_)));
    key(&mut wb, KeyCode::Esc);
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen.contains("F12 help"),
        "the hint follows the keymap:\n{screen}"
    );
    let (screen, _) = draw(&mut wb, 200, 50);
    assert!(
        screen.replace('\n', " ").contains("Ctrl-E edits a"),
        "the Session pane's text too:\n{screen}"
    );
    key(&mut wb, KeyCode::F(12));
    let screen = crate::ui_support::help_screens(&mut wb, 150, 60);
    let line = screen
        .lines()
        .find(|l| l.contains("edit the cell (staged)"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("Ctrl-E"), "{line}");
}

#[tokio::test]
async fn problems_at_start_show_in_full_until_the_first_result() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    let long = format!(
        "keys.results: unknown action \"edit_cel\" ({})",
        "x, ".repeat(40)
    );
    wb.model.startup_problems = vec!["cannot read theme /nope.toml".into(), long.clone()];
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(
        screen.contains("⚠ cannot read theme /nope.toml"),
        "{screen}"
    );
    assert!(
        screen.contains("x, x, x,") && screen.contains("edit_cel"),
        "{screen}"
    );
    run(&mut wb, &mut rx, "select 1 as one").await;
    let (screen, _) = draw(&mut wb, 150, 40);
    assert!(!screen.contains("⚠ cannot read theme"), "{screen}");
}

/// The README's theme example is a theme retort takes, and does what it says.
#[test]
fn the_readmes_theme_example_parses() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```toml\n# ~/my-theme.toml")
        .expect("the README's theme example");
    let block = &readme[start + "```toml\n".len()..];
    let block = &block[..block.find("```").expect("the block's end")];
    let t = theme::parse(block, Some("README")).unwrap_or_else(|e| panic!("{e}\n{block}"));
    let null = theme::style("magenta italic").unwrap();
    assert_eq!(t.get(Role::Null), null, "the example's null role is used");
    // a role at the top level is refused, as the README says
    assert!(theme::parse("base = \"dark\"\nnull = \"red\"\n", Some("t")).is_err());
}
