//! The lessons, on the demo database. Each check reads the model: what ran, what is staged,
//! what the workbench shows. The texts use SQLAlchemy 2.0's names.

use super::{Baseline, Elsewhere, Instead, Lesson, Prediction, Step};
use crate::app::model::Model;
use crate::app::overlays::detail::DetailTab;
use crate::app::schema::tree::NodeKey;
use crate::query::result::ResultState;

pub static LESSONS: &[Lesson] = &[
    ENGINE,
    METADATA,
    STATES,
    FLUSH_COMMIT,
    super::lessons_uow::IDENTITY,
    AUTOFLUSH,
    ROLLBACK,
    super::lessons_uow::ORDER,
    super::lessons_uow::CASCADES,
    STALE,
];

const ENGINE: Lesson = Lesson {
    fresh_demo: false,
    title: "the Engine",
    intro: "An Engine is where SQLAlchemy starts: a URL, a dialect that speaks the database's \
            SQL, and a pool of connections. create_engine() connects to nothing yet.",
    steps: &[
        Step {
            doing: "In the SQL editor (Alt-2), type\n  select count(*) from users\nand press F5. \
                    (F5 runs the statement under the cursor, marked at the editor's left: it ends \
                    at a ';', or at a blank line before a new statement. Type each new one of \
                    this course below the last, after a blank line.)",
            done: ran_a_query,
            happened: "In SQLAlchemy that is\n  with engine.connect() as conn:\n      \
                       conn.execute(text(\"...\"))\nand it is there, not at create_engine(), that the first connection is made (a lazy \
                       connect). The echo log (Alt-4) shows every statement sent, as echo=True \
                       does, with its time: the first lines are retort's own reads of the \
                       schema, made when it started (retort opens its connection at start, \
                       to read the schema; SQLAlchemy would wait for the first use).",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Look at the Engine itself: focus the echo log (Alt-4) and press e.",
            done: |m, _| m.engine_view,
            happened: "That is the Engine: the connection the Session holds (the server's \
                       process for it) and the pool beside it, the dialect and the isolation \
                       level, the create_engine() line that connects the same way, and its URL \
                       as make_url() splits it, the password never shown.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Go back to the log: e again (the log is what the next lessons watch).",
            done: |m, _| !m.engine_view,
            happened: "The echo log again: every statement the Engine sends is a line of it.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

const METADATA: Lesson = Lesson {
    fresh_demo: false,
    title: "MetaData",
    intro: "MetaData is the catalog of tables SQLAlchemy knows. metadata.reflect(engine) \
            reads it from the database: retort did that when it started, and the schema tree \
            (Alt-1) is it.",
    steps: &[
        Step {
            doing: "Focus the schema tree (Alt-1), move to posts and press Enter to open it.",
            done: |m, _| {
                m.tree
                    .expanded
                    .iter()
                    .any(|k| matches!(k, NodeKey::Table(_, t) if t == "posts"))
            },
            happened: "Table(\"posts\", metadata, autoload_with=engine): its columns and types, \
                       its primary key, and its foreign key to users, read from the database \
                       rather than written by hand.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "On posts, press m: the model class of the table.",
            done: |m, _| {
                m.detail()
                    .is_some_and(|d| d.table == "posts" && d.tab == DetailTab::Model)
            },
            happened: "class Post(Base) with __tablename__ = \"posts\": the declarative mapping \
                       the ORM uses. Its relationship() to User follows the foreign key. Esc \
                       closes the view.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

const STATES: Lesson = Lesson {
    fresh_demo: true,
    title: "object states",
    intro: "An ORM object is transient, pending, persistent, deleted or detached; \
            inspect(obj) says which. Watch the Session pane (Alt-5; t shows it as SQLAlchemy \
            code, z enlarges it and shrinks it again).",
    steps: &[
        Step {
            doing: "Run\n  select id, name from tags\nthen focus the results (Alt-3), press a, \
                    type a name and press Enter.",
            done: |m, _| {
                m.session
                    .unit
                    .changes()
                    .iter()
                    .any(|c| c.is_insert() && !c.flushed)
            },
            happened: "tag = Tag(name=...) was transient; session.add(tag) made it pending: \
                       it is in session.new, and no SQL has been sent.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Flush: focus the Session pane (Alt-5) and press f.",
            done: |m, _| flushed_insert(m),
            happened: "session.flush() sent the INSERT in a transaction: the tag is persistent, \
                       with the key the database gave it. Nothing is committed yet: another \
                       connection does not see it.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Commit: press Ctrl-S.",
            done: |m, b| said_since(m, b, "session.commit()"),
            happened: "session.commit() ended the transaction. The tag stays persistent \
                       (inspect(tag).persistent is True; the Session pane's t shows each \
                       object's state), and expired: the next access reads it again. It would \
                       be detached once the Session let it go (session.close(), \
                       session.expunge(tag)), and deleted once a flush sent its DELETE (lessons \
                       8 and 9). Run the select again to see it.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

/// What the course counts on another connection in lesson 4.
const TAGS_ELSEWHERE: &str = "select count(*) from tags";

const FLUSH_COMMIT: Lesson = Lesson {
    fresh_demo: false,
    title: "flush versus commit",
    intro: "A flush sends SQL inside the Session's transaction; the database keeps what it did \
            to that transaction until the commit. Another connection (another client, another \
            process) does not see it before: the course reads on one to show you.",
    steps: &[
        Step {
            doing: "Run\n  select id, name from tags\nthen focus the results (Alt-3), press a, \
                    type a name, Enter; then flush: Alt-5, f.",
            done: |m, _| flushed_insert(m),
            happened: "The INSERT ran in the Session's transaction: in the Session, select \
                       count(*) from tags counts your tag. Another connection counts the tags \
                       the database has committed, without yours:",
            elsewhere: Some(Elsewhere::Read(TAGS_ELSEWHERE)),
            predict: None,
            instead: None,
        },
        Step {
            doing: "Commit: Ctrl-S.",
            done: |m, b| said_since(m, b, "session.commit()"),
            happened: "session.commit() made it the database's: every connection sees it now. \
                       The same count on the other connection, one more:",
            elsewhere: Some(Elsewhere::Read(TAGS_ELSEWHERE)),
            predict: None,
            instead: None,
        },
    ],
};

const AUTOFLUSH: Lesson = Lesson {
    fresh_demo: false,
    title: "autoflush",
    intro: "Before a query, the Session flushes what is staged, so that the query sees it: \
            autoflush, on by default. The Session pane says whether it is on.",
    steps: &[
        Step {
            doing: "Run\n  select id, name from tags\nthen focus the results (Alt-3), move to a \
                    name, press e, change it and press Enter. Then run the select again (F5 in \
                    the editor, Alt-2).",
            done: |m, b| said_since(m, b, "session.flush()  # autoflush"),
            happened: "The UPDATE went first, then the select, in one transaction: the select \
                       saw the new name. session.execute(select(Tag)) flushed by itself.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Turn autoflush off: A in the Session pane (Alt-5). In SQLAlchemy: with \
                    session.no_autoflush: ...",
            done: |m, _| !m.session.autoflush,
            happened: "Autoflush is off.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Stage another edit of a name: Alt-3, move to a name (→), e, change it, \
                    Enter. Then run the select again (Alt-2, F5).",
            done: ran_without_flushing,
            happened: "The select ran without the UPDATE: the database still has the old \
                       name (the echo log has no UPDATE before the select). The grid shows your \
                       staged value over it, marked ~: that is the Session's object, not the \
                       database's row. The edit waits, staged, for f or Ctrl-S. A turns autoflush \
                       on again. Autoflush is why a query can fail on a change staged long \
                       before it: the flush it triggers fails.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

const ROLLBACK: Lesson = Lesson {
    fresh_demo: false,
    title: "rollback",
    intro: "session.rollback() ends the transaction without committing: what was flushed is \
            undone by the database, and the Session forgets what it staged.",
    steps: &[Step {
        doing: "What lesson 6 flushed is still in the open transaction. Stage something \
                more (e, a or d in the grid of tags) and flush it (f in the Session pane), \
                then press r there and answer y.",
        done: |m, b| said_since(m, b, "session.rollback()"),
        happened: "Every flushed INSERT, UPDATE and DELETE of the transaction was undone by \
                   the database. A pending object (added, never committed) is transient again; \
                   a persistent one is expired: the next access reads it again. The grid says \
                   its rows are stale when they were read in that transaction: F5 reads them \
                   again.",
        elsewhere: None,
        predict: None,
        instead: None,
    }],
};

const STALE: Lesson = Lesson {
    fresh_demo: true,
    title: "a row changed by someone else",
    intro: "Two clients may change one row. SQLAlchemy's UPDATE finds the row by its key (and a \
            version counter, with version_id_col): if the counter moved, the UPDATE matches no \
            row and the flush raises StaleDataError; without one, the later write wins \
            silently. retort's UPDATE matches every value it read.",
    steps: &[
        Step {
            doing: "Run\n  select id, name from tags\nthen focus the results (Alt-3), move to a \
                    name, press e, change it and press Enter. Do not commit yet: the course \
                    will then change that same row on another connection, as a colleague \
                    would.",
            done: |m, _| staged_tag_edit(m).is_some(),
            happened: "Your change is staged in the Session. Meanwhile the course, as another \
                       client, renames the same row and commits:",
            elsewhere: Some(Elsewhere::Change(rename_elsewhere)),
            predict: None,
            instead: None,
        },
        Step {
            doing: "Now commit: Ctrl-S.",
            done: |m, b| {
                said_since(m, b, "session.commit()")
                    || m.session.unit.changes().iter().any(|c| c.failure.is_some())
            },
            happened: "The UPDATE matched no row: the name it read is no longer the name the \
                       database has. SQLAlchemy would raise StaleDataError (with a version \
                       counter) or overwrite the colleague's name (without). retort refused, \
                       kept your change marked in the Session pane, and named the row: u takes \
                       it back, and a new select shows the colleague's name.",
            elsewhere: None,
            predict: Some(Prediction {
                ask: "Your UPDATE says: SET name = yours WHERE id = the row's AND name = the name \
                      you read. Will it find the row?",
                yes_is_right: false,
            }),
            instead: Some(Instead {
                when: |m| (m.session.unit.changes().iter()).all(|c| c.failure.is_none()),
                happened: "Your commit went through: the row still had the name you read, so \
                           the UPDATE matched it. The colleague's rename never came (the \
                           course says why above), so nothing was stale. F9 tries the lesson \
                           again.",
            }),
        },
    ],
};

/// The tag whose name the learner staged a change of (not yet flushed), when its table has a
/// key of one integer column: the change, and that integer.
fn staged_tag(model: &Model) -> Option<(&crate::session::Change, i64)> {
    (model.session.unit.changes().iter()).find_map(|c| match &c.kind {
        crate::session::ChangeKind::Update { key, .. }
            if c.table.name == "tags" && !c.flushed && key.values.len() == 1 =>
        {
            match key.values.first() {
                Some(crate::engine::Value::Int(id)) => Some((c, *id)),
                _ => None,
            }
        }
        _ => None,
    })
}

/// The id of the tag whose name the learner staged a change of (not yet flushed).
pub(super) fn staged_tag_edit(model: &Model) -> Option<i64> {
    staged_tag(model).map(|(_, id)| id)
}

/// The colleague's change: the same row of the same table (its schema named, whatever the
/// other connection's search path) renamed by its one integer key; the key is a number the
/// database gave, never text of the learner's, and every name is quoted by the dialect.
fn rename_elsewhere(model: &Model) -> Option<String> {
    use crate::engine::dialect::{qualified, quote_ident};
    let (change, id) = staged_tag(model)?;
    let engine = model.info.engine;
    let key = change.identity()?.columns.first()?;
    let table = qualified(engine, &change.table.schema, &change.table.name, None);
    let name = quote_ident(engine, "name");
    let renamed = match engine {
        // MySQL's || is OR unless PIPES_AS_CONCAT
        crate::engine::EngineKind::MySql => format!("concat({name}, ' (renamed by a colleague)')"),
        _ => format!("{name} || ' (renamed by a colleague)'"),
    };
    let key = quote_ident(engine, key);
    Some(format!(
        "update {table} set {name} = {renamed} where {key} = {id}"
    ))
}

/// A query of the learner's ran to its end since the step began.
pub(super) fn ran_a_query(model: &Model, since: &Baseline) -> bool {
    model.results.iter().any(|r| {
        r.id.0 >= since.next_query && matches!(&r.state, ResultState::Done(s) if s.has_result)
    })
}

/// A query ran to its end, since the step began, while an edit waited staged and autoflush
/// was off.
fn ran_without_flushing(model: &Model, since: &Baseline) -> bool {
    !model.session.autoflush && model.session.unit.has_pending() && ran_a_query(model, since)
}

/// A new row was flushed and is not yet committed.
pub(super) fn flushed_insert(model: &Model) -> bool {
    (model.session.unit.changes().iter()).any(|c| c.is_insert() && c.flushed)
}

/// The Session made this SQLAlchemy call since the step began.
pub(super) fn said_since(model: &Model, since: &Baseline, call: &str) -> bool {
    model.session.events[since.events.min(model.session.events.len())..]
        .iter()
        .any(|e| e.starts_with(call))
}
