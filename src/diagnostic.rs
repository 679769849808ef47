//! Problems found in user data, with where they are.
//!
//! Checkers collect every problem as a [`Diagnostic`] (through a
//! [`Collector`]) rather than stopping at the first, so an author can fix a
//! file in one pass. This module owns the text form: `path:line:column:
//! error[code]: key: message`, then the source line with a caret under the
//! offending value.

mod code;
mod source;

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

pub use code::Code;
#[cfg(test)]
pub(crate) use source::LIMIT;
pub(crate) use source::{Added, At, Collector, Excerpt, SourceText};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based position in a file; `column` counts characters, `length` the
/// characters to underline (at least one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-level`; never reused for another problem.
    pub code: Code,
    pub file: PathBuf,
    /// Where in the document, e.g. `competencies[3].indicators[2].level`.
    pub key: Option<String>,
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
    /// The part of the line at `location` shown in the snippet.
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.to_path_buf(),
            key: None,
            location: None,
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    pub fn error(code: Code, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, file, message)
    }

    pub fn warning(code: Code, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, file, message)
    }

    #[must_use]
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.key = (!key.is_empty()).then_some(key);
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a location, and the excerpt of the line it points into when
    /// `text` (the whole file) is given. For one diagnostic; checkers that
    /// report many go through a [`Collector`], which finds lines once.
    #[must_use]
    pub fn at(mut self, location: Option<Location>, text: Option<&str>) -> Self {
        if let Some(location) = location {
            self.excerpt = text
                .and_then(|text| text.lines().nth(location.line.saturating_sub(1)))
                .map(|line| Excerpt::new(line.trim_end_matches('\r'), location));
        }
        self.location = location;
        self
    }

    /// Attach a location and the excerpt of its line, found through the
    /// file's line starts: for checkers that report many problems.
    #[must_use]
    pub fn at_in(mut self, location: Location, source: &SourceText<'_>) -> Self {
        self.excerpt = source
            .line(location.line)
            .map(|line| Excerpt::new(line, location));
        self.location = Some(location);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form: `path:line:column: error[code]: key: message`.
    pub fn headline(&self) -> String {
        let mut line = crate::text::escape_controls(&shown(&self.file).to_string()).into_owned();
        if let Some(location) = self.location {
            let _ = write!(line, ":{}:{}", location.line, location.column);
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(line, ": {severity}[{}]: ", self.code);
        if let Some(key) = &self.key {
            let _ = write!(line, "{}: ", crate::text::escape_controls(key));
        }
        line.push_str(&crate::text::escape_controls(&self.message));
        line
    }
}

impl fmt::Display for Diagnostic {
    /// The headline, then the offending source line with a caret, then any help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let (Some(location), Some(excerpt)) = (self.location, &self.excerpt) {
            let number = location.line.to_string();
            let gutter = " ".repeat(number.len());
            write!(
                f,
                "\n{gutter} |\n{number} | {}\n{gutter} | {}{}",
                excerpt.text,
                " ".repeat(excerpt.caret),
                "^".repeat(excerpt.length)
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A path as a user would type it: without a leading `./` (but `.` itself).
pub(crate) fn shown(path: &Path) -> std::path::Display<'_> {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.display(),
        _ => path.display(),
    }
}

/// Join names as `` `a`, `b` or `c` `` for messages.
pub(crate) fn list_names<I, S>(names: I, conjunction: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let names: Vec<String> = names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// The candidate closest to `input`, when it is close enough to be a likely
/// typo (an edit distance of at most a third of its length).
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input = input.to_lowercase();
    candidates
        .into_iter()
        // Optimal string alignment: a swapped pair of letters is one edit.
        .map(|c| (strsim::osa_distance(&input, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= c.chars().count() / 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_renders_headline_snippet_and_help() {
        let source = "a: 1\n  level: \"5\"\n";
        let d = Diagnostic::error(Code::UnknownLevel, Path::new("x.yaml"), "unknown level `5`")
            .with_key("competencies[0].indicators[1].level")
            .with_help("levels are `1` or `2`")
            .at(
                Some(Location {
                    line: 2,
                    column: 10,
                    length: 3,
                }),
                Some(source),
            );
        insta::assert_snapshot!(d.to_string(), @r#"
        x.yaml:2:10: error[unknown-level]: competencies[0].indicators[1].level: unknown level `5`
          |
        2 |   level: "5"
          |          ^^^
          = help: levels are `1` or `2`
        "#);
    }

    #[test]
    fn names_are_listed_with_a_conjunction() {
        assert_eq!(list_names(["a"], "or"), "`a`");
        assert_eq!(list_names(["a", "b", "c"], "or"), "`a`, `b` or `c`");
    }

    #[test]
    fn close_typos_are_suggested_and_strangers_are_not() {
        let ids = ["team-working", "communication"];
        assert_eq!(did_you_mean("team-workin", ids), Some("team-working"));
        assert_eq!(did_you_mean("Communication", ids), Some("communication"));
        assert_eq!(did_you_mean("zzz", ids), None);
    }
}
