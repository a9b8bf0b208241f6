//! The flush as SQLAlchemy's (issue 17 §2), tested against SQLAlchemy itself on every engine:
//! the written script of a unit of work is run by SQLAlchemy with every statement it sends
//! recorded, and the identity map it keeps at the commit; retort's flush plan sends the
//! UPDATEs of a table in the same order (by the key's value: 9, 10, 20, staged 10, 20, 9), and
//! the teaching view's identity map after the commit holds the objects SQLAlchemy's holds.

use std::collections::BTreeSet;

use retort::session::flush::CommitOutcome;
use retort::session::{Cell, Session, TableRef, plan};

use crate::harness::{ALL, exec_ok, fresh_database, scratch_dir};
use crate::session_flush::{BLOG, Fixture, add_user, run, target};

/// Runs the script at argv[1] on the URL argv[2]; prints JSON: the statements sent (one per
/// parameter row) and, at each commit, the identity map as `(Class, key=value)`.
const RECORD: &str = r#"
import json, runpy, sys
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
sent, kept = [], []
make = sa.create_engine
def create_engine(*a, **k):
    e = make(*a, **k)
    @event.listens_for(e, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        for p in (parameters if executemany else [parameters]):
            sent.append([statement, repr(p)])
    return e
sa.create_engine = create_engine
@event.listens_for(Session, "after_commit")
def identities(session):
    for o in session.identity_map.values():
        mapper = sa.inspect(type(o))
        key = sa.inspect(o).identity
        cols = [c.name for c in mapper.primary_key]
        kept.append("(%s, %s)" % (type(o).__name__, ", ".join("%s=%s" % (c, v) for c, v in zip(cols, key))))
sys.argv = [sys.argv[1], sys.argv[2]]
runpy.run_path(sys.argv[0], run_name="__main__")
print(json.dumps({"sent": sent, "kept": kept}))
"#;

/// The `vNN` values in the order `texts` carry them.
fn order_of(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts {
        let mut rest = t.as_str();
        while let Some(i) = rest.find("'v") {
            let tail = &rest[i + 1..];
            let end = tail.find('\'').unwrap_or(tail.len());
            let word = &tail[..end];
            if word.len() > 1 && word[1..].chars().all(|c| c.is_ascii_digit()) {
                out.push(word.to_string());
            }
            rest = &tail[end.min(tail.len())..];
        }
    }
    out
}

#[test]
fn the_flush_order_and_the_identity_map_after_a_commit_are_sqlalchemys() {
    for engine in ALL {
        run(async {
            let ddl =
                format!("{BLOG}; insert into users values (9, 'u9'), (10, 'u10'), (20, 'u20')");
            let fx = Fixture::new(engine, &ddl).await;
            let copy = fresh_database(engine);
            exec_ok(&copy, &ddl);
            let (src, users) = fx.rows("users").await;
            let mut s = Session::new();
            // staged 10, 20, 9 (rows 3, 4, 2 of users ordered by id: 1, 2, 9, 10, 20)
            for row in [3, 4, 2] {
                let name = format!("v{}", users[row][0].as_ref().display());
                s.set(
                    fx.table("users"),
                    fx.engine,
                    &target(&src, &users, row),
                    "username",
                    Cell::Value(retort::engine::Value::Text(
                        retort::engine::Kind::Text,
                        name,
                    )),
                )
                .unwrap();
            }
            add_user(&fx, &mut s, "30", "new");
            let (src, comments) = fx.rows("comments").await;
            s.delete(fx.table("comments"), &target(&src, &comments, 0))
                .unwrap();
            // retort's order of the UPDATEs
            let lookup = |r: &TableRef| fx.catalog.table(&r.schema, &r.name);
            let dialect = retort::session::Dialect::of(fx.conn.info());
            let planned = plan(&s, &lookup, dialect).unwrap();
            let ours = order_of(planned.steps.iter().flat_map(|step| {
                match step.rows_one_by_one() {
                    Some(rows) => rows
                        .into_iter()
                        .map(|(sql, p)| retort::session::sql::render(fx.engine, &sql, &p))
                        .collect::<Vec<_>>(),
                    None => vec![step.rendered(fx.engine)],
                }
            }));
            assert_eq!(ours, ["v9", "v10", "v20"], "{engine:?}");
            let script = retort::session::script::python_script(&s, &fx.catalog, "sqlite://");
            let CommitOutcome::Committed(report) = fx.commit(&s).await else {
                panic!("{engine:?}: the commit failed")
            };
            // SQLAlchemy, running the same unit of work
            let dir = scratch_dir().join(format!("parity-{engine:?}"));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("session.py");
            std::fs::write(&path, &script).unwrap();
            let out = std::process::Command::new("python3")
                .args(["-c", RECORD])
                .arg(&path)
                .arg(crate::metadata::sqlalchemy_url(engine, &copy))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{engine:?}: {}\n{script}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8_lossy(&out.stdout);
            let json: serde_json::Value =
                serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap();
            let theirs = order_of(
                json["sent"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s[0].as_str().unwrap_or("").starts_with("UPDATE"))
                    .map(|s| s[1].as_str().unwrap_or("").to_string()),
            );
            assert_eq!(
                theirs, ours,
                "{engine:?}: SQLAlchemy's order of the UPDATEs"
            );
            // the identity map after the commit: the updated and the new objects, not the
            // deleted one
            s.mark_generated(&report.generated);
            let kept: BTreeSet<String> = retort::app::session::view::kept_after_end(&s, true)
                .into_iter()
                .collect();
            let theirs: BTreeSet<String> = json["kept"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().replace("'", ""))
                .collect();
            let kept: BTreeSet<String> = kept.into_iter().map(|k| k.replace("'", "")).collect();
            assert_eq!(
                kept, theirs,
                "{engine:?}: the identity map after the commit"
            );
            for table in ["users", "comments"] {
                let sql = format!("select * from {table} order by id");
                assert_eq!(exec_ok(&fx.url, &sql), exec_ok(&copy, &sql), "{engine:?}");
            }
        });
    }
}
