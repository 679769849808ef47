//! `status`: who owes what in this appraisal cycle.

use clap::Args;

use super::report::workspace;
use super::{Context, Outcome};
use crate::app::Scope;
use crate::render;

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Only the people this line manager manages
    #[arg(long, value_name = "ID", conflicts_with = "team", add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) manager: Option<String>,
    /// With --manager: the whole reporting line below them
    #[arg(long, requires = "manager")]
    pub(crate) all: bool,
    /// Only the people of this team, as the roster names it
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCompleter::new(super::complete::teams))]
    pub(crate) team: Option<String>,
    /// The day to report on, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
}

pub(crate) fn run(cx: &mut Context, args: &StatusArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let as_of = super::report::date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?
        .unwrap_or_else(crate::date::today);
    let scope = Scope {
        manager: args.manager.clone(),
        all: args.all,
        team: args.team.clone(),
    };
    let (report, left) = crate::app::status::build(&ws, &scope, as_of)?;
    let left = render::left_out::from_problems(&left);
    if cx.wants(super::FormatArg::Xlsx) {
        let workbook = render::xlsx::status(&report).map_err(|e| render::xlsx::io_error(&e))?;
        return Ok(Outcome::binary(workbook).left_out(&left, cx));
    }
    Ok(Outcome::print(render::status::render(&report, cx.format, cx.style)?).left_out(&left, cx))
}
