//! `status`: who owes what in this appraisal cycle, read for everyone in
//! scope through the index of checked records.

use jiff::civil::Date;
use rayon::prelude::*;

use super::Scope;
use crate::diagnostic::Diagnostic;
use crate::model::Subject;
use crate::report::status::{Line, NotOwing, StatusReport, cycle, line};
use crate::roster;
use crate::store;
use crate::workspace::Workspace;

/// A person's line, or why they owe nothing (`None`: not in the report at
/// all), and the records left out.
type Read = (Option<Result<Line, NotOwing>>, Vec<Diagnostic>);

/// The status of the people in `scope` on `as_of`, and the files left out.
pub(crate) fn build(
    ws: &Workspace,
    scope: &Scope,
    as_of: Date,
) -> anyhow::Result<(StatusReport, Vec<Diagnostic>)> {
    // Everyone is read: through the index of checked records.
    let ws = &store::with_index(ws);
    let roster = store::read_roster(ws)?;
    let cycle = cycle(ws.settings.cycle, as_of);
    let ids: Vec<String> = if let Some(ids) = scope.ids(&roster)? {
        ids
    } else {
        let mut ids = store::people(ws)?;
        ids.extend(roster.people.iter().map(|m| m.id.clone()));
        ids.sort();
        ids.dedup();
        ids
    };
    let lines: Vec<anyhow::Result<Read>> = ids
        .par_iter()
        .map(|person| {
            let id = crate::assessment::person_id(person)?;
            let read = store::person_records(ws, None, &id, None)?;
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
            let reviews = store::person_reviews(ws, None, &id)?;
            left_out.extend(reviews.left_out);
            let agreed = crate::report::review::agreed(&reviews.reviews, as_of);
            line.actions_open = agreed.open_actions().count();
            line.actions_overdue = agreed.overdue_actions();
            Ok((Some(Ok(line)), left_out))
        })
        .collect();
    let mut people = Vec::new();
    let mut not_owing = Vec::new();
    let mut left = store::stray_folders(ws);
    for result in lines {
        let (line, left_out) = result?;
        match line {
            Some(Ok(line)) => people.push(line),
            Some(Err(not)) => not_owing.push(not),
            None => {}
        }
        left.extend(left_out);
    }
    // Retention concerns the whole organisation, not a manager's or a
    // team's part of it.
    let retention = ws
        .settings
        .retention_years
        .filter(|_| scope.manager.is_none() && scope.team.is_none())
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
    Ok((report, left))
}
