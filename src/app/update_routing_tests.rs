//! `update` routes each action to what has the keys (`keys_go_to`): one table of text fields,
//! one of overlays. Pure: no terminal, no database.

use super::keys_to::KeysTo;
use super::line_input::{LineEdit, LineInput};
use super::model::{HistoryPopup, Model, Overlay};
use super::msg::{Action, Command};
use super::overlays::picker::{ConnectionPicker, PasswordPrompt, PickTarget, PickerEntry};
use super::update;
use super::update_tests::model;

/// A text field: how it is opened, and what it holds.
struct Field {
    name: &'static str,
    open: fn(&mut Model),
    keys: KeysTo,
    text: fn(&Model) -> String,
}

fn picker(m: &mut Model) {
    m.overlay = Overlay::Picker(ConnectionPicker {
        entries: vec![PickerEntry {
            label: "demo".into(),
            detail: "the demo".into(),
            target: PickTarget::Demo,
            configured: None,
        }],
        query: LineInput::default(),
        selected: 0,
    });
}

fn password(m: &mut Model) {
    m.overlay = Overlay::Password(PasswordPrompt {
        target: PickTarget::Demo,
        label: "app@db".into(),
        typed: LineInput::default(),
    });
}

const FIELDS: &[Field] = &[
    Field {
        name: "the tree's filter",
        open: |m| drop(update(m, Action::StartFilter)),
        keys: KeysTo::TreeFilter,
        text: |m| m.tree.filter.to_string(),
    },
    Field {
        name: "the row filter",
        open: |m| drop(update(m, Action::StartRowFilter)),
        keys: KeysTo::RowFilter,
        text: |m| m.row_filter.as_deref().unwrap_or("?").to_string(),
    },
    Field {
        name: "the history search",
        open: |m| drop(update(m, Action::OpenHistory)),
        keys: KeysTo::History,
        text: |m| {
            m.history_popup()
                .map_or("?".into(), |p| p.query.to_string())
        },
    },
    Field {
        name: "the picker's search",
        open: picker,
        keys: KeysTo::Picker,
        text: |m| match &m.overlay {
            Overlay::Picker(p) => p.query.to_string(),
            _ => "?".into(),
        },
    },
    Field {
        name: "the password",
        open: password,
        keys: KeysTo::Password,
        text: |m| match &m.overlay {
            Overlay::Password(p) => p.typed.to_string(),
            _ => "?".into(),
        },
    },
];

#[test]
fn every_text_field_takes_the_same_edits_and_only_it_does() {
    for f in FIELDS {
        let mut m = model();
        (f.open)(&mut m);
        assert_eq!(m.keys_go_to(), f.keys, "{}", f.name);
        let focus = m.focus;
        for edit in [
            LineEdit::Insert('a'),
            LineEdit::Paste("bc\n".into()),
            LineEdit::Backspace,
            LineEdit::Insert('d'),
        ] {
            assert!(update(&mut m, Action::Edit(edit)).is_empty(), "{}", f.name);
        }
        // a paste into a one-line field loses its line break
        assert_eq!((f.text)(&m), "abd", "{}", f.name);
        assert_eq!(m.focus, focus, "{}: typing moved nothing", f.name);
        update(&mut m, Action::Edit(LineEdit::Clear));
        assert_eq!((f.text)(&m), "", "{}: Ctrl-U", f.name);
        // Esc: an overlay closes, a filter is cleared and typing ends
        update(&mut m, Action::Edit(LineEdit::Insert('x')));
        update(&mut m, Action::Dismiss);
        assert_eq!(m.keys_go_to(), KeysTo::Panes, "{}", f.name);
        assert!(
            m.tree.filter.is_empty() && m.row_filter.is_none(),
            "{}",
            f.name
        );
    }
}

#[test]
fn the_help_scrolls_and_takes_every_key_but_quit() {
    let mut m = model();
    update(&mut m, Action::ToggleHelp);
    assert_eq!(m.keys_go_to(), KeysTo::Help);
    for (action, scroll) in [
        (Action::MoveDown, 1),
        (Action::PageDown, 11),
        (Action::MoveUp, 10),
        (Action::Home, 0),
    ] {
        update(&mut m, action);
        assert_eq!(m.help_scroll, scroll);
    }
    // a pane key does nothing under the help
    let focus = m.focus;
    update(&mut m, Action::FocusNext);
    assert_eq!((m.focus, m.keys_go_to()), (focus, KeysTo::Help));
    update(&mut m, Action::Dismiss);
    assert_eq!(m.keys_go_to(), KeysTo::Panes);
    update(&mut m, Action::ToggleHelp);
    update(&mut m, Action::Quit);
    assert!(m.quit, "Quit goes through the help");
}

#[test]
fn choosing_in_the_picker_asks_the_front_end_to_switch_unless_work_would_be_left() {
    let mut m = model();
    picker(&mut m);
    let commands = update(&mut m, Action::Accept);
    assert!(
        matches!(
            &commands[..],
            [Command::Switch {
                target: PickTarget::Demo,
                password: None
            }]
        ),
        "{commands:?}"
    );
    assert_eq!(m.overlay, Overlay::None);
    // an open transaction would be rolled back: asked first, nothing switched yet
    let mut m = model();
    m.transaction = super::model::TxState::Open;
    picker(&mut m);
    assert!(update(&mut m, Action::Accept).is_empty());
    assert!(matches!(m.overlay, Overlay::Confirm(_)));
    let commands = update(&mut m, Action::Confirm(true));
    assert!(
        matches!(&commands[..], [Command::Switch { .. }]),
        "{commands:?}"
    );
}

#[test]
fn a_typed_password_goes_to_the_switch_and_is_never_printed() {
    let mut m = model();
    password(&mut m);
    update(&mut m, Action::Edit(LineEdit::Paste("s3cr:t\n".into())));
    assert!(!format!("{m:?}").contains("s3cr"));
    let commands = update(&mut m, Action::Accept);
    let [
        Command::Switch {
            password: Some(p), ..
        },
    ] = &commands[..]
    else {
        panic!("{commands:?}")
    };
    assert_eq!(p.0, "s3cr:t");
    assert!(!format!("{commands:?}").contains("s3cr"));
    // Esc instead: nothing switched, and it says so
    let mut m = model();
    password(&mut m);
    assert!(update(&mut m, Action::Dismiss).is_empty());
    assert!(
        m.notice
            .as_deref()
            .is_some_and(|n| n.contains("not switched"))
    );
}

#[test]
fn enter_in_the_history_runs_the_entry_chosen() {
    let mut m = model();
    for sql in ["select 1", "select 2"] {
        let entry = crate::query::connection_files::HistoryEntry::new(
            sql,
            std::time::Duration::ZERO,
            None,
            "ok",
        );
        m.history.push(entry);
    }
    m.overlay = Overlay::History(HistoryPopup::default());
    update(&mut m, Action::Edit(LineEdit::Insert('2')));
    let commands = update(&mut m, Action::Accept);
    let [Command::Execute { sql, .. }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(sql, "select 2");
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn a_paste_over_null_replaces_it_and_a_line_break_shows() {
    use crate::session::{Cell, RowTarget, TableRef};
    let mut edit = super::overlays::cell_editor::CellEdit {
        table: TableRef::new("main", "t"),
        column: "v".into(),
        data_type: "text".into(),
        target: RowTarget::New(crate::session::ChangeId(1)),
        text: LineInput::new("a"),
        special: Some(Cell::null()),
        error: None,
        original: String::new(),
    };
    edit.edit(&LineEdit::Paste("z\nz".into()));
    assert_eq!((edit.text.as_str(), &edit.special), ("z\nz", &None));
    assert_eq!(edit.text.visible(), "z⏎z");
}

#[test]
fn the_foreign_key_pickers_search_is_one_line() {
    let mut form = super::overlays::insert_form::InsertForm {
        table: crate::session::TableRef::new("main", "comments"),
        fields: vec![],
        selected: 0,
        error: None,
        picker: Some(Default::default()),
    };
    form.edit(&LineEdit::Paste("fl\nush".into()));
    assert_eq!(form.picker.unwrap().query.as_str(), "fl ush");
}

/// A finished result of `select …` with a kept row filter.
fn filtered(m: &mut Model) {
    let mut r =
        crate::query::result::ResultSet::new(crate::query::result::QueryId(1), "select 1".into());
    r.state = crate::query::result::ResultState::Done(Default::default());
    r.spec.filter = "sql".into();
    m.results.push(r);
    m.focus = super::model::PaneId::Results;
}

#[test]
fn esc_in_the_grid_drops_a_kept_row_filter() {
    let mut m = model();
    filtered(&mut m);
    let commands = update(&mut m, Action::Cancel);
    let [Command::ComputeView { spec, .. }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert!(spec.filter.is_empty());
}

#[test]
fn the_viewer_pages_by_its_own_height() {
    let mut m = model();
    (m.page_rows, m.viewer_rows) = (10, 30);
    let text = (0..100)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    m.set_viewer(Some(super::overlays::viewer::TextView::new(
        "t".into(),
        text,
    )));
    update(&mut m, Action::End);
    assert_eq!(m.viewer().unwrap().scroll, 70, "the last 30 rows fill it");
    update(&mut m, Action::PageUp);
    assert_eq!(m.viewer().unwrap().scroll, 40);
}
