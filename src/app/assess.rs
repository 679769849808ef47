//! What recording an assessment needs from the workspace: the roster's
//! defaults for what the command left out, a prepared file merged in, the
//! ratings a rater is offered when re-assessing, and the checks made before
//! the first question.

use std::path::Path;

#[cfg(feature = "interactive")]
use anyhow::bail;

use crate::assessment::{self as assess, Request};
#[cfg(feature = "interactive")]
use crate::assessment::{Clock, Inputs};
use crate::catalog::Catalog;
use crate::error::{Error, Field, Problem, Remedy};
use crate::model::Subject;
use crate::record::{RaterKind, Rating, Record};
use crate::store;
use crate::workspace::Workspace;

/// The ratings an assessment starts from: the record `--amend` corrects
/// (its file name and content) and a prepared file's ratings, merged into
/// `request` (checked against the framework).
pub(crate) fn prepare(
    workspace: &Workspace,
    catalog: &Catalog,
    request: &mut Request,
    amend: Option<&str>,
    from: Option<&Path>,
) -> anyhow::Result<Prepared> {
    let amended = match amend {
        Some(given) => Some(store::read_amended(workspace, &request.person, given)?),
        None => None,
    };
    let mut base = amended
        .as_ref()
        .map(|(_, r)| r.ratings.clone())
        .unwrap_or_default();
    if let Some(from) = from {
        let (mut prepared, source) = assess::read_prepared(from).map_err(Error::from)?;
        assess::merge_prepared(request, &prepared, from)?;
        let framework_id = request
            .framework
            .clone()
            .or_else(|| workspace.settings.default_framework.clone())
            .ok_or_else(|| {
                Error::from(
                    crate::error::Request::new(Problem::Missing)
                        .on(Field::Framework)
                        .or(Remedy::Give {
                            field: Field::Framework,
                            example: Some("wdcvs".to_owned()),
                        })
                        .or(Remedy::InFile("framework")),
                )
            })?;
        let framework = catalog.framework(&framework_id)?;
        assess::codes_for_labels(framework, &mut prepared);
        let problems = crate::record::rules::check_prepared(from, &source, &prepared, framework);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems).into());
        }
        base.extend(crate::record::rules::ratings_of(&prepared));
    }
    Ok(Prepared { amended, base })
}

/// What an assessment starts from.
pub(crate) struct Prepared {
    /// The record `--amend` corrects: its file name and content.
    pub(crate) amended: Option<(String, Record)>,
    /// The ratings given before any flag: the amended record's, then a
    /// prepared file's.
    pub(crate) base: Vec<Rating>,
}

/// What the roster (else the person's latest records) knows, for what the
/// command line and the prepared file left out: the person's role (when it
/// is of the framework asked for), the framework of that role, and the
/// rater's name — the person's own for a self-assessment, their line
/// manager's for a manager's. `--rater`, `--role` and `--framework` always
/// win; the workspace's default framework and rater come after.
pub(crate) fn fill_from_roster(
    workspace: &Workspace,
    catalog: &Catalog,
    request: &mut Request,
    rater: bool,
) {
    if request.subject != Subject::Person {
        return;
    }
    let roster = store::read_roster(workspace).unwrap_or_default();
    let records = crate::id::Id::parse(&request.person)
        .ok()
        .and_then(|id| store::person_records(workspace, None, &id, None).ok())
        .map(|r| r.records)
        .unwrap_or_default();
    let profile = crate::roster::profile(&roster, &request.person, &records);
    if request.role.is_none()
        && let Some(role) = profile.role.as_deref().and_then(|r| catalog.role(r).ok())
        && request
            .framework
            .as_deref()
            .is_none_or(|f| f == role.framework)
    {
        request.role = Some(role.id.clone());
    }
    if request.framework.is_none()
        && let Some(role) = request.role.as_deref().and_then(|r| catalog.role(r).ok())
    {
        request.framework = Some(role.framework.clone());
    }
    if rater && request.rater.is_none() {
        request.rater = match request.by {
            Some(RaterKind::SelfAssessment) => profile.name.clone(),
            Some(RaterKind::Manager) => profile.manager_name.clone(),
            Some(RaterKind::Peer) | None => None,
        };
    }
}

/// Refuse, before the first question, anything that would stop the record
/// being saved at the end (an unknown role, a bad date, no competencies).
#[cfg(feature = "interactive")]
pub(crate) fn check_before_asking(
    request: &Request,
    framework: &crate::model::Framework,
    catalog: &Catalog,
    workspace: &Workspace,
    clock: &Clock,
) -> anyhow::Result<()> {
    let Some(first) = framework.competencies_of(request.subject).next() else {
        bail!(
            "framework `{}` has no competencies that rate {}",
            framework.id,
            match request.subject {
                Subject::Person => "a person",
                Subject::Organisation => "an organisation",
            }
        );
    };
    let mut probe = request.clone();
    probe.set = Vec::new();
    probe.not_applicable = vec![first.id.clone()];
    assess::build(&probe, inputs(catalog, workspace, clock, Vec::new()))?;
    Ok(())
}

/// The rater and role to offer: the person's own name for a self-assessment,
/// their line manager's for a manager's, else the workspace's default rater;
/// the person's role from the roster or their latest record.
#[cfg(feature = "interactive")]
pub(crate) fn who_by_default(
    workspace: &Workspace,
    person: &str,
    by: RaterKind,
) -> crate::questionnaire::Who {
    let roster = store::read_roster(workspace).unwrap_or_default();
    let records = crate::id::Id::parse(person)
        .ok()
        .and_then(|id| store::person_records(workspace, None, &id, None).ok())
        .map(|r| r.records)
        .unwrap_or_default();
    let profile = crate::roster::profile(&roster, person, &records);
    let rater = match by {
        RaterKind::SelfAssessment => profile.name.clone(),
        RaterKind::Manager => profile.manager_name.clone(),
        RaterKind::Peer => None,
    }
    .or_else(|| workspace.settings.default_rater.clone());
    crate::questionnaire::Who {
        rater,
        role: profile.role,
    }
}

/// The latest rating of each competency on `framework` by raters of `by`
/// (corrections applied), with the day and status of its record. None when
/// there are none, or the records cannot be read (the questionnaire does not
/// need them).
#[cfg(feature = "interactive")]
fn latest_by(
    workspace: &Workspace,
    person: &str,
    framework: &str,
    by: RaterKind,
) -> Vec<(Rating, String, crate::record::Status)> {
    let Ok(id) = crate::id::Id::parse(person) else {
        return Vec::new();
    };
    let Ok(read) = store::person_records(workspace, None, &id, Some(framework)) else {
        return Vec::new();
    };
    let current = crate::report::select::current(&read.records, framework, None);
    let mut seen = std::collections::HashSet::new();
    current
        .iter()
        .rev()
        .filter(|f| f.record.by == by)
        .flat_map(|f| f.record.ratings.iter().map(move |r| (r, &f.record)))
        .filter(|(r, _)| seen.insert(r.competency.clone()))
        .map(|(r, record)| (r.clone(), record.date.to_string(), record.status))
        .collect()
}

/// The rater's latest ratings of each competency (same framework, same kind
/// of rater), offered first when re-assessing.
#[cfg(feature = "interactive")]
pub(crate) fn previous_ratings(
    workspace: &Workspace,
    person: &str,
    framework: &str,
    by: RaterKind,
) -> Vec<Rating> {
    latest_by(workspace, person, framework, by)
        .into_iter()
        .map(|(rating, ..)| rating)
        .collect()
}

/// The person's own latest rating of each competency on `framework`
/// (corrections applied), with the day and finality of its record: what a
/// manager re-assessing sees beside each question.
#[cfg(feature = "interactive")]
pub(crate) fn own_ratings(
    workspace: &Workspace,
    person: &str,
    framework: &str,
) -> Vec<crate::questionnaire::Own> {
    latest_by(workspace, person, framework, RaterKind::SelfAssessment)
        .into_iter()
        .map(|(rating, date, status)| crate::questionnaire::Own {
            rating,
            date,
            is_final: status == crate::record::Status::Final,
        })
        .collect()
}

#[cfg(feature = "interactive")]
pub(crate) fn inputs<'a>(
    catalog: &'a Catalog,
    workspace: &'a Workspace,
    clock: &'a Clock,
    base: Vec<Rating>,
) -> Inputs<'a> {
    Inputs {
        catalog,
        default_framework: workspace.settings.default_framework.as_deref(),
        default_rater: workspace.settings.default_rater.as_deref(),
        clock,
        base,
        amends: None,
    }
}
