//! The editor's "smart" blank line, as DBeaver's: a blank line ends the statement under the
//! cursor only when the text before it reads as finished and the text after it starts a new
//! statement. `delete from log where id > 0` + blank line + `and id = 2` is one statement:
//! cut at the blank line it would delete more than was written.

use std::ops::Range;

use super::lex::{self, LexOptions, Token};
use crate::engine::EngineKind;

/// Words that begin a statement when they come first after a blank line.
const STARTS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "WITH",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "BEGIN",
    "START",
    "COMMIT",
    "ROLLBACK",
    "ABORT",
    "SAVEPOINT",
    "RELEASE",
    "SET",
    "RESET",
    "SHOW",
    "EXPLAIN",
    "ANALYZE",
    "VACUUM",
    "CHECKPOINT",
    "COPY",
    "CALL",
    "DO",
    "VALUES",
    "TABLE",
    "PRAGMA",
    "USE",
    "DESCRIBE",
    "DESC",
    "REPLACE",
    "MERGE",
    "LOCK",
    "COMMENT",
    "REINDEX",
    "CLUSTER",
    "REFRESH",
    "DECLARE",
    "FETCH",
    "CLOSE",
    "LISTEN",
    "UNLISTEN",
    "NOTIFY",
    "PREPARE",
    "EXECUTE",
    "DEALLOCATE",
    "DISCARD",
    "ATTACH",
    "DETACH",
];

/// Words a statement cannot end with: what comes after them is still its own.
const GOES_ON: &[&str] = &[
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "FROM",
    "SET",
    "VALUES",
    "JOIN",
    "ON",
    "BY",
    "IN",
    "IS",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "AS",
    "SELECT",
    "DISTINCT",
    "INTO",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "HAVING",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "LIMIT",
    "OFFSET",
    "USING",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "OUTER",
    "CROSS",
    "NATURAL",
    "LATERAL",
    "RETURNING",
    "EXISTS",
    "ANY",
    "SOME",
    "ORDER",
    "GROUP",
    "PARTITION",
    "OVER",
    "WITH",
    "RECURSIVE",
    "FOR",
    "DO",
    "TO",
    "TABLE",
    "BEGIN",
    "ALL",
    "CREATE",
    "ALTER",
    "DROP",
    "GRANT",
    "REVOKE",
    "INSERT",
    "DELETE",
    "MERGE",
    "TRUNCATE",
    "EXPLAIN",
];

/// Punctuation a statement cannot end with: a comma, an operator, an opening bracket, and a
/// `;` that did not end it (inside a trigger's or a procedure's body).
const GOES_ON_PUNCT: &[char] = &[
    ',', '(', '[', '+', '-', '/', '%', '=', '<', '>', '!', '|', '&', '^', '~', ':', '.', '@', ';',
];

/// What follows WITH before its statement: one of these at the top level.
const BODY: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE",
];

/// What a statement read so far needs before it can end: a word it has not reached yet.
fn needs_after(word: &str, first: bool) -> &'static [&'static str] {
    match word {
        "UPDATE" => &["SET"],
        "INSERT" | "REPLACE" => &[
            "VALUES", "VALUE", "SELECT", "DEFAULT", "SET", "TABLE", "WITH",
        ],
        "DELETE" => &["FROM"],
        "WITH" => BODY,
        "EXPLAIN" => &[
            "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE", "WITH", "CREATE",
            "EXECUTE", "DECLARE", "REPLACE",
        ],
        // ON CONFLICT DO: then NOTHING, or UPDATE (which needs its SET)
        "DO" if !first => &["NOTHING", "UPDATE"],
        _ => &[],
    }
}

/// What the editor has read of the pending statement, kept as it grows, so that each blank
/// line costs only the text since the last one.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// Where the statement starts, and how far it has been read.
    pub start: usize,
    pub read_to: usize,
    /// Its first word at the top level (outside brackets).
    first: Option<String>,
    /// Its last two tokens, the last one last.
    before_last: Option<Token>,
    last: Option<Token>,
    /// How deep in brackets its end is.
    depth: usize,
    /// Words one of which must still come at the top level (UPDATE's SET).
    needs: &'static [&'static str],
}

impl Pending {
    pub fn new(start: usize) -> Pending {
        Pending {
            start,
            read_to: start,
            ..Default::default()
        }
    }

    /// Reads more of the statement: `code` is a piece of it outside strings and comments.
    pub fn read(&mut self, code: &str, engine: EngineKind) {
        let opts = LexOptions {
            engine,
            backslash_escapes: engine == EngineKind::MySql,
        };
        for (token, _) in lex::partial_tokens(code, opts).0 {
            self.take(token);
        }
    }

    fn take(&mut self, token: Token) {
        match &token {
            Token::Punct('(' | '[') => self.depth += 1,
            Token::Punct(')' | ']') => self.depth = self.depth.saturating_sub(1),
            Token::Word(w) if self.depth == 0 => self.take_word(w),
            _ => {}
        }
        self.before_last = self.last.replace(token);
    }

    fn take_word(&mut self, word: &str) {
        if self.first.is_none() {
            self.first = Some(word.to_string());
            self.needs = needs_after(word, true);
        } else if self.needs.contains(&word) {
            self.needs = needs_after(word, false);
        } else if word == "CONFLICT" && self.last_word_is("ON") {
            self.needs = &["DO"];
        }
    }

    fn last_word_is(&self, word: &str) -> bool {
        matches!(&self.last, Some(Token::Word(w)) if w == word)
    }

    /// Nothing but white space and comments so far.
    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// The text read so far cannot be the whole statement: a bracket is open, a word it needs
    /// has not come (UPDATE without SET), or it ends with a comma, an operator or a keyword
    /// that wants more (WHERE, AND, FROM, JOIN…).
    pub fn unfinished(&self) -> bool {
        if self.depth > 0 || !self.needs.is_empty() {
            return true;
        }
        match &self.last {
            Some(Token::Punct(c)) => GOES_ON_PUNCT.contains(c),
            Some(Token::Word(w)) => self.word_goes_on(w),
            _ => false,
        }
    }

    /// Whether a statement ending with `word` wants more; some of them end one after certain
    /// words (`show all`, `default values`, `set x = on`, `begin` alone).
    fn word_goes_on(&self, word: &str) -> bool {
        let before = match &self.before_last {
            Some(Token::Word(w)) => w.as_str(),
            Some(Token::Punct('=')) => "=",
            _ => "",
        };
        match word {
            "ALL" => matches!(before, "UNION" | "INTERSECT" | "EXCEPT"),
            "VALUES" => before != "DEFAULT",
            "ON" => !matches!(before, "=" | "TO"),
            "BEGIN" => self.first.as_deref() != Some("BEGIN"),
            _ => GOES_ON.contains(&word),
        }
    }
}

/// Whether the text after a blank line starts a new statement: its first word (after white
/// space and comments) begins one, it is a backslash command, or a bracket opens a query.
/// None when nothing but white space and comments follows.
pub(super) fn starts_statement(rest: &str, engine: EngineKind) -> Option<bool> {
    let at = code_at(rest, 0, engine)?;
    let b = rest.as_bytes();
    Some(match b[at] {
        b'\\' => true,
        b'(' => code_at(rest, at + 1, engine).is_some_and(|w| {
            matches!(
                word_at(rest, w).as_str(),
                "SELECT" | "VALUES" | "WITH" | "TABLE"
            )
        }),
        _ => {
            let word = word_at(rest, at);
            // WITH ( … ) is a table's storage options, not a query's start
            let options =
                word == "WITH" && code_at(rest, at + 4, engine).is_some_and(|n| b[n] == b'(');
            STARTS.contains(&word.as_str()) && !options
        }
    })
}

/// The upper-cased word at `at` (empty when none starts there).
fn word_at(s: &str, at: usize) -> String {
    let len = s[at..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len() - at);
    s[at..at + len].to_ascii_uppercase()
}

/// The first byte of code at or after `from`: past white space and comments (a MySQL
/// executable comment's text is code). None when the text ends first.
fn code_at(s: &str, from: usize, engine: EngineKind) -> Option<usize> {
    let (b, mysql) = (s.as_bytes(), engine == EngineKind::MySql);
    let mut i = from;
    while i < b.len() {
        let rest = &b[i..];
        // `--` (on MySQL with a space after it) and MySQL's `#` run to the end of the line
        let dashes = rest.starts_with(b"--") && (!mysql || rest.get(2).is_none_or(|c| *c <= b' '));
        let line_comment = dashes || (mysql && rest[0] == b'#');
        i = if rest[0].is_ascii_whitespace() {
            i + 1
        } else if line_comment {
            super::line_end(s, i)
        } else if mysql && rest.starts_with(b"/*!") {
            let digits = rest[3..].iter().take_while(|c| c.is_ascii_digit()).count();
            i + 3 + digits
        } else if rest.starts_with(b"/*") {
            lex::skip_block_comment(b, i, engine == EngineKind::Postgres)?
        } else {
            return Some(i);
        };
    }
    None
}

/// The pieces of `range` outside the commands cut out of the statement.
pub(super) fn uncut(range: Range<usize>, cuts: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut at = range.start;
    for cut in cuts.iter().filter(|c| c.start < range.end) {
        if cut.end <= at {
            continue;
        }
        if cut.start > at {
            pieces.push(at..cut.start);
        }
        at = at.max(cut.end);
    }
    if at < range.end {
        pieces.push(at..range.end);
    }
    pieces
}
