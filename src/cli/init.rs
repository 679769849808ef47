//! `init`: create a workspace.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use super::{Context, Outcome};
use crate::catalog::Catalog;
use crate::store::{create_private_dir, write_private};
use crate::workspace::{CONFIG_FILE, Config};

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to create the workspace in (default: --workspace, else the current folder)
    pub(crate) dir: Option<PathBuf>,
    /// The workspace's name, e.g. the team or organisation
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Framework `assess` uses when --framework is not given, e.g. wdcvs
    #[arg(long)]
    pub(crate) framework: Option<String>,
}

const README: &str = r#"# Competency workspace

This folder holds competency assessments, made with the `competency` tool.

- `competency.toml`: settings (the workspace name, the default framework).
- `roles/*.yaml`: role profiles, the level each role requires per competency,
  for example `roles/link-worker.yaml`:

      roles:
        - id: senior-link-worker
          name: Senior link worker
          framework: wdcvs
          required:
            team-working: "4"
            customer-and-stakeholder-focus: "4"

- `frameworks/*.yaml`: optional adapted or extra frameworks (same format as the
  bundled ones).
- `assessments/<person>/*.toml`: one file per assessment. Files are never
  rewritten; a correction is a new record that names the one it amends.

Records are personal HR data: the folders are readable by their owner only.
Keep the workspace somewhere private, and do not share or publish it.

Check everything with `competency validate`; list people with
`competency people`.
"#;

pub(crate) fn run(cx: &mut Context, args: &InitArgs) -> anyhow::Result<Outcome> {
    let dir = match (&args.dir, cx.workspace_flag()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(flag)) => flag.to_path_buf(),
        (None, None) => PathBuf::from("."),
    };
    let dir = &dir;
    if dir.join(CONFIG_FILE).exists() {
        bail!(
            "`{}` is already a workspace (it has {CONFIG_FILE}); nothing was changed",
            dir.display()
        );
    }
    if dir.exists() && !dir.is_dir() {
        bail!(
            "`{}` is a file, not a folder; give a folder for the workspace",
            dir.display()
        );
    }
    if let Some(framework) = &args.framework {
        Catalog::bundled().framework(framework)?;
    }
    let name = match &args.name {
        Some(name) => name.trim().to_owned(),
        None => std::fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "competency workspace".to_owned()),
    };
    let config = Config {
        name,
        default_framework: args.framework.clone(),
        default_rater: None,
    };
    let text = format!(
        "# Settings of this competency workspace.\n{}",
        toml::to_string(&config).context("cannot write the settings")?
    );
    // A folder made here is private (0700); one that was already there keeps
    // its permissions, and is only pointed out when others can read it.
    let existed = dir.exists();
    create_private_dir(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for sub in ["roles", "assessments"] {
        create_private_dir(&dir.join(sub))
            .with_context(|| format!("cannot create `{}`", dir.join(sub).display()))?;
    }
    if !dir.join("README.md").exists() {
        write_private(&dir.join("README.md"), README.as_bytes())?;
    }
    // The settings file goes last: a workspace exists once it is there.
    write_private(&dir.join(CONFIG_FILE), text.as_bytes())?;
    let note = if existed {
        crate::record::check::privacy(dir)
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
    Ok(Outcome::print_with_note(
        note,
        format!(
            "created a workspace in {}\nnext: competency --workspace {} assess PERSON --framework FW --by self\n",
            dir.display(),
            dir.display()
        ),
    ))
}
