//! `status`: who owes what in this appraisal cycle.

use clap::Args;
use rayon::prelude::*;

use super::report::workspace;
use super::{Context, Outcome};
use crate::model::Subject;
use crate::render;
use crate::report::status::{Line, NotOwing, StatusReport, cycle, line};
use crate::roster;
use crate::store;

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

/// A person's line, or why they owe nothing (`None`: not in the report at
/// all), and the records left out.
type Read = (
    Option<Result<Line, NotOwing>>,
    Vec<crate::diagnostic::Diagnostic>,
);

pub(crate) fn run(cx: &mut Context, args: &StatusArgs) -> anyhow::Result<Outcome> {
    // Everyone is read: through the index of checked records.
    let ws = store::with_index(&workspace(cx)?);
    let roster = store::read_roster(&ws)?;
    let as_of = super::report::date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?
        .unwrap_or_else(crate::date::today);
    let cycle = cycle(ws.settings.cycle, as_of);
    let scope = crate::app::team::roster_scope(
        &roster,
        args.manager.as_deref(),
        args.all,
        args.team.as_deref(),
    )?;
    let ids: Vec<String> = if let Some(ids) = scope {
        ids
    } else {
        let mut ids = store::people(&ws)?;
        ids.extend(roster.people.iter().map(|m| m.id.clone()));
        ids.sort();
        ids.dedup();
        ids
    };
    let lines: Vec<anyhow::Result<Read>> = ids
        .par_iter()
        .map(|person| {
            let id = crate::assessment::person_id(person)?;
            let read = store::person_records(&ws, None, &id, None)?;
            let (records, left_out) = (read.records, read.left_out);
            let profile = roster::profile(&roster, person, &records);
            // People with the organisation on the day only (the leaving
            // date is the first day gone); organisations are not appraised.
            let organisation = records
                .iter()
                .any(|f| f.record.subject == Subject::Organisation);
            if !profile.is_active_on(as_of) || organisation {
                return Ok((None, left_out));
            }
            // Only people who hold a role are appraised against one: a
            // manager on the roster only to be named as one owes nothing.
            if profile.role.is_none() {
                return Ok((
                    Some(Err(NotOwing {
                        person: profile.person.clone(),
                        name: profile.name.clone(),
                        reason: "no role: only people who hold a role owe assessments".to_owned(),
                    })),
                    left_out,
                ));
            }
            let mut line = line(&profile, &records, &cycle);
            let mut left_out = left_out;
            let reviews = store::person_reviews(&ws, None, &id)?;
            left_out.extend(reviews.left_out);
            let agreed = crate::report::review::agreed(&reviews.reviews, as_of);
            line.actions_open = agreed.open_actions().count();
            line.actions_overdue = agreed.overdue_actions();
            Ok((Some(Ok(line)), left_out))
        })
        .collect();
    let mut people = Vec::new();
    let mut not_owing = Vec::new();
    let mut left = store::stray_folders(&ws);
    for result in lines {
        let (line, left_out) = result?;
        match line {
            Some(Ok(line)) => people.push(line),
            Some(Err(not)) => not_owing.push(not),
            None => {}
        }
        left.extend(left_out);
    }
    let left = render::left_out::from_problems(&left);
    let retention = ws
        .settings
        .retention_years
        .filter(|_| args.manager.is_none() && args.team.is_none())
        .map(|years| {
            crate::report::status::past_retention(
                &roster,
                years,
                crate::date::years_before(as_of, years),
            )
        });
    let report = StatusReport {
        cycle,
        managers: crate::report::status::per_manager(&people),
        people,
        not_owing,
        retention,
    };
    if cx.wants(super::FormatArg::Xlsx) {
        let workbook = render::xlsx::status(&report).map_err(|e| render::xlsx::io_error(&e))?;
        return Ok(Outcome::binary(workbook).left_out(&left, cx));
    }
    Ok(Outcome::print(render::status::render(&report, cx.format, cx.style)?).left_out(&left, cx))
}
