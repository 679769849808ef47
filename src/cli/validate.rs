//! `validate`: check files and report every problem found.

use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::render::validate::{ValidateReport, render};

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
            let (records, problems) = crate::record::check::check_workspace(workspace, &catalog);
            files += records;
            diagnostics.extend(problems);
        }
        (files, diagnostics)
    } else {
        let mut all = Vec::new();
        for path in &args.paths {
            all.extend(check_file(&catalog, path));
        }
        (args.paths.len(), all)
    };
    let report = ValidateReport::new(files, diagnostics);
    let code = i32::from(report.errors > 0);
    Ok(Outcome {
        stdout: render(&report, cx.format),
        stderr: String::new(),
        code,
    })
}

/// Check one file, deciding by its content whether it is a framework or a role file.
fn check_file(catalog: &crate::catalog::Catalog, path: &std::path::Path) -> Vec<Diagnostic> {
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml
        && path
            .file_name()
            .is_some_and(|n| n == crate::workspace::CONFIG_FILE)
    {
        return match crate::workspace::Workspace::open(path.parent().unwrap_or(path)) {
            Ok(_) => Vec::new(),
            Err(d) => vec![d],
        };
    }
    if is_toml {
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .filter(|_| {
                path.parent()
                    .and_then(|p| p.parent())
                    .is_some_and(|a| a.ends_with("assessments"))
            });
        return crate::record::check::check_file(path, catalog, folder);
    }
    let text = match load::read_text(path) {
        Ok(text) => text,
        Err(d) => return vec![d],
    };
    let is_role_file = !text.lines().any(|l| l.starts_with("competencies:"))
        && text.lines().any(|l| l.starts_with("roles:"));
    if is_role_file {
        let find = |id: &str| catalog.framework(id).ok();
        load::roles_from_str(path, &text, &find).diagnostics
    } else {
        let expected = path.file_stem().and_then(|s| s.to_str());
        load::framework_from_str(path, &text, expected).diagnostics
    }
}
