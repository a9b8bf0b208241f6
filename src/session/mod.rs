//! Session: the unit of work — staged inserts, edits and deletes, the flush plan, commit and
//! rollback, and the journal that keeps staged work across restarts (a later issue).
