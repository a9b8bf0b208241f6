//! A lexer that finds the code of a statement the way the server reads it: string literals,
//! quoted names and comments are left out, MySQL's executable comments (`/*! … */`) are kept as
//! code. Used to prove what a statement does (classify, read_proof) and to find the secrets in
//! it (secrets), so where the server's reading depends on a setting (backslashes in plain
//! strings) the caller lexes both ways.

use crate::engine::EngineKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A bare word (keyword, name, number), upper-cased.
    Word(String),
    /// A quoted name (`"x"`, `` `x` ``, `[x]`).
    QuotedName,
    /// A string literal (any quoting form).
    Literal,
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexOptions {
    pub engine: EngineKind,
    /// Whether a backslash escapes the next character in a plain '…' string: MySQL's default,
    /// PostgreSQL with standard_conforming_strings off. E'…' strings always escape.
    pub backslash_escapes: bool,
}

impl LexOptions {
    /// The readings of plain strings a server of this engine may use: both where a session
    /// setting decides (PostgreSQL, MySQL), one for SQLite.
    pub fn all_readings(engine: EngineKind) -> Vec<LexOptions> {
        match engine {
            EngineKind::Sqlite => vec![LexOptions {
                engine,
                backslash_escapes: false,
            }],
            _ => [false, true]
                .into_iter()
                .map(|backslash_escapes| LexOptions {
                    engine,
                    backslash_escapes,
                })
                .collect(),
        }
    }
}

/// Why a text could not be read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated(pub &'static str);

/// The statement's code as tokens. An unterminated string, name or comment is an error: the
/// server would read the rest differently.
pub fn tokens(sql: &str, opts: LexOptions) -> Result<Vec<Token>, Unterminated> {
    Ok(spanned_tokens(sql, opts)?
        .into_iter()
        .map(|(t, _)| t)
        .collect())
}

/// A token and the byte range of the text it came from.
pub type Spanned = (Token, std::ops::Range<usize>);

/// The tokens with the byte range of the text each came from (to read a name's own spelling).
pub fn spanned_tokens(sql: &str, opts: LexOptions) -> Result<Vec<Spanned>, Unterminated> {
    let mut out = Vec::new();
    lex_into(sql, opts, &mut out, &mut Vec::new()).map_err(|(why, _)| why)?;
    Ok(out)
}

/// Where the MySQL executable comments (`/*!…`, `/*!NNNNN…`, `/*M!…`, `/*M!NNNNNN…`) the
/// lexer reads as code open, as far as the text can be read. The server may run or skip each
/// one's text (by its version, or MySQL skipping MariaDB's `/*M!`), so a reading of the code
/// that counts on them is uncertain.
pub fn executable_comments(sql: &str, opts: LexOptions) -> Vec<usize> {
    let mut opened = Vec::new();
    let _ = lex_into(sql, opts, &mut Vec::new(), &mut opened);
    opened
}

/// The tokens up to where the text stops being readable, and the byte offset where the
/// unterminated string, name or comment starts (None: read to the end).
pub fn partial_tokens(sql: &str, opts: LexOptions) -> (Vec<Spanned>, Option<usize>) {
    let mut out = Vec::new();
    let failed_at = (lex_into(sql, opts, &mut out, &mut Vec::new()).err()).map(|(_, at)| at);
    (out, failed_at)
}

fn lex_into(
    sql: &str,
    opts: LexOptions,
    out: &mut Vec<Spanned>,
    exec_opened: &mut Vec<usize>,
) -> Result<(), (Unterminated, usize)> {
    let b = sql.as_bytes();
    let pg = opts.engine == EngineKind::Postgres;
    let mysql = opts.engine == EngineKind::MySql;
    let sqlite = opts.engine == EngineKind::Sqlite;
    let mut i = 0;
    // depth of MySQL executable comments we are inside (their text is code)
    let mut exec_comment = 0usize;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            b'\'' => {
                // E'…' (PostgreSQL) always takes backslash escapes
                let e_string =
                    pg && matches!(out.last(), Some((Token::Word(w), r)) if w == "E" && r.end == i);
                if e_string {
                    out.pop();
                }
                // U&'…' (PostgreSQL): its escapes never escape the quote
                let from = if pg { unicode_prefix(out, i) } else { None };
                let backslash = from.is_none() && (e_string || (opts.backslash_escapes && !sqlite));
                let from = from.unwrap_or(if e_string { i - 1 } else { start });
                i = skip_quoted(b, i, b'\'', backslash).ok_or((Unterminated("string"), from))?;
                out.push((Token::Literal, from..i));
            }
            b'"' => {
                // a string on MySQL (unless ANSI_QUOTES: the same reading), a name elsewhere
                let from = if pg { unicode_prefix(out, i) } else { None }.unwrap_or(start);
                i = skip_quoted(b, i, b'"', mysql && opts.backslash_escapes)
                    .ok_or((Unterminated("quoted name"), from))?;
                out.push((
                    if mysql {
                        Token::Literal
                    } else {
                        Token::QuotedName
                    },
                    from..i,
                ));
            }
            b'`' if !pg => {
                i = skip_quoted(b, i, b'`', false).ok_or((Unterminated("quoted name"), start))?;
                out.push((Token::QuotedName, start..i));
            }
            b'[' if sqlite => {
                i = sql[i..]
                    .find(']')
                    .map(|n| i + n + 1)
                    .ok_or((Unterminated("quoted name"), start))?;
                out.push((Token::QuotedName, start..i));
            }
            // MySQL: `--` starts a comment only before a space or a control character (DEL too)
            b'-' if next == Some(b'-')
                && (!mysql
                    || b.get(i + 2)
                        .is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control())) =>
            {
                i = sql[i..].find('\n').map(|n| i + n).unwrap_or(b.len());
            }
            b'#' if mysql => i = sql[i..].find('\n').map(|n| i + n).unwrap_or(b.len()),
            b'/' if next == Some(b'*') => {
                let rest = &b[i + 2..];
                if mysql && (rest.starts_with(b"!") || rest.starts_with(b"M!")) {
                    // executable comment: the server runs its text (after an optional version)
                    exec_opened.push(i);
                    i += if rest[0] == b'!' { 3 } else { 4 };
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    exec_comment += 1;
                } else {
                    i = skip_block_comment(b, i, pg).ok_or((Unterminated("comment"), start))?;
                }
            }
            b'*' if next == Some(b'/') && exec_comment > 0 => {
                exec_comment -= 1;
                i += 2;
            }
            b'$' if pg => match dollar_quote_end(sql, i) {
                Some(Ok(end)) => {
                    i = end;
                    out.push((Token::Literal, start..i));
                }
                Some(Err(())) => return Err((Unterminated("dollar-quoted string"), start)),
                None => {
                    out.push((Token::Punct('$'), start..start + 1));
                    i += 1;
                }
            },
            c if is_word_start(c) => {
                while i < b.len() && is_word_char(b[i], pg || mysql) {
                    i += 1;
                }
                out.push((Token::Word(sql[start..i].to_uppercase()), start..i));
            }
            c if c.is_ascii_whitespace() => i += 1,
            c => {
                out.push((Token::Punct(c as char), start..start + 1));
                i += 1;
            }
        }
    }
    if exec_comment > 0 {
        return Err((Unterminated("comment"), b.len()));
    }
    Ok(())
}

/// Where a `U&` prefix written right before the quote at `quote` starts (it is taken off the
/// tokens): `U&'…'` is a string and `U&"…"` a name on PostgreSQL.
fn unicode_prefix(out: &mut Vec<Spanned>, quote: usize) -> Option<usize> {
    let [.., (Token::Word(u), ur), (Token::Punct('&'), ar)] = out.as_slice() else {
        return None;
    };
    if u != "U" || ar.end != quote || ur.end != ar.start {
        return None;
    }
    let from = ur.start;
    out.truncate(out.len() - 2);
    Some(from)
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn is_word_char(c: u8, dollar: bool) -> bool {
    is_word_start(c) || (dollar && c == b'$')
}

/// Index just past the closing quote; None when the text ends first.
pub(crate) fn skip_quoted(b: &[u8], open: usize, quote: u8, backslash: bool) -> Option<usize> {
    let mut i = open + 1;
    while i < b.len() {
        let c = b[i];
        if backslash && c == b'\\' {
            i += 2;
        } else if c == quote {
            if b.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return Some(i + 1);
            }
        } else {
            i += 1;
        }
    }
    None
}

pub(crate) fn skip_block_comment(b: &[u8], open: usize, nested: bool) -> Option<usize> {
    let mut depth = 0;
    let mut i = open;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' && (nested || depth == 0) {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// `$tag$ … $tag$`: Some(Ok(end)) past the closing tag, Some(Err) when it never closes, None
/// when this `$` opens no tag (`$1`).
pub(crate) fn dollar_quote_end(s: &str, open: usize) -> Option<Result<usize, ()>> {
    let rest = &s[open + 1..];
    // the server's tag characters: ASCII letters, digits, `_` and every non-ASCII character
    let tag_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()))
        .unwrap_or(rest.len());
    if !rest[tag_len..].starts_with('$')
        || rest[..tag_len].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let tag = &s[open..open + tag_len + 2];
    let body = open + tag.len();
    Some(s[body..].find(tag).map(|n| body + n + tag.len()).ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(sql: &str, engine: EngineKind, backslash_escapes: bool) -> Vec<String> {
        tokens(
            sql,
            LexOptions {
                engine,
                backslash_escapes,
            },
        )
        .unwrap()
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w),
            Token::Punct(';') => Some(";".into()),
            _ => None,
        })
        .collect()
    }

    #[test]
    fn strings_names_and_comments_are_not_code() {
        let pg = EngineKind::Postgres;
        assert_eq!(
            words(
                "select 'delete;' , \"drop\" -- insert\n/* a /* b */ c */ x",
                pg,
                false
            ),
            ["SELECT", "X"]
        );
        assert_eq!(
            words("select $t$ ; delete $t$, a$b", pg, false),
            ["SELECT", "A$B"]
        );
        assert_eq!(words("select $1", pg, false), ["SELECT", "1"]);
    }

    #[test]
    fn e_strings_take_backslash_escapes_on_postgres() {
        // the server reads E'\'' as one quote: the rest is code
        let got = words(
            r"select E'\'', 1; commit; select ''",
            EngineKind::Postgres,
            false,
        );
        assert_eq!(got, ["SELECT", "1", ";", "COMMIT", ";", "SELECT"]);
    }

    #[test]
    fn mysql_executable_comments_are_code() {
        let got = words(
            "select 1 /*!50000 ; delete from t */",
            EngineKind::MySql,
            true,
        );
        assert_eq!(got, ["SELECT", "1", ";", "DELETE", "FROM", "T"]);
        // `--` needs a space to start a comment on MySQL
        assert_eq!(
            words("select 1--1\n, 2 -- c\n#x\n", EngineKind::MySql, true),
            ["SELECT", "1", "1", "2"]
        );
        // DEL is a control character: the server reads `--` before it as a comment
        assert_eq!(
            words("select 1 --\x7f, 2\n", EngineKind::MySql, true),
            ["SELECT", "1"]
        );
        let o = |engine| LexOptions {
            engine,
            backslash_escapes: true,
        };
        let sql = "select '/*!' /*!1 x */ /*M!2 y */ /* z */ /*m! w */";
        assert_eq!(executable_comments(sql, o(EngineKind::MySql)), [13, 23]);
        assert!(executable_comments(sql, o(EngineKind::Postgres)).is_empty());
        assert!(executable_comments(sql, o(EngineKind::Sqlite)).is_empty());
    }

    #[test]
    fn unicode_strings_and_non_ascii_dollar_tags_are_read_as_postgres_does() {
        let o = LexOptions {
            engine: EngineKind::Postgres,
            backslash_escapes: false,
        };
        // U&'…' is one string whose escapes never escape the quote; U&"…" one name
        let sql = r#"select U&'a\' , U&"x", $€$ ' $€$, u & 'b'"#;
        let toks = spanned_tokens(sql, o).unwrap();
        let texts: Vec<&str> = toks.iter().map(|(_, r)| &sql[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "select",
                r"U&'a\'",
                ",",
                r#"U&"x""#,
                ",",
                "$€$ ' $€$",
                ",",
                "u",
                "&",
                "'b'"
            ]
        );
        assert_eq!(toks[1].0, Token::Literal);
        assert_eq!(toks[3].0, Token::QuotedName);
        assert_eq!(toks[5].0, Token::Literal);
        // where the text stops being readable, and the tokens before it
        let (toks, at) = partial_tokens("select 1, $€$ open", o);
        assert_eq!((toks.len(), at), (3, Some(10)));
    }

    #[test]
    fn unterminated_text_is_an_error() {
        let o = LexOptions {
            engine: EngineKind::Postgres,
            backslash_escapes: false,
        };
        assert!(tokens("select 'abc", o).is_err());
        assert!(tokens("select $x$ abc", o).is_err());
        assert!(tokens("select /* /* */", o).is_err());
    }
}
