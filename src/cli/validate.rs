//! `validate`: check files and report every problem found.

use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::render::validate::{ValidateReport, render};
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Files to check: framework or role YAML, assessment records (TOML), competency.toml.
    /// Default: everything bundled and in the workspace
    pub(crate) paths: Vec<PathBuf>,
}

pub(crate) fn run(cx: &mut Context, args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let catalog = cx.catalog()?;
    let (files, diagnostics) = if args.paths.is_empty() {
        let mut files = catalog.file_count();
        let mut diagnostics = catalog.diagnostics();
        if let Some(workspace) = cx.workspace()? {
            let (records, problems) = store::check_workspace(workspace, &catalog);
            files += records;
            diagnostics.extend(problems);
        }
        (files, diagnostics)
    } else {
        let mut all = Vec::new();
        for path in &args.paths {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                let folder = match (cx.workspace()?, crate::sar::person_of(path)) {
                    (Some(ws), Some(person)) => Some(folder_now(ws, &person)?),
                    _ => None,
                };
                all.extend(crate::sar::check(path, folder.as_deref()));
            } else {
                all.extend(store::check_path(&catalog, path));
            }
        }
        (args.paths.len(), all)
    };
    let report = ValidateReport::new(files, diagnostics);
    let code = i32::from(report.errors > 0);
    Ok(Outcome {
        code,
        ..Outcome::print(render(&report, cx.format))
    })
}

/// Each file of `person`'s folder now, with its SHA-256 (empty for what is
/// not a regular file): what a subject-access bundle is checked against.
fn folder_now(
    ws: &crate::workspace::Workspace,
    person: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    use crate::file::{Kind, Opened};
    let rel = store::person_rel(person);
    let root = ws.dir();
    let entries = match root.open_folder(&rel) {
        Ok(Opened::Folder(_, entries)) => entries,
        Ok(Opened::Missing | Opened::Link) => Vec::new(),
        Err(e) => {
            return Err(crate::error::Error::io("read the folder", &root.join(&rel), e).into());
        }
    };
    let mut files = Vec::new();
    for (name, kind) in entries {
        let digest = if kind == Kind::File {
            let bytes = root
                .read_bytes(&format!("{rel}/{name}"))
                .map_err(crate::error::Error::from)?;
            crate::sar::sha256(&bytes)
        } else {
            String::new()
        };
        files.push((name, digest));
    }
    Ok(files)
}
