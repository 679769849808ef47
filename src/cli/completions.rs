//! `completions` and `man`: a shell's completion script and the manual page,
//! both generated from the same clap definitions as `--help`.

use clap::Args;
use clap_complete::Shell;

use super::Outcome;
use crate::catalog::unknown;

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Only this command's page (competency-COMMAND), e.g. gap, or a
    /// sub-command's (competency-people-import): people import
    pub(crate) command: Vec<String>,
}

/// The script that registers completion with `shell`: the shell then asks
/// this binary for each completion, so it completes the workspace's own
/// people, roles, frameworks and competencies.
pub(crate) fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let shell: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::PowerShell => &Powershell,
        other => anyhow::bail!("no completion for {other}"),
    };
    // The binary the shell will ask: this one, wherever it is installed.
    let completer = std::env::current_exe().ok().map_or_else(
        || "competency".to_owned(),
        |p| p.to_string_lossy().into_owned(),
    );
    let mut script = Vec::new();
    shell.write_registration(
        super::complete::VAR,
        "competency",
        "competency",
        &completer,
        &mut script,
    )?;
    Ok(Outcome::print(
        String::from_utf8_lossy(&script).into_owned(),
    ))
}

pub(crate) fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    // A man page names only pages that exist: no `competency-help`.
    let mut top = super::command().disable_help_subcommand(true);
    // Built first, so a command's page has the global options and the version.
    top.build();
    let mut page = top;
    let mut path: Vec<&str> = Vec::new();
    for name in &args.command {
        let names: Vec<String> = page
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let Some(sub) = page.find_subcommand(name).cloned() else {
            let within = (!path.is_empty()).then(|| format!("`competency {}`", path.join(" ")));
            anyhow::bail!(unknown(
                "command",
                name,
                within.as_deref(),
                names.iter().map(String::as_str)
            ));
        };
        path.push(name);
        // The page is `competency-people-import`, as the list of the page
        // above names it (git's convention); its synopsis reads
        // `competency people import`.
        page = sub
            .display_name(format!("competency-{}", path.join("-")))
            .bin_name(format!("competency {}", path.join(" ")));
    }
    let man = clap_mangen::Man::new(page.clone())
        .source(format!("competency {}", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if page.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff)?;
    }
    if page.has_subcommands() {
        man.render_subcommands_section(&mut roff)?;
    }
    // The examples under `--help`, as a section named for what it holds.
    if let Some(after) = page.get_after_help() {
        roff.extend_from_slice(examples_section(&after.to_string()).as_bytes());
    }
    man.render_version_section(&mut roff)?;
    Ok(Outcome::print(String::from_utf8_lossy(&roff).into_owned()))
}

/// The text under a command's `--help` (its examples, and notes) as a man
/// page section, each line as written.
fn examples_section(text: &str) -> String {
    let mut out = String::from(".SH EXAMPLES\n.nf\n");
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with a dot or a quote would be read as a request.
        if line.starts_with(['.', '\'']) {
            out.push_str("\\&");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(".fi\n");
    out
}
