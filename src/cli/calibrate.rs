//! `calibrate`: each rater's final manager ratings this appraisal cycle
//! against everyone else's for the same role, for HR.

use clap::Args;

use super::report::{date_flag, workspace};
use super::{Context, FormatArg, Outcome};
use crate::app::person::records_of;
use crate::render;
use crate::report::calibrate::{Calibration, Ratee};
use crate::report::status::cycle;
use crate::roster::{self, Roster};
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct CalibrateArgs {
    /// Only the ratings of the people this line manager manages
    #[arg(long, value_name = "ID", conflicts_with = "team", add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) manager: Option<String>,
    /// With --manager: the whole reporting line below them
    #[arg(long, requires = "manager")]
    pub(crate) all: bool,
    /// Only the ratings of the people of this team, as the roster names it
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCompleter::new(super::complete::teams))]
    pub(crate) team: Option<String>,
    /// Only ratings on this framework
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// A day of the cycle to report on, YYYY-MM-DD (default: today): that
    /// cycle's ratings up to that day
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
}

pub(crate) fn run(cx: &mut Context, args: &CalibrateArgs) -> anyhow::Result<Outcome> {
    // Everyone is read: through the index of checked records.
    let ws = store::with_index(&workspace(cx)?);
    let catalog = cx.catalog()?;
    if let Some(framework) = &args.framework {
        catalog.framework(framework)?;
    }
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?
        .unwrap_or_else(crate::date::today);
    let cycle = cycle(ws.settings.cycle, as_of);
    let roster = store::read_roster(&ws)?;
    let scope = crate::app::team::roster_scope(
        &roster,
        args.manager.as_deref(),
        args.all,
        args.team.as_deref(),
    )?;
    let folders = store::people(&ws)?;
    let people: Vec<String> = match scope {
        Some(ids) => {
            let ids: std::collections::HashSet<String> = ids.into_iter().collect();
            folders.into_iter().filter(|p| ids.contains(p)).collect()
        }
        None => folders,
    };
    let mut calibration = Calibration::new(cycle);
    let mut warnings = Vec::new();
    let mut left = store::stray_folders(&ws);
    let find = |id: &str| catalog.framework(id).ok();
    crate::app::read_in_order(
        &people,
        |person| records_of(&ws, &catalog, person, args.framework.as_deref()),
        |person, read| {
            let read = read?;
            warnings.extend(read.warnings);
            left.extend(read.left_out);
            let profile = roster::profile(&roster, person, &read.records);
            calibration.add(
                &Ratee {
                    person,
                    role: profile.role.as_deref(),
                    records: &read.records,
                },
                &find,
            );
            Ok(())
        },
    )?;
    let frameworks: Vec<&crate::model::Framework> = match &args.framework {
        Some(id) => vec![catalog.framework(id)?],
        None => catalog.frameworks(),
    };
    let report = calibration.report(scope_words(args, &roster), &frameworks);
    let text = if cx.wants(FormatArg::Html) {
        render::html::calibrate::render(&report, &render::made_on().to_string(), &frameworks)
    } else {
        render::calibrate::render(&report, cx.format, cx.style)?
    };
    Ok(Outcome::print(text)
        .warned(&warnings)
        .left_out(&render::left_out::from_problems(&left), cx))
}

/// Whose ratings are calibrated, in words.
fn scope_words(args: &CalibrateArgs, roster: &Roster) -> String {
    let mut words = match (&args.manager, &args.team) {
        (Some(manager), _) => {
            let name = roster.name(manager).unwrap_or(manager);
            if args.all {
                format!("ratings of everyone in {name}'s reporting line")
            } else {
                format!("ratings of the people {name} manages")
            }
        }
        (None, Some(team)) => format!("ratings of team {}", team.trim()),
        (None, None) => "every rating in the workspace".to_owned(),
    };
    if let Some(framework) = &args.framework {
        words.push_str(" on framework ");
        words.push_str(framework);
    }
    words
}
