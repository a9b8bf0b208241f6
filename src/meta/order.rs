//! Tables in dependency order: every table after the tables its foreign keys point at
//! (cycles and self-references are broken where they close), views after all tables.

use super::catalog::{Catalog, Table};

pub fn dependency_order(catalog: &Catalog) -> Vec<&Table> {
    let tables: Vec<&Table> = catalog.tables().collect();
    let mut placed = vec![false; tables.len()];
    let mut out = Vec::with_capacity(tables.len());
    let index = |schema: &str, name: &str| {
        tables
            .iter()
            .position(|t| t.schema() == schema && t.name() == name)
    };
    fn visit<'a>(
        i: usize,
        tables: &[&'a Table],
        placed: &mut [bool],
        visiting: &mut Vec<usize>,
        out: &mut Vec<&'a Table>,
        index: &dyn Fn(&str, &str) -> Option<usize>,
    ) {
        if placed[i] || visiting.contains(&i) {
            return;
        }
        visiting.push(i);
        for fk in &tables[i].foreign_keys {
            if let Some(j) = index(&fk.ref_schema, &fk.ref_table)
                && j != i
            {
                visit(j, tables, placed, visiting, out, index);
            }
        }
        visiting.pop();
        placed[i] = true;
        out.push(tables[i]);
    }
    let mut visiting = Vec::new();
    for i in 0..tables.len() {
        visit(i, &tables, &mut placed, &mut visiting, &mut out, &index);
    }
    // views read tables: they come last
    out.sort_by_key(|t| t.relation.kind != super::catalog::RelationKind::Table);
    out
}
