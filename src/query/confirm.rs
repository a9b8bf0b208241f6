//! Which statements the workbench asks about before it runs them: those that drop, truncate or
//! alter, update or delete every row, or change rows from inside a query.
//!
//! Read from the lexer's tokens (strings, quoted names and comments as the server reads them),
//! under every reading of strings the server may use, each `;`-separated part on its own: a
//! statement is asked about when any reading asks. Where the text itself leaves the server's
//! reading open, the question is asked whatever the statement looks like: a MySQL/MariaDB
//! executable comment (`/*!…*/`, `/*!NNNNN…*/`, `/*M!…*/`) whose text the server runs or skips
//! by its version, and a text whose end cannot be told.

use super::lex::{self, LexOptions, Token};
use super::read_proof::hidden_write_in;
use crate::engine::EngineKind;

/// Why a MySQL executable comment makes a statement's shape uncertain.
pub const EXECUTABLE_COMMENT: &str = "it holds an executable comment (/*! … */, /*M! … */): the \
     server runs or skips its text by version, so retort cannot tell what the statement does";

/// Why a text whose end cannot be told is asked about.
pub const UNREADABLE: &str =
    "retort cannot tell where its text ends (an unterminated string, name or comment)";

/// Why a statement should be confirmed before it runs, if it should.
pub fn needs_confirmation(sql: &str, engine: EngineKind) -> Option<String> {
    let readings = LexOptions::all_readings(engine);
    if (readings.iter()).any(|o| !lex::executable_comments(sql, *o).is_empty()) {
        return Some(EXECUTABLE_COMMENT.into());
    }
    // a reading in which the text does not end is one in which the server refuses it
    let lexed: Vec<Vec<Token>> = (readings.into_iter())
        .filter_map(|o| lex::tokens(sql, o).ok())
        .collect();
    if lexed.is_empty() {
        return Some(UNREADABLE.into());
    }
    (lexed.iter())
        .flat_map(|toks| toks.split(|t| *t == Token::Punct(';')))
        .find_map(part_reason)
}

/// The reason for one statement's tokens.
fn part_reason(toks: &[Token]) -> Option<String> {
    if let Some(word) = hidden_write_in(toks) {
        return Some(format!("this query runs {word} inside it"));
    }
    let first = toks.iter().find_map(|t| match t {
        Token::Word(w) => Some(w.as_str()),
        _ => None,
    })?;
    match first {
        "DROP" => Some("DROP removes it for good".into()),
        "TRUNCATE" => Some("TRUNCATE empties the table".into()),
        "ALTER" => Some("ALTER changes the schema".into()),
        "UPDATE" if !top_level_where(toks) => Some("UPDATE without WHERE changes every row".into()),
        "DELETE" if !top_level_where(toks) => Some("DELETE without WHERE removes every row".into()),
        _ => None,
    }
}

/// Whether a WHERE stands outside every parenthesis: one inside a subquery filters that
/// subquery, not the rows the statement changes.
fn top_level_where(toks: &[Token]) -> bool {
    let mut depth = 0i64;
    toks.iter().any(|t| {
        match t {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => depth -= 1,
            _ => {}
        }
        depth == 0 && matches!(t, Token::Word(w) if w == "WHERE")
    })
}

#[cfg(test)]
#[path = "confirm_tests.rs"]
mod tests;
