//! `competency`: competency assessment against UK public and third-sector
//! competency frameworks. Frameworks are YAML compiled into the binary; a
//! workspace holds role profiles and assessment records as files; reports
//! compare ratings with the levels a role requires.

pub mod analysis;
pub mod assess;
pub mod case;
pub mod catalog;
mod cli;
pub mod derive;
pub mod diagnostic;
pub mod id;
pub mod load;
pub mod model;
pub mod questionnaire;
pub mod record;
pub mod render;
pub mod store;
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
