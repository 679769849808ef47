//! `adapt`: a workspace's own version of a framework, `frameworks/NEW.yaml`,
//! made from the original's YAML with a new id, a name and `based-on`.

use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use super::{Context, Outcome};
use crate::error::Error;
use crate::framework_file::adapt::{Adaptation, adapt, renamed_role};
use crate::model::Origin;

#[derive(Debug, Args)]
pub(crate) struct AdaptArgs {
    /// The framework to start from, bundled or the workspace's, e.g. ombudsman
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: String,
    /// The new framework's id; the file written is frameworks/ID.yaml. Give
    /// the original's own id to replace a bundled framework in this workspace
    #[arg(long, value_name = "ID")]
    pub(crate) id: String,
    /// The new framework's name [default: the original's]
    #[arg(long)]
    pub(crate) name: Option<String>,
}

pub(crate) fn run(cx: &mut Context, args: &AdaptArgs) -> anyhow::Result<Outcome> {
    let workspace = cx.require_workspace()?;
    if let Err(e) = crate::id::Id::parse(&args.id) {
        bail!("--id {e}");
    }
    let catalog = cx.catalog()?;
    let original = catalog.framework(&args.framework)?;
    let path = workspace
        .root
        .join("frameworks")
        .join(format!("{}.yaml", args.id));
    let shown = workspace.display_path(&path);
    match catalog.origin(&args.id) {
        Some(Origin::File(existing)) => bail!(
            "{} already exists; nothing was written. Choose another --id, or remove the file first",
            workspace.display_path(existing).display()
        ),
        Some(Origin::Bundled) if args.id != original.id => bail!(
            "`{}` is a bundled framework: a workspace framework with that id would replace it. Choose another --id",
            args.id
        ),
        _ => {}
    }
    let source = catalog.source_text(&original.id)?;
    let text = adapt(
        &shown,
        &source,
        original,
        &Adaptation {
            id: &args.id,
            name: args.name.as_deref(),
        },
    )?;
    let what = format!("adapt {} --id {}", original.id, args.id);
    crate::store::apply(workspace.dir(), &what, |change| {
        let taken = |ext: &str| {
            !matches!(
                change.root().stat(&format!("frameworks/{}.{ext}", args.id)),
                Ok(None)
            )
        };
        if taken("yaml") || taken("yml") {
            return Err(Error::refused(format!(
                "{} already exists; nothing was written. Choose another --id, or remove the file first",
                shown.display()
            )));
        }
        change.folder("frameworks")?;
        change.framework(&args.id, &text).map(|_| ())
    })?;
    let mut out = format!(
        "wrote {}: `{}`, based on `{}` ({})\n",
        shown.display(),
        args.id,
        original.id,
        original.fingerprint
    );
    if args.id == original.id {
        let _ = writeln!(
            out,
            "In this workspace it replaces the bundled `{}` (`competency frameworks` shows where each comes from); it has the same fingerprint, so records made on `{}` read as before until you edit it.",
            original.id, original.id
        );
    } else {
        let _ = writeln!(
            out,
            "Nothing already recorded changes: records made on `{}` stay on `{}`, and roles, the roster and reports mean what they meant. New assessments use the copy with `--framework {}`.",
            original.id, original.id, args.id
        );
        if !original.roles.is_empty() {
            let renamed: Vec<String> = original
                .roles
                .iter()
                .map(|r| format!("`{}` as `{}`", r.id, renamed_role(&args.id, &r.id)))
                .collect();
            let _ = writeln!(
                out,
                "The copy carries the original's {}, so the original's keep theirs: {}.",
                if renamed.len() == 1 {
                    "role under a new id"
                } else {
                    "roles under new ids"
                },
                renamed.join(", ")
            );
        }
    }
    out.push_str("Edit it, then check it with `competency validate`.\n");
    let note = String::new();
    Ok(Outcome::print_with_note(note, out))
}
