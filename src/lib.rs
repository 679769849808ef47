//! `competency`: competency assessment against UK public and third-sector
//! competency frameworks. Frameworks are YAML compiled into the binary; a
//! workspace holds role profiles and assessment records as files; reports
//! compare ratings with the levels a role requires. ARCHITECTURE.md shows the
//! layers and how a record and a report flow through them.

mod app;
mod assessment;
mod case;
mod catalog;
mod checklist;
mod cli;
mod dataset;
mod date;
mod diagnostic;
mod digest;
mod error;
mod file;
mod framework_file;
mod id;
mod import;
mod model;
mod parse;
#[cfg(feature = "interactive")]
mod questionnaire;
mod record;
mod render;
mod report;
mod review;
mod roster;
mod sar;
mod schema;
mod settings;
mod store;
mod text;
mod workspace;

#[doc(hidden)]
pub mod testing;

/// Run the command line with `args` (the program name first); returns the
/// process exit code: 0 success, 1 problems found, 2 bad usage or input.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cli::run(args)
}
