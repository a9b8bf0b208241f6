//! The catalog's commands: schemas and relations, one schema's details, the server's own DDL,
//! and the server's databases for the picker.

use super::Effects;
use crate::app::msg::Event;
use crate::app::schema::catalog::Generation;
use crate::meta::{Relation, RelationKind, Table};

impl Effects {
    pub(super) async fn load_catalog(self, generation: Generation) {
        let result = async {
            let schemas = crate::meta::list_schemas(&self.conn).await?;
            let relations = crate::meta::list_relations(&self.conn).await?;
            Ok((schemas, relations))
        }
        .await;
        self.answer(Event::CatalogLoaded { generation, result });
    }

    pub(super) async fn load_schema(
        self,
        generation: Generation,
        schema: String,
        relations: Vec<Relation>,
    ) {
        let result = crate::meta::reflect_schema(&self.conn, &schema, &relations).await;
        self.answer(Event::SchemaLoaded {
            generation,
            schema,
            result,
        });
    }

    pub(super) async fn list_databases(self) {
        let listed = crate::meta::server_lists::databases(&self.conn).await;
        self.answer(Event::DatabasesListed(listed));
    }

    pub(super) async fn elsewhere(self, sql: String, change: bool) {
        match change {
            true => {
                let changed = self.conn.change_elsewhere(&sql).await;
                self.answer(Event::ChangedElsewhere(changed));
            }
            false => {
                let read = self.conn.read_elsewhere(&sql).await;
                self.answer(Event::ReadElsewhere(read));
            }
        }
    }

    /// The demo's rows as first installed, copied over the learner's from a demo built afresh
    /// beside it, on a connection of its own (in the echo log); nothing when the database is
    /// not the bundled demo of this data directory.
    pub(super) async fn reset_demo(self) {
        let demo = self.files.demo_path();
        let identity = self.conn.info().identity.clone();
        let fresh = tokio::task::spawn_blocking(move || {
            crate::engine::demo::fresh_beside(demo.as_deref(), &identity)
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
        let result = match fresh {
            Ok(Some(fresh)) => {
                let script = crate::engine::demo::reset_script(&fresh);
                let done = self.conn.change_elsewhere(&script).await;
                let _ = std::fs::remove_file(&fresh);
                let failure = |e: crate::engine::EngineError| {
                    crate::engine::demo::reset_failure(&e.to_string())
                };
                done.map(|_| true).map_err(failure)
            }
            Ok(None) => Ok(false),
            Err(e) => Err(e),
        };
        self.answer(Event::DemoReset(result));
    }

    pub(super) async fn inspect_engine(self, isolation: bool, activity: bool) {
        let status = self.conn.status(isolation, activity).await;
        self.answer(Event::EngineInspected(status));
    }

    pub(super) async fn load_server_ddl(self, schema: String, table: String) {
        let t = Table::new(Relation {
            schema: schema.clone(),
            name: table.clone(),
            kind: RelationKind::Table,
            row_estimate: None,
            comment: None,
            partition_of: None,
            storage: None,
        });
        let ddl = crate::meta::ddl::server_ddl(&self.conn, &t)
            .await
            .ok()
            .flatten();
        self.answer(Event::ServerDdlLoaded { schema, table, ddl });
    }
}
