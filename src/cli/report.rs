//! The report commands: `gap`, `plan`, `team`, `readiness`, `history`, `export`.
//! Each parses its flags, has `app` read the records it needs (one person's
//! folder where it can) and build its model, and renders it.

use std::io::Write;

use clap::Args;

use super::assess::ByArg;
use super::{Context, FormatArg, Outcome};
use crate::app::{self, person};
use crate::record::RaterKind;
use crate::render::{self, Format};
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
    let profile = match person::profile_of(&ws, &args.person) {
        Ok((_, profile)) => profile,
        // Someone whose first questionnaire was stopped has no record yet.
        Err(e) => {
            return refused_with(
                e,
                &super::words::notes(&person::unfinished(&ws, &catalog, &args.person)),
            );
        }
    };
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?;
    let gap = person::gap(
        &ws,
        &catalog,
        &profile,
        args.role.as_deref(),
        by(args.by)?,
        as_of,
    )?;
    let (framework, report) = (gap.framework, &gap.report);
    let mut outcome = if cx.wants(FormatArg::Xlsx) {
        Outcome::binary(render::xlsx::gap(report).map_err(|e| render::xlsx::io_error(&e))?)
    } else {
        let options = render::gap::Options {
            explain: args.explain,
        };
        let mut outcome = Outcome::print(if cx.wants(FormatArg::Html) {
            render::html::gap::render(framework, report, options)
        } else {
            render::gap::render_gap(framework, report, cx.format, cx.style, options)?
        });
        outcome
            .stderr
            .push_str(&super::words::notes(&person::unfinished(
                &ws,
                &catalog,
                &args.person,
            )));
        outcome
    };
    outcome = outcome.warned(&gap.read.warnings);
    Ok(outcome.left_out(&gap.read.left, cx))
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

/// A day to look at given for `field` (`--as-of`, `--next-review`),
/// checked by the one rule of `crate::date`.
pub(crate) fn date_flag(
    field: crate::error::Field,
    text: Option<&str>,
) -> anyhow::Result<Option<jiff::civil::Date>> {
    Ok(crate::date::given(
        field,
        text,
        crate::date::Kind::Any,
        crate::date::today(),
    )?)
}

pub(crate) fn plan(cx: &mut Context, args: &PlanArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (_, profile) = person::profile_of(&ws, &args.person)?;
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?;
    let next_review = date_flag(crate::error::Field::NextReview, args.next_review.as_deref())?;
    let plan = person::plan(
        &ws,
        &catalog,
        &profile,
        (args.role.as_deref(), by(args.by)?),
        as_of,
        next_review,
    )?;
    let text = if cx.wants(FormatArg::Html) {
        render::html::plan::render(plan.framework, &plan.report)
    } else {
        render::plan::render_plan(plan.framework, &plan.report, cx.format, cx.style)?
    };
    Ok(Outcome::print(text)
        .warned(&plan.read.warnings)
        .left_out(&plan.read.left, cx))
}

pub(crate) fn readiness(cx: &mut Context, args: &ReadinessArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (_, profile) = person::profile_of(&ws, &args.person)?;
    let (fits, read) = person::readiness(
        &ws,
        &catalog,
        &profile,
        args.framework.as_deref(),
        by(args.by)?,
    )?;
    Ok(Outcome::print(render::readiness::render_readiness(
        &profile, &fits, cx.format, cx.style,
    )?)
    .warned(&read.warnings)
    .left_out(&read.left, cx))
}

pub(crate) fn history(cx: &mut Context, args: &HistoryArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let (_, profile) = person::profile_of(&ws, &args.person)?;
    let history = person::history(&ws, &catalog, &profile, args.framework.as_deref())?;
    let text = if cx.wants(FormatArg::Html) {
        render::html::history::render(
            &profile,
            history.role_name,
            &history.competencies,
            &history.frameworks,
        )
    } else {
        render::history::render_history(&profile, &history.competencies, cx.format, cx.style)?
    };
    Ok(Outcome::print(text)
        .warned(&history.read.warnings)
        .left_out(&history.read.left, cx))
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
    let compared = app::export::compared(&ws, args.role.as_deref())?;
    // Nothing reaches the output unless every record reads: the output is
    // held back (or, with --output, not committed) until the end.
    let mut writer = if cx.wants(FormatArg::Xlsx) {
        render::export::Writer::xlsx(compared)?
    } else {
        render::export::Writer::new(out, format, compared)?
    };
    let done = app::export::export(
        &ws,
        &catalog,
        args.role.as_deref(),
        args.latest,
        &mut writer,
    )?;
    let mut outcome = match writer.finish()? {
        Some(workbook) => Outcome::binary(workbook),
        None => Outcome::print(String::new()),
    };
    if done.peers {
        outcome.stderr.push_str(
            "note: this export of all ratings holds each peer's own ratings and name: it is for HR; reports about a person show peers only as aggregates (--latest leaves peers out)\n",
        );
    }
    Ok(outcome
        .warned(&done.warnings)
        .left_out(&render::left_out::from_problems(&done.left), cx))
}
