//! vi's visual mode: motions stretch the selection from where `v` or `V` started; d, y, c act
//! on it (characters through the cursor's, or whole lines) and go back to normal mode.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::edit::{cursor, jump};
use super::{Op, Pending, Vi, ViMode, ordered, plain, through};

impl Vi {
    pub(super) fn visual_key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        let ViMode::Visual { linewise } = self.mode else {
            return false;
        };
        if self.count_digit(key) {
            return false;
        }
        let mut p = std::mem::take(&mut self.pending);
        let Some(motion) = self.read_motion(key, &mut p) else {
            return false;
        };
        if let Some(m) = motion {
            self.move_by(ed, m, p);
            return false;
        }
        let c = plain(key);
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

    fn back_to_normal(&mut self) -> bool {
        self.mode = ViMode::Normal;
        false
    }
}
