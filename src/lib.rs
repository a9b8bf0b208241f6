//! retort: a terminal database workbench built on SQLAlchemy's three pillars — Engine,
//! MetaData, Session — with an SQL editor and a fast result grid.
//!
//! Layers (design.md §3), dependencies pointing down only:
//! `ui` → `app` → `session` → `query` → `meta` → `engine`; `headless` is the other front end.

// async state machines nest deeply (the session connection's run path); a fresh build
// computing their layouts needs more than the default 128
#![recursion_limit = "256"]

pub mod app;
pub mod cli;
pub mod config;
pub mod engine;
pub mod headless;
pub mod launch;
pub mod meta;
pub mod query;
pub mod session;
pub mod ui;
