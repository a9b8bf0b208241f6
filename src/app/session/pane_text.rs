//! The Session pane's text (and the Engine view's): lines, each with the role that says how
//! it is drawn.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading,
    New,
    Dirty,
    Deleted,
    Failed,
    Sql,
    Note,
    Plain,
}

pub type Lines = Vec<(Role, String)>;
