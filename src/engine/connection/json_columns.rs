//! MariaDB declares `JSON` as `LONGTEXT` with a `json_valid` check, and its protocol says only
//! LONGTEXT: the session learns which columns are JSON from the catalog (by the column origin
//! the protocol does give), once, and again after a statement that may change tables.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::super::txn;
use super::Connection;

pub use super::super::net::JsonColumns;

#[derive(Default)]
pub(super) struct Cache(Mutex<Option<JsonColumns>>);

/// Column-level `json_valid` checks (MariaDB) and JSON columns (MySQL 8, whose protocol says
/// JSON anyway), of the current database.
const JSON_COLUMNS_SQL: &str = "select concat(constraint_schema, '.', table_name), \
     constraint_name from information_schema.check_constraints \
     where constraint_schema = database() and level = 'Column' \
     and check_clause = concat('json_valid(`', replace(constraint_name, '`', '``'), '`)')";

impl Connection {
    /// The JSON columns for a statement about to run; read first when unknown or when the
    /// statement may change tables. On a server without this catalog (MySQL), none.
    pub(super) async fn json_columns(&self, sql: &str) -> Option<JsonColumns> {
        let ddl = matches!(
            txn::first_keyword(sql).as_str(),
            "CREATE" | "ALTER" | "DROP" | "RENAME"
        );
        if ddl {
            // known again after it ran
            *self
                .json_columns
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = None;
            return None;
        }
        if let Some(known) = self.json_columns.0.lock().ok()?.clone() {
            return Some(known);
        }
        let set: HashSet<String> = match self.catalog_query(JSON_COLUMNS_SQL, &[]).await {
            Ok(rows) => rows
                .into_iter()
                .filter_map(|r| {
                    let mut r = r.into_iter();
                    Some(format!("{}\u{1f}{}", r.next()??, r.next()??))
                })
                .collect(),
            Err(_) => HashSet::new(),
        };
        let set = Arc::new(set);
        *self.json_columns.0.lock().ok()? = Some(set.clone());
        Some(set)
    }
}
