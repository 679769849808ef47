//! The command line: clap definitions, dispatch to one module per command,
//! and the only place that writes to stdout or stderr.

mod actions;
mod adapt;
mod args;
mod assess;
mod browse;
mod calibrate;
mod command;
mod complete;
mod completions;
mod context;
mod dataset;
mod impact;
mod import;
mod init;
mod outcome;
mod output;
mod people;
#[cfg(feature = "interactive")]
mod prompt;
mod purge;
mod report;
mod review;
mod sar;
mod schema;
mod status;
mod team;
mod validate;
mod words;

use crate::render::{self, Style};
use crate::workspace::Locate;

pub(crate) use args::{FormatArg, command};
use args::{parse, refuse_control_characters};
pub(crate) use command::Command;
pub(crate) use context::Context;
use context::{Lookup, style};
pub(crate) use outcome::Outcome;
use outcome::{error_text, is_broken_pipe, print_stderr};

/// Parse arguments, run the command, print, and return the exit code.
pub(crate) fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // A shell asking for completions: answered here, and nothing else runs.
    let asked = clap_complete::CompleteEnv::with_factory(command)
        .var(complete::VAR)
        .try_complete(args.clone(), std::env::current_dir().ok().as_deref());
    match asked {
        Ok(true) => return 0,
        Ok(false) => {}
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    }
    if let Err(code) = refuse_control_characters(&args) {
        return code;
    }
    let (arguments, wanted) = match parse(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Err(message) = output::check(&arguments.command, wanted, arguments.output.as_deref()) {
        print_stderr(&format!("error: {message}\n"));
        return 2;
    }
    // Where --output writes is decided before anything runs: a path among
    // a workspace's own data, a folder or a disk is refused at once.
    if let Some(path) = &arguments.output
        && let Err(message) = if wanted == Some(FormatArg::Parquet) {
            output::dataset_destination(path)
        } else {
            output::destination(path).map(|_| ())
        }
    {
        print_stderr(&format!("error: {message}\n"));
        return 2;
    }
    let mut context = Context {
        format: wanted
            .and_then(FormatArg::text)
            .unwrap_or(render::Format::Table),
        wanted,
        format_given: wanted.is_some(),
        style: match arguments.output {
            // A file gets what a pipe gets: no colour, no wrapping.
            Some(_) => Style::PLAIN,
            None => style(arguments.wide),
        },
        locate: Locate::from_env(arguments.workspace.as_deref()),
        workspace: Lookup::NotYet,
        catalog: None,
        output: arguments.output.clone(),
    };
    let is_validate = matches!(arguments.command, Command::Validate(_));
    let sink = output::Sink::new(arguments.output.clone());
    let result = dispatch(arguments.command, &mut context, &sink);
    let colour = context.style.color;
    // validate reports these itself, as diagnostics.
    if !is_validate {
        print_stderr(&context.notes());
    }
    match result {
        Ok(outcome) => {
            if !sink.deliver(&outcome, colour) {
                return 2;
            }
            if !outcome.stderr.is_empty() {
                print_stderr(&outcome.stderr);
            }
            outcome.code
        }
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            print_stderr(&error_text(&e));
            2
        }
    }
}

/// Run a parsed command in `context`; `sink` is where a streamed report goes.
fn dispatch(
    command: Command,
    context: &mut Context,
    sink: &output::Sink,
) -> anyhow::Result<Outcome> {
    match command {
        Command::Frameworks => browse::frameworks(context),
        Command::Show(args) => browse::show(context, &args),
        Command::Roles(args) => browse::roles(context, &args),
        Command::Role(args) => browse::role(context, &args),
        Command::Validate(args) => validate::run(context, &args),
        Command::Init(args) => init::run(context, &args),
        Command::Assess(args) => assess::run(context, &args),
        Command::Review(args) => review::run(context, &args),
        Command::People(args) => people::run(context, &args),
        Command::Gap(args) => report::gap(context, &args),
        Command::Plan(args) => report::plan(context, &args),
        Command::Team(args) => team::run(context, &args),
        Command::Readiness(args) => report::readiness(context, &args),
        Command::History(args) => report::history(context, &args),
        Command::Status(args) => status::run(context, &args),
        Command::Calibrate(args) => calibrate::run(context, &args),
        Command::Impact(args) => impact::run(context, &args),
        Command::Actions(args) => actions::run(context, &args),
        // A dataset is a folder the command writes itself.
        Command::Export(args) if context.wants(FormatArg::Parquet) => dataset::run(context, &args),
        // A workbook is built whole and written as bytes, not streamed as text.
        Command::Export(args) if context.wants(FormatArg::Xlsx) => {
            report::export(context, &args, &mut std::io::sink())
        }
        Command::Export(args) => sink.stream(|out| report::export(context, &args, out)),
        Command::Import(args) => import::run(context, &args),
        Command::Schema(args) => Ok(schema::run(&args)),
        Command::Adapt(args) => adapt::run(context, &args),
        Command::Purge(args) => purge::run(context, &args),
        Command::Sar(args) => sar::run(context, &args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    }
}

/// Run a command of this tool in-process, on the workspace `locate` names,
/// as it would print it to a file (no colour, no wrapping): how `sar`
/// gathers the reports about a person. `args` are the words after
/// `competency`.
pub(crate) fn in_process(args: &[&str], locate: Locate) -> anyhow::Result<Outcome> {
    let words: Vec<std::ffi::OsString> = std::iter::once("competency")
        .chain(args.iter().copied())
        .map(Into::into)
        .collect();
    let (arguments, wanted) = parse(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    let mut context = Context {
        format: wanted
            .and_then(FormatArg::text)
            .unwrap_or(render::Format::Table),
        wanted,
        format_given: wanted.is_some(),
        style: Style::PLAIN,
        locate,
        workspace: Lookup::NotYet,
        catalog: None,
        output: None,
    };
    dispatch(arguments.command, &mut context, &output::Sink::new(None))
}
