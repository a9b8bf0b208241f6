//! A backslash command's line as psql reads it: the name right after the backslash, then its
//! arguments to the end of the line.

use super::Ending;

/// The command starting at a backslash: its name and arguments, and where its line ends.
pub(super) struct CommandLine<'a> {
    pub name: &'a str,
    pub args: &'a str,
    /// Where its line ends (the `\n`, or the end of the script).
    pub end: usize,
    /// Where the backslash is.
    pub at: usize,
}

impl<'a> CommandLine<'a> {
    pub fn read(script: &'a str, at: usize) -> Self {
        let end = super::line_end(script, at);
        let line = &script[at + 1..end];
        let name_len = line
            .find(|c: char| c.is_whitespace() || c == '\\')
            .unwrap_or(line.len());
        let name = line[..name_len].trim_end_matches(';');
        let args = line[name_len..].trim().trim_end_matches(';').trim();
        CommandLine {
            name,
            args,
            end,
            at,
        }
    }

    /// How it sends the pending statement, when it is one that does: `\g`; `\gx` and the mysql
    /// client's `\G`, expanded. With an argument (psql's `\g FILE`) it is none: it is refused
    /// as a command, and nothing is sent.
    pub fn sends(&self) -> Option<Ending> {
        match (self.name, self.args.is_empty()) {
            ("g", true) => Some(Ending::Go),
            ("gx" | "G", true) => Some(Ending::GoExpanded),
            _ => None,
        }
    }

    /// Where the text cut out of a statement for it ends: its line, the line break too when the
    /// command is alone on its line (psql's query buffer never sees that line).
    pub fn cut_end(&self, script: &str) -> usize {
        let line_start = script[..self.at].rfind('\n').map_or(0, |n| n + 1);
        let alone = script[line_start..self.at].trim().is_empty();
        match alone && self.end < script.len() {
            true => self.end + 1,
            false => self.end,
        }
    }
}
