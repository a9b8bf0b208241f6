//! Export asks where (issue 20): the default path shown and editable, a new file only, Esc
//! gives up; the total said at the end.

use std::time::Duration;

use retort::app::Action;
use retort::app::line_input::LineEdit;
use retort::query::format::Format;

use crate::ui_support::{open, settle};

/// `x`, the default path replaced by `path`, Enter; the export's end awaited.
async fn export_to(
    wb: &mut retort::ui::Workbench,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<retort::app::Event>,
    path: &std::path::Path,
) {
    wb.dispatch(Action::Export(Format::Csv));
    wb.dispatch(Action::Edit(LineEdit::Clear));
    for c in path.to_string_lossy().chars() {
        wb.dispatch(Action::Edit(LineEdit::Insert(c)));
    }
    wb.dispatch(Action::Accept);
    while wb.model.export.is_some() {
        let ev = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap();
        wb.on_event(ev);
    }
}

#[tokio::test]
async fn the_export_asks_where_and_writes_a_new_file_there_only() {
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement(
        "select id, name from tags order by id".into(),
    ));
    settle(&mut wb, &mut rx).await;
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("my tags.csv");
    export_to(&mut wb, &mut rx, &chosen).await;
    let text = std::fs::read_to_string(&chosen).unwrap();
    assert_eq!(text.lines().count(), 16, "{text}");
    // the same file again: refused, the file left as it is
    export_to(&mut wb, &mut rx, &chosen).await;
    let notice = wb.model.notice.clone().unwrap_or_default();
    assert!(notice.contains("failed"), "{notice}");
    assert_eq!(std::fs::read_to_string(&chosen).unwrap(), text);
    // Esc gives up: nothing written
    wb.dispatch(Action::Export(Format::Json));
    wb.dispatch(Action::Dismiss);
    assert!(wb.model.export.is_none());
    let notice = wb.model.notice.clone().map(|n| n.text).unwrap_or_default();
    assert_eq!(notice, "Not exported.");
}

#[tokio::test]
async fn x_in_the_grid_asks_and_the_keys_type_the_path() {
    use crossterm::event::KeyCode;
    let (mut wb, mut rx) = open().await;
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::RunStatement("select id from tags".into()));
    settle(&mut wb, &mut rx).await;
    wb.dispatch(Action::Focus(retort::app::PaneId::Results));
    crate::ui_session::key(&mut wb, KeyCode::Char('x'));
    let retort::app::model::Overlay::Export(prompt) = &wb.model.overlay else {
        panic!("x asks where: {:?}", wb.model.overlay)
    };
    let before = prompt.path.as_str().to_string();
    // keys that are grid commands elsewhere type into the path here
    for c in ['d', 'e', 'a'] {
        crate::ui_session::key(&mut wb, KeyCode::Char(c));
    }
    let retort::app::model::Overlay::Export(prompt) = &wb.model.overlay else {
        panic!("still asking")
    };
    assert_eq!(prompt.path.as_str(), format!("{before}dea"));
    assert!(
        wb.model.session.unit.is_empty(),
        "nothing staged by the keys"
    );
    crate::ui_session::key(&mut wb, KeyCode::Esc);
    assert_eq!(wb.model.overlay, retort::app::model::Overlay::None);
}
