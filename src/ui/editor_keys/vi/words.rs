//! vi's words over the buffer's lines: runs of letters, digits and `_`, runs of other
//! non-blank characters; blanks and line ends between them; an empty line is a word of its own
//! for `w` and `b`. Positions are (row, char column); a column equal to the line's length is
//! its end (the line break).

pub type Pos = (usize, usize);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Blank,
    Empty,
    Word,
    Punct,
}

/// The lines, with the row last read kept as chars (a walk reads one row at a time).
pub struct Walker<'a> {
    lines: &'a [String],
    row: usize,
    chars: Vec<char>,
    /// vi's WORDs (`W`, `B`, `E`): any run of non-blank characters.
    pub big: bool,
}

impl<'a> Walker<'a> {
    pub fn new(lines: &'a [String]) -> Self {
        let chars = lines.first().map_or_else(Vec::new, |l| l.chars().collect());
        Walker {
            lines,
            row: 0,
            chars,
            big: false,
        }
    }

    fn load(&mut self, row: usize) {
        if row != self.row {
            self.row = row;
            self.chars = self
                .lines
                .get(row)
                .map_or_else(Vec::new, |l| l.chars().collect());
        }
    }

    pub fn len(&mut self, row: usize) -> usize {
        self.load(row);
        self.chars.len()
    }

    pub fn char_at(&mut self, (row, col): Pos) -> Option<char> {
        self.load(row);
        self.chars.get(col).copied()
    }

    fn class(&mut self, p: Pos) -> Class {
        match self.char_at(p) {
            None if self.len(p.0) == 0 => Class::Empty,
            None => Class::Blank,
            Some(c) if c.is_whitespace() => Class::Blank,
            Some(c) if self.big || c.is_alphanumeric() || c == '_' => Class::Word,
            Some(_) => Class::Punct,
        }
    }

    fn next(&mut self, (row, col): Pos) -> Option<Pos> {
        if col < self.len(row) {
            Some((row, col + 1))
        } else if row + 1 < self.lines.len() {
            Some((row + 1, 0))
        } else {
            None
        }
    }

    fn prev(&mut self, (row, col): Pos) -> Option<Pos> {
        if col > 0 {
            Some((row, col - 1))
        } else if row > 0 {
            Some((row - 1, self.len(row - 1)))
        } else {
            None
        }
    }

    /// `w`: the start of the next word (the buffer's end when there is none).
    pub fn forward(&mut self, mut p: Pos) -> Pos {
        let start = self.class(p);
        if matches!(start, Class::Word | Class::Punct) {
            while self.class(p) == start {
                let Some(n) = self.next(p) else { return p };
                p = n;
            }
        } else if let Some(n) = self.next(p) {
            p = n;
        }
        while self.class(p) == Class::Blank {
            let Some(n) = self.next(p) else { return p };
            p = n;
        }
        p
    }

    /// `e`: the last character of this word or the next; `here`: a word's last character is
    /// its own end (`cw`).
    pub fn end(&mut self, mut p: Pos, here: bool) -> Pos {
        if !here || matches!(self.class(p), Class::Blank | Class::Empty) {
            let Some(n) = self.next(p) else { return p };
            p = n;
        }
        while matches!(self.class(p), Class::Blank | Class::Empty) {
            let Some(n) = self.next(p) else { return p };
            p = n;
        }
        let class = self.class(p);
        while let Some(n) = self.next(p) {
            if self.class(n) != class {
                break;
            }
            p = n;
        }
        p
    }

    /// `b`: the start of this word or the one before.
    pub fn back(&mut self, p: Pos) -> Pos {
        let Some(mut p) = self.prev(p) else { return p };
        while self.class(p) == Class::Blank {
            let Some(b) = self.prev(p) else { return p };
            p = b;
        }
        let class = self.class(p);
        if class == Class::Empty {
            return p;
        }
        while let Some(b) = self.prev(p) {
            if self.class(b) != class {
                break;
            }
            p = b;
        }
        p
    }
}

/// The column of a line's first non-blank character (its end when it has none).
pub fn first_non_blank(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(String::from).collect()
    }

    #[test]
    fn words_forward_back_and_to_their_end() {
        let l = lines("select a.id, b  from\n\nusers");
        let mut w = Walker::new(&l);
        assert_eq!(w.forward((0, 0)), (0, 7));
        assert_eq!(w.forward((0, 7)), (0, 8));
        assert_eq!(w.forward((0, 11)), (0, 13));
        assert_eq!(w.forward((0, 16)), (1, 0), "an empty line is a word");
        assert_eq!(w.forward((1, 0)), (2, 0));
        assert_eq!(w.forward((2, 2)), (2, 5), "the end of the buffer");
        assert_eq!(w.end((0, 0), false), (0, 5));
        assert_eq!(w.end((0, 5), false), (0, 7));
        assert_eq!(w.end((0, 5), true), (0, 5));
        assert_eq!(w.end((0, 16), false), (0, 19));
        assert_eq!(
            w.end((0, 19), false),
            (2, 4),
            "over line ends and an empty line"
        );
        assert_eq!(w.back((2, 0)), (1, 0));
        assert_eq!(w.back((1, 0)), (0, 16));
        assert_eq!(w.back((0, 9)), (0, 8));
        assert_eq!(w.back((0, 7)), (0, 0));
        assert_eq!(w.back((0, 0)), (0, 0));
        w.big = true;
        assert_eq!(w.forward((0, 7)), (0, 13), "a.id, is one WORD");
        assert_eq!(w.end((0, 7), false), (0, 11));
        assert_eq!(w.back((0, 13)), (0, 7));
    }
}
