//! SQL highlighting for the editor with syntect. ratatui-textarea draws the text, cursor and
//! selection; this colours the visible cells afterwards. Syntaxes and theme load once; each
//! line's colours are cached with the parser state after it, so an edit re-highlights only from
//! the changed line down, and only as far as the screen shows.

use std::cell::RefCell;
use std::sync::OnceLock;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use syntect::highlighting::{
    HighlightState, Highlighter, RangedHighlightIterator, Theme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use unicode_width::UnicodeWidthChar;

struct Assets {
    syntaxes: SyntaxSet,
    theme: Theme,
}

fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove("base16-ocean.dark")
            .or_else(|| themes.themes.into_values().next())
            .unwrap_or_default();
        Assets { syntaxes, theme }
    })
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

impl SqlHighlighter {
    /// Colours of lines `0..=last` (reusing cached lines up to the first change).
    fn colours(&self, lines: &[String], last: usize) -> Vec<Vec<(Color, std::ops::Range<usize>)>> {
        let a = assets();
        let Some(syntax) = a.syntaxes.find_syntax_by_extension("sql") else {
            return Vec::new();
        };
        let highlighter = Highlighter::new(&a.theme);
        let mut cache = self.cache.borrow_mut();
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
            let with_newline = format!("{text}\n");
            let ops = parse
                .parse_line(&with_newline, &a.syntaxes)
                .unwrap_or_default();
            let colours =
                RangedHighlightIterator::new(&mut highlight, &ops, &with_newline, &highlighter)
                    .filter(|(_, _, range)| range.start < text.len())
                    .map(|(style, _, range)| {
                        let c = style.foreground;
                        (
                            Color::Rgb(c.r, c.g, c.b),
                            range.start..range.end.min(text.len()),
                        )
                    })
                    .collect();
            cache.push(CachedLine {
                text,
                parse,
                highlight,
                colours,
            });
        }
        cache
            .iter()
            .take(upto + 1)
            .map(|c| c.colours.clone())
            .collect()
    }

    /// Colours the text the textarea drew into `area`, given its scroll offset and tab width.
    pub fn paint(
        &self,
        buf: &mut Buffer,
        area: Rect,
        lines: &[String],
        scroll: (u16, u16),
        tab: u8,
        cursor: (usize, usize),
    ) {
        let (top, left) = (scroll.0 as usize, scroll.1 as usize);
        let last = top + area.height as usize;
        let colours = self.colours(lines, last);
        for (row, line_colours) in colours
            .iter()
            .enumerate()
            .skip(top)
            .take(area.height as usize)
        {
            let y = area.y + (row - top) as u16;
            let line = &lines[row];
            let mut col = 0usize; // display column in the line
            for (byte, ch) in line.char_indices() {
                let width = if ch == '\t' {
                    tab as usize - col % tab as usize
                } else {
                    ch.width().unwrap_or(0)
                };
                let is_cursor = row == cursor.0 && line[..byte].chars().count() == cursor.1;
                if col >= left && col - left < area.width as usize && !is_cursor {
                    let colour = line_colours
                        .iter()
                        .find(|(_, r)| r.contains(&byte))
                        .map(|(c, _)| *c);
                    if let (Some(colour), Some(cell)) =
                        (colour, buf.cell_mut((area.x + (col - left) as u16, y)))
                    {
                        cell.set_fg(colour);
                    }
                }
                col += width;
            }
        }
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
