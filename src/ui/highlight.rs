//! SQL highlighting for the editor with syntect. ratatui-textarea draws the text, cursor and
//! selection; this colours the visible cells afterwards. Syntaxes and theme load once; each
//! line's colours are cached with the parser state after it, so an edit re-highlights only from
//! the changed line down, and only as far as the screen shows.

use std::cell::RefCell;
use std::sync::OnceLock;

use ratatui::style::Color;
use syntect::highlighting::{
    HighlightState, Highlighter, RangedHighlightIterator, Theme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

struct Assets {
    syntaxes: SyntaxSet,
    theme: Theme,
}

fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let syntaxes = sql_syntax();
        let mut themes = ThemeSet::load_defaults();
        let wanted = super::theme::current().syntax.clone();
        let theme = themes
            .themes
            .remove(&wanted)
            .or_else(|| themes.themes.remove("base16-ocean.dark"))
            .or_else(|| themes.themes.into_values().next())
            .unwrap_or_default();
        Assets { syntaxes, theme }
    })
}

/// The SQL syntax of syntect's default set, alone (`examples/sql_syntax.rs` writes it).
pub fn sql_syntax() -> SyntaxSet {
    static DUMP: &[u8] = include_bytes!("../../assets/sql.packdump");
    syntect::dumps::from_reader(DUMP).unwrap_or_else(|_| SyntaxSet::new())
}

/// Loads the syntaxes and the theme on a thread of its own, so that the first keystroke does
/// not wait for them.
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("retort-syntect".into())
        .spawn(|| {
            assets();
        });
}

#[derive(Clone)]
struct CachedLine {
    text: String,
    /// Parser state after this line, for the next one.
    parse: ParseState,
    highlight: HighlightState,
    /// (colour, byte range) of the line's tokens.
    colours: Vec<(Color, std::ops::Range<usize>)>,
}

#[derive(Default)]
pub struct SqlHighlighter {
    cache: RefCell<Vec<CachedLine>>,
}

/// Lines longer than this are drawn without colours (and leave the parser state as it was):
/// syntect's cost grows with the line, and a keypress must stay well under a frame.
const LONGEST_HIGHLIGHTED: usize = 16 * 1024;

pub type Colours = Vec<(Color, std::ops::Range<usize>)>;

impl SqlHighlighter {
    /// Brings the cache up to line `last` (reusing cached lines up to the first change) and
    /// calls `with` on it.
    fn with_cache<R>(
        &self,
        lines: &[String],
        last: usize,
        with: impl FnOnce(&[CachedLine]) -> R,
    ) -> R {
        let a = assets();
        let mut cache = self.cache.borrow_mut();
        let Some(syntax) = a.syntaxes.find_syntax_by_extension("sql") else {
            return with(&[]);
        };
        let highlighter = Highlighter::new(&a.theme);
        let keep = cache
            .iter()
            .zip(lines)
            .take_while(|(c, l)| c.text == **l)
            .count();
        cache.truncate(keep);
        let upto = last.min(lines.len().saturating_sub(1));
        while cache.len() <= upto && cache.len() < lines.len() {
            let (mut parse, mut highlight) = match cache.last() {
                Some(prev) => (prev.parse.clone(), prev.highlight.clone()),
                None => (
                    ParseState::new(syntax),
                    HighlightState::new(&highlighter, ScopeStack::new()),
                ),
            };
            let text = lines[cache.len()].clone();
            let colours = if text.len() > LONGEST_HIGHLIGHTED {
                Vec::new()
            } else {
                let with_newline = format!("{text}\n");
                let ops = parse
                    .parse_line(&with_newline, &a.syntaxes)
                    .unwrap_or_default();
                RangedHighlightIterator::new(&mut highlight, &ops, &with_newline, &highlighter)
                    .filter(|(_, _, range)| range.start < text.len())
                    .map(|(style, _, range)| {
                        let c = style.foreground;
                        (
                            Color::Rgb(c.r, c.g, c.b),
                            range.start..range.end.min(text.len()),
                        )
                    })
                    .collect()
            };
            cache.push(CachedLine {
                text,
                parse,
                highlight,
                colours,
            });
        }
        with(&cache[..cache.len().min(upto + 1)])
    }

    #[cfg(test)]
    fn colours(&self, lines: &[String], last: usize) -> Vec<Colours> {
        self.with_cache(lines, last, |c| {
            c.iter().map(|l| l.colours.clone()).collect()
        })
    }

    /// Calls `f` with each visible line's index and colours (byte ranges), `top` to
    /// `top + height`, highlighting only as far down as the screen shows.
    pub fn for_rows(
        &self,
        lines: &[String],
        top: usize,
        height: usize,
        mut f: impl FnMut(usize, &Colours),
    ) {
        let last = (top + height).min(lines.len()).saturating_sub(1);
        self.with_cache(lines, last, |cache| {
            for r in top..(top + height).min(lines.len()) {
                match cache.get(r) {
                    Some(c) => f(r, &c.colours),
                    None => f(r, &Vec::new()),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_strings_and_comments_get_different_colours() {
        let h = SqlHighlighter::default();
        let lines = vec![
            "select 'text' -- note".to_string(),
            "from users".to_string(),
        ];
        let colours = h.colours(&lines, 1);
        assert_eq!(colours.len(), 2);
        let at = |line: usize, byte: usize| {
            colours[line]
                .iter()
                .find(|(_, r)| r.contains(&byte))
                .map(|(c, _)| *c)
        };
        let keyword = at(0, 0);
        let string = at(0, 8);
        let comment = at(0, 16);
        assert!(keyword.is_some() && string.is_some() && comment.is_some());
        assert_ne!(keyword, string);
        assert_ne!(string, comment);
        assert_eq!(at(1, 0), keyword, "FROM is a keyword too");
        // an edit on line 2 keeps line 1's cache
        let lines2 = vec![lines[0].clone(), "from posts".to_string()];
        assert_eq!(h.colours(&lines2, 1)[0], colours[0]);
    }
}
