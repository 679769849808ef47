//! `people`: the roster and everyone with records; `people import` and
//! `people add` keep the roster.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::error::Error;
use crate::file::{Links, read_text};
use crate::record::{Filed, RaterKind, chain};
use crate::render::people::{Assessment, Latest, People, Person, render};
use crate::roster::{self, Changes, Member, Roster};
use crate::store::{self, Folder};
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub(crate) struct PeopleArgs {
    #[command(subcommand)]
    pub(crate) action: Option<PeopleAction>,
    /// Also list people who have left
    #[arg(long)]
    pub(crate) include_left: bool,
    /// List the organisation as it was on this day, YYYY-MM-DD (default:
    /// today): who had not left yet, and only records up to that day
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PeopleAction {
    /// Replace the roster with the people in a CSV file; people missing from it are marked as left
    #[command(
        after_help = "The file's first row names the columns, in any order: id,name,role,team,manager\n(and optionally email,left); other columns are ignored, with a warning. Every row is\nchecked before anything is written. A leaving date is the first day someone is gone.\nAn import that would mark more than half of the roster as left is refused unless\n--allow-mass-leave is given.\n\nExamples:\n  competency people import staff.csv --dry-run\n  competency people import staff.csv\n  competency people import staff.csv --date 2026-04-01"
    )]
    Import(ImportArgs),
    /// Add one person to the roster, or update them
    #[command(
        after_help = "Examples:\n  competency people add alex-morgan --name \"Alex Morgan\" --role community-link-worker \\\n      --team Wellbeing --manager sam-lee\n  competency people add sam-lee --name \"Sam Lee\" --team Wellbeing\n  competency people add jordan-reid --name \"Jordan Reid\" --left 2026-10-31"
    )]
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A CSV file of people (columns id,name,role,team,manager; optional email,left)
    pub(crate) file: PathBuf,
    /// The day people missing from the file are marked as having left: the
    /// first day they are gone (default: today; not in the future)
    #[arg(long, value_name = "DATE")]
    pub(crate) date: Option<String>,
    /// Check every row and say who would be added, changed and marked as
    /// left, but write nothing
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Mark people as left even when that is more than half of the roster
    /// (without it, such an import is refused: a file cut short, or the
    /// wrong file, would do that)
    #[arg(long)]
    pub(crate) allow_mass_leave: bool,
}

#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    /// The person's id, e.g. alex-morgan
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) id: String,
    /// Their name, e.g. "Alex Morgan" (required for someone new)
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// The role profile they hold, e.g. community-link-worker
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
    /// Their team
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::teams))]
    pub(crate) team: Option<String>,
    /// Their line manager's id
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) manager: Option<String>,
    /// Their email address
    #[arg(long)]
    pub(crate) email: Option<String>,
    /// The day they leave, YYYY-MM-DD: the first day they are gone (they are
    /// listed until the day before; at most 2 years ahead)
    #[arg(long, value_name = "DATE")]
    pub(crate) left: Option<String>,
}

pub(crate) fn run(cx: &mut Context, args: &PeopleArgs) -> anyhow::Result<Outcome> {
    let workspace = cx.require_workspace()?;
    match &args.action {
        Some(PeopleAction::Import(import)) => import_people(cx, &workspace, import),
        Some(PeopleAction::Add(add)) => add_person(cx, &workspace, add),
        None => {
            let as_of = super::report::date_flag("--as-of", args.as_of.as_deref())?;
            list(cx, &workspace, args.include_left, as_of)
        }
    }
}

fn import_people(cx: &mut Context, ws: &Workspace, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let catalog = cx.catalog()?;
    let today = crate::date::today();
    let day = crate::date::flag(
        "--date",
        args.date.as_deref(),
        crate::date::Kind::NotFuture,
        today,
    )?
    .unwrap_or(today);
    let text = read_text(&args.file, Links::Follow).map_err(Error::from)?;
    let shown = crate::diagnostic::shown(&args.file).to_string();
    // Read, checked against and applied to the roster as it is (under the
    // lock when written: a change made meanwhile by another command is kept).
    let plan = |old: Roster| {
        let read = roster::import::read(&args.file, &text, &catalog, &old, today)
            .map_err(Error::Invalid)?;
        let mut warned = String::new();
        for d in &read.warnings {
            let _ = writeln!(warned, "{}", d.headline());
        }
        let (roster, changes) = roster::replace(&old, read.people, day);
        if let Some(id) = roster::manager_loops(&roster.people).first() {
            return Err(Error::Usage(format!(
                "`{id}` would be in a loop of line managers with the people already in the roster; nothing was changed"
            )));
        }
        let mass = roster::mass_leave(&old, &changes, day)
            .filter(|_| !args.allow_mass_leave)
            .map(|(leaving, here)| {
                format!(
                    "this import would mark {leaving} of the {} in the roster as left, more than half (a file cut short, or the wrong file, would do that){}: if they have left, import it again with --allow-mass-leave",
                    crate::render::count(here, "person", "people"),
                    if args.dry_run { "" } else { "; nothing was changed" }
                )
            });
        if let Some(refusal) = &mass
            && !args.dry_run
        {
            return Err(Error::Usage(refusal.clone()));
        }
        warned.push_str(&left_behind(&roster, &old, today));
        Ok((roster.clone(), (changes, roster, mass, warned)))
    };
    if args.dry_run {
        let ((changes, roster, mass, warned), _) = store::preview_roster(ws, plan)?;
        let mut outcome = Outcome::print(changes_text(&changes, &roster, true));
        outcome.stderr.push_str(&warned);
        let _ = writeln!(
            outcome.stderr,
            "{shown}: every row is valid; importing it would {}. Nothing was written",
            dry_run_summary(&changes, day)
        );
        if let Some(refusal) = mass {
            let _ = writeln!(outcome.stderr, "warning: {refusal}");
            outcome.code = 1;
        }
        return Ok(outcome);
    }
    let what = format!("people import of {shown}");
    let ((changes, roster, _, warned), path) = store::update_roster(ws, &what, plan)?;
    let mut out = changes_text(&changes, &roster, false);
    let _ = writeln!(out, "{}", written(&changes, &roster, &path));
    Ok(Outcome::print_with_note(warned, out))
}

/// A warning for each manager whose leaving date `new` sets while people
/// would still report to them, naming those people.
fn left_behind(new: &Roster, old: &Roster, today: jiff::civil::Date) -> String {
    let label = |m: &Member| format!("{} ({})", m.name, m.id);
    let mut out = String::new();
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
        let _ = writeln!(
            out,
            "warning: {} {} on {left}, but {names} still {} to them: give {} a new line manager (`competency people add ID --manager ID`)",
            label(manager),
            if gone { "left" } else { "leaves" },
            if reports.len() == 1 {
                "reports"
            } else {
                "report"
            },
            if reports.len() == 1 { "them" } else { "each" },
        );
    }
    out
}

/// What a dry run would do, in words: "add 1 person, change 2 and mark 1 as
/// left on 2026-11-30 (3 unchanged)".
fn dry_run_summary(changes: &Changes, day: jiff::civil::Date) -> String {
    let mut parts = Vec::new();
    if !changes.added.is_empty() {
        parts.push(format!(
            "add {}",
            crate::render::count(changes.added.len(), "person", "people")
        ));
    }
    if !changes.changed.is_empty() {
        parts.push(format!("change {}", changes.changed.len()));
    }
    if !changes.left.is_empty() {
        parts.push(format!("mark {} as left on {day}", changes.left.len()));
    }
    if parts.is_empty() {
        return format!("change nothing ({} unchanged)", changes.unchanged);
    }
    let last = parts.pop().unwrap_or_default();
    let joined = if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    };
    format!("{joined} ({} unchanged)", changes.unchanged)
}

fn add_person(cx: &mut Context, ws: &Workspace, args: &AddArgs) -> anyhow::Result<Outcome> {
    let catalog = cx.catalog()?;
    let what = format!("people add {}", args.id.escape_debug());
    let today = crate::date::today();
    let ((changes, roster, warned), path) = store::update_roster(ws, &what, |old| {
        let member = member_of(args, &old, &catalog, today)?;
        let (roster, changes) = roster::upsert(&old, member);
        if let Some(id) = roster::manager_loops(&roster.people).first() {
            return Err(Error::Usage(format!(
                "--manager: `{id}` would be in a loop of line managers; nothing was changed"
            )));
        }
        let warned = left_behind(&roster, &old, today);
        Ok((roster.clone(), (changes, roster, warned)))
    })?;
    let mut out = changes_text(&changes, &roster, false);
    let _ = writeln!(out, "{}", written(&changes, &roster, &path));
    Ok(Outcome::print_with_note(warned, out))
}

/// The person `people add` describes: the flags given, and for flags not
/// given what the roster already says of them; checked.
fn member_of(
    args: &AddArgs,
    old: &Roster,
    catalog: &crate::catalog::Catalog,
    today: jiff::civil::Date,
) -> Result<Member, Error> {
    let before = old.get(&args.id).cloned();
    let Some(name) = args
        .name
        .clone()
        .or_else(|| before.as_ref().map(|m| m.name.clone()))
    else {
        return Err(Error::Usage(format!(
            "`{}` is not in the roster yet: give their name with --name",
            args.id.escape_debug()
        )));
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
        return Err(Error::Usage(format!("--{column}: {message}")));
    }
    if let Some(manager) = &member.manager
        && old.get(manager).is_none()
    {
        return Err(Error::Usage(format!(
            "--manager: `{manager}` is not in the roster; add them first (`competency people add {manager} --name NAME`)"
        )));
    }
    Ok(member)
}

/// What an import or an addition changed (or, on a dry run, would
/// change), a line per kind of change, in words.
fn changes_text(changes: &Changes, roster: &Roster, dry_run: bool) -> String {
    let name = |id: &String| {
        roster
            .name(id)
            .map_or_else(|| id.clone(), |n| format!("{n} ({id})"))
    };
    let mut out = String::new();
    for (done, would, ids) in [
        ("added", "would add", &changes.added),
        ("changed", "would change", &changes.changed),
        ("marked as left", "would mark as left", &changes.left),
    ] {
        if !ids.is_empty() {
            let names: Vec<String> = ids.iter().map(name).collect();
            let what = if dry_run { would } else { done };
            let _ = writeln!(out, "{what}: {}", names.join(", "));
        }
    }
    if changes.is_empty() {
        out.push_str(if dry_run {
            "nothing would change\n"
        } else {
            "nothing changed\n"
        });
    }
    out
}

/// The line saying where the roster was written.
fn written(changes: &Changes, roster: &Roster, path: &std::path::Path) -> String {
    format!(
        "{} in the roster ({} unchanged); written to {}",
        crate::render::count(roster.people.len(), "person", "people"),
        changes.unchanged,
        crate::diagnostic::shown(path)
    )
}

/// Everyone in the roster or with records, as on `as_of` (today when not
/// given): leavers only with `include_left`.
fn list(
    cx: &mut Context,
    ws: &Workspace,
    include_left: bool,
    as_of: Option<jiff::civil::Date>,
) -> anyhow::Result<Outcome> {
    let day = as_of.unwrap_or_else(crate::date::today);
    let until = as_of.map(|d| d.to_string());
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
        if let Some(until) = &until {
            records.retain(|f| f.record.date.as_str() <= until.as_str());
        }
        let profile = roster::profile(&roster, &id, &records);
        let gone = !profile.is_active_on(day);
        if gone && !include_left {
            continue;
        }
        if records.is_empty() && !profile.in_roster {
            continue;
        }
        let superseded = chain::superseded(&records, until.as_deref());
        let latest = |kind: RaterKind| {
            records
                .iter()
                .rev()
                .filter(|f| !superseded.contains(f.file.as_str()))
                .find(|f| f.record.by == kind)
                .map(|f| Latest {
                    date: f.record.date.clone(),
                    rater: f.record.rater.clone(),
                    status: f.record.status.as_str().to_owned(),
                    framework: f.record.framework.clone(),
                })
        };
        model.people.push(Person {
            id: id.clone(),
            gone,
            subject: records
                .last()
                .map_or("person", |f| f.record.subject.as_str())
                .to_owned(),
            latest_self: latest(RaterKind::SelfAssessment),
            latest_manager: latest(RaterKind::Manager),
            assessments: records
                .iter()
                .map(|f| Assessment {
                    file: f.file.clone(),
                    date: f.record.date.clone(),
                    framework: f.record.framework.clone(),
                    by: f.record.by.to_string(),
                    rater: f.record.rater.clone(),
                    role: f.record.role.clone(),
                    status: f.record.status.as_str().to_owned(),
                    ratings: f.record.ratings.len(),
                    amends: f.record.amends.clone(),
                })
                .collect(),
            profile,
        });
    }
    let code = i32::from(!model.unreadable.is_empty());
    Ok(Outcome {
        code,
        ..Outcome::print(render(&model, cx.format, cx.style))
    })
}

/// A person's records that read (oldest first), and the files that do not.
fn readable_records(ws: &Workspace, id: &str) -> anyhow::Result<(Vec<Filed>, Vec<String>)> {
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
