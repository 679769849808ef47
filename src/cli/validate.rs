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
                    (Some(ws), Some(person)) => Some(crate::sar::files_now(ws.dir(), &person)?),
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
        ..Outcome::print(render(&report, cx.format)?)
    })
}
