//! The schema pane: the reflected MetaData as a tree, filtered as you type.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane_block;
use crate::app::schema::tree::{RowKind, TreeRow};
use crate::app::{CatalogState, Model, PaneId};
use crate::meta::RelationKind;
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, hits: &crate::ui::hit::HitMap) {
    let focused = model.focus == PaneId::Schema;
    let count = model
        .catalog
        .loaded()
        .map(|c| format!("{}", c.relations.len()));
    let block = pane_block(PaneId::Schema, focused, count);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    let tree = &model.tree;
    if tree.filtering || !tree.filter.is_empty() {
        let text = match tree.filtering {
            true => tree.filter.with_cursor(),
            false => tree.filter.to_string(),
        };
        let line = Line::from(vec![Span::styled("/", theme::accent()), Span::raw(text)]);
        if inner.height > 1 {
            let bottom = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(line), bottom);
            inner.height -= 1;
        }
    }
    let lines: Vec<Line> = match &model.catalog {
        CatalogState::Loading => vec![Line::styled("loading…", theme::dim())],
        CatalogState::Failed(e) => vec![Line::styled(format!("{e}"), theme::danger())],
        CatalogState::Loaded(_) => {
            let rows = model.tree_rows();
            if rows.is_empty() {
                let text = if tree.filter.is_empty() {
                    "no tables yet"
                } else {
                    "nothing matches"
                };
                vec![Line::styled(text, theme::dim())]
            } else {
                let height = inner.height as usize;
                let top = tree.selected.saturating_sub(height.saturating_sub(1));
                *hits.tree.borrow_mut() = Some(crate::ui::hit::TreeHit {
                    area: inner,
                    top,
                    rows: rows.len(),
                });
                rows.iter()
                    .enumerate()
                    .skip(top)
                    .take(height)
                    .map(|(i, r)| {
                        let line = row_line(r);
                        if focused && i == tree.selected {
                            line.style(theme::selected())
                        } else {
                            line
                        }
                    })
                    .collect()
            }
        }
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line(r: &TreeRow) -> Line<'static> {
    let indent = "  ".repeat(r.depth as usize);
    let arrow = match (&r.key, r.expanded) {
        _ if r.kind == RowKind::Root => "",
        (Some(_), true) => "▾ ",
        (Some(_), false) => "▸ ",
        (None, _) => "  ",
    };
    let (icon, icon_style) = match &r.kind {
        RowKind::Root => ("◉ ", theme::accent()),
        RowKind::Schema => ("◆ ", theme::accent()),
        RowKind::Table(RelationKind::Table) => ("▦ ", theme::dim()),
        RowKind::Table(RelationKind::View) => ("◫ ", theme::dim()),
        RowKind::Table(_) => ("◩ ", theme::dim()),
        RowKind::Column { pk: true, .. } => ("⚷ ", theme::warning()),
        RowKind::Column { fk: true, .. } => ("↗ ", theme::accent()),
        RowKind::Column { .. } => ("· ", theme::dim()),
        RowKind::Group => ("", theme::dim()),
        RowKind::Index => ("# ", theme::dim()),
        RowKind::ForeignKey => ("↗ ", theme::accent()),
        RowKind::Note => ("", theme::dim()),
    };
    let name_style = match r.kind {
        RowKind::Note | RowKind::Group => theme::dim(),
        RowKind::Schema | RowKind::Root => theme::header(),
        _ => ratatui::style::Style::new(),
    };
    Line::from(vec![
        Span::raw(indent),
        Span::styled(arrow, theme::dim()),
        Span::styled(icon, icon_style),
        Span::styled(r.text.clone(), name_style),
        Span::styled(
            if r.detail.is_empty() {
                String::new()
            } else {
                format!("  {}", r.detail)
            },
            theme::dim(),
        ),
    ])
}
