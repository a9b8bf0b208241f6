//! What the unit-of-work tests share: a database made from DDL with its reflected catalog,
//! a result's rows read as values, the target of row i, and a commit with this server's plan.

use tokio::sync::mpsc;

use retort::engine::{Column, Connection, EngineKind, QueryEvent, Value};
use retort::meta::Catalog;
use retort::query::source::{self, RowSource};
use retort::session::flush::{self, CommitOutcome};
use retort::session::input;
use retort::session::{Cell, ChangeId, Dialect, RowKey, RowTarget, Session, TableRef, plan};

use crate::harness::{Engine, connect, exec_ok, fresh_database};

/// A statement's columns and rows, as owned values.
pub(crate) async fn read(conn: &Connection, sql: &str) -> (Vec<Column>, Vec<Vec<Value>>) {
    let (tx, mut rx) = mpsc::channel(64);
    let collect = async move {
        let (mut cols, mut rows) = (Vec::new(), Vec::new());
        while let Some(ev) = rx.recv().await {
            match ev {
                QueryEvent::Columns(c) => cols = c.to_vec(),
                QueryEvent::Rows(b) => {
                    for r in 0..b.len() {
                        rows.push(b.row(r).map(Value::from).collect());
                    }
                }
            }
        }
        (cols, rows)
    };
    let run = async move { conn.execute(sql, &tx).await.unwrap() };
    let (_, out) = tokio::join!(run, collect);
    out
}

/// The target for row `i` of a result read from one table.
pub(crate) fn target(source: &RowSource, rows: &[Vec<Value>], i: usize) -> RowTarget {
    let row = &rows[i];
    RowTarget::Existing {
        key: RowKey {
            columns: source.key_names(),
            values: source.key.iter().map(|&k| row[k].clone()).collect(),
        },
        row: source
            .columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect(),
    }
}

pub(crate) struct Fixture {
    pub conn: Connection,
    pub catalog: Catalog,
    pub engine: EngineKind,
    pub url: String,
}

impl Fixture {
    pub async fn new(engine: Engine, ddl: &str) -> Fixture {
        let url = fresh_database(engine);
        exec_ok(&url, ddl);
        let conn = connect(&url).await;
        let catalog = retort::meta::reflect(&conn).await.unwrap();
        let engine = conn.info().engine;
        Fixture {
            conn,
            catalog,
            engine,
            url,
        }
    }

    pub fn table(&self, name: &str) -> &retort::meta::Table {
        self.catalog.tables().find(|t| t.name() == name).unwrap()
    }

    /// Reads a table's rows and where they came from.
    pub async fn rows(&self, table: &str) -> (RowSource, Vec<Vec<Value>>) {
        let sql = format!("select * from {table} order by 1");
        let (cols, rows) = read(&self.conn, &sql).await;
        let t = source::single_table(&sql, self.engine).unwrap();
        assert_eq!(t.table.text, table);
        let src = source::resolve(&cols, self.table(table), self.engine).unwrap();
        (src, rows)
    }

    pub fn value(&self, table: &str, column: &str, text: &str) -> Cell {
        let info = self
            .table(table)
            .columns
            .iter()
            .find(|c| c.name == column)
            .unwrap();
        Cell::Value(input::parse(text, info, self.engine).unwrap())
    }

    /// Flushes and commits with the plan for this server (MariaDB's, say, not MySQL's).
    pub async fn commit(&self, session: &Session) -> CommitOutcome {
        self.commit_as(session, Dialect::of(self.conn.info())).await
    }

    pub async fn commit_as(&self, session: &Session, dialect: Dialect) -> CommitOutcome {
        let lookup = |r: &TableRef| self.catalog.table(&r.schema, &r.name);
        let p = plan(session, &lookup, dialect).unwrap();
        flush::commit(&self.conn, &p).await
    }

    /// The rows of a query as text, through a connection of its own.
    pub fn text(&self, sql: &str) -> String {
        exec_ok(&self.url, sql)
    }
}

pub(crate) const BLOG: &str =
    "create table users (id integer primary key, username varchar(50) not null unique);
create table posts (id integer primary key, user_id integer not null, title varchar(200) not null,
  foreign key (user_id) references users (id));
create table comments (id integer primary key, post_id integer not null, body text,
  foreign key (post_id) references posts (id));
insert into users values (1, 'alice'), (2, 'bob');
insert into posts values (1, 1, 'First'), (2, 2, 'Second');
insert into comments values (1, 1, 'c1'), (2, 2, 'c2');";

/// Stages a new user of the BLOG schema.
pub(crate) fn add_user(fx: &Fixture, s: &mut Session, id: &str, name: &str) -> ChangeId {
    s.insert(
        fx.table("users"),
        vec![
            ("id".into(), fx.value("users", "id", id)),
            ("username".into(), fx.value("users", "username", name)),
        ],
    )
    .unwrap()
}

pub(crate) fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().unwrap().block_on(f)
}
