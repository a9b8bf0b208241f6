//! The secrets in SQL text, found from the tokens the servers read (never from patterns over
//! the text): after the word PASSWORD (or `…_PASSWORD`), the next string, whatever its quoting,
//! or all of `PASSWORD(…)`; every string of a MySQL `IDENTIFIED [WITH plugin] BY / AS / USING`
//! clause; the value of `password=` and of `user:…@` inside any string (a conninfo or a URL
//! for dblink, postgres_fdw, a subscription, FEDERATED). Every reading a server may use counts
//! (PostgreSQL, MySQL, SQLite; backslashes escaping or not), and text none of them can read to
//! its end is kept out from its first PASSWORD / IDENTIFIED on: when in doubt, more is hidden.

use std::ops::Range;

use super::lex::{self, LexOptions, Spanned, Token};
use super::secret_strings::{body_of, inner_secrets, nested_sql};
use super::url::EngineKind;

/// What a statement opened for editing gets in place of a secret that was not kept: not valid
/// SQL on any engine, so that it never runs as it stands.
pub const SECRET_MARKER: &str = "<secret redacted: type it again>";

/// Where a secret is in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// The secret with its quotes (the marker replaces it).
    pub whole: Range<usize>,
    /// What is between the quotes (`***` replaces it).
    pub body: Range<usize>,
    /// Whether it runs to the end of a text that cannot be read to its end (` '***` replaces
    /// its body: still a string left open, so that the redacted text is found again).
    pub open_ended: bool,
}

/// Every secret of `sql` under every reading, merged, in order.
pub fn find_secrets(sql: &str) -> Vec<Secret> {
    let mut found = Vec::new();
    for engine in [EngineKind::Postgres, EngineKind::MySql, EngineKind::Sqlite] {
        for opts in LexOptions::all_readings(engine) {
            found.extend(Scan::new(sql, opts).run());
        }
    }
    merge(found)
}

/// Whether `sql` holds a secret (a redacted one too: `password '***'`).
pub fn has_secrets(sql: &str) -> bool {
    !find_secrets(sql).is_empty()
}

/// `sql` with what is between the quotes of each secret replaced by `***` (for logs).
pub fn redact_secrets(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut pos = 0;
    for s in find_secrets(sql) {
        out.push_str(&sql[pos..s.body.start]);
        out.push_str(if s.open_ended { " '***" } else { "***" });
        pos = s.body.end;
    }
    out.push_str(&sql[pos..]);
    out
}

/// `text` (a server's message about `sql`, which may quote it) without the secrets of `sql`.
pub fn redact_known(text: &str, sql: &str) -> String {
    let mut out = text.to_string();
    for s in find_secrets(sql) {
        let secret = sql[s.body].trim_start_matches([' ', '\'', '"']);
        if secret.trim().is_empty() || out.is_empty() {
            continue;
        }
        out = out.replace(secret, "***");
        // a server that quotes the statement cuts it short (MariaDB's `near '…'` stops after
        // 80 characters): the longest beginning of the secret the text still holds goes too
        let ends: Vec<usize> = secret
            .char_indices()
            .map(|(i, _)| i)
            .chain([secret.len()])
            .filter(|&i| i >= SHORTEST_PREFIX.min(secret.len()))
            .collect();
        for &end in ends.iter().rev() {
            let prefix = &secret[..end];
            if out.contains(prefix) {
                out = out.replace(prefix, "***");
                break;
            }
        }
        // a text unreadable to its end: where the secret starts in it is not known, so each
        // of its words goes
        if s.open_ended {
            for word in secret.split(|c: char| c.is_whitespace() || "'\"`\\".contains(c)) {
                let keyword = ["by", "as", "with", "using", "identified", "password"]
                    .contains(&word.to_ascii_lowercase().as_str());
                if word.chars().count() >= 3 && !keyword {
                    out = out.replace(word, "***");
                }
            }
        }
    }
    out
}

/// The shortest beginning of a secret that `redact_known` takes out of a server's message.
const SHORTEST_PREFIX: usize = 4;

/// `sql` with each secret, quotes and all, replaced by [`SECRET_MARKER`] (for text that may be
/// edited and run again: the saved buffer, a history entry opened in the editor).
pub fn mark_secrets(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut pos = 0;
    for s in find_secrets(sql) {
        out.push_str(&sql[pos..s.whole.start]);
        out.push_str(SECRET_MARKER);
        pos = s.whole.end;
    }
    out.push_str(&sql[pos..]);
    out
}

/// Sorted, and overlapping secrets joined into one.
fn merge(mut found: Vec<Secret>) -> Vec<Secret> {
    found.sort_by_key(|s| (s.whole.start, s.whole.end));
    let mut out: Vec<Secret> = Vec::with_capacity(found.len());
    for s in found {
        match out.last_mut() {
            Some(last) if s.whole.start < last.whole.end || s.whole == last.whole => {
                last.whole.end = last.whole.end.max(s.whole.end);
                last.body.start = last.body.start.min(s.body.start);
                last.body.end = last.body.end.max(s.body.end);
                last.open_ended |= s.open_ended;
            }
            _ => out.push(s),
        }
    }
    out
}

/// One reading of a text, and the secrets it finds.
struct Scan<'a> {
    sql: &'a str,
    opts: LexOptions,
    toks: Vec<Spanned>,
    /// Where the text stops being readable.
    failed_at: Option<usize>,
    out: Vec<Secret>,
}

impl<'a> Scan<'a> {
    fn new(sql: &'a str, opts: LexOptions) -> Self {
        let (toks, failed_at) = lex::partial_tokens(sql, opts);
        Scan {
            sql,
            opts,
            toks,
            failed_at,
            out: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Secret> {
        let mut i = 0;
        // whether the statement so far set a password (REPLACE 'old' is one too)
        let mut setting = false;
        while i < self.toks.len() {
            i = match &self.toks[i].0 {
                Token::Punct(';') => {
                    setting = false;
                    i + 1
                }
                Token::Word(w) if is_password_word(w) => {
                    setting = true;
                    self.password_value(i + 1)
                }
                Token::Word(w) if w == "IDENTIFIED" => {
                    setting = true;
                    self.auth_clause(i + 1)
                }
                Token::Word(w) if w == "REPLACE" && setting && self.is_string(i + 1) => {
                    self.strings_from(i + 1)
                }
                _ => i + 1,
            };
        }
        self.strings_inside();
        self.doubt();
        self.out
    }

    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i).map(|(t, _)| t)
    }

    fn is_string(&self, i: usize) -> bool {
        matches!(self.tok(i), Some(Token::Literal | Token::QuotedName))
    }

    /// After PASSWORD: `[FOR user] [=]` then a string, or `(…)`.
    fn password_value(&mut self, mut j: usize) -> usize {
        if matches!(self.tok(j), Some(Token::Word(w)) if w == "FOR") {
            while !matches!(self.tok(j), None | Some(Token::Punct('=' | ';'))) {
                j += 1;
            }
        }
        while matches!(self.tok(j), Some(Token::Punct('=' | ':'))) {
            j += 1;
        }
        if matches!(self.tok(j), Some(Token::Punct('('))) {
            return self.group(j);
        }
        if matches!(self.tok(j), Some(Token::Word(w)) if is_introducer(w)) && self.is_string(j + 1)
        {
            j += 1;
        }
        if self.is_string(j) {
            return self.strings_from(j);
        }
        if j >= self.toks.len() {
            self.rest_from_failure();
        }
        j
    }

    /// MySQL's `IDENTIFIED …` up to the next user or the end of the statement: every string
    /// but a plugin's name.
    fn auth_clause(&mut self, mut j: usize) -> usize {
        let mut depth = 0usize;
        let mut plugin_next = false;
        while let Some(t) = self.tok(j) {
            match t {
                Token::Punct(';') => return j,
                Token::Punct(',') if depth == 0 => return j,
                Token::Punct('(') => depth += 1,
                Token::Punct(')') => depth = depth.saturating_sub(1),
                Token::Word(w) => {
                    plugin_next = w == "WITH" || w == "VIA";
                    j += 1;
                    continue;
                }
                Token::Literal | Token::QuotedName if !plugin_next => self.push_token(j),
                _ => {}
            }
            plugin_next = false;
            j += 1;
        }
        self.rest_from_failure();
        j
    }

    /// `(…)` after PASSWORD: all of it.
    fn group(&mut self, open: usize) -> usize {
        let mut depth = 0usize;
        let start = self.toks[open].1.end;
        for j in open..self.toks.len() {
            match self.toks[j].0 {
                Token::Punct('(') => depth += 1,
                Token::Punct(')') => {
                    depth -= 1;
                    if depth == 0 {
                        let end = self.toks[j].1.start;
                        self.push(start..end, start..end);
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        self.push_open_ended(start);
        self.toks.len()
    }

    /// The string at `j` and those right after it (adjacent strings are one to the server).
    fn strings_from(&mut self, mut j: usize) -> usize {
        while self.is_string(j) {
            self.push_token(j);
            j += 1;
        }
        if j >= self.toks.len() {
            self.rest_from_failure();
        }
        j
    }

    fn push_token(&mut self, j: usize) {
        let whole = self.toks[j].1.clone();
        let body = body_of(self.sql, whole.clone());
        self.push(whole, body);
    }

    fn push(&mut self, whole: Range<usize>, body: Range<usize>) {
        self.out.push(Secret {
            whole,
            body,
            open_ended: false,
        });
    }

    /// Everything from `start` to the end of the text.
    fn push_open_ended(&mut self, start: usize) {
        let r = start..self.sql.len();
        self.out.push(Secret {
            whole: r.clone(),
            body: r,
            open_ended: true,
        });
    }

    /// The secret that was due when the text stopped being readable: all of the rest.
    fn rest_from_failure(&mut self) {
        if let Some(at) = self.failed_at {
            self.push_open_ended(at);
        }
    }

    /// Passwords inside strings: conninfo `password=…`, URL `user:…@`.
    fn strings_inside(&mut self) {
        for j in 0..self.toks.len() {
            if self.toks[j].0 != Token::Literal {
                continue;
            }
            let uescape = match (self.tok(j + 1), self.toks.get(j + 2)) {
                (Some(Token::Word(w)), Some((Token::Literal, r))) if w == "UESCAPE" => {
                    self.sql[r.clone()].chars().nth(1)
                }
                _ => None,
            };
            let range = self.toks[j].1.clone();
            let nested = nested_sql(self.sql, range.clone(), self.opts, uescape);
            // SQL built from pieces: `format('… password %L', '…')`, `concat('… identified
            // by ', quote('…'))`: every later string of the statement may be the secret
            if nested.as_deref().is_some_and(ends_with_trigger) {
                self.later_strings(j + 1);
            }
            let inner = inner_secrets(self.sql, range.clone(), self.opts, uescape);
            // else SQL inside the string that sets a password: the whole string is secret
            if inner.is_empty()
                && let Some(nested) = nested
                && has_secrets(&nested)
            {
                let body = body_of(self.sql, range.clone());
                self.push(range, body);
                continue;
            }
            for r in inner {
                self.push(r.clone(), r);
            }
        }
    }

    /// Every string from token `from` to the end of its statement, as secrets.
    fn later_strings(&mut self, from: usize) {
        for k in from..self.toks.len() {
            match &self.toks[k] {
                (Token::Punct(';'), _) => return,
                (Token::Literal, r) => {
                    let body = body_of(self.sql, r.clone());
                    self.push(r.clone(), body);
                }
                _ => {}
            }
        }
    }

    /// Text that cannot be read to its end: from the first PASSWORD / IDENTIFIED of the
    /// statement it stops in (in its code, its strings or the unreadable rest) to the end.
    fn doubt(&mut self) {
        let Some(at) = self.failed_at else {
            return;
        };
        let from = self
            .toks
            .iter()
            .rev()
            .find(|(t, _)| *t == Token::Punct(';'))
            .map_or(0, |(_, r)| r.end)
            .min(at);
        if let Some((k, len)) = trigger_in(&self.sql[from..]) {
            self.push_open_ended(from + k + len);
        }
    }
}

/// Whether SQL text ends where its password would follow (`… password`, `… identified by`,
/// then perhaps a placeholder a formatting function fills: `%L`, `%s`, `?`, `$1`).
fn ends_with_trigger(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut t = lower.trim_end();
    for placeholder in ["%l", "%s", "%i", "?"] {
        t = t.strip_suffix(placeholder).unwrap_or(t).trim_end();
    }
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let t = t.strip_suffix('$').unwrap_or(t).trim_end();
    let last = t
        .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    last == "password"
        || last.ends_with("_password")
        || (lower.contains("identified") && matches!(last, "by" | "as" | "using"))
}

/// The first PASSWORD or IDENTIFIED in a text, any case: (offset, length).
fn trigger_in(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    ["password", "identified"]
        .iter()
        .filter_map(|w| lower.find(w).map(|k| (k, w.len())))
        .min()
}

fn is_password_word(w: &str) -> bool {
    w == "PASSWORD" || w.ends_with("_PASSWORD")
}

/// A word that may stand right before a string and belongs to it (`N'…'`, `_utf8mb4'…'`).
fn is_introducer(w: &str) -> bool {
    w.starts_with('_') || matches!(w, "N" | "X" | "B")
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
