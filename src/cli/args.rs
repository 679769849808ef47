//! The command line as clap reads it: the global flags, the formats, and
//! the arguments checked before a command runs.

use std::path::PathBuf;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, ValueEnum};

use super::{Command, output, print_stderr};
use crate::render;

/// Competency assessment against UK public and third-sector competency frameworks.
///
/// Browse the bundled frameworks, record self, manager and peer ratings in a
/// workspace, and compare them with the levels a role requires.
#[derive(Debug, Parser)]
#[command(
    name = "competency",
    version,
    propagate_version = true,
    after_help = "Examples:\n  competency frameworks\n  competency show wdcvs team-working\n  competency --workspace examples/workspace validate\n\nExit codes: 0 success, 1 problems found (validate), 2 bad usage or bad input."
)]
pub(crate) struct Arguments {
    /// Workspace folder (default: `$COMPETENCY_WORKSPACE`, else the nearest folder
    /// upward with competency.toml)
    #[arg(long, short = 'w', global = true, value_name = "DIR")]
    pub(crate) workspace: Option<PathBuf>,

    /// Output format, given before the command (each command has its own
    /// `--format`, listing the formats it can give)
    #[arg(long, short = 'f', value_enum, hide = true)]
    pub(crate) format: Option<FormatArg>,

    /// Write the output to FILE (atomically; readable by you only) instead of
    /// standard output
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Tables on a terminal: show every column, however wide (by default a
    /// table too wide for the terminal leaves out its detail columns, or
    /// shows one block per row)
    #[arg(long, global = true)]
    pub(crate) wide: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Every output format; each command says which it supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
    /// A self-contained HTML document with charts, printable on A4.
    Html,
    /// An Excel workbook (needs --output FILE).
    Xlsx,
    /// A framework's YAML, as bundled.
    Yaml,
    /// A CASE 1.1 package (1EdTech Competencies and Academic Standards Exchange).
    Case,
    /// A Parquet dataset, a folder for `DuckDB` or Spark (needs --output DIR).
    Parquet,
}

impl FormatArg {
    pub(in crate::cli) fn text(self) -> Option<render::Format> {
        match self {
            FormatArg::Table => Some(render::Format::Table),
            FormatArg::Json => Some(render::Format::Json),
            FormatArg::Csv => Some(render::Format::Csv),
            FormatArg::Markdown => Some(render::Format::Markdown),
            FormatArg::Html
            | FormatArg::Xlsx
            | FormatArg::Yaml
            | FormatArg::Case
            | FormatArg::Parquet => None,
        }
    }

    pub(in crate::cli) fn name(self) -> &'static str {
        match self {
            FormatArg::Table => "table",
            FormatArg::Json => "json",
            FormatArg::Csv => "csv",
            FormatArg::Markdown => "markdown",
            FormatArg::Html => "html",
            FormatArg::Xlsx => "xlsx",
            FormatArg::Yaml => "yaml",
            FormatArg::Case => "case",
            FormatArg::Parquet => "parquet",
        }
    }
}

/// The command line as clap reads it: the derived definitions, and each
/// command's own `--format`, offering only the formats it can give.
pub(crate) fn command() -> clap::Command {
    pub(in crate::cli) fn with_format(cmd: clap::Command, path: &mut Vec<String>) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let mut cmd = cmd;
        for name in names {
            path.push(name.clone());
            cmd = cmd.mut_subcommand(&name, |sub| {
                let sub = with_format(sub, path);
                let keys: Vec<&str> = path.iter().map(String::as_str).collect();
                sub.arg(format_arg(output::formats_of(&keys)))
            });
            path.pop();
        }
        cmd
    }
    // `competency help gap` is how many people ask; below the top, every
    // command has `--help` and a `help` beside `people add` would read as a
    // command of its own.
    pub(in crate::cli) fn without_help(cmd: clap::Command) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let mut cmd = cmd.disable_help_subcommand(true);
        for name in names {
            cmd = cmd.mut_subcommand(&name, without_help);
        }
        cmd
    }
    let mut top = with_format(Arguments::command(), &mut Vec::new());
    let names: Vec<String> = top
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        top = top.mut_subcommand(&name, without_help);
    }
    top
}

/// `--format` for a command that gives `formats` (hidden, refusing every
/// value with one sentence, for a command that gives none).
pub(in crate::cli) fn format_arg(formats: &'static [FormatArg]) -> clap::Arg {
    let arg = clap::Arg::new("format")
        .long("format")
        .short('f')
        .value_name("FORMAT");
    if formats.is_empty() {
        return arg
            .value_parser(clap::builder::EnumValueParser::<FormatArg>::new())
            .hide(true);
    }
    let names: Vec<&'static str> = formats.iter().map(|f| f.name()).collect();
    let mut help = "Output format".to_owned();
    if formats.contains(&FormatArg::Xlsx) {
        help.push_str(" (xlsx needs --output FILE)");
    }
    let parser = clap::builder::TypedValueParser::map(
        clap::builder::PossibleValuesParser::new(names),
        |name: String| FormatArg::from_str(&name, true).unwrap_or(FormatArg::Table),
    );
    arg.value_parser(parser).help(help)
}

/// The arguments, and the format asked for: the command's own `--format`
/// (or a sub-command's), else one given before the command.
pub(in crate::cli) fn parse(
    args: Vec<std::ffi::OsString>,
) -> Result<(Arguments, Option<FormatArg>), clap::Error> {
    let matches = command().try_get_matches_from(args)?;
    let arguments = Arguments::from_arg_matches(&matches)?;
    let mut deepest = matches.subcommand();
    let mut own = None;
    while let Some((_, sub)) = deepest {
        if let Ok(Some(format)) = sub.try_get_one::<FormatArg>("format") {
            own = Some(*format);
        }
        deepest = sub.subcommand();
    }
    let wanted = own.or(arguments.format);
    Ok((arguments, wanted))
}

/// Text with control characters could drive the terminal of whoever reads
/// it later; it is refused before anything else, so nothing is written.
pub(in crate::cli) fn refuse_control_characters(args: &[std::ffi::OsString]) -> Result<(), i32> {
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if let Some(c) = crate::text::find_control(&arg) {
            print_stderr(&format!(
                "error: `{}` holds a control character ({}); type the text without it. Nothing was done\n",
                crate::text::escape_controls(&arg),
                crate::text::escape_controls(&c.to_string())
            ));
            return Err(2);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        Arguments::command().debug_assert();
        command().debug_assert();
    }
}
