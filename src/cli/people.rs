//! `people`: the roster and everyone with records; `people import` and
//! `people add` keep the roster.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::app::people as app;
use crate::error::{Error, Field, Request};
use crate::file::{Links, read_text};
use crate::render::people::render;
use crate::roster::{self, Changes, Roster};
use crate::store;
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

impl AddArgs {
    /// What the flags give of the person.
    fn given(&self) -> app::Given {
        app::Given {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
            team: self.team.clone(),
            manager: self.manager.clone(),
            email: self.email.clone(),
            left: self.left.clone(),
        }
    }
}

pub(crate) fn run(cx: &mut Context, args: &PeopleArgs) -> anyhow::Result<Outcome> {
    let workspace = cx.require_workspace()?;
    match &args.action {
        Some(PeopleAction::Import(import)) => import_people(cx, &workspace, import),
        Some(PeopleAction::Add(add)) => add_person(cx, &workspace, add),
        None => {
            let as_of = super::report::date_flag(crate::error::Field::AsOf, args.as_of.as_deref())?;
            let model = app::list(&workspace, args.include_left, as_of)?;
            let code = i32::from(!model.unreadable.is_empty());
            Ok(Outcome {
                code,
                ..Outcome::print(render(&model, cx.format, cx.style)?)
            })
        }
    }
}

fn import_people(cx: &mut Context, ws: &Workspace, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let catalog = cx.catalog()?;
    let today = crate::date::today();
    let day = crate::date::given(
        crate::error::Field::Date,
        args.date.as_deref(),
        crate::date::Kind::NotFuture,
        today,
    )?
    .unwrap_or(today);
    let text = read_text(&args.file, Links::Follow).map_err(Error::from)?;
    let shown = crate::diagnostic::shown(&args.file).to_string();
    // Read, checked against and applied to the roster as it is (under the
    // lock when written: a change made meanwhile by another command is kept).
    let import = app::Import {
        file: &args.file,
        text: &text,
        day,
        allow_mass_leave: args.allow_mass_leave,
        dry_run: args.dry_run,
    };
    let plan = |old: Roster| app::import(&import, &old, &catalog);
    if args.dry_run {
        let ((changes, roster, mass, warned, behind), _) = store::preview_roster(ws, plan)?;
        let mut outcome = Outcome::print(changes_text(&changes, &roster, true));
        outcome.stderr.push_str(&warned);
        outcome.stderr.push_str(&super::words::warnings(&behind));
        let _ = writeln!(
            outcome.stderr,
            "{shown}: every row is valid; importing it would {}. Nothing was written",
            dry_run_summary(&changes, day)
        );
        if let Some(refusal) = mass {
            outcome.stderr.push_str(&super::words::warnings(&[refusal]));
            outcome.code = 1;
        }
        return Ok(outcome);
    }
    let what = format!("people import of {shown}");
    let ((changes, roster, _, warned, behind), path) = store::update_roster(ws, &what, plan)?;
    let mut out = changes_text(&changes, &roster, false);
    let _ = writeln!(out, "{}", written(&changes, &roster, &path));
    Ok(Outcome::print_with_note(
        warned + &super::words::warnings(&behind),
        out,
    ))
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
        let member = app::member_of(&args.given(), &old, &catalog, today)?;
        let (roster, changes) = roster::upsert(&old, member);
        if let Some(id) = roster::manager_loops(&roster.people).first() {
            return Err(Request::refused(format!(
                "`{id}` would be in a loop of line managers; nothing was changed"
            ))
            .on(Field::Manager)
            .into());
        }
        let warned = super::words::warnings(&app::left_behind(&roster, &old, today));
        Ok((roster.clone(), (changes, roster, warned)))
    })?;
    let mut out = changes_text(&changes, &roster, false);
    let _ = writeln!(out, "{}", written(&changes, &roster, &path));
    Ok(Outcome::print_with_note(warned, out))
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
