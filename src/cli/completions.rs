//! `completions` and `man`: a shell's completion script and the manual page,
//! both generated from the same clap definitions as `--help`.

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::{Arguments, Outcome};
use crate::catalog::unknown;

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Only this command's page (competency-COMMAND), e.g. gap
    pub(crate) command: Option<String>,
}

pub(crate) fn completions(args: &CompletionsArgs) -> Outcome {
    let mut command = Arguments::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "competency", &mut script);
    Outcome::print(String::from_utf8_lossy(&script).into_owned())
}

pub(crate) fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    let mut top = Arguments::command();
    // Built first, so a command's page has the global options and the version.
    top.build();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            let Some(sub) = top.find_subcommand(name).cloned() else {
                anyhow::bail!(unknown(
                    "command",
                    name,
                    None,
                    names.iter().map(String::as_str)
                ));
            };
            // The page is `competency-gap`, as the top page's list names it
            // (git's convention); its synopsis reads `competency gap`.
            let bin = format!("competency {}", sub.get_name());
            let page = format!("competency-{}", sub.get_name());
            sub.display_name(page).bin_name(bin)
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("competency {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    Ok(Outcome::print(String::from_utf8_lossy(&roff).into_owned()))
}
