//! vi's keys: normal, insert and visual (charwise `v`, linewise `V`) modes; motions, the
//! operators d c y, counts, undo as one step per change, and `.` (the keys of the last change
//! fed again).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

mod edit;
#[cfg(test)]
mod fuzz_tests;
mod insert;
mod motion;
mod normal;
mod objects;
mod small;
mod typing;
mod visual;
mod words;

use edit::{Register, Snapshots, clamp, cursor, line_len};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ViMode {
    #[default]
    Normal,
    Insert,
    Visual {
        linewise: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Delete,
    Change,
    Yank,
}

impl Op {
    fn key(self) -> char {
        match self {
            Op::Delete => 'd',
            Op::Change => 'c',
            Op::Yank => 'y',
        }
    }
}

/// A command being typed: its count, an operator waiting for its motion (and that motion's
/// own count), a `g` waiting for the second `g`, an `i` or `a` for a text object (`inner`),
/// an `r` for its character.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Pending {
    count: Option<usize>,
    op: Option<Op>,
    op_count: Option<usize>,
    g: bool,
    object: Option<bool>,
    replace: bool,
    /// `f` `t` `F` `T` waiting for the character: (back, till).
    find: Option<(bool, bool)>,
}

impl Pending {
    /// The count of the whole command (`2d3w` is six words), 1 when none was typed.
    fn total(&self) -> usize {
        self.count.unwrap_or(1) * self.op_count.unwrap_or(1)
    }
}

/// The largest count taken (a longer one is cut to it).
const MAX_COUNT: usize = 100_000;

#[derive(Debug, Default)]
pub struct Vi {
    mode: ViMode,
    pending: Pending,
    /// Where visual mode started.
    anchor: (usize, usize),
    register: Register,
    history: Snapshots,
    /// The keys of the change being typed (after its count), and its count.
    keys: Vec<KeyEvent>,
    change_count: Option<usize>,
    /// Whether the insert under way came from a command `.` can repeat.
    repeatable: bool,
    /// The insert under way repeats this many times at Esc (`3ix`), after its command.
    insert_times: Option<(usize, char)>,
    /// The last change: its count and its keys, for `.`.
    last: Option<(Option<usize>, Vec<KeyEvent>)>,
    /// The last `f` `t` `F` `T`: (character, back, till), for `;` and `,`.
    last_find: Option<(char, bool, bool)>,
}

fn plain(key: KeyEvent) -> Option<char> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    match key.code {
        KeyCode::Char(c) if mods.is_empty() => Some(c),
        _ => None,
    }
}

fn is_esc(key: KeyEvent) -> bool {
    key.code == KeyCode::Esc && key.modifiers.is_empty()
}

impl Vi {
    /// Keys type text now (insert mode).
    pub fn inserting(&self) -> bool {
        self.mode == ViMode::Insert
    }

    /// What the editor's title shows: the mode, and a command being typed.
    pub fn label(&self) -> String {
        let mode = match self.mode {
            ViMode::Normal => "-- NORMAL --",
            ViMode::Insert => "-- INSERT --",
            ViMode::Visual { linewise: false } => "-- VISUAL --",
            ViMode::Visual { linewise: true } => "-- VISUAL LINE --",
        };
        let p = self.pending;
        let typed: String = [
            p.count.map(|n| n.to_string()),
            p.op.map(|o| o.key().to_string()),
            p.op_count.map(|n| n.to_string()),
            p.g.then(|| "g".to_string()),
            p.object
                .map(|inner| if inner { "i" } else { "a" }.to_string()),
            p.replace.then(|| "r".to_string()),
            p.find.map(|f| {
                match f {
                    (false, false) => "f",
                    (false, true) => "t",
                    (true, false) => "F",
                    (true, true) => "T",
                }
                .to_string()
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        match typed.is_empty() {
            true => mode.to_string(),
            false => format!("{mode} {typed}"),
        }
    }

    /// The visual selection as (start, end not included), for drawing.
    pub fn selection(&self, ed: &TextArea<'static>) -> Option<crate::ui::editor_view::Selection> {
        let ViMode::Visual { linewise } = self.mode else {
            return None;
        };
        let (start, end) = ordered(self.anchor(ed), cursor(ed));
        Some(match linewise {
            true => ((start.0, 0), (end.0, usize::MAX)),
            false => (start, (end.0, end.1 + 1)),
        })
    }

    /// Keys vi takes before retort's global ones: Esc out of insert or visual mode or a
    /// command being typed, and Ctrl-R (redo) in normal mode. Some(changed) when taken.
    pub fn first(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> Option<bool> {
        let ctrl_r = key.code == KeyCode::Char('r') && key.modifiers == KeyModifiers::CONTROL;
        match self.mode {
            ViMode::Insert if is_esc(key) => Some(self.leave_insert(ed)),
            ViMode::Visual { .. } if is_esc(key) => {
                self.mode = ViMode::Normal;
                self.pending = Pending::default();
                Some(false)
            }
            ViMode::Normal if is_esc(key) && self.pending != Pending::default() => {
                self.pending = Pending::default();
                Some(false)
            }
            ViMode::Normal if ctrl_r => {
                let n = self.pending.total();
                self.pending = Pending::default();
                Some(self.redo(ed, n))
            }
            _ => None,
        }
    }

    /// Where visual mode started, kept inside the text (which may have changed under it).
    fn anchor(&self, ed: &TextArea<'static>) -> (usize, usize) {
        let row = self.anchor.0.min(ed.lines().len() - 1);
        (row, self.anchor.1.min(line_len(ed, row)))
    }

    /// A change made outside vi's keys (a paste, $EDITOR, a name put in from the tree): one
    /// undo step of its own, outside an insert under way; visual mode ends.
    pub fn outside(
        &mut self,
        ed: &mut TextArea<'static>,
        edit: impl FnOnce(&mut TextArea<'static>),
    ) -> bool {
        if self.mode == ViMode::Insert {
            edit(ed);
            return true;
        }
        self.mode = ViMode::Normal;
        self.pending = Pending::default();
        self.history.begin(ed);
        edit(ed);
        let changed = self.history.end(ed);
        clamp(ed);
        changed
    }

    /// Any other key; whether the text changed.
    pub fn key(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        match self.mode {
            ViMode::Insert => self.insert_key(ed, key),
            ViMode::Visual { .. } => self.visual_key(ed, key),
            ViMode::Normal => self.normal_key(ed, key),
        }
    }

    /// A key as if typed: vi's first, then the rest (for `.`).
    fn feed(&mut self, ed: &mut TextArea<'static>, key: KeyEvent) -> bool {
        match self.first(ed, key) {
            Some(changed) => changed,
            None => self.key(ed, key),
        }
    }

    fn undo(&mut self, ed: &mut TextArea<'static>, count: usize) -> bool {
        let undone = (0..count).filter(|_| self.history.undo(ed)).count() > 0;
        clamp(ed);
        undone
    }

    fn redo(&mut self, ed: &mut TextArea<'static>, count: usize) -> bool {
        let redone = (0..count).filter(|_| self.history.redo(ed)).count() > 0;
        clamp(ed);
        redone
    }

    /// `.`: the last change's keys again, with this count if one was typed.
    fn repeat(&mut self, ed: &mut TextArea<'static>, count: Option<usize>) -> bool {
        let Some((was, keys)) = self.last.clone() else {
            return false;
        };
        self.pending = Pending {
            count: count.or(was),
            ..Pending::default()
        };
        self.keys.clear();
        let mut changed = false;
        for key in keys {
            changed |= self.feed(ed, key);
        }
        changed
    }
}

fn ordered(a: (usize, usize), b: (usize, usize)) -> ((usize, usize), (usize, usize)) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The end of a charwise range that includes the character at `end`.
fn through(ed: &TextArea<'static>, end: (usize, usize)) -> (usize, usize) {
    (end.0, (end.1 + 1).min(line_len(ed, end.0)))
}
