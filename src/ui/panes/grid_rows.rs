//! The grid's lines for one frame: the header, a row as read (with a staged change's new
//! values), a pending insert. Only the visible columns, from `first_col`, are formatted.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::cell_text::{NULL_MARK, cell_text, pad};
use crate::app::session::edit::StagedView;
use crate::app::{Model, PaneId};
use crate::engine::{Value, ValueRef};
use crate::query::result::ResultSet;
use crate::session::committed::CommittedRow;
use crate::session::{Cell, Change};
use crate::ui::theme;

/// What the grid's lines are made from in one frame.
pub(super) struct GridFrame<'m> {
    pub result: &'m ResultSet,
    pub model: &'m Model,
    /// The staged changes of the result's table, when there are any (then a gutter marks rows).
    pub staged: Option<StagedView<'m>>,
    pub widths: Vec<usize>,
    pub first_col: usize,
}

impl GridFrame<'_> {
    fn columns(&self) -> impl Iterator<Item = (usize, &usize)> {
        self.widths.iter().enumerate().skip(self.first_col)
    }

    /// The column names, the sorted one marked ▲ or ▼.
    pub(super) fn header(&self) -> Line<'static> {
        let mut header = Vec::new();
        if self.staged.is_some() {
            header.push(Span::raw("  "));
        }
        for (c, w) in self.columns() {
            let column = &self.result.columns[c].name;
            let name = match self.result.spec.sort {
                Some((sc, desc)) if sc == c => format!("{column}{}", if desc { "▼" } else { "▲" }),
                _ => column.clone(),
            };
            header.push(Span::styled(pad(&name, *w, false), theme::header()));
            header.push(Span::styled(" │ ", theme::dim()));
        }
        Line::from(header)
    }

    /// Row `r` of the grid: a pending insert after the result's rows, else a row as read.
    pub(super) fn line(&self, r: usize) -> Line<'static> {
        let current = r == self.model.cursors.results_row && self.model.focus == PaneId::Results;
        if let Some(new) = self.staged.as_ref().and_then(|s| s.new_row(r)) {
            let line = self.new_row(new);
            return if current {
                line.style(theme::selected())
            } else {
                line
            };
        }
        let line = self.row(r, current);
        let marked = (self.model.selected_rows()).is_some_and(|(a, b)| (a..=b).contains(&r));
        if current {
            line.style(theme::selected())
        } else if marked {
            line.style(theme::marked())
        } else {
            line
        }
    }

    /// A pending insert: its staged values, the rest left to the server.
    fn new_row(&self, new: &Change) -> Line<'static> {
        let mut spans = vec![Span::styled("+ ", theme::staged_new())];
        for (c, w) in self.columns() {
            let col = self.staged.as_ref().and_then(|s| s.column(c)).unwrap_or("");
            let (text, style) = match new.staged(col) {
                Some(Cell::Value(v)) if v.is_null() => (NULL_MARK.to_string(), theme::null()),
                Some(Cell::Value(v)) => (cell_text(v.as_ref()), theme::staged_new()),
                Some(Cell::Default) | None => ("(default)".to_string(), theme::dim()),
            };
            spans.push(Span::styled(pad(&text, *w, false), style));
            spans.push(Span::styled(" │ ", theme::dim()));
        }
        Line::from(spans)
    }

    /// A row as read: a staged edit's new values in place of the old, a staged deletion marked.
    fn row(&self, r: usize, current: bool) -> Line<'static> {
        let mut spans = Vec::new();
        let change = self.staged.as_ref().and_then(|s| s.change(r));
        let committed = self.staged.as_ref().and_then(|s| s.committed(r));
        if self.staged.is_some() {
            spans.push(gutter(change, committed));
        }
        for (c, w) in self.columns() {
            let (text, style, right) = self.cell(r, c, change, committed);
            spans.push(Span::styled(pad(&text, *w, right), style));
            spans.push(Span::styled(" │ ", theme::dim()));
        }
        if current && let Some(first) = spans.get_mut(usize::from(self.staged.is_some())) {
            // the current cell: the first visible column of the current row
            first.style = first.style.patch(theme::current_cell());
        }
        Line::from(spans)
    }

    /// A cell's text, style, and whether it is right-aligned (a number): a staged value, else
    /// the value a commit wrote since the row was read, else the value as read.
    fn cell(
        &self,
        r: usize,
        c: usize,
        change: Option<&Change>,
        committed: Option<&CommittedRow>,
    ) -> (String, Style, bool) {
        let read = self.result.cell(r, c).unwrap_or(ValueRef::Null);
        let column = self.staged.as_ref().and_then(|s| s.column(c));
        let now = committed.and_then(|k| k.value(column?));
        let v = now.map_or(read, Value::as_ref);
        let numeric = v.kind().is_numeric();
        if let Some(k) = committed.filter(|_| change.is_none()) {
            if k.deleted || k.gone {
                return (
                    cell_text(v),
                    theme::dim().add_modifier(Modifier::CROSSED_OUT),
                    numeric,
                );
            }
            if column.is_some_and(|col| k.unknown.iter().any(|u| u == col)) {
                return ("(default)".to_string(), theme::dim(), false);
            }
        }
        let new = change.filter(|ch| !ch.is_insert()).and_then(|ch| {
            let col = self.staged.as_ref()?.column(c)?;
            ch.staged(col)
        });
        match new {
            Some(cell) => (staged_text(cell), theme::staged_dirty(), numeric),
            None if change.is_some_and(|ch| ch.is_delete()) => {
                (cell_text(v), theme::staged_deleted(), numeric)
            }
            None => {
                let style = if v.is_null() {
                    theme::null()
                } else if numeric {
                    theme::number()
                } else {
                    Style::new()
                };
                (cell_text(v), style, numeric)
            }
        }
    }
}

/// The gutter's mark of a row's staged change: - deleted, + inserted, ~ edited; else what a
/// commit did to it since it was read: ✓ written, × deleted.
fn gutter(change: Option<&Change>, committed: Option<&CommittedRow>) -> Span<'static> {
    let (mark, style) = match change {
        Some(c) if c.is_delete() => ("- ", theme::staged_deleted()),
        // a row a flushed insert made, read back in the open transaction
        Some(c) if c.is_insert() => ("+ ", theme::staged_new()),
        Some(_) => ("~ ", theme::staged_dirty()),
        None => match committed {
            Some(k) if k.deleted || k.gone => ("× ", theme::dim()),
            Some(_) => ("✓ ", theme::dim()),
            None => ("  ", Style::new()),
        },
    };
    Span::styled(mark, style)
}

fn staged_text(cell: &Cell) -> String {
    match cell {
        Cell::Value(v) if v.is_null() => NULL_MARK.to_string(),
        Cell::Value(v) => cell_text(v.as_ref()),
        Cell::Default => "DEFAULT".to_string(),
    }
}
