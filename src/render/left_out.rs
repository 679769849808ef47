//! What a report had to leave out (a record that cannot be read or checked,
//! a framework file that is broken) and why: one list, said the same way in
//! every medium — under a table, in Markdown and HTML notes, as a
//! `left_out` list in JSON — so no figure is read as complete when it is not.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, shown};

/// One file left out of a report, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LeftOut {
    /// The file, as the workspace shows it (`assessments/ann/....toml`).
    pub file: String,
    /// Why, in one sentence (the first problem found in it).
    pub reason: String,
    /// The problem's code (`syntax`, `unknown-framework`, ...).
    pub code: String,
    /// The problem as one located line, for stderr.
    #[serde(skip)]
    pub headline: String,
}

/// One entry per file, from the problems found: the first error of each.
pub(crate) fn from_problems(problems: &[Diagnostic]) -> Vec<LeftOut> {
    let mut out: Vec<LeftOut> = Vec::new();
    for d in problems.iter().filter(|d| d.is_error()) {
        let file = shown(&d.file).to_string();
        if out.iter().any(|l| l.file == file) {
            continue;
        }
        let mut reason = d.message.clone();
        if let Some(location) = d.location {
            reason = format!("line {}: {reason}", location.line);
        }
        out.push(LeftOut {
            file,
            reason,
            code: d.code.as_str().to_owned(),
            headline: d.headline(),
        });
    }
    out
}

/// The heading every medium uses.
pub(crate) fn heading(items: &[LeftOut]) -> String {
    format!(
        "Left out of this report: {} that could not be used",
        crate::render::count(items.len(), "file", "files")
    )
}

/// Lines for a terminal or a text file (control characters escaped).
pub(crate) fn text(items: &[LeftOut]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{}; the figures above do not count them:\n",
        heading(items)
    );
    for item in items {
        let _ = writeln!(
            out,
            "  - {}: {}",
            crate::text::escape_controls(&item.file),
            crate::text::escape_controls(&item.reason)
        );
    }
    out.push_str("  (`competency validate` shows each problem in full)\n");
    out
}

/// A Markdown section.
pub(crate) fn markdown(items: &[LeftOut]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n## {}\n\nThe figures above do not count them.\n\n",
        heading(items)
    );
    for item in items {
        let _ = writeln!(
            out,
            "- `{}`: {}",
            crate::text::escape_controls(&item.file).replace('`', "'"),
            crate::render::md(&item.reason)
        );
    }
    out
}

/// An HTML section (escaped), placed before the document's end.
pub(crate) fn html(document: &str, items: &[LeftOut]) -> String {
    if items.is_empty() {
        return document.to_owned();
    }
    let section = maud::html! {
        section class="left-out" aria-label="Left out of this report" {
            h2 { (heading(items)) }
            p { "The figures above do not count them; " code { "competency validate" } " shows each problem in full." }
            ul {
                @for item in items {
                    li { code { (item.file) } ": " (item.reason) }
                }
            }
        }
    }
    .into_string();
    match document
        .rfind("</main>")
        .or_else(|| document.rfind("</body>"))
    {
        Some(at) => format!("{}{section}{}", &document[..at], &document[at..]),
        None => format!("{document}{section}"),
    }
}

/// The JSON document with a `left_out` list added as the last key of its
/// top-level object (a document that is not an object is given back as it
/// was). The rest of the document is left exactly as it was written.
pub(crate) fn json(document: &str, items: &[LeftOut]) -> String {
    let trimmed = document.trim_end();
    if items.is_empty() || !trimmed.starts_with('{') || !trimmed.ends_with('}') {
        return document.to_owned();
    }
    let Ok(list) = serde_json::to_string_pretty(items) else {
        return document.to_owned();
    };
    let body = trimmed[..trimmed.len() - 1].trim_end();
    let comma = if body.ends_with('{') { "" } else { "," };
    let list = list.replace('\n', "\n  ");
    format!("{body}{comma}\n  \"left_out\": {list}\n}}\n")
}

/// Lines for stderr.
pub(crate) fn stderr(items: &[LeftOut]) -> String {
    let mut out = String::new();
    for item in items {
        let _ = writeln!(out, "left out: {}", item.headline);
    }
    out
}
