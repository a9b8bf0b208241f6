//! psql's listings within psql's bounds: without a schema in the pattern, only what resolves
//! unqualified (the search path, the current database, SQLite's main); system objects with
//! `S`, or when a pattern names them; every schema when the pattern names one. `+` adds sizes
//! and descriptions. The server says where each object stands (`Standing`), never its name.

mod index_detail;
pub mod indexes;
pub mod one;
pub mod relations;
pub mod schemas;
mod sequence;
mod size;

use super::describe::{matches, split_pattern};
pub use size::pretty_size;

/// What a listing command was given: its pattern and psql's suffixes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListArgs {
    pub pattern: Option<String>,
    /// `+`: more detail (sizes, descriptions).
    pub more: bool,
    /// `S`: system objects too.
    pub system: bool,
}

/// Where an object stands, as its server says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// Its bare name finds it (PostgreSQL `pg_table_is_visible`; MySQL's current database;
    /// SQLite's main).
    pub visible: bool,
    /// The server's own (pg_catalog, information_schema, pg_toast; mysql, sys…; sqlite_*).
    pub system: bool,
}

/// How far a catalog query has to look for a listing: the narrowing the server does before
/// `ListArgs::shows` decides row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// No pattern and no `S`: visible objects that are not the system's.
    VisibleUser,
    /// A pattern without a schema, or `S`: visible objects, the system's too.
    Visible,
    /// A pattern with a schema: every schema.
    Everywhere,
}

impl Reach {
    /// The word the catalog queries are given for it (a bound parameter).
    pub fn word(self) -> &'static str {
        match self {
            Reach::VisibleUser => "user",
            Reach::Visible => "visible",
            Reach::Everywhere => "all",
        }
    }
}

impl ListArgs {
    pub fn new(pattern: Option<&str>) -> Self {
        ListArgs {
            pattern: pattern.map(str::to_string),
            ..ListArgs::default()
        }
    }

    /// The same suffixes with another pattern (PostgreSQL's folded one).
    pub fn with_pattern(&self, pattern: Option<String>) -> Self {
        ListArgs {
            pattern,
            ..self.clone()
        }
    }

    pub fn reach(&self) -> Reach {
        match self.pattern.as_deref().map(split_pattern) {
            Some((Some(_), _)) => Reach::Everywhere,
            Some((None, _)) => Reach::Visible,
            None if self.system => Reach::Visible,
            None => Reach::VisibleUser,
        }
    }

    /// The word catalog queries take for `+` (a bound parameter): "more" or "less".
    pub fn more_word(&self) -> &'static str {
        if self.more { "more" } else { "less" }
    }

    /// Whether an object at `schema.name` that stands so is listed, by psql's rules.
    pub fn shows(&self, at: Standing, schema: &str, name: &str) -> bool {
        match self.pattern.as_deref().map(split_pattern) {
            None => at.visible && (self.system || !at.system),
            Some((None, n)) => at.visible && matches(n, name),
            Some((Some(s), n)) => matches(s, schema) && matches(n, name),
        }
    }

    /// Whether a schema is listed by `\dn`: the system's only with `S` or a pattern.
    pub fn shows_schema(&self, system: bool, name: &str) -> bool {
        match self.pattern.as_deref() {
            None => self.system || !system,
            Some(p) => matches(p, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC: Standing = Standing {
        visible: true,
        system: false,
    };
    const CATALOG: Standing = Standing {
        visible: true,
        system: true,
    };
    const ELSEWHERE: Standing = Standing {
        visible: false,
        system: false,
    };

    #[test]
    fn bounds_are_psqls() {
        let bare = ListArgs::new(None);
        assert!(bare.shows(PUBLIC, "public", "users"));
        assert!(!bare.shows(CATALOG, "pg_catalog", "pg_class"));
        assert!(!bare.shows(ELSEWHERE, "other", "t"));
        let system = ListArgs {
            system: true,
            ..bare.clone()
        };
        assert!(system.shows(CATALOG, "pg_catalog", "pg_class"));
        assert!(!system.shows(ELSEWHERE, "other", "t"));
        let named = ListArgs::new(Some("pg_cl*"));
        assert!(named.shows(CATALOG, "pg_catalog", "pg_class"));
        assert!(!ListArgs::new(Some("t")).shows(ELSEWHERE, "other", "t"));
        let everywhere = ListArgs::new(Some("*.*"));
        assert!(everywhere.shows(ELSEWHERE, "other", "t"));
        assert!(everywhere.shows(CATALOG, "pg_catalog", "pg_class"));
        assert_eq!(everywhere.reach(), Reach::Everywhere);
        assert_eq!(bare.reach(), Reach::VisibleUser);
        assert_eq!(system.reach(), Reach::Visible);
    }

    #[test]
    fn schemas_of_the_system_show_with_s_or_a_pattern() {
        assert!(!ListArgs::new(None).shows_schema(true, "pg_catalog"));
        assert!(ListArgs::new(Some("pg_*")).shows_schema(true, "pg_catalog"));
        let system = ListArgs {
            system: true,
            ..ListArgs::default()
        };
        assert!(system.shows_schema(true, "information_schema"));
    }
}
