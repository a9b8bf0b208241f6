//! vi's visual mode: motions stretch the selection from where `v` or `V` started; d, y, c act
//! on it (characters through the cursor's, or whole lines) and go back to normal mode.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::edit::{
    cursor, delete_lines, empty_lines, jump, line_len, lines_register, put, take_chars,
};
use super::{Op, Pending, Vi, ViMode, objects, ordered, plain, through};

impl Vi {
    pub(super) fn visual_key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        let ViMode::Visual { linewise } = self.mode else {
            return false;
        };
        if self.count_digit(key) {
            return false;
        }
        let mut p = std::mem::take(&mut self.pending);
        let c = plain(key);
        if let Some(inner) = p.object {
            self.select_object(ed, c, inner);
            return false;
        }
        if let Some(k @ ('i' | 'a')) = c {
            self.pending = Pending {
                object: Some(k == 'i'),
                ..p
            };
            return false;
        }
        let Some(motion) = self.read_motion(key, &mut p) else {
            return false;
        };
        if let Some(m) = motion {
            self.move_by(ed, m, p);
            return false;
        }
        let op = match c {
            Some('v') if !linewise => return self.back_to_normal(),
            Some('V') if linewise => return self.back_to_normal(),
            Some(v @ ('v' | 'V')) => {
                self.mode = ViMode::Visual { linewise: v == 'V' };
                return false;
            }
            Some('o') => {
                let here = cursor(ed);
                jump(ed, self.anchor(ed));
                self.anchor = here;
                return false;
            }
            Some('p' | 'P') => return self.replace_selection(ed, linewise),
            Some('d' | 'x' | 'X' | 'D') => Op::Delete,
            Some('y' | 'Y') => Op::Yank,
            Some('c' | 's' | 'C' | 'S') => Op::Change,
            _ => return false,
        };
        self.mode = ViMode::Normal;
        self.pending = Pending::default();
        // a change made on a selection is not one `.` repeats
        self.keys.clear();
        let (start, end) = ordered(self.anchor(ed), cursor(ed));
        let changed = match linewise {
            true => self.op_rows(ed, op, start.0, end.0),
            false => self.op_chars(ed, op, start, through(ed, end)),
        };
        if self.mode == ViMode::Insert {
            self.repeatable = false;
        }
        changed
    }

    /// `p` in visual mode: the selection gives way to what was yanked, and is yanked itself.
    fn replace_selection(&mut self, ed: &mut TextArea<'static>, linewise: bool) -> bool {
        let put_back = self.register.clone();
        let (start, end) = ordered(self.anchor(ed), cursor(ed));
        self.mode = ViMode::Normal;
        self.keys.clear();
        self.history.begin(ed);
        if linewise {
            self.register = lines_register(ed, start.0, end.0);
            let last_lines = end.0 + 1 == ed.lines().len();
            match put_back.linewise {
                true => {
                    delete_lines(ed, start.0, end.0);
                    let after = last_lines && start.0 > 0;
                    put(ed, &put_back, !after, 1);
                }
                false => {
                    empty_lines(ed, start.0, end.0);
                    ed.insert_str(&put_back.text);
                }
            }
        } else {
            self.register = take_chars(ed, start, through(ed, end), true);
            put(ed, &put_back, true, 1);
        }
        self.finish(ed)
    }

    /// `viw`, `va(`…: the selection becomes the text object around the cursor.
    fn select_object(&mut self, ed: &mut TextArea<'static>, c: Option<char>, inner: bool) {
        let found = c.and_then(|c| objects::object(ed.lines(), cursor(ed), c, inner));
        let Some((start, end)) = found.filter(|(s, e)| s < e) else {
            return;
        };
        self.anchor = start;
        // the last character taken: the end is not included (a line break before it counts)
        let last = match end {
            (row, 0) => (row - 1, line_len(ed, row - 1)),
            (row, col) => (row, col - 1),
        };
        jump(ed, last);
    }

    fn back_to_normal(&mut self) -> bool {
        self.mode = ViMode::Normal;
        false
    }
}
