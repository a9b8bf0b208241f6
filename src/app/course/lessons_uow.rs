//! The lessons on the unit of work itself: the identity map, the order of a flush, deletes and
//! cascades. Each check reads the model; the texts use SQLAlchemy 2.0's names.

use super::lessons::{ran_a_query, said_since, staged_tag_edit};
use super::{Lesson, Prediction, Step};
use crate::app::model::Model;
use crate::session::Change;

pub const IDENTITY: Lesson = Lesson {
    title: "the identity map",
    intro: "The Session keeps one object per row, found by its primary key: the identity map \
            (session.identity_map). Two queries that return the same row give back the same \
            object, so a change made through one read is seen through the other.",
    fresh_demo: true,
    steps: &[
        Step {
            doing: "Run\n  select id, name from tags\nthen focus the results (Alt-3), move to a \
                    name, press e, change it and press Enter. Do not flush.",
            done: |m, _| staged_tag_edit(m).is_some(),
            happened: "tag.name = '...': the object is dirty (it is in session.dirty), and no \
                       SQL has been sent.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Read the same rows another way: run\n  select name, id from tags order by \
                    name desc\nand find the row you changed.",
            done: |m, b| ran_a_query(m, b) && reads_table(m, "tags"),
            happened: "The second read gives back the same Tag object: session.get(Tag, id) is \
                       tag. So the grid shows your change on that row (marked ~) in this read \
                       too, and the Session pane lists one change for the row however many \
                       reads show it; an edit in either grid changes that one object. (With \
                       autoflush on, the select first sent the UPDATE: the database answers \
                       with the new name as well.)",
            elsewhere: None,
            predict: Some(Prediction {
                ask: "Will this second read show your new name for that row?",
                yes_is_right: true,
            }),
            instead: None,
        },
    ],
};

pub const ORDER: Lesson = Lesson {
    title: "the unit of work's order",
    intro: "At a flush the unit of work puts the statements in an order the foreign keys \
            allow, whatever order you staged them in: a parent's INSERT before its children's, \
            a child's DELETE before its parent's. posts.user_id refers to users.",
    fresh_demo: true,
    steps: &[
        Step {
            doing: "Turn autoflush off, so that nothing is sent before the flush: A in the \
                    Session pane (Alt-5), if it says autoflush on. Then stage the parent's \
                    delete first: run\n  select * from users\nthen Alt-3, and d on jwirth (id \
                    2).",
            done: |m, _| !m.session.autoflush && staged(m, "users", Change::is_delete),
            happened: "Autoflush is off, and session.delete(user) marked the user deleted: \
                       nothing is sent, and what you stage waits in the order you stage it.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Now one of its children. Run\n  select * from posts where user_id = 2\nthen \
                    Alt-3, and d on one of the posts.",
            done: |m, _| staged(m, "posts", Change::is_delete),
            happened: "session.delete(post): deleted too. The Session pane's plan shows the \
                       order the flush will send.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Flush: f in the Session pane.",
            done: |m, b| said_since(m, b, "session.flush()") && !has_pending_in(m, "users"),
            happened: "DELETE FROM posts went first, then DELETE FROM users: a child's row goes \
                       before its parent's, whatever the order you staged (a topological sort \
                       of the tables by their foreign keys, SQLAlchemy's unitofwork.py). Had \
                       the user gone first, ON DELETE CASCADE would have taken the post with \
                       it, and the post's DELETE would have matched no row. INSERTs go the \
                       other way: parents first. comments.parent_id refers to comments itself: \
                       such rows are sorted one by one. Two tables that refer to each other (a \
                       cycle) need post_update=True: an INSERT with NULL, then an UPDATE.",
            elsewhere: None,
            predict: Some(Prediction {
                ask: "You staged the user's delete before its post's. Will the flush send the \
                      DELETE FROM users first?",
                yes_is_right: false,
            }),
            instead: None,
        },
        Step {
            doing: "Leave the demo as it was: r in the Session pane, then y (roll back).",
            done: |m, b| said_since(m, b, "session.rollback()"),
            happened: "Rolled back: the user and the posts are back. A turns autoflush on again.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

pub const CASCADES: Lesson = Lesson {
    title: "deletes and cascades",
    intro: "A user has posts, and posts have comments. Deleting the user, the ORM can delete \
            the children itself (relationship(cascade=\"all, delete\")): it loads them and \
            sends a DELETE for each. Or it leaves them to the database's ON DELETE CASCADE \
            (passive_deletes=True) and sends one DELETE. posts.user_id is ON DELETE CASCADE \
            in the demo; comments.user_id is ON DELETE SET NULL.",
    fresh_demo: true,
    steps: &[
        Step {
            doing: "Run\n  select * from users\nthen Alt-3, move to jwirth (id 2) and press d. \
                    Look at the Session pane (Alt-5): under its plan, what the database does \
                    too.",
            done: |m, _| staged(m, "users", Change::is_delete),
            happened: "session.delete(user): the user is marked deleted (session.deleted); \
                       nothing is sent yet. Before you flush, a question.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
        Step {
            doing: "Flush: f in the Session pane.",
            done: |m, b| said_since(m, b, "session.flush()") && !has_pending_in(m, "users"),
            happened: "One DELETE was sent, and the database deleted the user's posts with it \
                       (ON DELETE CASCADE) and set comments.user_id to NULL (ON DELETE SET \
                       NULL): the notes under the Session pane's plan said so, and nothing in \
                       the Session stands for those rows, as with passive_deletes=True. Without \
                       it SQLAlchemy would first SELECT the posts and DELETE each (cascade=\"all, \
                       delete\"), or set their user_id to NULL (its default), which the NOT NULL \
                       column refuses. Run select count(*) from posts where user_id = 2 to see 0 \
                       in this transaction. (For most other users the database refuses the \
                       DELETE: some of their comments have replies, and comments.parent_id has \
                       no ON DELETE rule.)",
            elsewhere: None,
            predict: Some(Prediction {
                ask: "The user has posts. Will the flush send a DELETE for each of them?",
                yes_is_right: false,
            }),
            instead: None,
        },
        Step {
            doing: "Keep the demo whole: r in the Session pane, then y (roll back).",
            done: |m, b| said_since(m, b, "session.rollback()"),
            happened: "Rolled back: the user and the posts the database deleted with it are \
                       back, as if the transaction had never happened.",
            elsewhere: None,
            predict: None,
            instead: None,
        },
    ],
};

/// A change of this kind on `table` is staged, not yet flushed.
fn staged(model: &Model, table: &str, kind: fn(&Change) -> bool) -> bool {
    (model.session.unit.changes().iter()).any(|c| c.table.name == table && !c.flushed && kind(c))
}

/// Something staged on `table` waits to be flushed.
fn has_pending_in(model: &Model, table: &str) -> bool {
    (model.session.unit.pending()).any(|c| c.table.name == table)
}

/// The result on screen is the rows of `table`.
fn reads_table(model: &Model, table: &str) -> bool {
    crate::app::session::edit::result_source(model).is_ok_and(|(_, t)| t.name() == table)
}
