//! `validate`: every diagnostic, then a summary line.

use std::fmt::Write as _;

use serde::Serialize;

use super::Format;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;

#[derive(Serialize)]
pub(crate) struct ValidateReport {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl ValidateReport {
    pub(crate) fn new(files: usize, diagnostics: Vec<Diagnostic>) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        ValidateReport {
            files,
            errors,
            warnings: diagnostics.len() - errors,
            diagnostics,
        }
    }

    pub(crate) fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "checked {}: {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}

pub(crate) fn render(report: &ValidateReport, format: Format) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv => super::csv(
            &[
                "severity", "code", "file", "line", "column", "key", "message",
            ],
            report.diagnostics.iter().map(|d| {
                vec![
                    match d.severity {
                        Severity::Error => "error".to_owned(),
                        Severity::Warning => "warning".to_owned(),
                    },
                    d.code.as_str().to_owned(),
                    d.file.display().to_string(),
                    d.location.map(|l| l.line.to_string()).unwrap_or_default(),
                    d.location.map(|l| l.column.to_string()).unwrap_or_default(),
                    d.key.clone().unwrap_or_default(),
                    d.message.clone(),
                ]
            }),
        )?,
        Format::Markdown => {
            let mut out = String::new();
            for d in &report.diagnostics {
                let _ = writeln!(out, "- `{}`", d.headline().replace('`', "'"));
            }
            let _ = writeln!(out, "\n{}", report.summary());
            out
        }
        Format::Table => {
            let mut out = String::new();
            for d in &report.diagnostics {
                let _ = writeln!(out, "{d}\n");
            }
            let _ = writeln!(out, "{}", report.summary());
            out
        }
    })
}
