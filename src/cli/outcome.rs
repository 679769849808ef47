//! What a command produced, and how an error reads on stderr.

use std::fmt::Write as _;
use std::io::Write;

use super::{Context, FormatArg};
use crate::error::Error;
use crate::render;

/// What a command produced.
pub(crate) struct Outcome {
    pub(crate) stdout: String,
    /// A binary document (a workbook), written instead of `stdout`.
    pub(crate) binary: Option<Vec<u8>>,
    pub(crate) stderr: String,
    pub(crate) code: i32,
}

impl Outcome {
    pub(crate) fn print(stdout: String) -> Self {
        Outcome {
            stdout,
            binary: None,
            stderr: String::new(),
            code: 0,
        }
    }

    /// A binary document, such as a workbook.
    pub(crate) fn binary(bytes: Vec<u8>) -> Self {
        Outcome {
            binary: Some(bytes),
            ..Outcome::print(String::new())
        }
    }

    /// The same outcome, naming on stderr the records a report read past.
    pub(crate) fn warned(mut self, warnings: &[crate::diagnostic::Diagnostic]) -> Self {
        for d in warnings {
            let mut d = d.clone();
            d.severity = crate::diagnostic::Severity::Warning;
            self.stderr.push_str(&d.headline());
            self.stderr.push('\n');
        }
        self
    }

    /// The same outcome, saying what the report had to leave out: in the
    /// output's notes as its format allows (text, Markdown, JSON, HTML; a
    /// CSV or workbook has no place for them), and on stderr; exit code 1
    /// when anything was left out.
    pub(crate) fn left_out(mut self, items: &[render::left_out::LeftOut], cx: &Context) -> Self {
        use render::left_out;
        if items.is_empty() {
            return self;
        }
        if self.binary.is_none() && !self.stdout.is_empty() {
            self.stdout = if cx.wants(FormatArg::Html) {
                left_out::html(&self.stdout, items)
            } else {
                match cx.format {
                    render::Format::Table => self.stdout + &left_out::text(items),
                    render::Format::Markdown => self.stdout + &left_out::markdown(items),
                    render::Format::Json => left_out::json(&self.stdout, items),
                    render::Format::Csv => self.stdout,
                }
            };
        }
        self.stderr.push_str(&left_out::stderr(items));
        self.code = self.code.max(1);
        self
    }

    /// Success, with a note for stderr (empty for none).
    pub(crate) fn print_with_note(note: String, stdout: String) -> Self {
        Outcome {
            stderr: note,
            ..Outcome::print(stdout)
        }
    }
}

/// The reader of our output went away (`| head`): not an error.
pub(in crate::cli) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<Error>()
                .is_some_and(Error::is_broken_pipe)
    })
}

/// An error as the user reads it: located diagnostics as they are, anything
/// else as one `error:` sentence.
pub(in crate::cli) fn error_text(e: &anyhow::Error) -> String {
    if let Some(Error::Invalid(_)) = e.downcast_ref::<Error>() {
        return format!("{e}\n");
    }
    let mut text = String::from("error: ");
    for (i, cause) in e.chain().enumerate() {
        if i > 0 {
            text.push_str(": ");
        }
        // A refused request in the command line's words (flags, commands);
        // an I/O cause in plain words, without Rust's `(os error 17)`.
        if let Some(Error::Request(request)) = cause.downcast_ref::<Error>() {
            text.push_str(&super::words::request(request));
        } else if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && i > 0
        {
            text.push_str(&crate::error::io_reason(io));
        } else {
            let _ = write!(text, "{cause}");
        }
    }
    text.push('\n');
    text
}

/// Write `text` to standard error; on a terminal, each line longer than
/// it is wide is broken between words (never inside an id or a date), the
/// rest of it indented under the first.
pub(in crate::cli) fn print_stderr(text: &str) {
    use std::io::IsTerminal as _;
    let text = crate::text::for_terminal(text, false);
    let mut err = std::io::stderr().lock();
    let width = err
        .is_terminal()
        .then(super::context::terminal_width)
        .flatten();
    let text = match width {
        Some(width) => fill_lines(&text, usize::from(width)),
        None => text.into_owned(),
    };
    let _ = err.write_all(text.as_bytes());
}

/// Every line of `text` that is wider than `width` broken between words.
fn fill_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        out.push_str(&crate::render::grid::fill_words(body, width, "", "  "));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_on_a_terminal_break_between_words_only() {
        let text = "error: --role: unknown role `link-worker` (known roles: `residential-services-staff`, `people-manager`)\nshort\n";
        let filled = fill_lines(text, 40);
        for line in filled.lines() {
            assert!(textwrap::core::display_width(line) <= 40, "{filled}");
        }
        assert!(filled.contains("`residential-services-staff`,"), "{filled}");
        assert!(filled.ends_with("\nshort\n"), "{filled}");
        assert_eq!(
            filled.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }
}
