//! Quitting while a script runs: the question holds the script's next statement until it is
//! answered (TestBackend, on the demo). The journeys in the real binary are `trust_quit_running`.

use retort::app::Action;
use retort::app::model::Overlay;

use crate::ui_support::settle;

/// While the workbench asks whether to cancel a running script and quit, the script's next
/// statement does not start; "no" lets it go on (TestBackend, on the demo).
#[tokio::test]
async fn a_script_waits_while_the_quit_question_is_open() {
    use retort::app::model::ConfirmThen;
    let url = crate::ui_support::demo_url();
    let (mut wb, mut rx) = crate::ui_support::open_at(&url, None).await;
    settle(&mut wb, &mut rx).await;
    let slow = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000) \
                select count(*) from c";
    let insert = "insert into tags (name) values ('held by the question')";
    wb.dispatch(Action::RunScript(vec![slow.into(), insert.into()]));
    assert!(wb.model.is_running());
    wb.dispatch(Action::Quit);
    assert!(
        matches!(&wb.model.overlay, Overlay::Confirm(p) if p.then == ConfirmThen::CancelThenQuit),
        "{:?}",
        wb.model.overlay
    );
    // the first statement ends under the question: the second waits
    crate::ui_support::until(&mut wb, &mut rx, |wb| !wb.model.is_running()).await;
    assert_eq!(wb.model.queue.len(), 1, "the insert waits");
    let count = |url: &retort::engine::DatabaseUrl| {
        let out = crate::harness::exec_ok(
            &url.to_string(),
            "select count(*) from tags where name = 'held by the question'",
        );
        out.lines().any(|l| l.trim() == "1")
    };
    assert!(!count(&url), "nothing inserted while asked");
    // no: the script goes on
    wb.dispatch(Action::Confirm(false));
    settle(&mut wb, &mut rx).await;
    assert!(!wb.model.quit);
    assert!(count(&url), "the insert ran after the no");
}
