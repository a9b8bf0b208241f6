//! Splits a buffer into statements. Understands quoted strings and identifiers, line and block
//! comments, PostgreSQL dollar quoting and E'' strings, MySQL backslash escapes, backticks,
//! SQLite's `[name]`, the client-side `DELIMITER` command, and psql's backslash commands
//! anywhere outside those (`select 1 \gx`, `select *\n\x\nfrom t;`), as psql reads them.

mod command;
mod smart;

use std::ops::Range;

use super::lex;
use crate::engine::EngineKind;
use command::CommandLine;

/// One step of a script, in the order it runs: SQL for the server, or a backslash command the
/// client answers itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// SQL: the statement without its terminator and without the backslash commands cut out
    /// of it. A command: its line from the backslash on (`\d users`).
    pub text: String,
    /// Byte offset of the first character of `text` in the script.
    pub start: usize,
    /// Byte offset just past its last character in the script: its terminator left out, the
    /// commands cut out of it kept in.
    pub end: usize,
    /// Byte offset just past what ends it: its `;`, its `\g` line; a command's line.
    pub after: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SQL for the server, and what ended it.
    Sql(Ending),
    /// A backslash command (`\dt`, `\x on`): answered by the client, never sent. Written
    /// inside a statement, it runs first, and the statement goes on after it (psql's query
    /// buffer waits the same way).
    Command,
}

/// What ends a statement, and so how it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `;` (MySQL: the `DELIMITER` in force).
    Terminator,
    /// Nothing: the script ends (or, under the editor's cursor, a blank line before a new
    /// statement).
    End,
    /// psql's `\g`: sent, as `;` sends it.
    Go,
    /// psql's `\gx`, or the mysql client's `\G`: sent, its result shown expanded, one line per
    /// column, whatever `\x` says.
    GoExpanded,
}

impl Ending {
    pub fn expanded(self) -> bool {
        self == Ending::GoExpanded
    }
}

impl Statement {
    /// SQL retort wrote itself (a table's preview): one statement, read as it is.
    pub fn sql(text: impl Into<String>) -> Statement {
        let text = text.into();
        let len = text.len();
        Statement {
            text,
            start: 0,
            end: len,
            after: len,
            kind: Kind::Sql(Ending::End),
        }
    }
}

pub fn split_statements(script: &str, engine: EngineKind) -> Vec<Statement> {
    Splitter::new(script, engine, false).run()
}

/// Splits at the terminator and, with `blank_lines_end`, also at a blank line outside
/// strings and comments where the statement before it reads as finished and a new one starts
/// after it (the editor's statement under the cursor, as DBeaver's "smart" blank lines take
/// it: a statement typed under another without a `;` between is one of its own).
struct Splitter<'a> {
    script: &'a str,
    engine: EngineKind,
    blank_lines_end: bool,
    out: Vec<Statement>,
    /// Where the pending statement starts, and the commands cut out of it so far.
    start: usize,
    cuts: Vec<Range<usize>>,
    /// What the blank lines' decisions have read of the pending statement.
    pending: smart::Pending,
}

impl<'a> Splitter<'a> {
    fn new(script: &'a str, engine: EngineKind, blank_lines_end: bool) -> Self {
        Splitter {
            script,
            engine,
            blank_lines_end,
            out: Vec::new(),
            start: 0,
            cuts: Vec::new(),
            pending: smart::Pending::default(),
        }
    }

    fn run(mut self) -> Vec<Statement> {
        let (script, b) = (self.script, self.script.as_bytes());
        let mysql = self.engine == EngineKind::MySql;
        let sqlite = self.engine == EngineKind::Sqlite;
        let mut delimiter = ";".to_string();
        let mut i = 0;
        let mut at_line_start = true;
        while i < b.len() {
            if at_line_start && mysql && starts_with_ci(&b[i..], b"delimiter ") {
                // DELIMITER is a client command: it ends any pending statement and changes the terminator.
                let line_end = line_end(script, i);
                self.end_statement(i, i, Ending::End);
                let new = script[i + 10..line_end].trim();
                if !new.is_empty() {
                    delimiter = new.to_string();
                }
                i = line_end;
                self.start = i;
                continue;
            }
            let c = b[i];
            at_line_start = false;
            match c {
                b'\n' => {
                    at_line_start = true;
                    i += 1;
                    if self.blank_lines_end
                        && next_line_is_blank(&script[i..])
                        && self.blank_line_ends(i)
                    {
                        self.end_statement(i, i, Ending::End);
                        self.start = i;
                    }
                }
                b' ' | b'\t' | b'\r' if script[self.start..i].trim().is_empty() => {
                    at_line_start = true;
                    i += 1;
                }
                b'\\' => i = self.backslash(i),
                b'\'' => {
                    let backslash = mysql || (i > 0 && matches!(b[i - 1], b'E' | b'e'));
                    i = skip_quoted(b, i, b'\'', backslash);
                }
                b'"' => i = skip_quoted(b, i, b'"', mysql),
                b'`' if mysql || sqlite => i = skip_quoted(b, i, b'`', false),
                b'[' if sqlite => i = skip_quoted(b, i, b']', false),
                b'-' if b.get(i + 1) == Some(&b'-') => i = line_end(script, i),
                b'#' if mysql => i = line_end(script, i),
                b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i, !mysql),
                b'$' if self.engine == EngineKind::Postgres => i = skip_dollar_quote(script, i),
                // SQLite: a `;` ends the statement only where sqlite3_complete agrees (not inside
                // CREATE TRIGGER … BEGIN … END)
                b';' if sqlite
                    && !crate::engine::sqlite::statement_is_complete(&script[self.start..=i]) =>
                {
                    i += 1;
                }
                _ if script[i..].starts_with(delimiter.as_str()) => {
                    let after = i + delimiter.len();
                    self.end_statement(i, after, Ending::Terminator);
                    i = after;
                    self.start = i;
                }
                _ => i += utf8_len(c),
            }
        }
        self.end_statement(b.len(), b.len(), Ending::End);
        self.out
    }

    /// A backslash outside strings and comments starts a client command that runs to the end
    /// of its line: `\g`, `\gx` and `\G` send the pending statement; any other runs at once,
    /// and what is pending goes on after it. Returns where reading goes on.
    fn backslash(&mut self, at: usize) -> usize {
        let line = CommandLine::read(self.script, at);
        if let Some(ending) = line.sends() {
            self.end_statement(at, line.end, ending);
            self.start = line.end;
            return line.end;
        }
        let pending = !self.cuts.is_empty() || !is_blank(&self.script[self.start..at]);
        self.out.push(Statement {
            text: self.script[at..line.end].trim_end().to_string(),
            start: at,
            end: line.end,
            after: line.end,
            kind: Kind::Command,
        });
        if pending {
            self.cuts.push(at..line.cut_end(self.script));
        } else {
            self.start = line.end;
        }
        line.end
    }

    /// Whether the blank line starting at `at` ends the pending statement: it does when the
    /// statement is only comments so far, or reads as finished and a new one follows (or
    /// nothing does). Reads only the text since the last blank line.
    fn blank_line_ends(&mut self, at: usize) -> bool {
        if self.pending.start != self.start {
            self.pending = smart::Pending::new(self.start);
        }
        for piece in smart::uncut(self.pending.read_to..at, &self.cuts) {
            self.pending.read(&self.script[piece], self.engine);
        }
        self.pending.read_to = at;
        self.pending.is_empty()
            || (!self.pending.unfinished()
                && smart::starts_statement(&self.script[at..], self.engine) != Some(false))
    }

    /// The pending statement ends at `end` (its terminator, if any, runs to `after`).
    fn end_statement(&mut self, end: usize, after: usize, ending: Ending) {
        let (start, cuts) = (self.start, std::mem::take(&mut self.cuts));
        let raw = &self.script[start..end];
        let mut text = String::new();
        let mut at = start;
        for cut in cuts {
            text.push_str(&self.script[at..cut.start]);
            at = cut.end;
        }
        text.push_str(&self.script[at.min(end)..end]);
        if is_blank(&text) {
            return;
        }
        self.out.push(Statement {
            text: text.trim().to_string(),
            start: start + (raw.len() - raw.trim_start().len()),
            end: start + raw.trim_end().len(),
            after,
            kind: Kind::Sql(ending),
        });
    }
}

/// The end of the line `at` is on (its `\n`, or the end of the script).
fn line_end(script: &str, at: usize) -> usize {
    script[at..].find('\n').map_or(script.len(), |n| at + n)
}

/// The line that starts `rest` holds only white space (and is followed by more).
fn next_line_is_blank(rest: &str) -> bool {
    rest.split_once('\n')
        .is_some_and(|(line, _)| line.trim().is_empty())
}

/// True when the text holds only whitespace and comments.
pub fn is_blank(sql: &str) -> bool {
    super::classify::skip_comments(sql).is_empty()
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Returns the index just past the closing quote (or the end of input).
fn skip_quoted(b: &[u8], open: usize, quote: u8, backslash: bool) -> usize {
    lex::skip_quoted(b, open, quote, backslash)
        .unwrap_or(b.len())
        .min(b.len())
}

fn skip_block_comment(b: &[u8], open: usize, nested: bool) -> usize {
    lex::skip_block_comment(b, open, nested).unwrap_or(b.len())
}

/// `$tag$ … $tag$`; a `$` that does not open a tag (e.g. `$1`) is skipped alone.
fn skip_dollar_quote(s: &str, open: usize) -> usize {
    match lex::dollar_quote_end(s, open) {
        Some(Ok(end)) => end,
        Some(Err(())) => s.len(),
        None => open + 1,
    }
}

/// The statements of the editor's buffer as F5 reads them: each ends at its terminator, or at
/// a blank line before a new statement.
pub fn editor_statements(script: &str, engine: EngineKind) -> Vec<Statement> {
    Splitter::new(script, engine, true).run()
}

/// The statement under the cursor (a byte offset): the one containing it, else the nearest one
/// before it (on a blank line after a statement, that one), else the first after it. A command
/// written inside a statement belongs to it.
pub fn statement_at(script: &str, cursor: usize, engine: EngineKind) -> Option<Statement> {
    pick(&editor_statements(script, engine), cursor).cloned()
}

/// The statement under the cursor among the editor's statements (see `statement_at`).
pub fn pick(all: &[Statement], cursor: usize) -> Option<&Statement> {
    let mut runnable = all.iter().filter(|st| !is_inside_another(st, all));
    let first = runnable.clone().next();
    runnable.rfind(|st| st.start <= cursor).or(first)
}

/// What running the statement under the cursor runs: from its first character through what
/// ends it (its `;`, its `\gx`), the commands written inside it included. None when the
/// script holds nothing to run.
pub fn span_at(script: &str, cursor: usize, engine: EngineKind) -> Option<Range<usize>> {
    statement_at(script, cursor, engine).map(|st| st.start..st.after)
}

/// A command cut out of a statement lies within the statement's text.
fn is_inside_another(st: &Statement, all: &[Statement]) -> bool {
    st.kind == Kind::Command
        && all
            .iter()
            .any(|o| matches!(o.kind, Kind::Sql(_)) && o.start < st.start && st.start < o.end)
}

#[cfg(test)]
mod tests;
