//! vi's text objects after an operator (`diw`, `ca"`, `yi(`) and `%`: the stretch of text
//! each names around the cursor, as (start, end not included).

use super::words::Pos;

/// The buffer as one run of characters, a line break after each line but the last, with the
/// position of each.
struct Flat {
    chars: Vec<(Pos, char)>,
}

impl Flat {
    fn new(lines: &[String]) -> Flat {
        let mut chars = Vec::new();
        for (row, line) in lines.iter().enumerate() {
            let mut col = 0;
            for ch in line.chars() {
                chars.push(((row, col), ch));
                col += 1;
            }
            if row + 1 < lines.len() {
                chars.push(((row, col), '\n'));
            }
        }
        Flat { chars }
    }

    fn index(&self, at: Pos) -> Option<usize> {
        self.chars.binary_search_by(|(p, _)| p.cmp(&at)).ok()
    }

    /// The position after the character at `i` (the end of a range that includes it).
    fn after(&self, i: usize) -> Pos {
        let ((row, col), ch) = self.chars[i];
        match ch {
            '\n' => (row + 1, 0),
            _ => (row, col + 1),
        }
    }

    /// The bracket matching the one at `i`, counting nested pairs.
    fn matching(&self, i: usize) -> Option<usize> {
        let (open, close, forward) = match self.chars[i].1 {
            '(' => ('(', ')', true),
            '[' => ('[', ']', true),
            '{' => ('{', '}', true),
            ')' => ('(', ')', false),
            ']' => ('[', ']', false),
            '}' => ('{', '}', false),
            _ => return None,
        };
        let mut depth = 0usize;
        let step = |j: usize| {
            if forward {
                j.checked_add(1)
            } else {
                j.checked_sub(1)
            }
        };
        let mut j = Some(i);
        while let Some(k) = j.filter(|&k| k < self.chars.len()) {
            match self.chars[k].1 {
                c if c == open && forward || c == close && !forward => depth += 1,
                c if c == close && forward || c == open && !forward => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
            j = step(k);
        }
        None
    }
}

/// `%`: from the first bracket at or after the cursor on its line, to its match.
pub fn match_bracket(lines: &[String], at: Pos) -> Option<Pos> {
    let flat = Flat::new(lines);
    let start = flat.index(at)?;
    let i = (start..flat.chars.len())
        .take_while(|&k| flat.chars[k].0.0 == at.0)
        .find(|&k| "()[]{}".contains(flat.chars[k].1))?;
    flat.matching(i).map(|k| flat.chars[k].0)
}

/// The text object `object` (after `i`, `inner`, or `a`) around `at`.
pub fn object(lines: &[String], at: Pos, object: char, inner: bool) -> Option<(Pos, Pos)> {
    match object {
        'w' => word(lines, at, inner),
        '"' | '\'' | '`' => quoted(lines, at, object, inner),
        '(' | ')' | 'b' => bracketed(lines, at, '(', inner),
        '[' | ']' => bracketed(lines, at, '[', inner),
        '{' | '}' | 'B' => bracketed(lines, at, '{', inner),
        _ => None,
    }
}

fn class(c: char) -> u8 {
    match c {
        c if c.is_whitespace() => 0,
        c if c.is_alphanumeric() || c == '_' => 1,
        _ => 2,
    }
}

/// `iw`: the run of word, other or blank characters under the cursor; `aw` with the blanks
/// after it (before it when none follow).
fn word(lines: &[String], (row, col): Pos, inner: bool) -> Option<(Pos, Pos)> {
    let chars: Vec<char> = lines.get(row)?.chars().collect();
    let here = class(*chars.get(col)?);
    let same = |k: &usize| class(chars[*k]) == here;
    let start = (0..col).rev().take_while(|k| same(k)).last().unwrap_or(col);
    let mut end = (col..chars.len())
        .take_while(|k| same(k))
        .last()
        .unwrap_or(col)
        + 1;
    let mut start_at = start;
    if !inner && here != 0 {
        let blanks = (end..chars.len())
            .take_while(|&k| class(chars[k]) == 0)
            .count();
        if blanks > 0 {
            end += blanks;
        } else {
            start_at -= (0..start)
                .rev()
                .take_while(|&k| class(chars[k]) == 0)
                .count();
        }
    }
    Some(((row, start_at), (row, end)))
}

/// `i"`: inside the quotes around the cursor on its line (else the next pair after it); `a"`
/// with the quotes and the blanks after them (else before them).
fn quoted(lines: &[String], (row, col): Pos, quote: char, inner: bool) -> Option<(Pos, Pos)> {
    let chars: Vec<char> = lines.get(row)?.chars().collect();
    let marks: Vec<usize> = (0..chars.len()).filter(|&k| chars[k] == quote).collect();
    let (open, close) = marks
        .chunks_exact(2)
        .map(|p| (p[0], p[1]))
        .find(|&(_, close)| col <= close)?;
    if inner {
        return Some(((row, open + 1), (row, close)));
    }
    // with the blanks after the closing quote, else those before the opening one
    let blank = |k: &usize| chars[*k].is_whitespace();
    let after = (close + 1..chars.len()).take_while(blank).count();
    let before = match after {
        0 => (0..open).rev().take_while(blank).count(),
        _ => 0,
    };
    Some(((row, open - before), (row, close + 1 + after)))
}

/// `i(`: inside the innermost brackets around the cursor, over lines; `a(` with them.
fn bracketed(lines: &[String], at: Pos, open: char, inner: bool) -> Option<(Pos, Pos)> {
    let flat = Flat::new(lines);
    let here = flat.index(at).or_else(|| flat.chars.len().checked_sub(1))?;
    let close = match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    // back from the cursor to the bracket that opens the pair around it
    let mut depth = 0usize;
    let mut k = here;
    let start = loop {
        let c = flat.chars[k].1;
        if c == close && k != here {
            depth += 1;
        } else if c == open {
            if depth == 0 {
                break k;
            }
            depth -= 1;
        }
        k = k.checked_sub(1)?;
    };
    let end = flat.matching(start)?;
    Some(match inner {
        true => (flat.after(start), flat.chars[end].0),
        false => (flat.chars[start].0, flat.after(end)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(String::from).collect()
    }

    #[test]
    fn objects_and_brackets() {
        let l = lines("select f(a, (b)) from \"my t\"\nwhere x in (1,\n 2)");
        assert_eq!(object(&l, (0, 2), 'w', true), Some(((0, 0), (0, 6))));
        assert_eq!(object(&l, (0, 2), 'w', false), Some(((0, 0), (0, 7))));
        assert_eq!(object(&l, (0, 9), '(', true), Some(((0, 9), (0, 15))));
        assert_eq!(object(&l, (0, 13), 'b', false), Some(((0, 12), (0, 15))));
        assert_eq!(object(&l, (0, 2), '"', true), Some(((0, 23), (0, 27))));
        assert_eq!(object(&l, (0, 24), '"', false), Some(((0, 21), (0, 28))));
        assert_eq!(object(&l, (1, 13), '(', true), Some(((1, 12), (2, 2))));
        assert_eq!(object(&l, (0, 2), '(', true), None);
        assert_eq!(match_bracket(&l, (0, 0)), Some((0, 15)));
        assert_eq!(match_bracket(&l, (0, 15)), Some((0, 8)));
        assert_eq!(match_bracket(&l, (1, 0)), Some((2, 2)));
    }
}
