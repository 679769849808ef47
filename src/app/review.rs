//! What recording a review needs from the workspace: who the person is and
//! their manager, a prepared file checked and merged with the flags, the
//! plan's gaps offered as starting points for actions.

use anyhow::bail;

use crate::assessment::Clock;
use crate::catalog::Catalog;
use crate::error::Error;
#[cfg(feature = "interactive")]
use crate::id::Id;
use crate::record::Status;
use crate::review::build::{Base, Inputs, Request};
use crate::review::rules::Context as Checks;
use crate::review::{self, Review};
use crate::roster::{Profile, Roster};
use crate::store;
use crate::workspace::Workspace;

/// What the workspace says of the person: who they are, the framework of
/// their role (for the competencies actions serve) and their manager.
pub(crate) struct Known {
    pub(crate) profile: Profile,
    pub(crate) roster: Roster,
    pub(crate) framework: Option<String>,
}

pub(crate) fn known(ws: &Workspace, catalog: &Catalog, person: &str) -> anyhow::Result<Known> {
    let (_, profile) = crate::app::person::profile_of(ws, person)?;
    let roster = store::read_roster(ws)?;
    let framework = profile
        .role
        .as_deref()
        .and_then(|r| catalog.role(r).ok())
        .map(|r| r.framework.clone())
        .or_else(|| ws.settings.default_framework.clone());
    Ok(Known {
        profile,
        roster,
        framework,
    })
}

pub(crate) fn inputs<'a>(
    catalog: &'a Catalog,
    known: &'a Known,
    ws: &Workspace,
    clock: &'a Clock,
    base: Base,
    earlier: &'a [crate::record::Filed<Review>],
    amended: Option<&'a (String, Review)>,
) -> Inputs<'a> {
    Inputs {
        catalog,
        roster: &known.roster,
        clock,
        rule: ws.settings.cycle,
        default_framework: known.framework.as_deref(),
        default_reviewer: known.profile.manager_name.as_deref(),
        base,
        amends: amended.map(|(name, r)| (name.clone(), r)),
        earlier,
    }
}

/// A prepared file (`--from`): the shape `review` writes, checked whole
/// (every problem at its line) before anything is used; its person, day,
/// framework and reviewer must agree with the flags.
pub(crate) fn prepared(
    from: &std::path::Path,
    request: &mut Request,
    catalog: &Catalog,
    known: &Known,
) -> anyhow::Result<Base> {
    let text = crate::file::read_text(from, crate::file::Links::Follow).map_err(Error::from)?;
    let raw = review::parse(from, &text).map_err(Error::from)?;
    let problems = review::rules::check_prepared(
        from,
        &text,
        &raw,
        Checks {
            catalog,
            roster: Some(&known.roster),
            default_framework: request.framework.as_deref().or(known.framework.as_deref()),
        },
    );
    if !problems.is_empty() {
        return Err(Error::Invalid(problems).into());
    }
    let text_of = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
    if let Some(person) = &raw.person
        && person.get_ref() != &request.person
    {
        bail!(
            "`{}` is for `{}`, not `{}`",
            from.display(),
            person.get_ref().escape_debug(),
            request.person
        );
    }
    for (field, flag, file) in [
        ("date", &mut request.date, text_of(&raw.date)),
        ("framework", &mut request.framework, text_of(&raw.framework)),
        ("reviewer", &mut request.reviewer, text_of(&raw.reviewer)),
    ] {
        match (flag.as_ref(), file) {
            (Some(a), Some(b)) if *a != b => bail!(
                "--{field} `{a}` differs from `{field} = \"{}\"` in `{}`; give one or make them agree",
                b.escape_debug(),
                from.display()
            ),
            (None, Some(b)) => *flag = Some(b),
            _ => {}
        }
    }
    if raw.status == Some(Status::Final) {
        request.is_final = true;
    }
    Ok(Base {
        actions: raw
            .actions
            .iter()
            .map(review::RawAction::to_action)
            .collect(),
        objectives: raw
            .objectives
            .iter()
            .map(review::RawObjective::to_objective)
            .collect(),
        progress: raw
            .progress
            .iter()
            .map(review::RawProgress::to_progress)
            .collect(),
    })
}

/// The competencies below the person's role on `day`, as starting points
/// for actions (none when there is no role or no rating to compare).
#[cfg(feature = "interactive")]
pub(crate) fn gaps(
    ws: &Workspace,
    catalog: &Catalog,
    known: &Known,
    person: &Id,
    day: jiff::civil::Date,
) -> Vec<crate::questionnaire::review::Gap> {
    let Some(role) = known
        .profile
        .role
        .as_deref()
        .and_then(|r| catalog.role(r).ok())
    else {
        return Vec::new();
    };
    let Ok(framework) = catalog.framework(&role.framework) else {
        return Vec::new();
    };
    let Ok(read) = store::person_records(ws, Some(catalog), person, Some(&role.framework)) else {
        return Vec::new();
    };
    let gap = crate::report::gap::gap(
        person.as_str(),
        framework,
        role,
        &read.records,
        None,
        Some(day),
        ws.settings.peer_minimum,
    );
    let plan = crate::report::plan::plan(framework, gap, known.profile.clone());
    plan.items
        .into_iter()
        .map(|item| crate::questionnaire::review::Gap {
            behaviours: item.steps.into_iter().flat_map(|s| s.behaviours).collect(),
            competency: item.competency,
            name: item.name,
            rating: item.rating,
            required: item.required,
        })
        .collect()
}
