//! Output formats and what every renderer shares. Renderers turn a report
//! model into text; they never read files and never print (the CLI does).

pub(crate) mod calibrate;
pub(crate) mod chart;
pub(crate) mod export;
pub(crate) mod framework;
pub(crate) mod gap;
pub(crate) mod grid;
pub(crate) mod history;
pub(crate) mod html;
pub(crate) mod impact;
pub(crate) mod left_out;
pub(crate) mod notes;
pub(crate) mod people;
pub(crate) mod plan;
pub(crate) mod purge;
pub(crate) mod readiness;
pub(crate) mod review;
pub(crate) mod role;
pub(crate) mod status;
pub(crate) mod team;
pub(crate) mod validate;
pub(crate) mod xlsx;

use crate::error::{Error, Result};
pub(crate) use grid::{Grid, GridCell};
use serde::Serialize;

use crate::text::{csv_cell, escape_controls};

/// The day a document is made: today, or the day `SOURCE_DATE_EPOCH`
/// (seconds since 1970, the reproducible-builds convention) names, so a
/// document made twice from the same records is the same file.
pub(crate) fn made_on() -> jiff::civil::Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(
            || jiff::ZonedDateTime::now().date(),
            |t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
        )
}

/// An output format (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Where output goes: a terminal gets wrapping to its width (and, where a
/// report uses it, colour unless `NO_COLOR` is set); anything else gets plain,
/// unwrapped lines that `grep` can find whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    pub terminal: bool,
    pub color: bool,
    pub width: u16,
    /// Every column of a table, whatever the terminal's width (`--wide`).
    pub wide: bool,
}

impl Style {
    /// Plain output, as for a pipe or a file.
    pub(crate) const PLAIN: Style = Style {
        terminal: false,
        color: false,
        width: 100,
        wide: false,
    };

    /// Wrap `text` to the terminal with `indent`; unchanged when not a terminal.
    /// Control characters are escaped first, so the width is the shown width.
    pub(crate) fn wrap(self, text: &str, indent: &str, hanging: &str) -> String {
        let text = escape_controls(text);
        if !self.terminal {
            return format!("{indent}{text}");
        }
        // Between words only: an id, a date or a number is never broken.
        let options = textwrap::Options::new(usize::from(self.width).max(40))
            .initial_indent(indent)
            .subsequent_indent(hanging)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        textwrap::fill(&text, options)
    }
}

/// A table with the project's look. On a terminal, columns wrap to its width
/// (between words and after the hyphens of ids); elsewhere cells stay on one
/// line, so output is the same everywhere and a sentence can be found whole
/// with `grep`.
pub(crate) fn table(style: Style, header: &[&str]) -> Grid {
    Grid::new(style, header)
}

/// A table row's cells, with control characters escaped before the table
/// measures them (so borders line up).
pub(crate) fn cells<I, S>(values: I) -> Vec<GridCell>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    values
        .into_iter()
        .map(|v| GridCell::new(v.as_ref()))
        .collect()
}

/// `1 person`, `2 people`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Pretty JSON with a final newline. Control characters are JSON escapes
/// (`\u001b`, `\u202e`: `serde_json` writes C0 so, [`json_controls`] the
/// rest), so JSON keeps text exactly and shows none raw.
///
/// [`json_controls`]: crate::text::json_controls
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::io_other("cannot write the report as JSON", e))?;
    let mut text = crate::text::json_controls(&text).into_owned();
    text.push('\n');
    Ok(text)
}

/// CSV with a header row. Every cell is guarded against spreadsheet formulas
/// and control characters ([`csv_cell`]).
pub(crate) fn csv<R, F>(header: &[&str], rows: R) -> Result<String>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let failed = |e: &dyn std::fmt::Display| Error::io_other("cannot write the report as CSV", e);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(|e| failed(&e))?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| csv_cell(cell.as_ref()).into_owned()))
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}

/// Text safe inside a Markdown table cell or list item: pipes, and characters
/// that would start emphasis or HTML, are escaped; control characters are
/// written as `\u{1b}`; a line break becomes a space (it would end a row).
pub(crate) fn md(text: &str) -> String {
    let text = escape_controls(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '|' | '*' | '_' | '<' | '>' | '[' | ']' | '`' | '\\') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_that_cannot_be_written_is_an_error_not_an_empty_or_null_text() {
        // A row longer than the header: the CSV writer refuses it.
        let rows = vec![vec!["a", "b", "c"]];
        let error = csv(&["one", "two"], rows).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot write the report as CSV")
        );
        assert!(std::error::Error::source(&error).is_some());
        // A map whose keys are not text cannot be JSON.
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        let error = json(&map).unwrap_err();
        assert!(
            error
                .sentence()
                .starts_with("cannot write the report as JSON: ")
        );
        assert_eq!(json(&[1, 2]).unwrap(), "[\n  1,\n  2\n]\n");
    }
}
