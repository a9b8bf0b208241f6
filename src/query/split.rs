//! Splits a buffer into statements. Understands quoted strings and identifiers, line and block
//! comments, PostgreSQL dollar quoting and E'' strings, MySQL backslash escapes, backticks and
//! the client-side `DELIMITER` command.

use super::lex;
use crate::engine::EngineKind;

/// One statement of a script: its text (without the terminator) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub text: String,
    /// Byte offset of the first character of `text` in the script.
    pub start: usize,
}

pub fn split_statements(script: &str, engine: EngineKind) -> Vec<Statement> {
    split(script, engine, false)
}

/// Splits at the terminator and, with `blank_lines_end`, also at a blank line outside
/// strings and comments (the editor's statement under the cursor, as DBeaver and DataGrip
/// take it: a statement typed under another without a `;` between is one of its own).
fn split(script: &str, engine: EngineKind, blank_lines_end: bool) -> Vec<Statement> {
    let b = script.as_bytes();
    let mysql = engine == EngineKind::MySql;
    let mut out = Vec::new();
    let mut delimiter = ";".to_string();
    let mut start = 0;
    let mut i = 0;
    let mut at_line_start = true;
    while i < b.len() {
        if at_line_start && mysql && starts_with_ci(&b[i..], b"delimiter ") {
            // DELIMITER is a client command: it ends any pending statement and changes the terminator.
            let line_end = script[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
            push(&mut out, script, start, i);
            let new = script[i + 10..line_end].trim();
            if !new.is_empty() {
                delimiter = new.to_string();
            }
            i = line_end;
            start = i;
            continue;
        }
        let c = b[i];
        if at_line_start && c == b'\\' && is_blank(&script[start..i]) {
            // a backslash command (psql's `\dt`) is a line of its own, with no terminator
            let line_end = script[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
            push(&mut out, script, start, i);
            push(&mut out, script, i, line_end);
            i = line_end;
            start = i;
            continue;
        }
        at_line_start = false;
        match c {
            b'\n' => {
                at_line_start = true;
                i += 1;
                if blank_lines_end && next_line_is_blank(&script[i..]) {
                    push(&mut out, script, start, i);
                    start = i;
                }
            }
            b' ' | b'\t' | b'\r' if script[start..i].trim().is_empty() => {
                at_line_start = true;
                i += 1;
            }
            b'\'' => {
                let backslash = mysql || (i > 0 && matches!(b[i - 1], b'E' | b'e'));
                i = skip_quoted(b, i, b'\'', backslash);
            }
            b'"' => i = skip_quoted(b, i, b'"', mysql),
            b'`' if mysql => i = skip_quoted(b, i, b'`', false),
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = script[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
            }
            b'#' if mysql => {
                i = script[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
            }
            b'/' if b.get(i + 1) == Some(&b'*') => i = skip_block_comment(b, i, !mysql),
            b'$' if engine == EngineKind::Postgres => i = skip_dollar_quote(script, i),
            // SQLite: a `;` ends the statement only where sqlite3_complete agrees (not inside
            // CREATE TRIGGER … BEGIN … END)
            b';' if engine == EngineKind::Sqlite
                && !crate::engine::sqlite::statement_is_complete(&script[start..=i]) =>
            {
                i += 1;
            }
            _ if script[i..].starts_with(delimiter.as_str()) => {
                push(&mut out, script, start, i);
                i += delimiter.len();
                start = i;
            }
            _ => i += utf8_len(c),
        }
    }
    push(&mut out, script, start, b.len());
    out
}

/// The line that starts `rest` holds only white space (and is followed by more).
fn next_line_is_blank(rest: &str) -> bool {
    rest.split_once('\n')
        .is_some_and(|(line, _)| line.trim().is_empty())
}

fn push(out: &mut Vec<Statement>, script: &str, start: usize, end: usize) {
    let piece = &script[start..end];
    if is_blank(piece) {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    out.push(Statement {
        text: piece.trim().to_string(),
        start: start + lead,
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str, engine: EngineKind) -> Vec<String> {
        split_statements(script, engine)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_strings_and_comments() {
        let got = texts(
            "select 'a;b', \"c;d\" from t; -- x;y\nselect 2 /* ; */;\n\n  ",
            EngineKind::Postgres,
        );
        assert_eq!(
            got,
            vec!["select 'a;b', \"c;d\" from t", "-- x;y\nselect 2 /* ; */"]
        );
    }

    #[test]
    fn dollar_quotes_keep_function_bodies_whole() {
        let sql = "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql;\nselect $1, $$a;b$$";
        let got = texts(sql, EngineKind::Postgres);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("language plpgsql"));
        assert_eq!(got[1], "select $1, $$a;b$$");
    }

    #[test]
    fn escapes_per_dialect() {
        assert_eq!(
            texts(r"select 'it\'s;'; select 2", EngineKind::MySql).len(),
            2
        );
        assert_eq!(
            texts(r"select E'a\';b'; select 2", EngineKind::Postgres).len(),
            2
        );
        assert_eq!(
            texts("select 'a''; b'; select 2", EngineKind::Sqlite).len(),
            2
        );
        assert_eq!(
            texts("select `a;b` from t; select 2", EngineKind::MySql).len(),
            2
        );
    }

    #[test]
    fn sqlite_triggers_are_one_statement() {
        let sql = "create trigger tr after insert on t begin\n  insert into log values (1);\n  update c set n = n + 1;\nend;\nselect 2;";
        let got = texts(sql, EngineKind::Sqlite);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("create trigger") && got[0].ends_with("end"));
        assert_eq!(got[1], "select 2");
        assert_eq!(texts("select 1; select 2", EngineKind::Sqlite).len(), 2);
    }

    #[test]
    fn mysql_delimiter_command() {
        let sql = "DELIMITER //\ncreate procedure p() begin select 1; select 2; end//\nDELIMITER ;\nselect 3;";
        let got = texts(sql, EngineKind::MySql);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("create procedure") && got[0].ends_with("end"));
        assert_eq!(got[1], "select 3");
    }

    #[test]
    fn a_backslash_command_is_a_line_of_its_own() {
        for engine in [EngineKind::Postgres, EngineKind::MySql, EngineKind::Sqlite] {
            assert_eq!(
                texts("\\dt\nselect 1;\n  \\d users\nselect '\\x'", engine),
                vec!["\\dt", "select 1", "\\d users", "select '\\x'"],
                "{engine:?}"
            );
        }
    }

    #[test]
    fn offsets_point_into_the_script() {
        let script = "select 1;\n  select 2";
        let st = split_statements(script, EngineKind::Sqlite);
        assert_eq!(&script[st[1].start..], "select 2");
    }

    #[test]
    fn unicode_and_blank_pieces() {
        assert_eq!(
            texts("select 'ü;é'; ;; -- only\n", EngineKind::Postgres),
            vec!["select 'ü;é'"]
        );
    }
}

/// The statement under the cursor (a byte offset): the one containing it, else the nearest one
/// before it, else the first after it.
pub fn statement_at(script: &str, cursor: usize, engine: EngineKind) -> Option<Statement> {
    let all = split(script, engine, true);
    let mut best: Option<&Statement> = None;
    for st in &all {
        if st.start <= cursor {
            best = Some(st);
        }
    }
    best.or_else(|| all.first()).cloned()
}

#[cfg(test)]
mod cursor_tests {
    use super::*;

    #[test]
    fn picks_the_statement_under_the_cursor() {
        let s = "select 1;\nselect 2;\n\nselect 3";
        let at = |c| statement_at(s, c, EngineKind::Postgres).unwrap().text;
        assert_eq!(at(0), "select 1");
        assert_eq!(at(12), "select 2");
        assert_eq!(at(19), "select 2");
        assert_eq!(at(s.len()), "select 3");
        assert!(statement_at("  ", 0, EngineKind::Sqlite).is_none());
    }

    #[test]
    fn a_blank_line_ends_the_statement_under_the_cursor_outside_strings_and_comments() {
        let s = "select id, name from tags\n\nselect name from tags";
        let at = |c| statement_at(s, c, EngineKind::Sqlite).unwrap().text;
        assert_eq!(at(3), "select id, name from tags");
        assert_eq!(at(s.len()), "select name from tags");
        // a blank line with spaces on it, and the cursor on the blank line itself
        let s = "select 1\n   \nselect 2";
        assert_eq!(
            statement_at(s, 10, EngineKind::Postgres).unwrap().text,
            "select 1"
        );
        // inside a string, a dollar quote or a comment a blank line is text
        for s in [
            "select 'a\n\nb' as x",
            "select $$a\n\nb$$ as x",
            "select 1 /* a\n\nb */ + 1",
        ] {
            let engine = EngineKind::Postgres;
            assert_eq!(statement_at(s, s.len(), engine).unwrap().text, s);
        }
        // a script is still split at its terminators only
        let all = split_statements("select 1\n\nfrom t;", EngineKind::Postgres);
        assert_eq!(all.len(), 1);
    }
}
