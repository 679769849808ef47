//! `competency`: competency assessment against UK public and third-sector
//! competency frameworks. Frameworks are YAML compiled into the binary; a
//! workspace holds role profiles and assessment records as files; reports
//! compare ratings with the levels a role requires. ARCHITECTURE.md shows the
//! layers and how a record and a report flow through them.

pub mod assessment;
pub mod case;
pub mod catalog;
pub mod checklist;
mod cli;
pub mod date;
pub mod diagnostic;
pub mod digest;
pub mod error;
pub mod file;
pub mod framework_file;
pub mod id;
pub mod import;
pub mod model;
pub mod parse;
pub mod questionnaire;
pub mod record;
pub mod render;
pub mod report;
pub mod review;
pub mod roster;
pub mod schema;
pub mod store;
pub mod text;
pub mod workspace;

/// Run the command line with `args` (the program name first); returns the
/// process exit code: 0 success, 1 problems found, 2 bad usage or input.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cli::run(args)
}
