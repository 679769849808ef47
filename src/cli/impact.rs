//! `impact`: what a draft role profile would change for the people who hold
//! the role — against the workspace as it is, writing nothing.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use super::report::{date_flag, workspace};
use super::{Context, Outcome};
use crate::app::person::records_of;
use crate::error::Error;
use crate::file::{Links, read_text};
use crate::model::{RoleProfile, Subject};
use crate::record::Filed;
use crate::render;
use crate::report::impact::{Holder, ImpactReport, impact};
use crate::roster::{self, Profile};
use crate::store;

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
    // Everyone is read: through the index of checked records.
    let ws = store::with_index(&workspace(cx)?);
    let catalog = cx.catalog()?;
    let (drafts, warnings) = draft_roles(args, &catalog)?;
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?;
    let day = as_of.unwrap_or_else(crate::date::today);
    let roster = store::read_roster(&ws)?;
    let ids: HashSet<&str> = drafts.iter().map(|r| r.id.as_str()).collect();
    // Only people who may hold a drafted role are read: the roster's
    // holders, and people it does not list (their role is on their records).
    let folders: HashSet<String> = store::people(&ws)?.into_iter().collect();
    let mut people: Vec<String> = roster
        .people
        .iter()
        .filter(|m| m.role.as_deref().is_some_and(|r| ids.contains(r)))
        .map(|m| m.id.clone())
        .collect();
    people.extend(folders.iter().filter(|p| roster.get(p).is_none()).cloned());
    people.sort();
    people.dedup();
    let mut holders: Vec<(Profile, Vec<Filed>)> = Vec::new();
    let mut read_warnings = Vec::new();
    let mut left = store::stray_folders(&ws);
    crate::app::read_in_order(
        &people,
        |person| {
            if folders.contains(person) {
                records_of(&ws, &catalog, person, None).map(Some)
            } else {
                Ok(None)
            }
        },
        |person, read| {
            let read = read?.unwrap_or_default();
            read_warnings.extend(read.warnings);
            left.extend(read.left_out);
            let profile = roster::profile(&roster, person, &read.records);
            let organisation = read
                .records
                .iter()
                .any(|f| f.record.subject == Subject::Organisation);
            let holds = profile.role.as_deref().is_some_and(|r| ids.contains(r));
            if holds && !organisation && profile.is_active_on(day) {
                holders.push((profile, read.records));
            }
            Ok(())
        },
    )?;
    let mut roles = Vec::new();
    for draft in &drafts {
        let framework = catalog.framework(&draft.framework)?;
        // None: defined nowhere in the workspace, a new role. A role defined
        // twice (the draft put in roles/ beside the published one, say) is
        // refused, as every report refuses it.
        let now = match catalog.find_role(&draft.id)? {
            Some(role) => Some((catalog.framework(&role.framework)?, role)),
            None => None,
        };
        let of_role: Vec<Holder<'_>> = holders
            .iter()
            .filter(|(p, _)| p.role.as_deref() == Some(draft.id.as_str()))
            .map(|(p, records)| Holder {
                person: &p.person,
                name: p.name.as_deref(),
                team: p.team.as_deref(),
                records,
            })
            .collect();
        roles.push(impact((framework, draft), now, &of_role, as_of));
    }
    let report = ImpactReport {
        file: args.file.display().to_string(),
        as_of: day.to_string(),
        roles,
    };
    Ok(
        Outcome::print(render::impact::render(&report, cx.format, cx.style)?)
            .warned(&warnings)
            .warned(&read_warnings)
            .left_out(&render::left_out::from_problems(&left), cx),
    )
}
