//! MySQL and MariaDB plans (`EXPLAIN FORMAT=JSON`, MariaDB's `ANALYZE FORMAT=JSON`) as the
//! same picture as PostgreSQL's: each step of the plan a line, its share of the whole as a
//! bar. The share is of the time when the statement was run (MariaDB's `r_*_time_ms`), of the
//! cost when the server gives costs (MySQL's `cost_info`), else of the rows the plan expects
//! to read (MariaDB's estimate: a table's rows times the rows of the tables joined before it).

use serde_json::{Map, Value};

use super::explain::{PlanNode, draw_nodes};

/// What the bars measure, by what the plan holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Measure {
    Time,
    Cost,
    Rows,
}

impl Measure {
    fn of(v: &Value) -> Measure {
        if has_key(v, &["r_total_time_ms", "r_table_time_ms"]) {
            Measure::Time
        } else if has_key(v, &["cost_info"]) {
            Measure::Cost
        } else {
            Measure::Rows
        }
    }

    fn word(self) -> &'static str {
        match self {
            Measure::Time => "time",
            Measure::Cost => "cost",
            Measure::Rows => "rows read (estimated)",
        }
    }
}

/// The plan as a picture, headed by what its bars measure.
pub(super) fn mysql_picture(v: &Value) -> String {
    let measure = Measure::of(v);
    let mut walk = Walk {
        measure,
        nodes: Vec::new(),
        prefix_rows: 1.0,
    };
    walk.value(v, "", 0);
    let mut out = format!(
        "share of the {} · step (the bar is the step's own part)\n",
        measure.word()
    );
    draw_nodes(&walk.nodes, measure.word(), &mut out);
    if let Some(t) = (v.get("query_optimization"))
        .and_then(|q| q.get("r_total_time_ms"))
        .and_then(Value::as_f64)
    {
        out.push_str(&format!("Planning Time: {t:.3} ms\n"));
    }
    out
}

struct Walk {
    measure: Measure,
    nodes: Vec<PlanNode>,
    /// The rows the tables joined so far are expected to give (the estimate's multiplier).
    prefix_rows: f64,
}

/// Whether one of `keys` is a key anywhere in `v` (never a value: a table may be named so).
fn has_key(v: &Value, keys: &[&str]) -> bool {
    match v {
        Value::Object(map) => map
            .iter()
            .any(|(k, c)| keys.contains(&k.as_str()) || has_key(c, keys)),
        Value::Array(items) => items.iter().any(|i| has_key(i, keys)),
        _ => false,
    }
}

fn num(map: &Map<String, Value>, key: &str) -> Option<f64> {
    map.get(key).and_then(Value::as_f64)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

impl Walk {
    /// Walks `v` (reached by `key`); returns the measure of what it holds.
    fn value(&mut self, v: &Value, key: &str, depth: usize) -> f64 {
        match v {
            Value::Object(map) if key == "table" => self.table(map, None, depth),
            Value::Object(map) if key.starts_with("block-nl-join") || key == "bka-join" => {
                match map.get("table").and_then(Value::as_object) {
                    Some(table) => self.table(table, Some(map), depth),
                    None => self.children(map, depth),
                }
            }
            Value::Object(map) => match step_label(map, key) {
                Some(label) => self.step(map, label, depth),
                None => self.children(map, depth),
            },
            Value::Array(items) => items.iter().map(|i| self.value(i, key, depth)).sum(),
            _ => 0.0,
        }
    }

    fn children(&mut self, map: &Map<String, Value>, depth: usize) -> f64 {
        (map.iter())
            .filter(|(_, c)| matches!(c, Value::Object(_) | Value::Array(_)))
            .map(|(k, c)| self.value(c, k, depth))
            .sum()
    }

    /// A step above the tables (a select, a sort, a temporary table): its own part is what
    /// its whole is beyond its children's.
    fn step(&mut self, map: &Map<String, Value>, label: String, depth: usize) -> f64 {
        let at = self.nodes.len();
        let mut details = Vec::new();
        if let Some(k) = map.get("sort_key") {
            details.push(format!("Sort Key: {}", text(k)));
        }
        self.nodes.push(PlanNode {
            depth,
            label,
            figures: figures(map, &["r_loops", "r_output_rows"]),
            details,
            own: 0.0,
        });
        let saved = self.prefix_rows;
        if map.contains_key("select_id") {
            self.prefix_rows = 1.0;
        }
        let children = self.children(map, depth + 1);
        self.prefix_rows = saved;
        let whole = match self.measure {
            Measure::Time if label_is_sort(map) => num(map, "r_total_time_ms").unwrap_or(0.0),
            Measure::Time => num(map, "r_total_time_ms").unwrap_or(children),
            Measure::Cost => (map.get("cost_info"))
                .and_then(|c| c.get("query_cost").or_else(|| c.get("sort_cost")))
                .and_then(cost)
                .unwrap_or(children),
            Measure::Rows => children,
        };
        let own = match label_is_sort(map) && self.measure == Measure::Time {
            true => whole,
            false => (whole - children).max(0.0),
        };
        self.nodes[at].own = own;
        match label_is_sort(map) && self.measure == Measure::Time {
            true => whole + children,
            false => whole.max(children),
        }
    }

    /// A table read, with the join buffer it is read through (MariaDB's block-nl-join).
    fn table(
        &mut self,
        t: &Map<String, Value>,
        join: Option<&Map<String, Value>>,
        depth: usize,
    ) -> f64 {
        let rows = num(t, "rows").unwrap_or(1.0);
        let own = match self.measure {
            Measure::Time => {
                let t_own = num(t, "r_table_time_ms").unwrap_or(0.0)
                    + num(t, "r_other_time_ms").unwrap_or(0.0);
                let t_own = if t_own > 0.0 {
                    t_own
                } else {
                    num(t, "r_total_time_ms").unwrap_or(0.0)
                };
                let j = join.map_or(0.0, |j| {
                    num(j, "r_other_time_ms").unwrap_or(0.0)
                        + num(j, "r_unpack_time_ms").unwrap_or(0.0)
                });
                t_own + j
            }
            Measure::Cost => (t.get("cost_info"))
                .map(|c| {
                    ["read_cost", "eval_cost"]
                        .iter()
                        .filter_map(|k| c.get(*k).and_then(cost))
                        .sum()
                })
                .unwrap_or(0.0),
            Measure::Rows => self.prefix_rows * rows,
        };
        let filtered = num(t, "filtered").unwrap_or(100.0) / 100.0;
        self.prefix_rows *= (rows * filtered).max(1.0);
        let mut details = Vec::new();
        for cond in [
            t.get("attached_condition"),
            join.and_then(|j| j.get("attached_condition")),
        ]
        .into_iter()
        .flatten()
        {
            details.push(format!("Filter: {}", text(cond)));
        }
        self.nodes.push(PlanNode {
            depth,
            label: table_label(t, join),
            figures: figures(t, &["rows", "r_rows", "filtered", "r_filtered"]),
            details,
            own,
        });
        // a derived table or subquery inside the table's entry
        own + self.children(t, depth + 1)
    }
}

fn label_is_sort(map: &Map<String, Value>) -> bool {
    map.contains_key("sort_key")
}

/// MySQL writes costs as strings ("1.25"), MariaDB 11 as numbers.
fn cost(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str()?.parse().ok())
}

/// The steps shown above the tables, by the key that holds them.
fn step_label(map: &Map<String, Value>, key: &str) -> Option<String> {
    let id = map
        .get("select_id")
        .map(|i| format!(" #{i}"))
        .unwrap_or_default();
    match key {
        "query_block" => Some(format!("query_block{id}")),
        "filesort" | "ordering_operation" if label_is_sort(map) => Some("sort".into()),
        "ordering_operation" => Some("order".into()),
        "grouping_operation" => Some("group".into()),
        "temporary_table" => Some("temporary table".into()),
        "union_result" => Some("union".into()),
        k if k.ends_with("_block") || k == "materialized" => Some(format!("{k}{id}")),
        _ => None,
    }
}

fn table_label(t: &Map<String, Value>, join: Option<&Map<String, Value>>) -> String {
    let s = |k: &str| t.get(k).and_then(Value::as_str);
    let mut label = format!("table {}", s("table_name").unwrap_or("?"));
    if let Some(a) = s("access_type") {
        label.push_str(&format!(" ({a})"));
    }
    if let Some(k) = s("key") {
        label.push_str(&format!(" using {k}"));
    }
    if let Some(j) = join
        .and_then(|j| j.get("join_type"))
        .and_then(Value::as_str)
    {
        label.push_str(&format!(", {j} join"));
    }
    label
}

fn figures(map: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = (keys.iter())
        .filter_map(|k| Some(format!("{} {}", k.replace('_', " "), text(map.get(*k)?))))
        .collect();
    let time = num(map, "r_table_time_ms").or_else(|| num(map, "r_total_time_ms"));
    if let Some(t) = time {
        out.push(format!("actual {t:.3} ms"));
    }
    out
}

#[cfg(test)]
#[path = "explain_mysql_tests.rs"]
mod tests;
