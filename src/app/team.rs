//! A team: people against their own roles — a line manager's reports, a
//! team, the holders of a role, or everyone assessed on a framework — with
//! the training needs that add up their shortfalls.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use jiff::civil::Date;

use super::person::records_of;
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Field, Listing, Remedy, Request, Unknown};
use crate::model::Subject;
use crate::record::RaterKind;
use crate::render;
use crate::report::Whose;
use crate::report::team::{Rules, Section, Tally, TeamMember, TeamReport, Unplaced, team_member};
use crate::roster::{self, Roster};
use crate::store;
use crate::workspace::Workspace;

/// Who a team report is about and how it counts (`competency team`'s flags,
/// checked).
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    /// People who hold this role.
    pub(crate) role: Option<String>,
    /// Hold everyone in scope against this role, whatever role they hold.
    pub(crate) against: Option<String>,
    /// Everyone assessed on this framework.
    pub(crate) framework: Option<String>,
    /// The people this line manager manages ...
    pub(crate) manager: Option<String>,
    /// ... with `all`, the whole reporting line below them.
    pub(crate) all: bool,
    /// The people of this team, as the roster names it.
    pub(crate) team: Option<String>,
    /// Only these people.
    pub(crate) people: Vec<String>,
    /// Also people who have left.
    pub(crate) include_left: bool,
    /// The team as it was on this day (default: today).
    pub(crate) as_of: Option<Date>,
    /// Whose ratings to use and count (default: each person's manager's).
    pub(crate) by: Option<RaterKind>,
    /// Only the training needs and counts, not a line per person.
    pub(crate) summary: bool,
}

impl Query {
    /// Everyone in the workspace, leavers too, each against their own
    /// role, by their manager's ratings: what a dataset's `gaps` holds.
    pub(crate) fn everyone() -> Query {
        Query {
            include_left: true,
            ..Query::default()
        }
    }
}

/// The people a `--manager` (with `--all`, everyone under them) or `--team`
/// scope names in the roster, or `None` when neither is given. An unknown
/// manager or team is an error that lists the known ones.
pub(crate) fn roster_scope(
    roster: &Roster,
    manager: Option<&str>,
    all: bool,
    team: Option<&str>,
) -> anyhow::Result<Option<Vec<String>>> {
    if let Some(manager) = manager {
        if roster.get(manager).is_none() {
            return Err(Error::from(
                Request::new(Unknown::new(
                    "person",
                    manager,
                    Some("the roster"),
                    roster.people.iter().map(|m| m.id.as_str()),
                ))
                .on(Field::Manager)
                .or(Remedy::List(Listing::People)),
            )
            .into());
        }
        let reports = roster.reports_of(manager, all);
        return Ok(Some(reports.iter().map(|m| m.id.clone()).collect()));
    }
    let Some(team) = team else {
        return Ok(None);
    };
    let mut teams: Vec<&str> = roster
        .people
        .iter()
        .filter_map(|m| m.team.as_deref())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let found = teams.iter().find(|t| t.eq_ignore_ascii_case(team.trim()));
    let Some(found) = found else {
        return Err(Error::from(
            Request::new(Unknown::new(
                "team",
                team,
                Some("the roster"),
                teams.iter().copied(),
            ))
            .on(Field::Team),
        )
        .into());
    };
    let ids = roster
        .people
        .iter()
        .filter(|m| m.team.as_deref() == Some(*found))
        .map(|m| m.id.clone());
    Ok(Some(ids.collect()))
}

/// Who is asked about, before their records are read, and who of everyone
/// has a folder of records.
fn candidates(
    ws: &Workspace,
    roster: &Roster,
    q: &Query,
) -> anyhow::Result<(Vec<String>, HashSet<String>)> {
    let folders = store::people(ws)?;
    let mut everyone: Vec<String> = folders.clone();
    everyone.extend(roster.people.iter().map(|m| m.id.clone()));
    everyone.sort();
    everyone.dedup();
    let mut ids: Vec<String> =
        roster_scope(roster, q.manager.as_deref(), q.all, q.team.as_deref())?
            .unwrap_or_else(|| everyone.clone());
    if !q.people.is_empty() {
        for p in &q.people {
            if !everyone.contains(p) {
                return Err(Error::from(
                    Request::new(Unknown::new(
                        "person",
                        p,
                        Some("this workspace"),
                        everyone.iter().map(String::as_str),
                    ))
                    .on(Field::Person),
                )
                .into());
            }
        }
        ids.retain(|id| q.people.contains(id));
    }
    Ok((ids, folders.into_iter().collect()))
}

/// One person read: their line (when they have a role it can be drawn
/// against), or why they are not placed.
enum Placed {
    Member(String, TeamMember),
    Unplaced(Unplaced),
    Out,
}

/// The warnings of reading one person, and the records left out.
type Read = (Vec<Diagnostic>, Vec<Diagnostic>);

/// Whose ratings a team's figures count: the ones asked for, else managers'.
fn counted_by(q: &Query) -> Whose {
    q.by.map_or(Whose::Manager, Whose::from)
}

/// The day a team is drawn on: the one given, else today.
#[derive(Clone, Copy)]
struct Day {
    day: jiff::civil::Date,
    /// Whether `--as-of` gave it (ratings after it are then left out).
    given: bool,
}

fn place(
    ws: &Workspace,
    catalog: &Catalog,
    roster: &Roster,
    (q, on): (&Query, Day),
    (person, has_folder): (&str, bool),
) -> anyhow::Result<(Placed, Read)> {
    let read = if has_folder {
        records_of(ws, catalog, person, None)?
    } else {
        store::PersonRecords::default()
    };
    let profile = roster::profile(roster, person, &read.records);
    let warnings = (read.warnings, read.left_out);
    let out = |placed| Ok((placed, (Vec::new(), Vec::new())));
    // Organisations are not people; leavers only when asked for.
    if read
        .records
        .iter()
        .any(|f| f.record.subject == Subject::Organisation)
        || (!profile.is_active_on(on.day) && !q.include_left)
    {
        return out(Placed::Out);
    }
    let assessed_on =
        |framework: &str| read.records.iter().any(|f| f.record.framework == framework);
    if let Some(wanted) = &q.role
        && profile.role.as_deref() != Some(wanted.as_str())
    {
        return out(Placed::Out);
    }
    if let Some(framework) = &q.framework {
        let role_framework = profile
            .role
            .as_deref()
            .and_then(|r| catalog.role(r).ok())
            .map(|r| r.framework.clone());
        if !assessed_on(framework) && role_framework.as_deref() != Some(framework.as_str()) {
            return out(Placed::Out);
        }
    }
    let unplaced = |reason: String| {
        Placed::Unplaced(Unplaced {
            person: person.to_owned(),
            name: profile.name.clone(),
            reason,
        })
    };
    let Some(role_id) = q.against.clone().or_else(|| profile.role.clone()) else {
        return Ok((unplaced("no role is known".to_owned()), warnings));
    };
    let Ok(role) = catalog.role(&role_id) else {
        return Ok((
            unplaced(format!("the role `{role_id}` is not defined")),
            warnings,
        ));
    };
    if let Some(framework) = &q.framework
        && role.framework != *framework
    {
        return Ok((
            unplaced(format!(
                "holds `{role_id}`, a role of framework `{}`",
                role.framework
            )),
            warnings,
        ));
    }
    let Ok(framework) = catalog.framework(&role.framework) else {
        return Ok((
            unplaced(format!(
                "the framework `{}` of role `{role_id}` cannot be used: its file has problems (validating the workspace lists them)",
                role.framework
            )),
            warnings,
        ));
    };
    let until = on.given.then_some(on.day);
    let member = team_member(
        person,
        profile.name.as_deref(),
        framework,
        role,
        &read.records,
        Rules {
            by: q.by,
            as_of: until,
            counted: counted_by(q),
        },
    );
    Ok((Placed::Member(role.framework.clone(), member), warnings))
}

/// Build the team report `args` asks for.
pub(crate) fn build(ws: &Workspace, catalog: &Catalog, q: &Query) -> anyhow::Result<Built> {
    // Everyone is read: through the index of checked records.
    let ws = &store::with_index(ws);
    for role in q.role.iter().chain(&q.against) {
        catalog.role(role)?;
    }
    if let Some(framework) = &q.framework {
        catalog.framework(framework)?;
    }
    let counted = counted_by(q);
    let on = Day {
        day: q.as_of.unwrap_or_else(crate::date::today),
        given: q.as_of.is_some(),
    };
    let roster = store::read_roster(ws)?;
    let (people, folders) = candidates(ws, &roster, q)?;
    // Per framework: a running tally, and the lines when they are shown.
    let mut sections: BTreeMap<String, (Tally, Vec<TeamMember>)> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let mut warnings = Vec::new();
    let mut left = store::stray_folders(ws);
    // Read in parallel, tallied in order as they come: memory holds a few
    // chunks of records at most.
    super::read_in_order(
        &people,
        |person| {
            let has_folder = folders.contains(person);
            place(ws, catalog, &roster, (q, on), (person, has_folder))
        },
        |_, result| {
            let (placed, (warned, left_out)) = result?;
            warnings.extend(warned);
            left.extend(left_out);
            match placed {
                Placed::Member(framework_id, member) => {
                    let framework = catalog.framework(&framework_id)?;
                    let role = catalog.role(&member.role)?;
                    let (tally, members) = sections
                        .entry(framework_id)
                        .or_insert_with(|| (Tally::new(framework, counted), Vec::new()));
                    tally.add(&member, role);
                    if !q.summary {
                        members.push(member);
                    }
                }
                Placed::Unplaced(u) => unplaced.push(u),
                Placed::Out => {}
            }
            Ok(())
        },
    )?;
    // Frameworks in catalogue order, so the report reads the same every time.
    let order: Vec<&str> = catalog.framework_ids().collect();
    let mut sections: Vec<(usize, Section)> = sections
        .into_iter()
        .map(|(id, (tally, members))| {
            let at = order.iter().position(|f| *f == id).unwrap_or(usize::MAX);
            (at, tally.section(members))
        })
        .collect();
    sections.sort_by_key(|(at, _)| *at);
    let mut report = TeamReport {
        scope: scope_words(q, &roster, catalog),
        date: render::made_on().to_string(),
        as_of: on.given.then(|| on.day.to_string()),
        sections: sections.into_iter().map(|(_, s)| s).collect(),
        unplaced,
    };
    let mut hint = None;
    if report.sections.is_empty()
        && let Some(role) = q.role.as_ref().or(q.against.as_ref())
    {
        // Nobody holds the role: an empty section still says what was asked.
        let role = catalog.role(role)?;
        report.sections.push(Tally::empty(
            catalog.framework(&role.framework)?,
            role,
            counted,
        ));
        if q.role.is_some() {
            hint = assessed_without_role(ws, catalog, &roster, role)?;
        }
    }
    Ok(Built {
        report,
        hint,
        warnings,
        left,
    })
}

/// A team report as built, before it is rendered: the report, a hint for
/// stderr, the records read past (warnings) and the files left out.
pub(crate) struct Built {
    pub(crate) report: TeamReport,
    pub(crate) hint: Option<Request>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) left: Vec<Diagnostic>,
}

/// When `team --role ROLE` finds nobody holding it: how many people were
/// assessed on the role's framework without a role, and how to hold them
/// against it anyway.
fn assessed_without_role(
    ws: &Workspace,
    catalog: &Catalog,
    roster: &Roster,
    role: &crate::model::RoleProfile,
) -> anyhow::Result<Option<Request>> {
    let mut count = 0;
    for person in store::people(ws)? {
        let read = records_of(ws, catalog, &person, Some(&role.framework))?;
        let profile = roster::profile(roster, &person, &read.records);
        let is_person = read
            .records
            .iter()
            .all(|f| f.record.subject == Subject::Person);
        if !read.records.is_empty() && profile.role.is_none() && is_person {
            count += 1;
        }
    }
    Ok((count > 0).then(|| {
        Request::refused(format!(
            "nobody in scope holds `{}`, but {} assessed on framework `{}` without a role",
            role.id,
            crate::render::count(count, "person was", "people were"),
            role.framework,
        ))
        .or(Remedy::HoldAgainst {
            framework: role.framework.clone(),
            role: role.id.clone(),
        })
    }))
}

/// Who a team report is about, in words.
/// Roles and frameworks by the names people know them by (the id when the
/// file cannot be read).
fn scope_words(q: &Query, roster: &Roster, catalog: &Catalog) -> String {
    let role_name = |id: &str| {
        catalog
            .role(id)
            .map_or_else(|_| id.to_owned(), |r| r.name.clone())
    };
    let mut parts = Vec::new();
    if let Some(manager) = &q.manager {
        let name = roster.name(manager).unwrap_or(manager);
        parts.push(if q.all {
            format!("everyone in {name}'s reporting line")
        } else {
            format!("the people {name} manages")
        });
    }
    if let Some(team) = &q.team {
        parts.push(format!("team {}", team.trim()));
    }
    if let Some(role) = &q.role {
        parts.push(format!("the holders of the role {}", role_name(role)));
    }
    if let Some(framework) = &q.framework {
        let name = catalog
            .framework(framework)
            .map_or_else(|_| framework.clone(), |f| f.name.clone());
        parts.push(format!("people assessed on {name}"));
    }
    if !q.people.is_empty() {
        parts.push(q.people.join(", "));
    }
    if parts.is_empty() {
        parts.push("everyone in the workspace".to_owned());
    }
    let mut words = parts.join("; ");
    if let Some(role) = &q.against {
        let _ = write!(words, ", held against the role {}", role_name(role));
    }
    words
}
