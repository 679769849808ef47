//! The report commands: `gap`, `plan`, `team`, `readiness`, `history`, `export`.
//! Each reads the records it needs (one person's folder where it can), builds
//! its model in `report`, and renders it.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::bail;
use clap::Args;
use rayon::prelude::*;

use super::assess::ByArg;
use super::{Context, FormatArg, Outcome};
use crate::catalog::Catalog;
use crate::id::Id;
use crate::record::{Filed, RaterKind};
use crate::render::{self, Format};
use crate::report;
use crate::roster::{self, Profile};
use crate::store::{self, PersonRecords};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub(crate) struct GapArgs {
    /// The person, e.g. jane-doe
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// The role to compare with (default: the person's role in the roster, else
    /// the role on their latest record), e.g. community-link-worker
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
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
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// The role to plan towards (default: the person's own role), e.g.
    /// community-link-worker
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
    /// Whose ratings to use (default: manager when there is a manager assessment, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
    /// The plan's day, YYYY-MM-DD: only records up to it count (default: the
    /// day of the latest rating)
    #[arg(long, visible_alias = "date", value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// When the plan is next reviewed, YYYY-MM-DD (default: the appraisal
    /// cycle's due day when it is still ahead, else a line to fill in)
    #[arg(long, value_name = "DATE")]
    pub(crate) next_review: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ReadinessArgs {
    /// The person, e.g. sunita
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// Only roles of this framework
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// Whose ratings to use (default: manager when there is a manager assessment, else self)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Only the ratings that count today: per person, framework and kind of
    /// rater, the latest rating of each competency, corrections applied
    #[arg(long)]
    pub(crate) latest: bool,
    /// Add the columns `required` and `gap`: each rating against the level
    /// this role requires (empty for competencies it does not require). With
    /// a roster they are added anyway, against each person's own role
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
    /// With --format parquet: leave out `people_identity` (ids, names,
    /// emails), so the dataset holds pseudonymous keys only
    #[arg(long)]
    pub(crate) pseudonymous: bool,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The person, e.g. alex-morgan
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// Only this framework
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
}

/// The workspace a report reads; there must be one.
pub(crate) fn workspace(cx: &mut Context) -> anyhow::Result<Workspace> {
    cx.require_workspace()
}

/// Who a report is about: their id and what the roster and their records
/// say of them (name, role, manager).
pub(crate) fn profile_of(workspace: &Workspace, person: &str) -> anyhow::Result<(Id, Profile)> {
    let id = crate::assessment::person_id(person)?;
    let roster = store::read_roster(workspace)?;
    // Records are only parsed here, for the name and role they carry; the
    // report checks the ones it uses.
    let read = store::person_records(workspace, None, &id, None)?;
    if !read.exists && roster.get(id.as_str()).is_none() {
        let mut everyone = store::people(workspace).unwrap_or_default();
        everyone.extend(roster.people.iter().map(|m| m.id.clone()));
        let mut message = format!("no assessments for `{id}` in this workspace");
        match crate::diagnostic::did_you_mean(id.as_str(), everyone.iter().map(String::as_str)) {
            Some(s) => {
                let _ = write!(message, "; did you mean `{s}`?");
            }
            None => message.push_str(" (`competency people` lists who has some)"),
        }
        bail!("{message}");
    }
    let profile = roster::profile(&roster, id.as_str(), &read.records);
    Ok((id, profile))
}

/// What a report left out, from the problems of the records it read.
pub(crate) fn left_out(read: &PersonRecords) -> Vec<render::left_out::LeftOut> {
    render::left_out::from_problems(&read.left_out)
}

/// The role to compare with: the one asked for, else the person's own. A
/// person is compared only with a person's role, and an organisation only
/// with an organisation's (a role of organisational capabilities).
pub(crate) fn role_for<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    given: Option<&str>,
) -> anyhow::Result<&'c crate::model::RoleProfile> {
    use crate::model::Subject;
    let organisational = || {
        let ids: Vec<String> = catalog
            .roles()
            .into_iter()
            .filter(|r| r.subject == Subject::Organisation)
            .map(|r| r.id.clone())
            .collect();
        if ids.is_empty() {
            "none is defined yet: write one in roles/*.yaml, requiring organisational capabilities"
                .to_owned()
        } else {
            crate::diagnostic::list_names(ids.iter().map(String::as_str), "or")
        }
    };
    match given.or(profile.role.as_deref()) {
        Some(id) => {
            let role = catalog.role(id)?;
            match (role.subject, profile.subject) {
                (Subject::Person, Subject::Organisation) => bail!(
                    "role `{}` is a role for a person, and `{}` is an organisation (its records rate organisational capabilities): compare it with an organisation's role — {}",
                    role.id,
                    profile.person,
                    organisational()
                ),
                (Subject::Organisation, Subject::Person) => bail!(
                    "role `{}` is a role for an organisation (it requires organisational capabilities), and `{}` is a person: compare them with a person's role (`competency roles` lists them)",
                    role.id,
                    profile.person
                ),
                _ => Ok(role),
            }
        }
        None if profile.subject == Subject::Organisation => bail!(
            "no role is known for `{}`, an organisation: give one with --role ROLE — {} (`competency roles` lists them)",
            profile.person,
            organisational()
        ),
        None => bail!(
            "no role is known for `{}`: give one with --role ROLE (`competency roles` lists them), or record it in the roster with `competency people add {} --role ROLE`",
            profile.person,
            profile.person
        ),
    }
}

/// The records of `person` (all frameworks, or only `only`), checked; a bad
/// one stops the report with its located problems.
pub(crate) fn records_of(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
    only: Option<&str>,
) -> anyhow::Result<PersonRecords> {
    let id = crate::assessment::person_id(person)?;
    Ok(store::person_records(workspace, Some(catalog), &id, only)?)
}

/// Read many people and use each in order: `read` runs for a chunk of
/// people at a time, in parallel, while `using` takes the chunk before, so
/// reading and writing overlap. The output is the same every time (people
/// are used in the order given) and memory holds a few chunks at most. The
/// first error of `using` stops the reading.
pub(crate) fn read_in_order<T: Send>(
    people: &[String],
    read: impl Fn(&str) -> T + Sync,
    mut using: impl FnMut(&str, T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const CHUNK: usize = 256;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
        let read = &read;
        scope.spawn(move || {
            for chunk in people.chunks(CHUNK) {
                let done: Vec<T> = chunk.par_iter().map(|p| read(p)).collect();
                if send.send(done).is_err() {
                    // The user stopped (an error): read no more.
                    return;
                }
            }
        });
        for (chunk, done) in people.chunks(CHUNK).zip(receive.iter()) {
            for (person, value) in chunk.iter().zip(done) {
                using(person, value)?;
            }
        }
        Ok(())
    })
}

/// The records of `person` on `role`'s framework; none is an error, since
/// a gap or plan could only show every requirement unrated.
fn role_records(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
    role: &crate::model::RoleProfile,
) -> anyhow::Result<PersonRecords> {
    // None is no error: a person the roster knows, not yet rated, gets the
    // role's requirements unrated (a blank plan to fill in at a meeting),
    // and the report says how to record ratings.
    records_of(workspace, catalog, person, Some(&role.framework))
}

/// The rater kind a report uses: self or manager. A single peer's ratings
/// are never shown in a report about a person, so `--by peer` is refused.
pub(crate) fn by(arg: Option<ByArg>) -> anyhow::Result<Option<RaterKind>> {
    match arg.map(RaterKind::from) {
        Some(RaterKind::Peer) => anyhow::bail!(
            "--by peer: peers' ratings are shown only as an aggregate (count, median and range, where enough peers rated a competency), never as the ratings a report uses; give --by self or --by manager"
        ),
        other => Ok(other),
    }
}

pub(crate) fn gap(cx: &mut Context, args: &GapArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (_, profile) = match profile_of(&ws, &args.person) {
        Ok(found) => found,
        // Someone whose first questionnaire was stopped has no record yet.
        Err(e) => return refused_with(e, &unfinished(&ws, &catalog, &args.person)),
    };
    let role = role_for(&catalog, &profile, args.role.as_deref())?;
    let framework = catalog.framework(&role.framework)?;
    let as_of = date_flag("--as-of", args.as_of.as_deref())?.map(|d| d.to_string());
    let read = role_records(&ws, &catalog, &args.person, role)?;
    let mut report = report::gap::gap(
        &args.person,
        framework,
        role,
        &read.records,
        by(args.by)?,
        as_of.as_deref(),
        ws.settings.peer_minimum,
    );
    report.assessment = report
        .used_file()
        .map(|file| store::shown_path(&args.person, file));
    report.name.clone_from(&profile.name);
    if cx.wants(super::FormatArg::Xlsx) {
        let workbook = render::xlsx::gap(&report).map_err(|e| render::xlsx::io_error(&e))?;
        return Ok(Outcome::binary(workbook)
            .warned(&read.warnings)
            .left_out(&left_out(&read), cx));
    }
    let options = render::gap::Options {
        explain: args.explain,
    };
    let text = if cx.wants(FormatArg::Html) {
        render::html::gap::render(framework, &report, options)
    } else {
        render::gap::render_gap(framework, &report, cx.format, cx.style, options)
    };
    let mut outcome = Outcome::print(text)
        .warned(&read.warnings)
        .left_out(&left_out(&read), cx);
    outcome
        .stderr
        .push_str(&unfinished(&ws, &catalog, &args.person));
    Ok(outcome)
}

/// A note for each questionnaire on `framework` about `person` that was
/// stopped before it was saved as a record: its answers are in no report
/// until it is finished, and how to carry on.
#[cfg(feature = "interactive")]
fn unfinished(ws: &Workspace, catalog: &Catalog, person: &str) -> String {
    let mut note = String::new();
    let kinds = [
        RaterKind::SelfAssessment,
        RaterKind::Manager,
        RaterKind::Peer,
    ];
    for (framework, by) in catalog
        .framework_ids()
        .flat_map(|f| kinds.map(|by| (f, by)))
    {
        let progress =
            store::Progress::of(ws, person, framework, by, crate::model::Subject::Person);
        let Some(saved) = progress.read(ws) else {
            continue;
        };
        let count = saved.ratings.len();
        let _ = writeln!(
            note,
            "note: a {by} questionnaire about {} was stopped with {count} answer{} saved; \
             they are in no report until it is finished: `competency assess {} --framework {} --by {by}` carries on",
            crate::text::escape_controls(person),
            if count == 1 { "" } else { "s" },
            crate::text::escape_controls(person),
            framework,
        );
    }
    note
}

/// Without the questionnaire there are no stopped questionnaires.
#[cfg(not(feature = "interactive"))]
fn unfinished(_: &Workspace, _: &Catalog, _: &str) -> String {
    String::new()
}

/// `error`, refused as any error is, with `note` after it (none: the error
/// as it is).
fn refused_with(error: anyhow::Error, note: &str) -> anyhow::Result<Outcome> {
    if note.is_empty() {
        return Err(error);
    }
    Ok(Outcome {
        stderr: super::error_text(&error) + note,
        code: 2,
        ..Outcome::print(String::new())
    })
}

/// A day to look at given with `flag` (`--as-of`, `--next-review`),
/// checked by the one rule of `crate::date`.
pub(crate) fn date_flag(
    flag: &str,
    text: Option<&str>,
) -> anyhow::Result<Option<jiff::civil::Date>> {
    Ok(crate::date::flag(
        flag,
        text,
        crate::date::Kind::Any,
        crate::date::today(),
    )?)
}

pub(crate) fn plan(cx: &mut Context, args: &PlanArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (_, profile) = profile_of(&ws, &args.person)?;
    let role = role_for(&catalog, &profile, args.role.as_deref())?;
    let framework = catalog.framework(&role.framework)?;
    let as_of = date_flag("--as-of", args.as_of.as_deref())?;
    let next_review = date_flag("--next-review", args.next_review.as_deref())?;
    let read = role_records(&ws, &catalog, &args.person, role)?;
    let mut gap = report::gap::gap(
        &args.person,
        framework,
        role,
        &read.records,
        by(args.by)?,
        as_of.map(|d| d.to_string()).as_deref(),
        ws.settings.peer_minimum,
    );
    gap.assessment = gap
        .used_file()
        .map(|file| store::shown_path(&args.person, file));
    gap.name.clone_from(&profile.name);
    let mut plan = report::plan::plan(framework, gap, profile);
    let day = plan
        .date
        .as_deref()
        .and_then(crate::record::rules::strict_date);
    plan.next_review =
        report::plan::next_review(&ws.settings, day, next_review).map(|d| d.to_string());
    // The last review, as it stands on the plan's day, or the day the plan
    // is made.
    let id = crate::assessment::person_id(&args.person)?;
    let reviews = store::person_reviews(&ws, None, &id)?;
    let reviewed_on = as_of.unwrap_or_else(render::made_on).to_string();
    let agreed = report::review::agreed(&reviews.reviews, &reviewed_on);
    plan.review = agreed.last_review.is_some().then_some(agreed);
    let text = if cx.wants(FormatArg::Html) {
        render::html::plan::render(framework, &plan)
    } else {
        render::plan::render_plan(framework, &plan, cx.format, cx.style)
    };
    let mut warnings = read.warnings.clone();
    warnings.extend(reviews.warnings);
    let mut left = left_out(&read);
    left.extend(render::left_out::from_problems(&reviews.left_out));
    Ok(Outcome::print(text).warned(&warnings).left_out(&left, cx))
}

pub(crate) fn readiness(cx: &mut Context, args: &ReadinessArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    if let Some(f) = &args.framework {
        catalog.framework(f)?;
    }
    let (_, profile) = profile_of(&ws, &args.person)?;
    let read = records_of(&ws, &catalog, &args.person, args.framework.as_deref())?;
    let records = &read.records;
    let mut ids: Vec<&str> = records
        .iter()
        .map(|f| f.record.framework.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|id| args.framework.as_deref().is_none_or(|f| f == *id));
    let frameworks = ids
        .iter()
        .map(|id| catalog.framework(id))
        .collect::<Result<Vec<_>, _>>()?;
    // A person is nearest people's roles; an organisation, organisations'.
    let mut roles = Vec::new();
    for id in &ids {
        roles.extend(
            catalog
                .roles_of(id)?
                .into_iter()
                .filter(|r| r.subject == profile.subject),
        );
    }
    let fits = report::readiness::readiness(
        &args.person,
        profile.role.as_deref(),
        &frameworks,
        &roles,
        records,
        by(args.by)?,
    );
    Ok(Outcome::print(render::readiness::render_readiness(
        &profile, &fits, cx.format, cx.style,
    ))
    .warned(&read.warnings)
    .left_out(&left_out(&read), cx))
}

pub(crate) fn history(cx: &mut Context, args: &HistoryArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    if let Some(f) = &args.framework {
        catalog.framework(f)?;
    }
    let (_, profile) = profile_of(&ws, &args.person)?;
    let read = records_of(&ws, &catalog, &args.person, args.framework.as_deref())?;
    let records = &read.records;
    let mut ids: Vec<&str> = records
        .iter()
        .map(|f| f.record.framework.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut history = Vec::new();
    for id in ids
        .iter()
        .filter(|id| args.framework.as_deref().is_none_or(|f| f == **id))
    {
        history.extend(report::history::history(
            catalog.framework(id)?,
            records,
            ws.settings.peer_minimum,
        ));
    }
    // The actions agreed to serve each competency, as they stand today.
    let id = crate::assessment::person_id(&args.person)?;
    let reviews = store::person_reviews(&ws, None, &id)?;
    let agreed = report::review::agreed(&reviews.reviews, &render::made_on().to_string());
    report::history::with_actions(&mut history, &agreed);
    let text = if cx.wants(FormatArg::Html) {
        let frameworks = ids
            .iter()
            .map(|id| catalog.framework(id))
            .collect::<Result<Vec<_>, _>>()?;
        let role_name = profile
            .role
            .as_deref()
            .and_then(|r| catalog.role(r).ok())
            .map(|r| r.name.as_str());
        render::html::history::render(&profile, role_name, &history, &frameworks)
    } else {
        render::history::render_history(&profile, &history, cx.format, cx.style)
    };
    let mut warnings = read.warnings.clone();
    warnings.extend(reviews.warnings);
    let mut left = left_out(&read);
    left.extend(render::left_out::from_problems(&reviews.left_out));
    Ok(Outcome::print(text).warned(&warnings).left_out(&left, cx))
}

/// `export`: every rating, one row per person, assessment and competency,
/// written as it is read so memory does not grow with the workspace (a
/// workbook, `--format xlsx`, is built whole and handed back as bytes).
pub(crate) fn export(
    cx: &mut Context,
    args: &ExportArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let format = cx.format_or(Format::Csv);
    let role = args.role.as_deref().map(|r| catalog.role(r)).transpose()?;
    // The role each person's ratings are compared with: the one asked for,
    // else (with a roster) each person's own — the roster's, else the role
    // on their latest record.
    let roster = store::read_roster(&ws)?;
    let role_of = |person: &str, records: &[Filed]| {
        role.or_else(|| {
            roster::profile(&roster, person, records)
                .role
                .and_then(|id| catalog.role(&id).ok())
        })
    };
    let compared = role.is_some() || !roster.people.is_empty();
    let people = store::people(&ws)?;
    // Nothing reaches the output unless every record reads: the output is
    // held back (or, with --output, not committed) until the end.
    let mut warnings = Vec::new();
    let mut peers_exported = false;
    let mut left = store::stray_folders(&ws);
    let mut writer = if cx.wants(super::FormatArg::Xlsx) {
        render::export::Writer::xlsx(compared)?
    } else {
        render::export::Writer::new(out, format, compared)?
    };
    read_in_order(
        &people,
        |person| records_of(&ws, &catalog, person, None),
        |person, read| {
            let read = read?;
            warnings.extend(read.warnings);
            left.extend(read.left_out);
            let records = read.records;
            let role = role_of(person, &records);
            if args.latest {
                return export_latest(&mut writer, &catalog, person, &records, role);
            }
            let amended = crate::record::chain::superseded(&records, None);
            peers_exported |= records.iter().any(|f| f.record.by == RaterKind::Peer);
            for filed in &records {
                writer.record(&render::export::Entry {
                    file: &store::shown_path(person, &filed.file),
                    record: &filed.record,
                    framework: catalog.framework(&filed.record.framework)?,
                    superseded: amended.contains(filed.file.as_str()),
                    role,
                })?;
            }
            Ok(())
        },
    )?;
    let mut outcome = match writer.finish()? {
        Some(workbook) => Outcome::binary(workbook),
        None => Outcome::print(String::new()),
    };
    if peers_exported {
        outcome.stderr.push_str(
            "note: this export of all ratings holds each peer's own ratings and name: it is for HR; reports about a person show peers only as aggregates (--latest leaves peers out)\n",
        );
    }
    Ok(outcome
        .warned(&warnings)
        .left_out(&render::left_out::from_problems(&left), cx))
}

/// The ratings of `person` that count today: for each framework and kind of
/// rater, the latest rating of each competency among the records no
/// correction replaced (as `gap` and `team` choose them), in the
/// framework's order.
fn export_latest(
    writer: &mut render::export::Writer<'_>,
    catalog: &Catalog,
    person: &str,
    records: &[Filed],
    role: Option<&crate::model::RoleProfile>,
) -> anyhow::Result<()> {
    let mut frameworks: Vec<&str> = records
        .iter()
        .map(|f| f.record.framework.as_str())
        .collect();
    frameworks.sort_unstable();
    frameworks.dedup();
    for id in frameworks {
        let framework = catalog.framework(id)?;
        let current = report::select::current(records, id, None);
        // A peer's own ratings are in the export of all ratings (for HR)
        // only: the latest ratings are about the person, and peers are never
        // singled out there.
        for kind in RaterKind::ALL.into_iter().filter(|k| *k != RaterKind::Peer) {
            for competency in &framework.competencies {
                let Some(used) = report::select::latest(&current, kind, &competency.id) else {
                    continue;
                };
                writer.rating(
                    &render::export::Entry {
                        file: &store::shown_path(person, used.file),
                        record: used.record,
                        framework,
                        superseded: false,
                        role,
                    },
                    used.rating,
                )?;
            }
        }
    }
    Ok(())
}
