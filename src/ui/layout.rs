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

/// Narrow terminals drop the left column; short ones drop the echo log.
pub fn panes(area: Rect) -> PaneRects {
    panes_with(area, false)
}

/// As `panes`, with the course on the right when it is open (over the right column when the
/// terminal is too narrow for both).
pub fn panes_with(area: Rect, course: bool) -> PaneRects {
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let (body, course) = match course {
        true if body.width >= COURSE_WIDTH + 70 => {
            let [b, c] =
                Layout::horizontal([Constraint::Min(70), Constraint::Length(COURSE_WIDTH)])
                    .areas(body);
            (b, Some(c))
        }
        true => (body, Some(body)),
        false => (body, None),
    };
    let (left, right) = if area.width >= 70 {
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
}
