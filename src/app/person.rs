//! One person's reports: who they are, the role they are compared with, the
//! records a report about them reads, and each report's figures ready to
//! render (gap, plan, readiness, history).

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Field, Listing, Remedy, Request};
use crate::id::Id;
use crate::model::{Framework, RoleProfile};
use crate::record::RaterKind;
use crate::render::left_out::{self as left, LeftOut};
use crate::report;
use crate::roster::{self, Profile};
use crate::store::{self, PersonRecords};
use crate::workspace::Workspace;

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
        let close =
            crate::diagnostic::did_you_mean(id.as_str(), everyone.iter().map(String::as_str));
        if let Some(s) = close {
            let _ = write!(message, "; did you mean `{s}`?");
        }
        let mut refused = Request::refused(message).on(Field::Person);
        if close.is_none() {
            refused = refused.or(Remedy::List(Listing::People));
        }
        return Err(Error::from(refused).into());
    }
    let profile = roster::profile(&roster, id.as_str(), &read.records);
    Ok((id, profile))
}

/// What a report left out, from the problems of the records it read.
pub(crate) fn left_out(read: &PersonRecords) -> Vec<LeftOut> {
    left::from_problems(&read.left_out)
}

/// The role to compare with: the one asked for, else the person's own. A
/// person is compared only with a person's role, and an organisation only
/// with an organisation's (a role of organisational capabilities).
pub(crate) fn role_for<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    given: Option<&str>,
) -> anyhow::Result<&'c RoleProfile> {
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
                (Subject::Person, Subject::Organisation) => Err(Error::from(
                    Request::refused(format!(
                        "role `{}` is a role for a person, and `{}` is an organisation (its records rate organisational capabilities): compare it with an organisation's role — {}",
                        role.id,
                        profile.person,
                        organisational()
                    ))
                    .on(Field::Role),
                )
                .into()),
                (Subject::Organisation, Subject::Person) => Err(Error::from(
                    Request::refused(format!(
                        "role `{}` is a role for an organisation (it requires organisational capabilities), and `{}` is a person: compare them with a person's role",
                        role.id,
                        profile.person
                    ))
                    .on(Field::Role)
                    .or(Remedy::List(Listing::Roles)),
                )
                .into()),
                _ => Ok(role),
            }
        }
        None if profile.subject == Subject::Organisation => Err(Error::from(
            Request::refused(format!(
                "no role is known for `{}`, an organisation ({})",
                profile.person,
                organisational()
            ))
            .on(Field::Role)
            .or(Remedy::Give {
                field: Field::Role,
                example: None,
            })
            .or(Remedy::List(Listing::Roles)),
        )
        .into()),
        None => Err(Error::from(
            Request::refused(format!("no role is known for `{}`", profile.person))
                .on(Field::Role)
                .or(Remedy::Give {
                    field: Field::Role,
                    example: None,
                })
                .or(Remedy::List(Listing::Roles))
                .or(Remedy::RoleInRoster {
                    id: profile.person.clone(),
                }),
        )
        .into()),
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

/// The records of `person` on `role`'s framework; none is an error, since
/// a gap or plan could only show every requirement unrated.
fn role_records(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
    role: &RoleProfile,
) -> anyhow::Result<PersonRecords> {
    // None is no error: a person the roster knows, not yet rated, gets the
    // role's requirements unrated (a blank plan to fill in at a meeting),
    // and the report says how to record ratings.
    records_of(workspace, catalog, person, Some(&role.framework))
}

/// A note for each questionnaire on `framework` about `person` that was
/// stopped before it was saved as a record: its answers are in no report
/// until it is finished, and how to carry on.
#[cfg(feature = "interactive")]
pub(crate) fn unfinished(ws: &Workspace, catalog: &Catalog, person: &str) -> Vec<Request> {
    let mut notes = Vec::new();
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
        notes.push(
            Request::refused(format!(
                "a {by} questionnaire about {} was stopped with {count} answer{} saved; \
                 they are in no report until it is finished",
                crate::text::escape_controls(person),
                if count == 1 { "" } else { "s" },
            ))
            .or(Remedy::CarryOn {
                person: crate::text::escape_controls(person).into_owned(),
                framework: framework.to_owned(),
                by: by.to_string(),
            }),
        );
    }
    notes
}

/// Without the questionnaire there are no stopped questionnaires.
#[cfg(not(feature = "interactive"))]
pub(crate) fn unfinished(_: &Workspace, _: &Catalog, _: &str) -> Vec<Request> {
    Vec::new()
}

/// What a report about a person read past (warnings) and left out.
#[derive(Default)]
pub(crate) struct Read {
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) left: Vec<LeftOut>,
}

impl Read {
    fn of(records: &PersonRecords) -> Read {
        Read {
            warnings: records.warnings.clone(),
            left: left_out(records),
        }
    }

    fn and(mut self, warnings: Vec<Diagnostic>, left_out: &[Diagnostic]) -> Read {
        self.warnings.extend(warnings);
        self.left.extend(left::from_problems(left_out));
        self
    }
}

/// A gap report and the framework it is drawn on.
pub(crate) struct Gap<'c> {
    pub(crate) framework: &'c Framework,
    pub(crate) report: report::gap::GapReport,
    pub(crate) read: Read,
}

/// The gap of `profile`'s person against `role` (default: their own), by
/// `by`'s ratings up to `as_of`.
pub(crate) fn gap<'c>(
    ws: &Workspace,
    catalog: &'c Catalog,
    profile: &Profile,
    role: Option<&str>,
    by: Option<RaterKind>,
    as_of: Option<Date>,
) -> anyhow::Result<Gap<'c>> {
    let person = profile.person.as_str();
    let role = role_for(catalog, profile, role)?;
    let framework = catalog.framework(&role.framework)?;
    let read = role_records(ws, catalog, person, role)?;
    let mut report = report::gap::gap(
        person,
        framework,
        role,
        &read.records,
        by,
        as_of,
        ws.settings.peer_minimum,
    );
    report.assessment = report
        .used_file()
        .map(|file| store::shown_path(person, file));
    report.name.clone_from(&profile.name);
    Ok(Gap {
        framework,
        report,
        read: Read::of(&read),
    })
}

/// A development plan and the framework it is drawn on.
pub(crate) struct Plan<'c> {
    pub(crate) framework: &'c Framework,
    pub(crate) report: report::plan::Plan,
    pub(crate) read: Read,
}

/// The plan of `profile`'s person towards `role`: their gap, the next review
/// (given, else from the appraisal cycle), and what the last review agreed.
pub(crate) fn plan<'c>(
    ws: &Workspace,
    catalog: &'c Catalog,
    profile: &Profile,
    (role, by): (Option<&str>, Option<RaterKind>),
    as_of: Option<Date>,
    next_review: Option<Date>,
) -> anyhow::Result<Plan<'c>> {
    let Gap {
        framework,
        report: gap,
        read,
    } = gap(ws, catalog, profile, role, by, as_of)?;
    let mut plan = report::plan::plan(framework, gap, profile.clone());
    let day = plan.date.as_deref().and_then(crate::date::strict_date);
    plan.next_review =
        report::plan::next_review(&ws.settings, day, next_review).map(|d| d.to_string());
    // The last review, as it stands on the plan's day, or the day the plan
    // is made.
    let id = crate::assessment::person_id(&profile.person)?;
    let reviews = store::person_reviews(ws, None, &id)?;
    let reviewed_on = as_of.unwrap_or_else(crate::render::made_on);
    let agreed = report::review::agreed(&reviews.reviews, reviewed_on);
    plan.review = agreed.last_review.is_some().then_some(agreed);
    Ok(Plan {
        framework,
        report: plan,
        read: read.and(reviews.warnings, &reviews.left_out),
    })
}

/// The frameworks `records` are on (only `only`, when given), in id order.
fn frameworks_of<'c>(
    catalog: &'c Catalog,
    records: &[crate::record::Filed],
    only: Option<&str>,
) -> anyhow::Result<Vec<&'c Framework>> {
    let mut ids: Vec<&str> = records
        .iter()
        .map(|f| f.record.framework.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|id| only.is_none_or(|f| f == *id));
    Ok(ids
        .iter()
        .map(|id| catalog.framework(id))
        .collect::<Result<Vec<_>, _>>()?)
}

/// How near `profile`'s person is to each role of the frameworks they were
/// rated on (only `only`'s roles, when given).
pub(crate) fn readiness(
    ws: &Workspace,
    catalog: &Catalog,
    profile: &Profile,
    only: Option<&str>,
    by: Option<RaterKind>,
) -> anyhow::Result<(Vec<report::readiness::Fit>, Read)> {
    if let Some(f) = only {
        catalog.framework(f)?;
    }
    let read = records_of(ws, catalog, &profile.person, only)?;
    let frameworks = frameworks_of(catalog, &read.records, only)?;
    // A person is nearest people's roles; an organisation, organisations'.
    let mut roles = Vec::new();
    for framework in &frameworks {
        roles.extend(
            catalog
                .roles_of(&framework.id)?
                .into_iter()
                .filter(|r| r.subject == profile.subject),
        );
    }
    let fits = report::readiness::readiness(
        &profile.person,
        profile.role.as_deref(),
        &frameworks,
        &roles,
        &read.records,
        by,
    );
    Ok((fits, Read::of(&read)))
}

/// A person's ratings over time, per competency, beside the actions agreed
/// to serve them.
pub(crate) struct History<'c> {
    pub(crate) competencies: Vec<report::history::CompetencyHistory>,
    pub(crate) frameworks: Vec<&'c Framework>,
    /// The name of the person's role, when it is known.
    pub(crate) role_name: Option<&'c str>,
    pub(crate) read: Read,
}

/// The history of `profile`'s person (only framework `only`, when given).
pub(crate) fn history<'c>(
    ws: &Workspace,
    catalog: &'c Catalog,
    profile: &Profile,
    only: Option<&str>,
) -> anyhow::Result<History<'c>> {
    if let Some(f) = only {
        catalog.framework(f)?;
    }
    let read = records_of(ws, catalog, &profile.person, only)?;
    let frameworks = frameworks_of(catalog, &read.records, only)?;
    let mut history = Vec::new();
    for framework in &frameworks {
        history.extend(report::history::history(
            framework,
            &read.records,
            ws.settings.peer_minimum,
        ));
    }
    // The actions agreed to serve each competency, as they stand today.
    let id = crate::assessment::person_id(&profile.person)?;
    let reviews = store::person_reviews(ws, None, &id)?;
    let agreed = report::review::agreed(&reviews.reviews, crate::render::made_on());
    report::history::with_actions(&mut history, &agreed);
    let role_name = profile
        .role
        .as_deref()
        .and_then(|r| catalog.role(r).ok())
        .map(|r| r.name.as_str());
    Ok(History {
        competencies: history,
        frameworks,
        role_name,
        read: Read::of(&read).and(reviews.warnings, &reviews.left_out),
    })
}
