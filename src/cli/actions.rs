//! `actions`: the agreed actions of one person, a line manager's people or a
//! team, as they stand on a day: open ones (and with `--include-closed`
//! those done or dropped), each with its owner, due day and latest outcome.

use clap::Args;
use rayon::prelude::*;

use super::report::workspace;
use super::{Context, FormatArg, Outcome};
use crate::render;
use crate::report::review::{ActionList, ActionRow, agreed};
use crate::review::ItemKind;
use crate::roster;
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct ActionsArgs {
    /// One person's actions, e.g. alex-morgan
    #[arg(conflicts_with_all = ["manager", "team"], add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: Option<String>,
    /// The actions of the people this line manager manages
    #[arg(long, value_name = "ID", conflicts_with = "team", add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) manager: Option<String>,
    /// With --manager: the whole reporting line below them
    #[arg(long, requires = "manager")]
    pub(crate) all: bool,
    /// The actions of the people of this team, as the roster names it
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCompleter::new(super::complete::teams))]
    pub(crate) team: Option<String>,
    /// The day to report on, YYYY-MM-DD (default: today): only reviews made
    /// by then count, and an action is overdue when due before it
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Also actions done or dropped (by default only open ones: not yet
    /// recorded, or carried over)
    #[arg(long)]
    pub(crate) include_closed: bool,
    /// Only actions past their due day
    #[arg(long, conflicts_with = "include_closed")]
    pub(crate) overdue: bool,
}

/// One person's actions, and the reviews left out.
type Read = (Vec<ActionRow>, Vec<crate::diagnostic::Diagnostic>);

pub(crate) fn run(cx: &mut Context, args: &ActionsArgs) -> anyhow::Result<Outcome> {
    let ws = workspace(cx)?;
    let roster = store::read_roster(&ws)?;
    let as_of = super::report::date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?
        .unwrap_or_else(crate::date::today);
    let day = as_of.to_string();
    let ids: Vec<String> = if let Some(person) = &args.person {
        let (id, _) = crate::app::person::profile_of(&ws, person)?;
        vec![id.to_string()]
    } else if let Some(ids) = crate::app::team::roster_scope(
        &roster,
        args.manager.as_deref(),
        args.all,
        args.team.as_deref(),
    )? {
        ids
    } else {
        let mut ids = store::review_people(&ws)?;
        ids.extend(roster.people.iter().map(|m| m.id.clone()));
        ids.sort();
        ids.dedup();
        ids
    };
    let one = args.person.is_some();
    let read: Vec<anyhow::Result<Read>> = ids
        .par_iter()
        .map(|person| {
            let id = crate::assessment::person_id(person)?;
            let reviews = store::person_reviews(&ws, None, &id)?;
            let records = store::person_records(&ws, None, &id, None)
                .map(|r| r.records)
                .unwrap_or_default();
            let profile = roster::profile(&roster, person, &records);
            // People with the organisation on the day, unless asked for by name.
            if !one && !profile.is_active_on(as_of) {
                return Ok((Vec::new(), reviews.left_out));
            }
            let rows = agreed(&reviews.reviews, as_of)
                .items
                .into_iter()
                .filter(|i| i.kind == ItemKind::Action)
                .filter(|i| args.include_closed || i.status.is_open())
                .filter(|i| !args.overdue || i.overdue)
                .map(|action| ActionRow {
                    person: profile.person.clone(),
                    name: profile.name.clone(),
                    manager: profile.manager.clone(),
                    manager_name: profile.manager_name.clone(),
                    action,
                })
                .collect();
            Ok((rows, reviews.left_out))
        })
        .collect();
    let mut actions = Vec::new();
    let mut left = Vec::new();
    for result in read {
        let (rows, left_out) = result?;
        actions.extend(rows);
        left.extend(left_out);
    }
    let list = ActionList {
        as_of: day,
        closed_too: args.include_closed,
        actions,
    };
    let left = render::left_out::from_problems(&left);
    if cx.wants(FormatArg::Xlsx) {
        let workbook =
            render::review::actions_workbook(&list).map_err(|e| render::xlsx::io_error(&e))?;
        return Ok(Outcome::binary(workbook).left_out(&left, cx));
    }
    Ok(
        Outcome::print(render::review::render_actions(&list, cx.format, cx.style)?)
            .left_out(&left, cx),
    )
}
