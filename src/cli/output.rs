//! Where output goes and in which formats a command can give it: standard
//! output, or `--output FILE`. A regular file (or a new one) is replaced
//! atomically, readable by its owner only (reports hold personal data); a
//! device, a FIFO or a terminal is written to as a shell redirection would,
//! never replaced; a path among a workspace's own data (records, roles,
//! frameworks, the roster, the settings) is refused. Nothing printed carries
//! a control character the tool did not put there.

use std::path::Path;

use super::{Command, FormatArg};

mod destination;
mod sanitised;
mod sink;

pub(super) use destination::{dataset_destination, destination};
pub(super) use sink::Sink;

/// The formats the command (or sub-command, `people import`) named `path`
/// can give; none for a command that prints one thing (a path, a sentence,
/// a script, a page).
pub(super) fn formats_of(path: &[&str]) -> &'static [FormatArg] {
    use FormatArg::{Case, Csv, Html, Json, Markdown, Parquet, Table, Xlsx, Yaml};
    match path {
        ["show"] => &[Table, Json, Csv, Markdown, Yaml, Case],
        ["gap" | "team"] => &[Table, Json, Csv, Markdown, Html, Xlsx],
        ["plan" | "history"] => &[Table, Json, Csv, Markdown, Html],
        ["export"] => &[Table, Json, Csv, Markdown, Xlsx, Parquet],
        ["status" | "actions"] => &[Table, Json, Csv, Markdown, Xlsx],
        ["schema"] => &[Json],
        ["calibrate"] => &[Table, Json, Csv, Html],
        ["impact"] => &[Table, Json, Csv, Markdown],
        ["frameworks" | "roles" | "role" | "people" | "readiness" | "validate" | "purge"] => {
            &[Table, Json, Csv, Markdown]
        }
        _ => &[],
    }
}

/// The formats a parsed command can give.
fn formats(command: &Command) -> &'static [FormatArg] {
    formats_of(&command.path())
}

/// Refuse, before anything runs, a format the command cannot give, and a
/// binary format with nowhere to go.
pub(super) fn check(
    command: &Command,
    wanted: Option<FormatArg>,
    output: Option<&Path>,
) -> Result<(), String> {
    if matches!(command, Command::Sar(_)) && output.is_none() {
        return Err("sar writes a zip file, which is not text: give --output FILE.zip".to_owned());
    }
    let Some(format) = wanted else {
        return Ok(());
    };
    let supported = formats(command);
    if supported.is_empty() {
        return Err(format!(
            "--format {} is not available here; this command has one output only",
            format.name()
        ));
    }
    if !supported.contains(&format) {
        let names: Vec<&str> = supported.iter().map(|f| f.name()).collect();
        return Err(format!(
            "--format {} is not available here; this command writes {}",
            format.name(),
            crate::diagnostic::list_names(names, "or")
        ));
    }
    if format == FormatArg::Parquet && output.is_none() {
        return Err(
            "--format parquet writes a dataset, a folder of files: give --output DIR (a new or empty folder)"
                .to_owned(),
        );
    }
    if format == FormatArg::Xlsx && output.is_none() {
        return Err(
            "--format xlsx writes a workbook, which is not text: give --output FILE.xlsx"
                .to_owned(),
        );
    }
    Ok(())
}
