//! retort's own catalog queries, on the pool beside the session: their values bound as
//! parameters, their rows as text, each in the echo log as retort's own.

use std::time::{Instant, SystemTime};

use super::super::error::EngineError;
use super::{Connection, Driver};

impl Connection {
    /// A catalog query with its values bound as parameters (`$1` on PostgreSQL, `?` on MySQL and
    /// SQLite). The statement must select text columns only.
    pub async fn catalog_query(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        self.catalog_query_in(sql, params, None).await
    }

    /// As `catalog_query`, for what a guarantee rests on (the read proof's questions): on
    /// PostgreSQL in a read-only transaction whose search_path is `pg_catalog` alone, so that
    /// a database's or a role's default path cannot put a look-alike of the catalog, of its
    /// functions or of its operators in their place. A statement with parameters only.
    pub async fn pinned_catalog_query(
        &self,
        sql: &str,
        params: &[String],
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        const PINNED: &str =
            "SET TRANSACTION READ ONLY; SET LOCAL search_path = pg_catalog, pg_temp";
        self.catalog_query_in(sql, params, Some(PINNED)).await
    }

    async fn catalog_query_in(
        &self,
        sql: &str,
        params: &[String],
        prelude: Option<&str>,
    ) -> Result<Vec<Vec<Option<String>>>, EngineError> {
        let started = Instant::now();
        let at = SystemTime::now();
        let result = match &self.driver {
            Driver::Postgres(d) => d.catalog_rows(sql, params, prelude).await,
            Driver::MySql(d) => d.catalog_rows(sql, params, None).await,
            Driver::Sqlite(d) => d.text_rows(sql, params).await,
        };
        let rows = result.as_ref().ok().map(|r| r.len() as u64);
        self.record_own_statement(sql, params, (started, at), rows, &result);
        result
    }
}
