//! Where each pane goes for a given terminal size. Shared by drawing and mouse hit-testing.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::PaneId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaneRects {
    /// The course, beside the workbench on the right, while it is open.
    pub course: Option<Rect>,
    pub schema: Option<Rect>,
    pub session: Option<Rect>,
    pub editor: Rect,
    pub results: Rect,
    pub echo: Option<Rect>,
    pub status: Rect,
    /// The workbench's part of the screen: all but the course and the status bar.
    pub workbench: Rect,
}

impl PaneRects {
    pub fn get(&self, pane: PaneId) -> Option<Rect> {
        match pane {
            PaneId::Schema => self.schema,
            PaneId::Session => self.session,
            PaneId::Editor => Some(self.editor),
            PaneId::Results => Some(self.results),
            PaneId::Echo => self.echo,
        }
    }

    /// The pane under a mouse position.
    pub fn hit(&self, x: u16, y: u16) -> Option<PaneId> {
        PaneId::ALL.into_iter().find(|p| {
            self.get(*p)
                .is_some_and(|r| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
        })
    }
}

/// Columns the course takes on the right while it is open.
const COURSE_WIDTH: u16 = 44;

/// Where each pane goes for the model as it is: the course beside or under the workbench
/// while it is open; the focused pane over the whole workbench when it is zoomed (z), or when
/// the terminal is too small to show it beside the others.
pub fn arrange(area: Rect, model: &crate::app::Model) -> PaneRects {
    let rects = panes_with(area, model.course.open);
    match model.zoomed || rects.get(model.focus).is_none() {
        true => alone(rects, model.focus),
        false => rects,
    }
}

/// `focus` alone over the workbench's part of the screen.
fn alone(rects: PaneRects, focus: PaneId) -> PaneRects {
    let all = rects.workbench;
    let only = |pane: PaneId| (pane == focus).then_some(all);
    PaneRects {
        schema: only(PaneId::Schema),
        session: only(PaneId::Session),
        editor: only(PaneId::Editor).unwrap_or_default(),
        results: only(PaneId::Results).unwrap_or_default(),
        echo: only(PaneId::Echo),
        ..rects
    }
}

/// Narrow terminals drop the left column; short ones drop the echo log.
pub fn panes(area: Rect) -> PaneRects {
    panes_with(area, false)
}

/// As `panes`, with the course when it is open: on the right when the terminal is wide
/// enough for both, else under the workbench, else (a tiny terminal) over it.
pub fn panes_with(area: Rect, course: bool) -> PaneRects {
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let (body, course) = match course {
        true if body.width >= COURSE_WIDTH + 70 => {
            let [b, c] =
                Layout::horizontal([Constraint::Min(70), Constraint::Length(COURSE_WIDTH)])
                    .areas(body);
            (b, Some(c))
        }
        // narrower: a narrower course, and the workbench without its left column
        true if body.width >= 90 => {
            let [b, c] =
                Layout::horizontal([Constraint::Min(56), Constraint::Length(34)]).areas(body);
            (b, Some(c))
        }
        true if body.height >= 22 => {
            let under = (body.height * 2 / 5).max(9);
            let [b, c] =
                Layout::vertical([Constraint::Min(12), Constraint::Length(under)]).areas(body);
            (b, Some(c))
        }
        true => (body, Some(body)),
        false => (body, None),
    };
    let (left, right) = if body.width >= 70 {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(26), Constraint::Min(40)]).areas(body);
        (Some(l), r)
    } else {
        (None, body)
    };
    let (schema, session) = match left {
        Some(l) if l.height >= 14 => {
            let [s, se] = Layout::vertical([Constraint::Min(6), Constraint::Length(7)]).areas(l);
            (Some(s), Some(se))
        }
        Some(l) => (Some(l), None),
        None => (None, None),
    };
    let (editor, results, echo) = if right.height >= 16 {
        let [e, r, l] = Layout::vertical([
            Constraint::Percentage(30),
            Constraint::Min(5),
            Constraint::Percentage(22),
        ])
        .areas(right);
        (e, r, Some(l))
    } else {
        let [e, r] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Min(3)]).areas(right);
        (e, r, None)
    };
    PaneRects {
        course,
        schema,
        session,
        editor,
        results,
        echo,
        status,
        workbench: body,
    }
}

/// A centred rectangle for popups.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_at_80x24_and_fewer_when_cramped() {
        let full = panes(Rect::new(0, 0, 80, 24));
        assert!(full.schema.is_some() && full.session.is_some() && full.echo.is_some());
        assert_eq!(full.status.y, 23);
        let small = panes(Rect::new(0, 0, 50, 12));
        assert!(small.schema.is_none() && small.echo.is_none());
        assert!(small.editor.height > 0 && small.results.height > 0);
        assert_eq!(
            full.hit(full.editor.x + 1, full.editor.y + 1),
            Some(PaneId::Editor)
        );
    }

    #[test]
    fn the_course_goes_beside_then_under_then_over_the_workbench() {
        let wide = panes_with(Rect::new(0, 0, 160, 40), true);
        let (c, w) = (wide.course.unwrap(), wide.workbench);
        assert!(
            c.x >= w.x + w.width && c.height == w.height,
            "beside: {c:?} {w:?}"
        );
        let narrow = panes_with(Rect::new(0, 0, 100, 30), true);
        let (c, w) = (narrow.course.unwrap(), narrow.workbench);
        assert!(
            c.x >= w.x + w.width && c.width == 34,
            "beside, narrower: {c:?} {w:?}"
        );
        assert!(narrow.schema.is_none() && narrow.results.height >= 10);
        let narrower = panes_with(Rect::new(0, 0, 80, 24), true);
        let (c, w) = (narrower.course.unwrap(), narrower.workbench);
        assert!(c.y >= w.y + w.height && c.width == 80, "under: {c:?} {w:?}");
        assert!(narrower.editor.height > 0 && narrower.results.height >= 3);
        let tiny = panes_with(Rect::new(0, 0, 80, 16), true);
        assert_eq!(tiny.course, Some(tiny.workbench), "over");
    }
}
