//! The schema pane: the tables and views of the database (the full tree comes with MetaData).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane_block;
use crate::app::{Catalog, Model, PaneId};
use crate::meta::RelationKind;
use crate::ui::theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model) {
    let focused = model.focus == PaneId::Schema;
    let count = match &model.catalog {
        Catalog::Loaded(r) => Some(format!("{}", r.len())),
        _ => None,
    };
    let block = pane_block(PaneId::Schema, focused, count);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = match &model.catalog {
        Catalog::Loading => vec![Line::styled("loading…", theme::dim())],
        Catalog::Failed(e) => vec![Line::styled(format!("{e}"), theme::danger())],
        Catalog::Loaded(rels) if rels.is_empty() => {
            vec![Line::styled("no tables yet", theme::dim())]
        }
        Catalog::Loaded(rels) => {
            let height = inner.height as usize;
            let selected = model.cursors.schema_selected;
            let top = selected.saturating_sub(height.saturating_sub(1));
            let multi_schema = rels.iter().any(|r| r.schema != rels[0].schema);
            rels.iter()
                .enumerate()
                .skip(top)
                .take(height)
                .map(|(i, r)| {
                    let icon = match r.kind {
                        RelationKind::Table => "▦ ",
                        RelationKind::View => "◫ ",
                        RelationKind::MaterializedView => "◩ ",
                        RelationKind::ForeignTable => "◪ ",
                    };
                    let name = if multi_schema {
                        format!("{}.{}", r.schema, r.name)
                    } else {
                        r.name.clone()
                    };
                    let line = Line::from(vec![Span::styled(icon, theme::dim()), Span::raw(name)]);
                    if focused && i == selected {
                        line.style(theme::selected())
                    } else {
                        line
                    }
                })
                .collect()
        }
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
