//! Reading pieces of SQL text that catalogs hand back (CREATE statements, expression lists).

/// The characters of `s` outside quoted strings and identifiers, each with the parenthesis
/// depth just before it.
fn unquoted(s: &str) -> impl Iterator<Item = (usize, char, i32)> + '_ {
    let mut quote: Option<char> = None;
    let mut depth = 0;
    s.char_indices().filter_map(move |(i, c)| match quote {
        Some(q) => {
            if c == q {
                quote = None;
            }
            None
        }
        None => {
            let before = depth;
            match c {
                '\'' | '"' | '`' => {
                    quote = Some(c);
                    return None;
                }
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            Some((i, c, before))
        }
    })
}

/// The text inside the parenthesis that `s` opens with.
pub fn balanced(s: &str) -> Option<&str> {
    unquoted(s)
        .find(|&(_, c, depth)| c == ')' && depth == 1)
        .map(|(i, _, _)| &s[1..i])
}

/// The comma-separated parts of `s` outside parentheses and quotes.
pub fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _, _) in unquoted(s).filter(|&(_, c, depth)| c == ',' && depth == 0) {
        out.push(&s[start..i]);
        start = i + 1;
    }
    out.push(&s[start..]);
    out
}

/// The words of `s` outside quoted strings and names and `--` comments, upper-cased.
pub fn bare_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut end_of_last: Option<usize> = None;
    let mut comment = false;
    for (i, c, _) in unquoted(s) {
        // a quoted stretch ends a word
        if end_of_last.is_some_and(|e| e != i) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        end_of_last = Some(i + c.len_utf8());
        if comment {
            comment = c != '\n';
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word.push(c.to_ascii_uppercase());
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        comment = c == '-' && s[i + 1..].starts_with('-');
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_pieces() {
        assert_eq!(
            split_top_level("lower(a), coalesce(b, 'x,y'), c"),
            vec!["lower(a)", " coalesce(b, 'x,y')", " c"]
        );
        assert_eq!(balanced("(a (b) c) d"), Some("a (b) c"));
    }

    #[test]
    fn bare_words_skip_quotes_and_comments() {
        assert_eq!(
            bare_words(
                "create table \"autoincrement\" (id integer -- autoincrement\n) without rowid"
            ),
            vec!["CREATE", "TABLE", "ID", "INTEGER", "WITHOUT", "ROWID"]
        );
        assert!(
            bare_words("create table t (x text default 'AUTOINCREMENT')")
                .iter()
                .all(|w| w != "AUTOINCREMENT")
        );
    }
}
