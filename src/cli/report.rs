//! The report commands: `gap`, `plan`, `team`, `readiness`, `history`, `export`.
//! Each reads the records it needs (one person's folder where it can), builds
//! its model in `analysis`, and renders it.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Context as _, bail};
use clap::Args;
use rayon::prelude::*;

use super::assess::ByArg;
use super::{Context, Outcome};
use crate::analysis::{self, Named};
use crate::catalog::{Catalog, CatalogError, unknown};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::record::{RaterKind, Record, check};
use crate::render::{self, Format};
use crate::store;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub(crate) struct GapArgs {
    /// The person, e.g. jane-doe
    pub(crate) person: String,
    /// The role to compare with, e.g. community-link-worker
    #[arg(long)]
    pub(crate) role: String,
    /// Whose ratings to use (default: manager when there is a manager assessment, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
    /// Only records dated on or before this day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Show which ticked behaviours decided each checklist rating
    #[arg(long)]
    pub(crate) explain: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The person, e.g. jane-doe
    pub(crate) person: String,
    /// The role to plan towards, e.g. community-link-worker
    #[arg(long)]
    pub(crate) role: String,
    /// Whose ratings to use (default: manager when there is a manager assessment, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
}

#[derive(Debug, Args)]
pub(crate) struct TeamArgs {
    /// The role to compare everyone with
    #[arg(long)]
    pub(crate) role: String,
    /// Only these people (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "PERSON")]
    pub(crate) people: Vec<String>,
    /// Whose ratings to use (default per person: manager when there is one, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
    /// Only the training needs and counts, not a line per person
    #[arg(long)]
    pub(crate) summary: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ReadinessArgs {
    /// The person, e.g. sunita
    pub(crate) person: String,
    /// Only roles of this framework
    #[arg(long)]
    pub(crate) framework: Option<String>,
    /// Whose ratings to use (default: manager when there is a manager assessment, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The person, e.g. alex-morgan
    pub(crate) person: String,
    /// Only this framework
    #[arg(long)]
    pub(crate) framework: Option<String>,
}

fn workspace(cx: &mut Context) -> anyhow::Result<Workspace> {
    cx.workspace()?
        .cloned()
        .context("no workspace here: create one with `competency init`, or give --workspace DIR")
}

/// Every record of `person`, parsed and checked; a bad one stops the report
/// (exit 2) with its located problems rather than being misread.
pub(crate) fn person_records(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
    only: Option<&str>,
) -> anyhow::Result<Vec<(String, Record)>> {
    let id = crate::assess::person_id(person)?;
    let dir = store::person_dir(workspace, id.as_str());
    let stored = store::person_records(workspace, id.as_str())?;
    if stored.is_empty() && !dir.is_dir() {
        let people = store::people(workspace).unwrap_or_default();
        let mut message = format!("no assessments for `{id}` in this workspace");
        if let Some(s) = did_you_mean(id.as_str(), people.iter().map(String::as_str)) {
            let _ = write!(message, "; did you mean `{s}`?");
        } else {
            message.push_str(" (`competency people` lists who has some)");
        }
        bail!(message);
    }
    let mut records = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for stored in stored {
        let file = stored.file_name();
        match stored.record {
            // Records of other frameworks must parse, but are not checked
            // against a framework the report does not use.
            Ok(record) if only.is_some_and(|f| f != record.framework()) => {}
            Ok(record) => {
                problems.extend(
                    check::check(
                        &stored.path,
                        &stored.source,
                        &record,
                        catalog,
                        Some(id.as_str()),
                    )
                    .into_iter()
                    // A final record edited by hand is still read as it now
                    // stands; reports say so, and `validate` reports it.
                    .filter(|d| d.is_error() && d.code != "edited-after-final"),
                );
                records.push((file, record));
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(CatalogError::Invalid(problems).into());
    }
    Ok(records)
}

/// The records of `person` on `role`'s framework; none is an error, since
/// a gap or plan could only show every requirement unrated.
fn role_records(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
    role: &crate::model::RoleProfile,
) -> anyhow::Result<Vec<(String, Record)>> {
    let records = person_records(workspace, catalog, person, Some(&role.framework))?;
    if records.is_empty() {
        bail!(
            "`{person}` has no assessments on framework `{}`, the framework of role `{}`",
            role.framework,
            role.id
        );
    }
    Ok(records)
}

/// Every record of `person`, parsed but not checked against the frameworks.
fn parsed_records(workspace: &Workspace, person: &str) -> anyhow::Result<Vec<(String, Record)>> {
    store::person_records(workspace, person)?
        .into_iter()
        .map(|stored| {
            let file = stored.file_name();
            stored
                .record
                .map(|record| (file, record))
                .map_err(|d| CatalogError::Invalid(vec![d]).into())
        })
        .collect()
}

fn named(records: &[(String, Record)]) -> Vec<Named<'_>> {
    records
        .iter()
        .map(|(file, record)| Named { file, record })
        .collect()
}

fn by(arg: Option<ByArg>) -> Option<RaterKind> {
    arg.map(RaterKind::from)
}

pub(crate) fn gap(cx: &mut Context, args: &GapArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let role = catalog.role(&args.role)?;
    let framework = catalog.framework(&role.framework)?;
    let as_of = match &args.as_of {
        Some(text) => Some(
            crate::assess::strict_date(text)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "--as-of `{}` is not a date: use YYYY-MM-DD, e.g. 2026-11-24",
                        text.escape_debug()
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    let records = role_records(&ws, &catalog, &args.person, role)?;
    let named = named(&records);
    let report = analysis::gap(
        &args.person,
        framework,
        role,
        &named,
        by(args.by),
        as_of.as_deref(),
    );
    let options = render::gap::Options {
        explain: args.explain,
    };
    Ok(Outcome::print(render::gap::render_gap(
        framework, &report, cx.format, cx.style, options,
    )))
}

pub(crate) fn plan(cx: &mut Context, args: &PlanArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let role = catalog.role(&args.role)?;
    let framework = catalog.framework(&role.framework)?;
    let records = role_records(&ws, &catalog, &args.person, role)?;
    let named = named(&records);
    let report = analysis::gap(&args.person, framework, role, &named, by(args.by), None);
    let plan = analysis::plan(framework, report);
    Ok(Outcome::print(render::gap::render_plan(
        framework, &plan, cx.format, cx.style,
    )))
}

pub(crate) fn team(cx: &mut Context, args: &TeamArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let role = catalog.role(&args.role)?;
    let framework = catalog.framework(&role.framework)?;
    let everyone = store::people(&ws)
        .with_context(|| format!("cannot read `{}`", ws.assessments_dir().display()))?;
    let people: Vec<String> = if args.people.is_empty() {
        everyone
    } else {
        for p in &args.people {
            if !everyone.contains(p) {
                bail!(
                    "{}",
                    unknown(
                        "person",
                        p,
                        Some("this workspace"),
                        everyone.iter().map(String::as_str)
                    )
                );
            }
        }
        args.people.clone()
    };
    let by = by(args.by);
    let member = |person: &String| -> anyhow::Result<Option<analysis::TeamMember>> {
        let records = person_records(&ws, &catalog, person, Some(&framework.id))?;
        Ok(analysis::team_member(
            person,
            framework,
            role,
            &named(&records),
            by,
        ))
    };
    let report = if args.summary {
        // Chunk by chunk, keeping only the running totals: memory stays flat.
        let mut tally = analysis::Tally::new(framework, role);
        for chunk in people.chunks(1024) {
            let lines: Vec<_> = chunk.par_iter().map(member).collect();
            for line in lines {
                if let Some(m) = line? {
                    tally.add(&m);
                }
            }
        }
        tally.report(framework, role, Vec::new())
    } else {
        let lines: Vec<_> = people.par_iter().map(member).collect();
        let mut members = Vec::new();
        for line in lines {
            members.extend(line?);
        }
        analysis::team(framework, role, members)
    };
    Ok(Outcome::print(render::team::render_team(
        &report, cx.format, cx.style,
    )))
}

pub(crate) fn readiness(cx: &mut Context, args: &ReadinessArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    if let Some(f) = &args.framework {
        catalog.framework(f)?;
    }
    let records = person_records(&ws, &catalog, &args.person, args.framework.as_deref())?;
    let named = named(&records);
    let mut ids: Vec<&str> = named.iter().map(|n| n.record.framework()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|id| args.framework.as_deref().is_none_or(|f| f == *id));
    let frameworks = ids
        .iter()
        .map(|id| catalog.framework(id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut roles = Vec::new();
    for id in &ids {
        roles.extend(catalog.roles_of(id)?);
    }
    let fits = analysis::readiness(&frameworks, &roles, &named, by(args.by));
    Ok(Outcome::print(render::team::render_readiness(
        &args.person,
        &fits,
        cx.format,
        cx.style,
    )))
}

pub(crate) fn history(cx: &mut Context, args: &HistoryArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    if let Some(f) = &args.framework {
        catalog.framework(f)?;
    }
    let records = person_records(&ws, &catalog, &args.person, args.framework.as_deref())?;
    let named = named(&records);
    let mut ids: Vec<&str> = named.iter().map(|n| n.record.framework()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut history = Vec::new();
    for id in ids
        .iter()
        .filter(|id| args.framework.as_deref().is_none_or(|f| f == **id))
    {
        history.extend(analysis::history(catalog.framework(id)?, &named));
    }
    Ok(Outcome::print(render::team::render_history(
        &args.person,
        &history,
        cx.format,
        cx.style,
    )))
}

/// `export`: every rating, one row per person, assessment and competency,
/// written as it is read so memory does not grow with the workspace.
pub(crate) fn export(cx: &mut Context, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let format = cx.format_or(Format::Csv);
    let people = store::people(&ws)
        .with_context(|| format!("cannot read `{}`", ws.assessments_dir().display()))?;
    // First make sure every record reads: a bad one must stop the export
    // before anything is written, not halfway through the output.
    for chunk in people.chunks(256) {
        let read: Vec<_> = chunk
            .par_iter()
            .map(|person| person_records(&ws, &catalog, person, None).map(drop))
            .collect();
        read.into_iter().collect::<anyhow::Result<Vec<()>>>()?;
    }
    let mut writer = render::export::Writer::new(out, format)?;
    // Read a chunk of people in parallel, then write it in order: the
    // output is the same every time and memory holds one chunk at most.
    for chunk in people.chunks(256) {
        // Checked in the first pass: here the files are only parsed again.
        let read: Vec<_> = chunk
            .par_iter()
            .map(|person| parsed_records(&ws, person))
            .collect();
        for (person, records) in chunk.iter().zip(read) {
            let records = records?;
            let amended: Vec<&str> = records.iter().filter_map(|(_, r)| r.amends()).collect();
            for (file, record) in &records {
                let framework = catalog.framework(record.framework())?;
                let superseded = amended.contains(&file.as_str());
                writer.record(
                    &format!("assessments/{person}/{file}"),
                    record,
                    framework,
                    superseded,
                )?;
            }
        }
    }
    writer.finish()?;
    Ok(Outcome::print(String::new()))
}
