//! Where a problem is: byte offsets turned into line and column once per file,
//! a bounded excerpt of the line for the snippet, and the [`Collector`] every
//! checker pushes its problems into.
//!
//! Work per file stays linear however hostile the file: line starts are found
//! once, each excerpt is a window of at most [`WINDOW`] characters, and after
//! [`LIMIT`] problems the rest are only counted.

use std::ops::Range;
use std::path::Path;

use super::{Code, Diagnostic, Location, Severity};

/// Problems listed per file; the rest are counted in one last diagnostic.
pub(crate) const LIMIT: usize = 50;

/// Characters of a source line shown in a snippet.
pub(crate) const WINDOW: usize = 120;

/// The longest underline.
const MAX_UNDERLINE: usize = 80;

/// A file's text with its line starts, for locating byte offsets.
#[derive(Debug)]
pub struct SourceText<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceText { text, line_starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 1-based line and column of a byte span's start, and the characters
    /// it covers on that line.
    pub fn location(&self, span: Range<usize>) -> Location {
        self.cursor().location(span)
    }

    /// A cursor for locating spans in the order they come in the text: each
    /// column is counted on from the one before, so the cells of a line a
    /// million cells long cost a million steps, not a million each.
    pub fn cursor(&self) -> Cursor<'_, 'a> {
        Cursor {
            source: self,
            line: 0,
            at: 0,
            column: 1,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

/// Locates spans of a [`SourceText`]; fastest when they come in order.
#[derive(Debug)]
pub struct Cursor<'s, 'a> {
    source: &'s SourceText<'a>,
    /// The line of the last span (1-based; 0 before the first).
    line: usize,
    /// The byte offset of the last span's start, and its column.
    at: usize,
    column: usize,
}

impl Cursor<'_, '_> {
    /// As [`SourceText::location`].
    pub fn location(&mut self, span: Range<usize>) -> Location {
        let text = self.source.text;
        let starts = &self.source.line_starts;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let same_line = self.line > 0
            && start >= self.at
            && starts.get(self.line).is_none_or(|&next| start < next);
        if same_line {
            self.column += text[self.at..start].chars().count();
        } else {
            self.line = starts.partition_point(|&s| s <= start);
            let line_start = starts[self.line.saturating_sub(1)];
            self.column = text[line_start..start].chars().count() + 1;
        }
        self.at = start;
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let length = text[start..end]
            .lines()
            .next()
            .map_or(1, |l| l.chars().take(MAX_UNDERLINE).count());
        Location {
            line: self.line,
            column: self.column,
            length: length.clamp(1, MAX_UNDERLINE),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The part of a source line shown under a headline: at most [`WINDOW`]
/// characters around the column, `…` where the line is cut, tabs as spaces
/// (they would misalign the caret), and where the caret goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// Characters before the caret.
    pub caret: usize,
    /// Characters underlined (at least one).
    pub length: usize,
}

impl Excerpt {
    pub fn new(line: &str, location: Location) -> Excerpt {
        let column = location.column.saturating_sub(1);
        let skip = column.saturating_sub(WINDOW / 2);
        let mut text = String::new();
        if skip > 0 {
            text.push('…');
        }
        // Characters shown before the caret, counted as they are shown: a
        // control character is written escaped (`\u{1b}`), a tab as a space.
        let mut caret = usize::from(skip > 0);
        let mut rest = line.chars().skip(skip);
        for (i, c) in rest.by_ref().take(WINDOW).enumerate() {
            let shown = if c == '\t' {
                " ".to_owned()
            } else {
                crate::text::escape_controls(&c.to_string()).into_owned()
            };
            if skip + i < column {
                caret += shown.chars().count();
            }
            text.push_str(&shown);
        }
        if rest.next().is_some() {
            text.push('…');
        }
        let width = text.chars().count();
        let caret = caret.min(width);
        let length = location
            .length
            .max(1)
            .min(width.saturating_sub(caret).max(1));
        Excerpt {
            text,
            caret,
            length,
        }
    }
}

/// Where a problem is, in whichever form the parser gave it.
#[derive(Clone, Debug)]
pub(crate) enum At {
    /// The whole file.
    File,
    /// A line and column the parser reported.
    Location(Option<Location>),
    /// A byte span of the text.
    Span(Range<usize>),
}

/// Collects the problems of one file, in one pass, up to [`LIMIT`].
pub(crate) struct Collector<'a> {
    file: &'a Path,
    text: Option<&'a str>,
    /// Line starts, found the first time a problem needs a location.
    source: std::cell::OnceCell<Option<SourceText<'a>>>,
    diagnostics: Vec<Diagnostic>,
    omitted: usize,
}

/// A problem just added, to give it a help line.
pub(crate) struct Added<'c>(Option<&'c mut Diagnostic>);

impl Added<'_> {
    pub(crate) fn help(self, help: impl Into<String>) {
        if let Some(d) = self.0 {
            d.help = Some(help.into());
        }
    }

    pub(crate) fn maybe_help(self, help: Option<String>) {
        if let Some(d) = self.0 {
            d.help = help;
        }
    }
}

impl<'a> Collector<'a> {
    /// A collector for `file`, whose text (when there is one) gives snippets.
    pub(crate) fn new(file: &'a Path, text: Option<&'a str>) -> Self {
        Collector {
            file,
            text,
            source: std::cell::OnceCell::new(),
            diagnostics: Vec::new(),
            omitted: 0,
        }
    }

    fn source(&self) -> Option<&SourceText<'a>> {
        self.source
            .get_or_init(|| self.text.map(SourceText::new))
            .as_ref()
    }

    /// The location of a byte span in this file's text.
    pub(crate) fn locate(&self, span: Range<usize>) -> Option<Location> {
        self.source().map(|s| s.location(span))
    }

    pub(crate) fn error(
        &mut self,
        code: Code,
        at: At,
        key: &str,
        message: impl Into<String>,
    ) -> Added<'_> {
        self.add(Severity::Error, code, at, key, message)
    }

    pub(crate) fn warning(
        &mut self,
        code: Code,
        at: At,
        key: &str,
        message: impl Into<String>,
    ) -> Added<'_> {
        self.add(Severity::Warning, code, at, key, message)
    }

    fn add(
        &mut self,
        severity: Severity,
        code: Code,
        at: At,
        key: &str,
        message: impl Into<String>,
    ) -> Added<'_> {
        if self.diagnostics.len() >= LIMIT {
            self.omitted += 1;
            return Added(None);
        }
        let location = match at {
            At::File => None,
            At::Location(location) => location,
            At::Span(span) => self.locate(span),
        };
        let mut d = Diagnostic::new(severity, code, self.file, message).with_key(key);
        d.location = location;
        d.excerpt = location.and_then(|l| {
            let line = self.source()?.line(l.line)?;
            Some(Excerpt::new(line, l))
        });
        self.diagnostics.push(d);
        Added(self.diagnostics.last_mut())
    }

    /// Add a problem built elsewhere (it keeps its own location).
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        if self.diagnostics.len() >= LIMIT {
            self.omitted += 1;
        } else {
            self.diagnostics.push(diagnostic);
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.omitted > 0 || self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every problem, and a last one counting those left out.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        if self.omitted > 0 {
            let file = super::shown(self.file).to_string();
            self.diagnostics.push(Diagnostic::error(
                Code::TooManyProblems,
                self.file,
                format!(
                    "and {} more in {file} (only the first {LIMIT} problems of a file are listed); fix these and check again",
                    self.omitted
                ),
            ));
        }
        self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let source = SourceText::new("a = 1\nbé = \"x\"\n\nlast");
        let at = |offset: usize, len: usize| {
            let l = source.location(offset..offset + len);
            (l.line, l.column, l.length)
        };
        assert_eq!(at(1, 1), (1, 2, 1));
        // `é` is two bytes but one column.
        assert_eq!(at(12, 3), (2, 6, 3));
        assert_eq!(at(17, 4), (4, 1, 4));
        assert_eq!(source.line(2), Some("bé = \"x\""));
        assert_eq!(source.line(3), Some(""));
        assert_eq!(source.line(9), None);
    }

    #[test]
    fn a_cursor_finds_what_a_fresh_lookup_finds_in_any_order() {
        let text = "é,b,\"c\nd\",e\r\n,,é\n\nlast,x";
        let source = SourceText::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        let mut cursor = source.cursor();
        for &i in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain([3, 0, 20].iter())
        {
            assert_eq!(
                cursor.location(i..i + 2),
                source.location(i..i + 2),
                "at {i}"
            );
        }
    }

    #[test]
    fn an_excerpt_is_a_window_around_the_column() {
        let long = "x".repeat(500);
        let e = Excerpt::new(
            &long,
            Location {
                line: 1,
                column: 300,
                length: 3,
            },
        );
        assert_eq!(e.text.chars().count(), WINDOW + 2);
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        assert_eq!(e.caret, 61);
    }

    #[test]
    fn problems_past_the_limit_are_counted_not_kept() {
        let mut c = Collector::new(Path::new("f.toml"), Some("x"));
        for _ in 0..LIMIT + 7 {
            c.error(Code::Syntax, At::File, "", "bad");
        }
        let all = c.finish();
        assert_eq!(all.len(), LIMIT + 1);
        assert_eq!(all[LIMIT].code, Code::TooManyProblems);
        assert!(all[LIMIT].message.starts_with("and 7 more in f.toml"));
    }
}
