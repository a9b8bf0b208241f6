//! vi's normal mode: counts, motions, operators with a motion or doubled (dd, cc, yy), and the
//! commands that put, undo, insert, select or repeat.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::edit::{
    clamp, cursor, delete_lines, empty_lines, jump, line_len, lines_register, put, take_chars,
};
use super::motion::{self, Kind, Motion};
use super::{Op, Pending, Vi, ViMode, ordered, plain, through};

impl Vi {
    pub(super) fn normal_key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        if self.pending == Pending::default() {
            self.keys.clear();
        }
        if self.count_digit(key) {
            return false;
        }
        self.keys.push(key);
        self.change_count = self.pending.count;
        let mut p = std::mem::take(&mut self.pending);
        let c = plain(key);
        if let Some(done) = self.second_key(ed, c, p) {
            return done;
        }
        let Some(motion) = self.read_motion(key, &mut p) else {
            return false;
        };
        if let Some(op) = p.op {
            return match (c, motion) {
                (Some(k), _) if k == op.key() => self.op_lines(ed, op, p),
                (Some(k @ ('i' | 'a')), _) => {
                    self.pending = Pending {
                        object: Some(k == 'i'),
                        ..p
                    };
                    false
                }
                (_, Some(m)) => self.op_motion(ed, op, m, p),
                _ => false,
            };
        }
        match motion {
            Some(m) => {
                self.move_by(ed, m, p);
                false
            }
            None => self.command(ed, c, p),
        }
    }

    /// The key after `r` (its character) or after an operator's `i` / `a` (the object);
    /// None when neither waits.
    fn second_key(
        &mut self,
        ed: &mut TextArea<'static>,
        c: Option<char>,
        p: Pending,
    ) -> Option<bool> {
        if p.replace {
            return Some(c.is_some_and(|c| self.replace_chars(ed, c, p.total())));
        }
        let inner = p.object?;
        Some(match (p.op, c) {
            (Some(op), Some(c)) => self.op_object(ed, op, c, inner),
            _ => false,
        })
    }

    /// The count as typed, for motions that take it as a line number (`5G`).
    fn explicit(p: Pending) -> Option<usize> {
        (p.count.is_some() || p.op_count.is_some()).then(|| p.total())
    }

    pub(super) fn move_by(&mut self, ed: &mut TextArea<'static>, m: Motion, p: Pending) {
        let (to, _) = motion::target(ed.lines(), cursor(ed), m, p.total(), Self::explicit(p));
        jump(ed, to);
        clamp(ed);
    }

    fn op_motion(&mut self, ed: &mut TextArea<'static>, op: Op, m: Motion, p: Pending) -> bool {
        let from = cursor(ed);
        let lines = ed.lines();
        let (mut to, mut kind) = motion::target(lines, from, m, p.total(), Self::explicit(p));
        if matches!(m, Motion::WordForward | Motion::BigWordForward) {
            if op == Op::Change && !motion::on_blank(lines, from) {
                let big = m == Motion::BigWordForward;
                (to, kind) = (
                    motion::change_word_end(lines, from, p.total(), big),
                    Kind::Inclusive,
                );
            } else if to.0 > from.0 {
                // the last word of a line: to its end, not to the next line's first word
                (to, kind) = ((to.0 - 1, line_len(ed, to.0 - 1)), Kind::Exclusive);
            }
        }
        if kind == Kind::Linewise {
            return self.op_rows(ed, op, from.0.min(to.0), from.0.max(to.0));
        }
        let (start, end) = ordered(from, to);
        let end = match kind {
            Kind::Inclusive => through(ed, end),
            _ => end,
        };
        self.op_chars(ed, op, start, end)
    }

    /// dd, cc, yy: the count's lines from the cursor's.
    fn op_lines(&mut self, ed: &mut TextArea<'static>, op: Op, p: Pending) -> bool {
        let row = cursor(ed).0;
        let last = (row + p.total() - 1).min(ed.lines().len() - 1);
        self.op_rows(ed, op, row, last)
    }

    pub(super) fn op_chars(
        &mut self,
        ed: &mut TextArea<'static>,
        op: Op,
        start: (usize, usize),
        end: (usize, usize),
    ) -> bool {
        if op == Op::Yank {
            self.register = take_chars(ed, start, end, false);
            clamp(ed);
            return false;
        }
        self.history.begin(ed);
        let taken = take_chars(ed, start, end, true);
        if !taken.text.is_empty() {
            self.register = taken;
        }
        match op {
            Op::Change => {
                self.enter_insert(true);
                true
            }
            _ => self.finish(ed),
        }
    }

    pub(super) fn op_rows(
        &mut self,
        ed: &mut TextArea<'static>,
        op: Op,
        first: usize,
        last: usize,
    ) -> bool {
        self.register = lines_register(ed, first, last);
        match op {
            Op::Yank => {
                let col = cursor(ed).1;
                jump(ed, (first, col));
                clamp(ed);
                false
            }
            Op::Delete => {
                self.history.begin(ed);
                delete_lines(ed, first, last);
                self.finish(ed)
            }
            Op::Change => {
                self.history.begin(ed);
                empty_lines(ed, first, last);
                self.enter_insert(true);
                true
            }
        }
    }

    /// A change done in normal mode ends: one undo step, and what `.` repeats.
    pub(super) fn finish(&mut self, ed: &mut TextArea<'static>) -> bool {
        let changed = self.history.end(ed);
        if changed && !self.keys.is_empty() {
            self.last = Some((self.change_count, std::mem::take(&mut self.keys)));
        }
        clamp(ed);
        changed
    }

    fn command(&mut self, ed: &mut TextArea<'static>, c: Option<char>, p: Pending) -> bool {
        use Motion::*;
        let Some(c) = c else { return false };
        let operator = |op: Op| Pending {
            op: Some(op),
            count: p.count,
            ..Pending::default()
        };
        match c {
            'd' => self.pending = operator(Op::Delete),
            'c' => self.pending = operator(Op::Change),
            'y' => self.pending = operator(Op::Yank),
            'x' => return self.op_motion(ed, Op::Delete, Right, p),
            'X' => return self.op_motion(ed, Op::Delete, Left, p),
            's' => return self.op_motion(ed, Op::Change, Right, p),
            'D' => return self.op_motion(ed, Op::Delete, LineEnd, p),
            'Y' => return self.op_lines(ed, Op::Yank, p),
            'S' => return self.op_lines(ed, Op::Change, p),
            'C' => return self.op_motion(ed, Op::Change, LineEnd, p),
            'p' | 'P' => {
                self.history.begin(ed);
                put(ed, &self.register.clone(), c == 'P', p.total());
                return self.finish(ed);
            }
            'u' => return self.undo(ed, p.total()),
            'r' => {
                self.pending = Pending {
                    replace: true,
                    count: p.count,
                    ..Pending::default()
                }
            }
            '~' => return self.switch_case(ed, p.total()),
            'J' => return self.join(ed, p.total()),
            'i' | 'a' | 'I' | 'A' | 'o' | 'O' => return self.insert_at(ed, c, p.total()),
            'v' | 'V' => {
                self.mode = ViMode::Visual { linewise: c == 'V' };
                self.anchor = cursor(ed);
            }
            '.' => return self.repeat(ed, p.count),
            _ => {}
        }
        false
    }
}
