//! `adapt`: a workspace's own version of a framework, `frameworks/NEW.yaml`,
//! made from the original's YAML with a new id, a name and `based-on`.

use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use super::{Context, Outcome};
use crate::diagnostic::list_names;
use crate::error::Error;
use crate::framework_file::adapt::{Adaptation, adapt};
use crate::model::Origin;

#[derive(Debug, Args)]
pub(crate) struct AdaptArgs {
    /// The framework to start from, bundled or the workspace's, e.g. ombudsman
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
            return Err(Error::Usage(format!(
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
            "In this workspace it replaces the bundled `{}` (`competency frameworks` shows where each comes from).",
            original.id
        );
    }
    out.push_str("Edit it, then check it with `competency validate`.\n");
    let mut note = String::new();
    if args.id != original.id && !original.roles.is_empty() {
        // A role is found by its id, and a workspace framework's roles come
        // before the bundled ones: the copy's roles now answer to those ids.
        let roles: Vec<&str> = original.roles.iter().map(|r| r.id.as_str()).collect();
        note = format!(
            "warning: the copy defines the {} {} of `{}`: in this workspace {} now the copy's, so `gap --role` compares with `{}`. To keep the original's, rename {} in {}\n",
            if roles.len() == 1 { "role" } else { "roles" },
            list_names(roles.iter().copied(), "and"),
            original.id,
            if roles.len() == 1 {
                "that role is"
            } else {
                "those roles are"
            },
            args.id,
            if roles.len() == 1 { "it" } else { "them" },
            shown.display()
        );
    }
    Ok(Outcome::print_with_note(note, out))
}
