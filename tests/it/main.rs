//! Integration tests: one test crate (design.md: builds are slow here), run against real
//! PostgreSQL, MariaDB and SQLite.

mod cancel;
mod config_cli;
mod ddl_rebuild;
mod engines;
mod explain;
mod harness;
mod harness_pgbouncer;
mod harness_proxy;
mod headless_cli;
mod mariadb_json;
mod metadata;
mod session_flush;
mod session_plan;
mod session_tmux;
mod session_trust;
mod tmux_e2e;
mod trust_commit_truth;
mod trust_headless;
mod trust_hostile;
mod trust_pgbouncer;
mod trust_read_only;
mod trust_tmux;
mod trust_transaction;
mod trust_workbench;
mod ui_editor;
mod ui_mouse;
mod ui_panes;
mod ui_picker;
mod ui_results;
mod ui_session;
mod ui_session_engines;
mod ui_session_recovery;
mod ui_support;
mod ui_themes;
mod ui_tree;
