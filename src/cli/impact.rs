//! `impact`: what a draft role profile would change for the people who hold
//! the role — against the workspace as it is, writing nothing.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use super::report::{date_flag, workspace};
use super::{Context, Outcome};
use crate::error::Error;
use crate::file::{Links, read_text};
use crate::model::RoleProfile;
use crate::render;
use crate::report::impact::ImpactReport;

#[derive(Debug, Args)]
pub(crate) struct ImpactArgs {
    /// The draft: a role file in the shape of the workspace's roles/*.yaml,
    /// with new roles or changed ones (kept outside roles/ until published)
    #[arg(value_name = "ROLE_FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) file: PathBuf,
    /// The workspace as it was on this day, YYYY-MM-DD (default: today):
    /// who held the role then, and only ratings up to it
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
}

/// The draft's roles, read as the workspace's role files are read and
/// checked by the same rules; any problem refuses the draft.
fn draft_roles(
    args: &ImpactArgs,
    catalog: &crate::catalog::Catalog,
) -> anyhow::Result<(Vec<RoleProfile>, Vec<crate::diagnostic::Diagnostic>)> {
    #[derive(serde::Deserialize)]
    struct Kind {
        competencies: Option<serde::de::IgnoredAny>,
    }
    let path = &args.file;
    // A regular file only (a pipe or a device is refused at once), at most
    // 16 MiB, UTF-8.
    let text = read_text(path, Links::Follow).map_err(|d| Error::Invalid(vec![d]))?;
    if crate::parse::parse_yaml::<Kind>(path, &text).is_ok_and(|k| k.competencies.is_some()) {
        bail!(
            "`{}` is a framework, not a role file: impact takes roles in the shape of roles/*.yaml (`competency role ROLE --format json` shows one)",
            crate::text::escape_controls(&path.display().to_string())
        );
    }
    let find = |id: &str| catalog.framework(id).ok();
    let loaded = crate::framework_file::roles_from_str(path, &text, &find);
    let warnings: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    let roles = loaded.ok().map_err(Error::Invalid)?;
    if roles.is_empty() {
        bail!(
            "`{}` defines no roles; a role file lists them under `roles:`",
            crate::text::escape_controls(&path.display().to_string())
        );
    }
    Ok((roles, warnings))
}

pub(crate) fn run(cx: &mut Context, args: &ImpactArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (drafts, warnings) = draft_roles(args, &catalog)?;
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?;
    let (roles, read_warnings, left) = crate::app::impact::build(&ws, &catalog, &drafts, as_of)?;
    let report = ImpactReport {
        file: args.file.display().to_string(),
        as_of: as_of.unwrap_or_else(crate::date::today).to_string(),
        roles,
    };
    Ok(
        Outcome::print(render::impact::render(&report, cx.format, cx.style)?)
            .warned(&warnings)
            .warned(&read_warnings)
            .left_out(&render::left_out::from_problems(&left), cx),
    )
}
