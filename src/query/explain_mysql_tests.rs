use super::*;

fn picture(json: &str) -> String {
    mysql_picture(&serde_json::from_str(json).unwrap())
}

/// MariaDB 10.11's `ANALYZE FORMAT=JSON` of a join, grouped and sorted (as the server wrote it).
const MARIADB_ANALYZE: &str = r#"{
  "query_optimization": {"r_total_time_ms": 0.77},
  "query_block": {"select_id": 1, "r_loops": 1, "r_total_time_ms": 0.2,
    "filesort": {"sort_key": "count(0) desc", "r_loops": 1, "r_total_time_ms": 0.01, "r_output_rows": 2,
      "temporary_table": {"nested_loop": [
        {"table": {"table_name": "u", "access_type": "ALL", "possible_keys": ["PRIMARY"], "r_loops": 1,
                   "rows": 2, "r_rows": 2, "r_table_time_ms": 0.01, "r_other_time_ms": 0.01,
                   "filtered": 100, "r_filtered": 100}},
        {"block-nl-join": {"table": {"table_name": "p", "access_type": "ALL", "r_loops": 1, "rows": 3,
                   "r_rows": 3, "r_table_time_ms": 0.02, "r_other_time_ms": 0.02, "filtered": 100,
                   "r_filtered": 100},
           "buffer_type": "flat", "join_type": "BNL", "attached_condition": "p.user_id = u.`id`",
           "r_other_time_ms": 0.1, "r_unpack_time_ms": 0.0}}]}}}}"#;

#[test]
fn a_mariadb_analyze_shows_each_steps_share_of_the_time() {
    let text = picture(MARIADB_ANALYZE);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("share of the time"), "{text}");
    // 0.2 ms in all: the select's own 0.03, the sort's 0.01, u's 0.02, p's 0.04 + the join buffer's 0.1
    assert!(lines[1].contains(" 15%  query_block #1"), "{text}");
    assert!(lines[2].contains("  5%     └─ sort"), "{text}");
    assert!(text.contains("Sort Key: count(0) desc"), "{text}");
    assert!(text.contains("table u (ALL)"), "{text}");
    let p = lines.iter().find(|l| l.contains("table p")).unwrap();
    assert!(p.starts_with("███████···  70%"), "{text}");
    assert!(
        p.contains("BNL join") && p.contains("◀ most of the time"),
        "{text}"
    );
    assert_eq!(text.matches("◀ most").count(), 1, "{text}");
    assert!(text.contains("Filter: p.user_id = u.`id`"), "{text}");
    assert!(text.contains("Planning Time: 0.770 ms"), "{text}");
    assert!(!text.contains("{") && !text.contains("[\""), "{text}");
}

#[test]
fn a_mariadb_estimate_shows_the_rows_each_table_is_expected_to_read() {
    let json = r#"{"query_block": {"select_id": 1, "nested_loop": [
        {"table": {"table_name": "u", "access_type": "ALL", "rows": 2, "filtered": 100}},
        {"table": {"table_name": "p", "access_type": "ref", "key": "user_id", "rows": 3, "filtered": 100}}]}}"#;
    let text = picture(json);
    assert!(
        text.starts_with("share of the rows read (estimated)"),
        "{text}"
    );
    // u: 2 rows; p: 3 for each of u's 2 = 6: a quarter and three quarters
    assert!(text.contains(" 25%     └─ table u (ALL)"), "{text}");
    assert!(
        text.contains(" 75%     └─ table p (ref) using user_id"),
        "{text}"
    );
    assert!(text.contains("◀ most of the rows read"), "{text}");
}

#[test]
fn a_mysql_plan_shows_each_tables_share_of_the_cost() {
    let json = r#"{"query_block": {"select_id": 1, "cost_info": {"query_cost": "10.00"},
        "nested_loop": [
          {"table": {"table_name": "u", "access_type": "ALL", "rows_examined_per_scan": 2,
                     "cost_info": {"read_cost": "0.50", "eval_cost": "0.50", "prefix_cost": "1.00"}}},
          {"table": {"table_name": "p", "access_type": "ALL",
                     "cost_info": {"read_cost": "6.00", "eval_cost": "1.00", "prefix_cost": "8.00"}}}]}}"#;
    let text = picture(json);
    assert!(text.starts_with("share of the cost"), "{text}");
    // the select's own 10 - 8 = 2, u's 1, p's 7
    assert!(text.contains(" 20%  query_block #1"), "{text}");
    assert!(text.contains(" 10%     └─ table u"), "{text}");
    assert!(text.contains(" 70%     └─ table p"), "{text}");
}

#[test]
fn a_table_named_like_a_timing_key_changes_nothing() {
    let json = r#"{"query_block": {"select_id": 1, "table": {"table_name": "r_total_time_ms",
        "access_type": "ALL", "rows": 4}}}"#;
    let text = picture(json);
    assert!(text.starts_with("share of the rows read"), "{text}");
    assert!(text.contains("table r_total_time_ms (ALL)"), "{text}");
}
