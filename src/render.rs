//! Output formats and what every renderer shares. Renderers turn a report
//! model into text; they never read files and never print (the CLI does).

pub mod chart;
pub mod export;
pub mod framework;
pub mod gap;
pub mod people;
pub mod role;
pub mod team;
pub mod validate;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

/// An output format (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Where output goes: a terminal gets wrapping to its width (and, where a
/// report uses it, colour unless `NO_COLOR` is set); anything else gets plain,
/// unwrapped lines that `grep` can find whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub terminal: bool,
    pub color: bool,
    pub width: u16,
}

impl Style {
    /// Plain output, as for a pipe or a file.
    pub const PLAIN: Style = Style {
        terminal: false,
        color: false,
        width: 100,
    };

    /// Wrap `text` to the terminal with `indent`; unchanged when not a terminal.
    pub fn wrap(&self, text: &str, indent: &str, hanging: &str) -> String {
        if !self.terminal {
            return format!("{indent}{text}");
        }
        let options = textwrap::Options::new(usize::from(self.width).max(40))
            .initial_indent(indent)
            .subsequent_indent(hanging);
        textwrap::fill(text, options)
    }
}

/// A table with the project's look. On a terminal, columns wrap to its width;
/// elsewhere cells stay on one line, so output is the same everywhere and a
/// sentence can be found whole with `grep`.
pub fn table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(header.iter().copied());
    if style.terminal {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(style.width);
    } else {
        table
            .set_content_arrangement(ContentArrangement::Disabled)
            .force_no_tty();
    }
    table
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    text.push('\n');
    text
}

/// CSV with a header row.
pub fn csv<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut ok = writer.write_record(header).is_ok();
    for row in rows {
        ok &= writer.write_record(row.iter().map(AsRef::as_ref)).is_ok();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    if ok {
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        String::new()
    }
}

/// Text safe inside a Markdown table cell or list item: pipes, and characters
/// that would start emphasis or HTML, are escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '|' | '*' | '_' | '<' | '>' | '[' | ']' | '`' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
