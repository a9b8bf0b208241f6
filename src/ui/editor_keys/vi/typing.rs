//! Reading a vi command as it is typed: counts, and the motion of a key (`gg`, `f` and its
//! character, `;` and `,` included).

use crossterm::event::KeyEvent;

use super::motion::{self, Motion};
use super::{MAX_COUNT, Pending, Vi, plain};

impl Vi {
    /// A digit of a count (a `0` with none typed yet is the motion); whether it was one.
    pub(super) fn count_digit(&mut self, key: KeyEvent) -> bool {
        let Some(d) = plain(key).and_then(|c| c.to_digit(10)) else {
            return false;
        };
        let p = &mut self.pending;
        let slot = match p.op {
            Some(_) => &mut p.op_count,
            None => &mut p.count,
        };
        let waits = p.g || p.replace || p.object.is_some() || p.find.is_some();
        if d == 0 && slot.is_none() || waits {
            return false;
        }
        *slot = Some((slot.unwrap_or(0) * 10 + d as usize).min(MAX_COUNT));
        if p.op.is_some() {
            self.keys.push(key);
        }
        true
    }

    /// The motion of a key, `gg` included: Some(None) for a key that is no motion, None when
    /// the key was a `g` (now waiting for the second) or ended an unknown `g` command.
    pub(super) fn read_motion(&mut self, key: KeyEvent, p: &mut Pending) -> Option<Option<Motion>> {
        if let Some((back, till)) = p.find.take() {
            let ch = plain(key)?;
            self.last_find = Some((ch, back, till));
            return Some(Some(Motion::Find { ch, back, till }));
        }
        let was_g = std::mem::take(&mut p.g);
        match (was_g, plain(key)) {
            (true, Some('g')) => Some(Some(Motion::FirstLine)),
            (true, _) => None,
            (false, Some('g')) => {
                self.pending = Pending { g: true, ..*p };
                None
            }
            (false, Some(c @ ('f' | 't' | 'F' | 'T'))) => {
                let find = (c.is_ascii_uppercase(), c.eq_ignore_ascii_case(&'t'));
                self.pending = Pending {
                    find: Some(find),
                    ..*p
                };
                None
            }
            (false, Some(c @ (';' | ','))) => {
                Some(self.last_find.map(|(ch, back, till)| Motion::Find {
                    ch,
                    back: back != (c == ','),
                    till,
                }))
            }
            (false, _) => Some(motion::parse(key)),
        }
    }
}
