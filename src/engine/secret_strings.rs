//! What is inside a string, read as the server decodes it (doubled quotes, backslash escapes,
//! `U&'…'` with its UESCAPE, dollar quotes), for the passwords a conninfo or a URL in it holds:
//! `password=…` (`sslpassword=…` too) and `scheme://user:…@host`. Each decoded character keeps
//! the range of the text it came from, so that an escaped `\0070assword` is found as well.

use std::ops::Range;

use super::lex::LexOptions;
use super::url::EngineKind;

/// How many bytes open the string, name or comment that starts `text` (`'`, `E'`, `U&'`,
/// `$tag$`, …; 0 when nothing quotes it).
fn opener_len(text: &str) -> usize {
    let b = text.as_bytes();
    match b {
        [b'U' | b'u', b'&', b'\'' | b'"', ..] => 3,
        [b'E' | b'e', b'\'', ..] => 2,
        [b'\'' | b'"' | b'`' | b'[', ..] => 1,
        [b'$', rest @ ..] => rest.iter().position(|c| *c == b'$').map_or(1, |n| n + 2),
        _ => 0,
    }
}

/// The range between the quotes of the (terminated) string or name at `whole`.
pub(super) fn body_of(sql: &str, whole: Range<usize>) -> Range<usize> {
    let text = &sql[whole.clone()];
    let open = opener_len(text);
    let close = if text.starts_with('$') { open } else { 1 };
    let start = (whole.start + open).min(whole.end);
    let end = whole.end.saturating_sub(close).max(start);
    start..end
}

/// The ranges of the passwords inside the string literal at `lit`.
pub(super) fn inner_secrets(
    sql: &str,
    lit: Range<usize>,
    opts: LexOptions,
    uescape: Option<char>,
) -> Vec<Range<usize>> {
    let decoded = decode(sql, lit, opts, uescape);
    let mut found = password_values(&decoded);
    found.extend(url_passwords(&decoded));
    found
}

/// The string literal at `lit` as the server decodes it, when it may hold SQL that sets a
/// password (a DO body that EXECUTEs an ALTER ROLE, `prepare s from …`, `execute immediate
/// …`): the text to look for secrets in, in turn.
pub(super) fn nested_sql(
    sql: &str,
    lit: Range<usize>,
    opts: LexOptions,
    uescape: Option<char>,
) -> Option<String> {
    let raw = sql[lit.clone()].to_ascii_lowercase();
    if !raw.contains("password") && !raw.contains("identified") {
        return None;
    }
    Some(
        decode(sql, lit, opts, uescape)
            .into_iter()
            .map(|(c, _)| c)
            .collect(),
    )
}

/// One decoded character and the range of the text it came from.
type Decoded = (char, Range<usize>);

fn decode(sql: &str, lit: Range<usize>, opts: LexOptions, uescape: Option<char>) -> Vec<Decoded> {
    let text = &sql[lit.clone()];
    let body = body_of(sql, lit);
    let chars: Vec<(usize, char)> = sql[body.clone()]
        .char_indices()
        .map(|(i, c)| (body.start + i, c))
        .collect();
    let end = body.end;
    if text.starts_with('$') {
        return chars
            .iter()
            .map(|(i, c)| (*c, *i..*i + c.len_utf8()))
            .collect();
    }
    let quote = text
        .chars()
        .nth(opener_len(text).saturating_sub(1))
        .unwrap_or('\'');
    let escape = if opener_len(text) == 3 {
        Escapes::Unicode(uescape.unwrap_or('\\'))
    } else if opener_len(text) == 2
        || (opts.backslash_escapes && opts.engine == EngineKind::Postgres)
    {
        Escapes::Postgres
    } else if opts.backslash_escapes && opts.engine == EngineKind::MySql {
        Escapes::MySql
    } else {
        Escapes::None
    };
    let mut out = Vec::with_capacity(chars.len());
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let (decoded, used) = if c == quote && chars.get(k + 1).is_some_and(|n| n.1 == quote) {
            (Some(quote), 2)
        } else {
            escape.read(&chars[k..])
        };
        let used = used.max(1);
        let to = chars.get(k + used).map_or(end, |n| n.0);
        if let Some(d) = decoded {
            out.push((d, at..to));
        }
        k += used;
    }
    out
}

#[derive(Clone, Copy)]
enum Escapes {
    None,
    /// E'…' (and plain strings with standard_conforming_strings off).
    Postgres,
    MySql,
    /// U&'…' with its escape character.
    Unicode(char),
}

impl Escapes {
    /// The character at the start of `s` and how many characters it took.
    fn read(self, s: &[(usize, char)]) -> (Option<char>, usize) {
        let c = s[0].1;
        let next = s.get(1).map(|n| n.1);
        match self {
            Escapes::Postgres if c == '\\' => match next {
                None => (None, 1),
                Some('b') => (Some('\u{8}'), 2),
                Some('f') => (Some('\u{c}'), 2),
                Some('n') => (Some('\n'), 2),
                Some('r') => (Some('\r'), 2),
                Some('t') => (Some('\t'), 2),
                Some('0'..='7') => number(&s[1..], 8, 1, 3, 0),
                Some('x') => number(&s[2..], 16, 1, 2, 1),
                Some('u') => number(&s[2..], 16, 4, 4, 1),
                Some('U') => number(&s[2..], 16, 8, 8, 1),
                Some(other) => (Some(other), 2),
            },
            Escapes::MySql if c == '\\' => match next {
                None => (None, 1),
                Some('0') => (Some('\0'), 2),
                Some('b') => (Some('\u{8}'), 2),
                Some('n') => (Some('\n'), 2),
                Some('r') => (Some('\r'), 2),
                Some('t') => (Some('\t'), 2),
                Some('Z') => (Some('\u{1a}'), 2),
                Some(other) => (Some(other), 2),
            },
            Escapes::Unicode(e) if c == e => match next {
                Some(n) if n == e => (Some(e), 2),
                Some('+') => number(&s[2..], 16, 6, 6, 1),
                _ => number(&s[1..], 16, 4, 4, 0),
            },
            _ => (Some(c), 1),
        }
    }
}

/// A number of `min..=max` digits in `radix` at the start of `s` as a character; `before` is
/// how many characters of the escape came before `s` (besides the escape character).
fn number(
    s: &[(usize, char)],
    radix: u32,
    min: usize,
    max: usize,
    before: usize,
) -> (Option<char>, usize) {
    let digits: String = s
        .iter()
        .take(max)
        .map(|(_, c)| *c)
        .take_while(|c| c.is_digit(radix))
        .collect();
    if digits.len() < min {
        return (None, 1 + before);
    }
    let value = u32::from_str_radix(&digits, radix)
        .ok()
        .and_then(char::from_u32);
    (value, 1 + before + digits.len())
}

/// `password = value` (any case, `sslpassword` too): the value's range.
fn password_values(d: &[Decoded]) -> Vec<Range<usize>> {
    let lower: Vec<char> = d.iter().map(|(c, _)| c.to_ascii_lowercase()).collect();
    let key: Vec<char> = "password".chars().collect();
    let mut found = Vec::new();
    let mut k = 0;
    while k + key.len() <= lower.len() {
        if lower[k..k + key.len()] != key[..] {
            k += 1;
            continue;
        }
        let mut p = skip_space(&lower, k + key.len());
        if lower.get(p) != Some(&'=') {
            k += 1;
            continue;
        }
        p = skip_space(&lower, p + 1);
        let end = value_end(&lower, p);
        if end > p {
            found.push(d[p].1.start..d[end - 1].1.end);
        }
        k = end.max(k + 1);
    }
    found
}

fn skip_space(s: &[char], mut p: usize) -> usize {
    while s.get(p).is_some_and(|c| c.is_whitespace()) {
        p += 1;
    }
    p
}

/// Where a conninfo value starting at `p` ends: its closing quote, else the next space.
fn value_end(s: &[char], p: usize) -> usize {
    let mut q = p + 1;
    if s.get(p) == Some(&'\'') {
        while q < s.len() {
            match s[q] {
                '\\' => q += 2,
                '\'' => return q + 1,
                _ => q += 1,
            }
        }
        return s.len();
    }
    while q < s.len() && !s[q].is_whitespace() {
        q += 1;
    }
    q.min(s.len())
}

/// `scheme://user:password@host`: the password's range.
fn url_passwords(d: &[Decoded]) -> Vec<Range<usize>> {
    let c: Vec<char> = d.iter().map(|(c, _)| *c).collect();
    let mut found = Vec::new();
    for k in 0..c.len().saturating_sub(2) {
        if c[k..k + 3] != [':', '/', '/'] {
            continue;
        }
        let from = k + 3;
        let end = (from..c.len())
            .find(|&i| matches!(c[i], '/' | '?' | '#') || c[i].is_whitespace())
            .unwrap_or(c.len());
        let Some(at) = (from..end).rev().find(|&i| c[i] == '@') else {
            continue;
        };
        if let Some(colon) = (from..at).find(|&i| c[i] == ':')
            && colon + 1 < at
        {
            found.push(d[colon + 1].1.start..d[at - 1].1.end);
        }
    }
    found
}
