//! The roster's changes (`people import`, `people add`) worked out against
//! the roster as it is, and the list of everyone (`people`).

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::error::{Error, Field, Remedy, Request};
use crate::record::{Filed, RaterKind, chain};
use crate::render::people::{Assessment, Latest, People, Person};
use crate::roster::{self, Changes, Member, Roster};
use crate::store::{self, Folder};
use crate::workspace::Workspace;

/// A roster file to import, read, and how.
pub(crate) struct Import<'a> {
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
    /// The day people missing from the file are marked as having left.
    pub(crate) day: Date,
    pub(crate) allow_mass_leave: bool,
    pub(crate) dry_run: bool,
}

/// What an import does to the roster: the changes, the roster after them,
/// the refusal of a mass leave (shown, not refused, on a dry run), the
/// warnings on the file, as text, and the people left without a line manager.
pub(crate) type Imported = (Changes, Roster, Option<Request>, String, Vec<Request>);

/// The roster `i` makes of `old`, checked; refused when it would put a
/// line manager in a loop or (unless allowed, or a dry run) mark more than
/// half of the roster as left.
pub(crate) fn import(
    i: &Import<'_>,
    old: &Roster,
    catalog: &Catalog,
) -> Result<(Roster, Imported), Error> {
    let today = crate::date::today();
    let read = roster::import::read(i.file, i.text, catalog, old, today).map_err(Error::Invalid)?;
    let mut warned = String::new();
    for d in &read.warnings {
        let _ = writeln!(warned, "{}", d.headline());
    }
    let (roster, changes) = roster::replace(old, read.people, i.day);
    if let Some(id) = roster::manager_loops(&roster.people).first() {
        return Err(Error::refused(format!(
            "`{id}` would be in a loop of line managers with the people already in the roster; nothing was changed"
        )));
    }
    let mass = roster::mass_leave(old, &changes, i.day)
        .filter(|_| !i.allow_mass_leave)
        .map(|(leaving, here)| {
            Request::refused(format!(
                "this import would mark {leaving} of the {} in the roster as left, more than half (a file cut short, or the wrong file, would do that){}",
                crate::render::count(here, "person", "people"),
                if i.dry_run { "" } else { "; nothing was changed" }
            ))
            .or(Remedy::AllowMassLeave)
        });
    if let Some(refusal) = &mass
        && !i.dry_run
    {
        return Err(refusal.clone().into());
    }
    let behind = left_behind(&roster, old, today);
    Ok((roster.clone(), (changes, roster, mass, warned, behind)))
}

/// What `people add` gives of a person (flags not given are `None`).
pub(crate) struct Given {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) team: Option<String>,
    pub(crate) manager: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) left: Option<String>,
}

/// A warning for each manager whose leaving date `new` sets while people
/// would still report to them, naming those people (with the remedy: a new
/// line manager for each).
pub(crate) fn left_behind(new: &Roster, old: &Roster, today: Date) -> Vec<Request> {
    let label = |m: &Member| format!("{} ({})", m.name, m.id);
    let mut out = Vec::new();
    for (manager, reports) in new.newly_left_behind(old, today) {
        let left = manager.left.as_deref().unwrap_or_default();
        let gone = crate::record::rules::strict_date(left).is_some_and(|day| day <= today);
        let mut names: Vec<String> = reports.iter().map(|m| label(m)).collect();
        let last = names.pop().unwrap_or_default();
        let names = if names.is_empty() {
            last
        } else {
            format!("{} and {last}", names.join(", "))
        };
        out.push(
            Request::refused(format!(
                "{} {} on {left}, but {names} still {} to them",
                label(manager),
                if gone { "left" } else { "leaves" },
                if reports.len() == 1 {
                    "reports"
                } else {
                    "report"
                },
            ))
            .or(Remedy::NewManager {
                id: (reports.len() == 1).then(|| reports[0].id.clone()),
            }),
        );
    }
    out
}

/// The person `people add` describes: the flags given, and for flags not
/// given what the roster already says of them; checked.
pub(crate) fn member_of(
    args: &Given,
    old: &Roster,
    catalog: &Catalog,
    today: Date,
) -> Result<Member, Error> {
    let before = old.get(&args.id).cloned();
    let Some(name) = args
        .name
        .clone()
        .or_else(|| before.as_ref().map(|m| m.name.clone()))
    else {
        return Err(Request::refused(format!(
            "`{}` is not in the roster yet",
            args.id.escape_debug()
        ))
        .on(Field::Person)
        .or(Remedy::Give {
            field: Field::Name,
            example: None,
        })
        .into());
    };
    // Flags given replace; flags not given keep what the roster says.
    let keep = |given: &Option<String>, had: Option<&String>| {
        given
            .clone()
            .or_else(|| had.cloned())
            .filter(|v| !v.trim().is_empty())
    };
    let member = Member {
        id: args.id.clone(),
        name: crate::text::normalise(&name),
        role: keep(&args.role, before.as_ref().and_then(|m| m.role.as_ref())),
        team: keep(&args.team, before.as_ref().and_then(|m| m.team.as_ref())),
        manager: keep(
            &args.manager,
            before.as_ref().and_then(|m| m.manager.as_ref()),
        ),
        email: keep(&args.email, before.as_ref().and_then(|m| m.email.as_ref())),
        left: keep(&args.left, before.as_ref().and_then(|m| m.left.as_ref())),
    };
    if let Some((column, _, message)) = roster::import::problems(&member, catalog, today)
        .into_iter()
        .next()
    {
        return Err(Request::refused(message).on(column_field(column)).into());
    }
    if let Some(manager) = &member.manager
        && old.get(manager).is_none()
    {
        return Err(Request::new(crate::error::Problem::NotInRoster {
            id: manager.clone(),
        })
        .on(Field::Manager)
        .or(Remedy::AddToRoster {
            id: manager.clone(),
        })
        .into());
    }
    Ok(member)
}

/// The part of `people add` a roster column comes from.
fn column_field(column: &str) -> Field {
    match column {
        "id" => Field::Person,
        "role" => Field::Role,
        "team" => Field::Team,
        "manager" => Field::Manager,
        "email" => Field::Email,
        "left" => Field::Left,
        _ => Field::Name,
    }
}

/// Everyone in the roster or with records, as on `as_of` (today when not
/// given): leavers only with `include_left`.
pub(crate) fn list(
    ws: &Workspace,
    include_left: bool,
    as_of: Option<Date>,
) -> anyhow::Result<People> {
    let day = as_of.unwrap_or_else(crate::date::today);
    let until = as_of;
    let roster = store::read_roster(ws)?;
    let mut ids: Vec<String> = store::people(ws)?;
    ids.extend(roster.people.iter().map(|m| m.id.clone()));
    ids.sort();
    ids.dedup();
    let mut model = People {
        people: Vec::new(),
        unreadable: Vec::new(),
    };
    for id in ids {
        let (mut records, unreadable) = readable_records(ws, &id)?;
        model.unreadable.extend(unreadable);
        if let Some(until) = until {
            records.retain(|f| f.record.date <= until);
        }
        let profile = roster::profile(&roster, &id, &records);
        let gone = !profile.is_active_on(day);
        if gone && !include_left {
            continue;
        }
        if records.is_empty() && !profile.in_roster {
            continue;
        }
        let superseded = chain::superseded(&records, until);
        let latest = |kind: RaterKind| {
            records
                .iter()
                .rev()
                .filter(|f| !superseded.contains(f.file.as_str()))
                .find(|f| f.record.by == kind)
                .map(|f| Latest {
                    date: f.record.date.to_string(),
                    rater: f.record.rater.clone(),
                    status: f.record.status,
                    framework: f.record.framework.clone(),
                })
        };
        model.people.push(Person {
            id: id.clone(),
            gone,
            subject: records
                .last()
                .map_or(crate::model::Subject::Person, |f| f.record.subject),
            latest_self: latest(RaterKind::SelfAssessment),
            latest_manager: latest(RaterKind::Manager),
            assessments: records
                .iter()
                .map(|f| Assessment {
                    file: f.file.clone(),
                    date: f.record.date.to_string(),
                    framework: f.record.framework.clone(),
                    by: f.record.by.to_string(),
                    rater: f.record.rater.clone(),
                    role: f.record.role.clone(),
                    status: f.record.status,
                    ratings: f.record.ratings.len(),
                    amends: f.record.amends.clone(),
                })
                .collect(),
            profile,
        });
    }
    Ok(model)
}

/// A person's records that read (oldest first), and the files that do not.
pub(crate) fn readable_records(
    ws: &Workspace,
    id: &str,
) -> anyhow::Result<(Vec<Filed>, Vec<String>)> {
    let folder = Folder::read(ws, id)?;
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    for path in &folder.records {
        let read = store::check_record(path, folder.read_text(path), None, Some(id));
        match read.checked.record {
            Some(record) => records.push(Filed {
                file: store::file_name(path),
                record,
            }),
            None => unreadable.push(ws.display_path(path).display().to_string()),
        }
    }
    records.sort_by(Filed::chronological);
    Ok((records, unreadable))
}
