//! `init`: create a workspace.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::catalog::Catalog;
use crate::settings::Settings;
use crate::workspace;

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to create the workspace in (default: --workspace, else the current folder)
    pub(crate) dir: Option<PathBuf>,
    /// The workspace's name, e.g. the team or organisation
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Framework `assess` uses when --framework is not given, e.g. wdcvs
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// The day each appraisal cycle starts, MM-DD, written in the settings (without it:
    /// the calendar year, and a pack's next review a year after the meeting)
    #[arg(long, value_name = "MM-DD")]
    pub(crate) cycle_start: Option<String>,
}

pub(crate) fn run(cx: &mut Context, args: &InitArgs) -> anyhow::Result<Outcome> {
    let dir = match (&args.dir, cx.workspace_flag()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(flag)) => flag.to_path_buf(),
        (None, None) => PathBuf::from("."),
    };
    if let Some(framework) = &args.framework {
        Catalog::bundled().framework(framework)?;
    }
    let name = match &args.name {
        Some(name) => name.trim().to_owned(),
        None => std::fs::canonicalize(&dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "competency workspace".to_owned()),
    };
    let cycle = crate::settings::CycleRule::starting(args.cycle_start.as_deref())?;
    let settings = Settings {
        name,
        default_framework: args.framework.clone(),
        cycle,
        cycle_given: args.cycle_start.is_some(),
        ..Settings::default()
    };
    let created = workspace::create(&dir, &settings)?;
    // A folder that was already there keeps its permissions; say when others
    // can read it.
    let note = if created.existed {
        crate::file::Root::open(&dir)
            .ok()
            .and_then(|root| crate::store::privacy(&root, ""))
            .map(|d| {
                format!(
                    "note: {}\n",
                    d.message
                        .replace("the folder holds", "the workspace will hold")
                ) + &d.help.map(|h| format!("  {h}\n")).unwrap_or_default()
            })
            .unwrap_or_default()
    } else {
        String::new()
    };
    let mut note = note;
    for path in &created.roles {
        let _ = writeln!(
            note,
            "wrote a starter role profile, {}: the levels are yours to set",
            crate::diagnostic::shown(path)
        );
    }
    // With a default framework, `assess` needs no --framework.
    let framework = if args.framework.is_some() {
        ""
    } else {
        " --framework FW"
    };
    let at = dir.display();
    Ok(Outcome::print_with_note(
        note,
        format!(
            "created a workspace in {at}\n\
             {cycle}\n\
             next: add the people, one at a time or from a spreadsheet (people import --help);\n\
             \x20     `competency roles` lists the roles they can hold:\n\
             \x20 competency --workspace {at} people add PERSON --name \"NAME\" --role ROLE --manager MANAGER\n\
             then: competency --workspace {at} assess PERSON{framework} --by self\n",
            cycle = cycle.said(args.cycle_start.is_none()),
        ),
    ))
}
