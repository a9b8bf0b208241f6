//! EXPLAIN as a picture of the plan: PostgreSQL's JSON plans (with ANALYZE for reads), MySQL's
//! `EXPLAIN FORMAT=JSON` and MariaDB's (`ANALYZE FORMAT=JSON` for reads, `explain_mysql`) as
//! each node's share of the time or cost; SQLite's `EXPLAIN QUERY PLAN` as a tree.

use std::fmt::Write as _;

use serde_json::Value;

use super::read_proof::{prove_read_on, single_statement};
use crate::engine::{Connection, EngineError, EngineKind};

/// The EXPLAIN statement for `sql`; `analyze` runs it for real (PostgreSQL, MariaDB).
pub fn explain_sql(engine: EngineKind, sql: &str, analyze: bool) -> String {
    match engine {
        EngineKind::Postgres if analyze => format!("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}"),
        EngineKind::Postgres => format!("EXPLAIN (FORMAT JSON) {sql}"),
        EngineKind::MySql if analyze => format!("ANALYZE FORMAT=JSON {sql}"),
        EngineKind::MySql => format!("EXPLAIN FORMAT=JSON {sql}"),
        EngineKind::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
    }
}

/// The plan of `sql` as a tree, headed by how it was got. ANALYZE runs only a statement
/// proven to be a read, in a read-only transaction that is rolled back; anything else gets
/// the estimated plan. Every EXPLAIN runs in such a transaction when none is open. MySQL and
/// MariaDB may run what a view or a subquery calls while they plan (a derived table is
/// filled to be planned): there only a proven read is explained at all.
pub async fn plan(conn: &Connection, sql: &str) -> Result<String, EngineError> {
    let engine = conn.info().engine;
    if let Err(why) = single_statement(sql, engine) {
        return Err(EngineError::NotSent(format!("not explained: {why}")));
    }
    let idle = !conn.transaction().is_open();
    let runs = analyzes(conn);
    let proven = match engine {
        EngineKind::Sqlite => Ok(()),
        _ => prove_read_on(conn, sql).await,
    };
    if let (EngineKind::MySql, Err(why)) = (engine, &proven) {
        return Err(EngineError::NotSent(format!(
            "not explained: MySQL and MariaDB may run what a view or a subquery calls while \
             they plan it, so retort explains there only a statement proven to be a read, \
             and {why}"
        )));
    }
    let analyze = runs && idle && proven.is_ok();
    let explain = explain_sql(engine, sql, analyze);
    let run = |tx| async move {
        if idle {
            conn.execute_read_only(&explain, &tx).await
        } else {
            super::execute::run_user_statement(conn, &explain, &tx).await
        }
    };
    let rows = crate::engine::events::collect_text_rows(run).await?;
    let how = match (runs, analyze, proven) {
        (true, true, _) => {
            "EXPLAIN ANALYZE: run for real in a read-only transaction, then rolled back".into()
        }
        (true, false, Err(why)) => {
            format!("estimated plan, not run: ANALYZE runs only proven reads, and {why}")
        }
        (true, false, Ok(())) => {
            "estimated plan, not run: ANALYZE waits until the open transaction ends".into()
        }
        _ => "estimated plan: EXPLAIN does not run the statement".into(),
    };
    Ok(format!("{how}\n\n{}", render_plan(engine, &rows)))
}

/// Whether the server can run a statement to time its plan in a form retort reads:
/// PostgreSQL's `EXPLAIN ANALYZE`, MariaDB's `ANALYZE FORMAT=JSON` (MySQL's `EXPLAIN ANALYZE`
/// is a text tree: MySQL gets the estimated plan and its costs).
fn analyzes(conn: &Connection) -> bool {
    match conn.info().engine {
        EngineKind::Postgres => true,
        EngineKind::MySql => conn.info().version.to_ascii_lowercase().contains("mariadb"),
        EngineKind::Sqlite => false,
    }
}

/// Renders what the EXPLAIN returned (its rows as text) as an indented tree.
pub fn render_plan(engine: EngineKind, rows: &[Vec<Option<String>>]) -> String {
    match engine {
        EngineKind::Sqlite => sqlite_tree(rows),
        _ => {
            let text: String = rows
                .iter()
                .filter_map(|r| r.first().cloned().flatten())
                .collect();
            match serde_json::from_str::<Value>(&text) {
                Ok(v) if engine == EngineKind::Postgres => pg_tree(&v),
                Ok(v) => super::explain_mysql::mysql_picture(&v),
                Err(_) => text,
            }
        }
    }
}

/// One node of a plan (a step of MySQL's), as a line of the picture.
pub(super) struct PlanNode {
    pub depth: usize,
    pub label: String,
    pub figures: Vec<String>,
    pub details: Vec<String>,
    /// What the node itself took: its time (or cost) less its children's.
    pub own: f64,
}

/// The plan as a picture: each node's share of the time (of the cost, when not run) as a bar,
/// the costliest marked, the tree indented, each condition in words.
fn pg_tree(v: &Value) -> String {
    let mut out = String::new();
    let top = v.get(0).unwrap_or(v);
    if let Some(plan) = top.get("Plan") {
        let analyzed = plan.get("Actual Total Time").is_some();
        let mut nodes = Vec::new();
        pg_nodes(plan, 0, analyzed, &mut nodes);
        let what = if analyzed { "time" } else { "cost" };
        let _ = writeln!(
            out,
            "share of the {what} · node (the bar is the node's own part)"
        );
        draw_nodes(&nodes, what, &mut out);
    }
    for key in ["Planning Time", "Execution Time"] {
        if let Some(t) = top.get(key).and_then(Value::as_f64) {
            let _ = writeln!(out, "{key}: {t:.3} ms");
        }
    }
    out
}

/// The node and its children, in order; returns the node's whole time (or cost).
fn pg_nodes(n: &Value, depth: usize, analyzed: bool, out: &mut Vec<PlanNode>) -> f64 {
    let f = |k: &str| n.get(k).and_then(Value::as_f64);
    let whole = match analyzed {
        true => f("Actual Total Time").unwrap_or(0.0) * f("Actual Loops").unwrap_or(1.0),
        false => f("Total Cost").unwrap_or(0.0),
    };
    let at = out.len();
    out.push(PlanNode {
        depth,
        label: pg_label(n),
        figures: pg_figures(n),
        details: pg_details(n),
        own: 0.0,
    });
    let children: f64 = (n
        .get("Plans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten())
    .map(|child| pg_nodes(child, depth + 1, analyzed, out))
    .sum();
    out[at].own = (whole - children).max(0.0);
    whole
}

fn pg_label(n: &Value) -> String {
    let s = |k: &str| n.get(k).and_then(Value::as_str);
    let mut label = s("Node Type").unwrap_or("?").to_string();
    if let Some(j) = s("Join Type") {
        label = format!("{j} {label}");
    }
    if let Some(rel) = s("Relation Name") {
        label.push_str(&format!(" on {rel}"));
        if let Some(a) = s("Alias").filter(|a| *a != rel) {
            label.push_str(&format!(" {a}"));
        }
    }
    if let Some(ix) = s("Index Name") {
        label.push_str(&format!(" using {ix}"));
    }
    label
}

fn pg_figures(n: &Value) -> Vec<String> {
    let f = |k: &str| n.get(k).and_then(Value::as_f64);
    let mut figures = Vec::new();
    if let (Some(a), Some(b)) = (f("Startup Cost"), f("Total Cost")) {
        figures.push(format!("cost {a:.2}..{b:.2}"));
    }
    if let Some(r) = f("Plan Rows") {
        figures.push(format!("rows {r}"));
    }
    if let (Some(t), Some(r)) = (f("Actual Total Time"), f("Actual Rows")) {
        let loops = f("Actual Loops").unwrap_or(1.0);
        figures.push(format!("actual {t:.3} ms, {r} rows × {loops} loops"));
    }
    figures
}

/// The node's conditions and keys in words: a list is joined, never shown as JSON.
fn pg_details(n: &Value) -> Vec<String> {
    let keys = [
        "Filter",
        "Index Cond",
        "Hash Cond",
        "Join Filter",
        "Sort Key",
        "Group Key",
    ];
    (keys.iter())
        .filter_map(|key| Some(format!("{key}: {}", words(n.get(*key)?))))
        .collect()
}

fn words(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(words).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Bars of ten cells: the node's share of the whole; the largest share marked.
pub(super) fn draw_nodes(nodes: &[PlanNode], what: &str, out: &mut String) {
    let all: f64 = nodes.iter().map(|n| n.own).sum();
    let most = (nodes.iter().enumerate())
        .max_by(|a, b| a.1.own.total_cmp(&b.1.own))
        .map(|(i, _)| i);
    for (i, n) in nodes.iter().enumerate() {
        let share = if all > 0.0 { n.own / all } else { 0.0 };
        let filled = ((share * 100.0).round() as usize / 10).min(10);
        let bar = format!("{}{}", "█".repeat(filled), "·".repeat(10 - filled.min(10)));
        let indent = "   ".repeat(n.depth);
        let branch = if n.depth > 0 { "└─ " } else { "" };
        let mark = match Some(i) == most && all > 0.0 {
            true => format!("  ◀ most of the {what}"),
            false => String::new(),
        };
        let _ = writeln!(
            out,
            "{bar} {:>3.0}%  {indent}{branch}{}  ({}){mark}",
            share * 100.0,
            n.label,
            n.figures.join(" · ")
        );
        for d in &n.details {
            let _ = writeln!(out, "{}      {indent}   {d}", " ".repeat(10));
        }
    }
}

/// SQLite's (id, parent, notused, detail) rows as a tree.
fn sqlite_tree(rows: &[Vec<Option<String>>]) -> String {
    let cell = |r: &Vec<Option<String>>, i: usize| r.get(i).cloned().flatten().unwrap_or_default();
    let mut out = String::new();
    fn walk(rows: &[Vec<Option<String>>], parent: &str, depth: usize, out: &mut String) {
        for r in rows
            .iter()
            .filter(|r| r.get(1).cloned().flatten().unwrap_or_default() == parent)
        {
            let id = r.first().cloned().flatten().unwrap_or_default();
            let detail = r.get(3).cloned().flatten().unwrap_or_default();
            let _ = writeln!(
                out,
                "{}{}{detail}",
                "   ".repeat(depth),
                if depth > 0 { "└─ " } else { "" }
            );
            walk(rows, &id, depth + 1, out);
        }
    }
    walk(rows, "0", 0, &mut out);
    if out.is_empty() {
        for r in rows {
            let _ = writeln!(out, "{}", cell(r, 3));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_plans_are_a_picture_of_each_nodes_share() {
        let json = r#"[{"Plan": {"Node Type": "Hash Join", "Join Type": "Inner", "Startup Cost": 1.9, "Total Cost": 9.5,
            "Plan Rows": 200, "Actual Total Time": 0.2, "Actual Rows": 200, "Actual Loops": 1, "Hash Cond": "(p.user_id = u.id)",
            "Plans": [{"Node Type": "Seq Scan", "Relation Name": "posts", "Alias": "p", "Startup Cost": 0, "Total Cost": 5,
                       "Plan Rows": 200, "Actual Total Time": 0.15, "Actual Rows": 200, "Actual Loops": 1,
                       "Sort Key": ["(sum(o.total)) DESC", "p.id"]}]}, "Execution Time": 0.31}]"#;
        let text = render_plan(EngineKind::Postgres, &[vec![Some(json.into())]]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("share of the time"), "{text}");
        // the join's own 0.05 ms of 0.2: a quarter; the scan's 0.15: three quarters, the most
        assert!(
            lines[1].starts_with("██········  25%  Inner Hash Join  (cost 1.90..9.50 · rows 200"),
            "{text}"
        );
        assert!(lines[1].ends_with("× 1 loops)"), "{text}");
        assert!(
            text.contains("███████···  75%     └─ Seq Scan on posts p  (cost 0.00..5.00"),
            "{text}"
        );
        assert!(text.contains("◀ most of the time"), "{text}");
        assert!(text.contains("Hash Cond: (p.user_id = u.id)"), "{text}");
        // a list in words, not JSON
        assert!(
            text.contains("Sort Key: (sum(o.total)) DESC, p.id"),
            "{text}"
        );
        assert!(!text.contains("[\""), "{text}");
        assert!(text.contains("Execution Time: 0.310 ms"));
    }

    #[test]
    fn an_estimated_plan_shows_shares_of_the_cost() {
        let json = r#"[{"Plan": {"Node Type": "Sort", "Startup Cost": 10, "Total Cost": 12,
            "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Startup Cost": 0, "Total Cost": 8}]}}]"#;
        let text = render_plan(EngineKind::Postgres, &[vec![Some(json.into())]]);
        assert!(text.starts_with("share of the cost"), "{text}");
        assert!(text.contains("███·······  33%  Sort"), "{text}");
        assert!(text.contains("◀ most of the cost"), "{text}");
    }

    #[test]
    fn sqlite_rows_become_a_tree() {
        let rows = vec![
            vec![
                Some("2".into()),
                Some("0".into()),
                Some("0".into()),
                Some("SCAN p".into()),
            ],
            vec![
                Some("5".into()),
                Some("0".into()),
                Some("0".into()),
                Some("SEARCH u USING INTEGER PRIMARY KEY".into()),
            ],
        ];
        let text = render_plan(EngineKind::Sqlite, &rows);
        assert_eq!(text, "SCAN p\nSEARCH u USING INTEGER PRIMARY KEY\n");
    }

    #[test]
    fn explain_statements() {
        assert!(explain_sql(EngineKind::Postgres, "select 1", true).contains("ANALYZE"));
        assert!(!explain_sql(EngineKind::Postgres, "select 1", false).contains("ANALYZE"));
        assert_eq!(
            explain_sql(EngineKind::Sqlite, "select 1", true),
            "EXPLAIN QUERY PLAN select 1"
        );
    }
}
