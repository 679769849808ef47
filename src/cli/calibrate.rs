//! `calibrate`: each rater's final manager ratings this appraisal cycle
//! against everyone else's for the same role, for HR.

use clap::Args;

use super::report::{date_flag, workspace};
use super::{Context, FormatArg, Outcome};
use crate::app::Scope;
use crate::render;

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
    let ws = workspace(cx)?;
    let catalog = cx.catalog()?;
    let as_of = date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?
        .unwrap_or_else(crate::date::today);
    let scope = Scope {
        manager: args.manager.clone(),
        all: args.all,
        team: args.team.clone(),
    };
    let built =
        crate::app::calibrate::build(&ws, &catalog, (&scope, args.framework.as_deref()), as_of)?;
    let text = if cx.wants(FormatArg::Html) {
        render::html::calibrate::render(
            &built.report,
            &render::made_on().to_string(),
            &built.frameworks,
        )
    } else {
        render::calibrate::render(&built.report, cx.format, cx.style)?
    };
    Ok(Outcome::print(text)
        .warned(&built.warnings)
        .left_out(&render::left_out::from_problems(&built.left), cx))
}
