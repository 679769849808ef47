//! `review`: record what an appraisal meeting agreed — development actions
//! and objectives — and how those of earlier reviews went, from flags, a
//! prepared file, or a questionnaire. Everything is checked before anything
//! is written; the review is built and written under the workspace's lock.

use std::io::IsTerminal;
use std::path::PathBuf;

#[cfg(not(feature = "interactive"))]
use anyhow::bail;
use clap::Args;

use super::{Context, Outcome};
use crate::app::review as app;
use crate::assessment::Clock;
use crate::catalog::Catalog;
use crate::id::Id;
use crate::review::Mark;
use crate::review::build::{self, Base, Request};
use crate::store;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    /// The person reviewed, e.g. alex-morgan
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// An agreed development action: its text, then any of `; competency=ID`
    /// (the competency it serves), `; owner=self|manager|PERSON` (default
    /// self), `; due=YYYY-MM-DD` (default: the appraisal cycle's due day),
    /// `; support=TEXT` (repeatable)
    #[arg(long = "action", value_name = "TEXT; FIELD=VALUE...")]
    pub(crate) actions: Vec<String>,
    /// An objective for the coming cycle: its text, then any of
    /// `; measure=TEXT`, `; due=YYYY-MM-DD` (repeatable)
    #[arg(long = "objective", value_name = "TEXT; FIELD=VALUE...")]
    pub(crate) objectives: Vec<String>,
    /// An action of an earlier review done: ID=OUTCOME (repeatable)
    #[arg(long, value_name = "ID=OUTCOME")]
    pub(crate) done: Vec<String>,
    /// An action no longer wanted: ID=OUTCOME (repeatable)
    #[arg(long, value_name = "ID=OUTCOME")]
    pub(crate) dropped: Vec<String>,
    /// An action carried into the next cycle: ID=OUTCOME, optionally
    /// `; due=YYYY-MM-DD` for its new due day (repeatable)
    #[arg(long, value_name = "ID=OUTCOME")]
    pub(crate) carried_over: Vec<String>,
    /// An objective met: ID=COMMENT (repeatable)
    #[arg(long, value_name = "ID=COMMENT")]
    pub(crate) met: Vec<String>,
    /// An objective partly met: ID=COMMENT (repeatable)
    #[arg(long, value_name = "ID=COMMENT")]
    pub(crate) partly_met: Vec<String>,
    /// An objective not met: ID=COMMENT (repeatable)
    #[arg(long, value_name = "ID=COMMENT")]
    pub(crate) not_met: Vec<String>,
    /// The framework whose competencies the actions serve (default: that of
    /// the person's role, else `default-framework`)
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// Who held the review (default: the person's line manager in the roster)
    #[arg(long, value_name = "NAME")]
    pub(crate) reviewer: Option<String>,
    /// The day of the meeting, YYYY-MM-DD (default: today)
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Read the review from a prepared TOML file (the shape review writes;
    /// leave out `id` for a new action or objective)
    #[arg(long, value_name = "FILE")]
    pub(crate) from: Option<PathBuf>,
    /// Mark the review final (agreed by both); a final review is never rewritten
    #[arg(long = "final")]
    pub(crate) is_final: bool,
    /// Record a review that amends an earlier one (its file name): its
    /// actions, objectives and progress, with what flags add, or a prepared
    /// file's in their place
    #[arg(long, value_name = "RECORD")]
    pub(crate) amend: Option<String>,
}

impl ReviewArgs {
    fn request(&self, person: &Id) -> Request {
        let mut progress = Vec::new();
        for (mark, values) in [
            (Mark::Done, &self.done),
            (Mark::Dropped, &self.dropped),
            (Mark::CarriedOver, &self.carried_over),
            (Mark::Met, &self.met),
            (Mark::PartlyMet, &self.partly_met),
            (Mark::NotMet, &self.not_met),
        ] {
            progress.extend(values.iter().map(|v| (mark, v.clone())));
        }
        Request {
            person: person.to_string(),
            framework: self.framework.clone(),
            reviewer: self.reviewer.clone(),
            date: self.date.clone(),
            actions: self.actions.clone(),
            objectives: self.objectives.clone(),
            progress,
            is_final: self.is_final,
        }
    }
}

pub(crate) fn run(cx: &mut Context, args: &ReviewArgs) -> anyhow::Result<Outcome> {
    // Refuse a bad id before anything else, so nothing is ever made for it.
    let person = crate::assessment::person_id(&args.person)?;
    let ws = cx.require_workspace()?;
    let catalog = cx.catalog()?;
    let known = app::known(&ws, &catalog, person.as_str())?;
    let clock = Clock::system();
    let mut request = args.request(&person);
    let amended = match &args.amend {
        Some(given) => Some(store::read_amended_review(&ws, &person, given)?),
        None => None,
    };
    let mut base = amended
        .as_ref()
        .map(|(_, r)| Base::of(r))
        .unwrap_or_default();
    if let Some(from) = &args.from {
        base = app::prepared(from, &mut request, &catalog, &known)?;
    }
    let interactive = !request.has_items() && args.from.is_none() && amended.is_none();
    if interactive {
        return questionnaire(&ws, &catalog, &known, &clock, request);
    }
    let path = store::write_review(&ws, &person, |earlier| {
        build::build(
            &request,
            &app::inputs(
                &catalog,
                &known,
                &ws,
                &clock,
                base,
                earlier,
                amended.as_ref(),
            ),
        )
    })?;
    Ok(Outcome::print(format!("{}\n", shown(&path))))
}

#[cfg(feature = "interactive")]
fn questionnaire(
    ws: &Workspace,
    catalog: &Catalog,
    known: &app::Known,
    clock: &Clock,
    mut request: Request,
) -> anyhow::Result<Outcome> {
    use crate::questionnaire::Prompter as _;
    use crate::questionnaire::review::{self as asked, Setup};

    if !std::io::stdin().is_terminal() {
        return Err(no_terminal());
    }
    let person = crate::assessment::person_id(&request.person)?;
    let date = crate::assessment::parse_date(
        request.date.as_deref().unwrap_or(&clock.today.to_string()),
        clock.today,
    )?;
    request.date = Some(date.to_string());
    let day = date.to_string();
    // Where the earlier reviews stand on the day, and the plan's gaps.
    let now = store::person_reviews(ws, None, &person)?;
    let open: Vec<crate::report::review::Item> = crate::report::review::agreed(&now.reviews, date)
        .items
        .into_iter()
        .filter(|i| i.status.is_open())
        .collect();
    let gaps = app::gaps(ws, catalog, known, &person, date);
    let default_due = build::default_due(ws.settings.cycle, date).to_string();
    let roster: Vec<String> = known.roster.people.iter().map(|m| m.id.clone()).collect();
    let setup = Setup {
        person: known.profile.display_name(),
        open: &open,
        gaps: &gaps,
        date: &day,
        default_due: &default_due,
        roster: &roster,
    };
    let mut terminal = super::prompt::Terminal;
    let stopped = || Outcome {
        code: 130,
        ..Outcome::print_with_note("stopped: nothing was recorded\n".to_owned(), String::new())
    };
    let Ok(answers) = asked::run(&setup, &mut terminal) else {
        return Ok(stopped());
    };
    terminal.say(&asked::summary(&answers));
    if answers == asked::Answers::default() {
        return Ok(Outcome::print_with_note(
            "nothing to record, so nothing was written\n".to_owned(),
            String::new(),
        ));
    }
    match terminal.confirm("Save this review?", true) {
        Err(_) => return Ok(stopped()),
        Ok(false) => {
            return Ok(Outcome::print_with_note(
                "not saved\n".to_owned(),
                String::new(),
            ));
        }
        Ok(true) => {}
    }
    if !request.is_final {
        match terminal.confirm(
            "Mark it final (agreed by both; a final review is never changed)?",
            false,
        ) {
            Ok(is_final) => request.is_final = is_final,
            Err(_) => return Ok(stopped()),
        }
    }
    let base = Base {
        actions: answers.actions,
        objectives: answers.objectives,
        progress: answers.progress,
    };
    let path = store::write_review(ws, &person, |earlier| {
        build::build(
            &request,
            &app::inputs(catalog, known, ws, clock, base, earlier, None),
        )
    })?;
    Ok(Outcome::print(format!("{}\n", shown(&path))))
}

#[cfg(not(feature = "interactive"))]
fn questionnaire(
    _: &Workspace,
    _: &Catalog,
    _: &app::Known,
    _: &Clock,
    _: Request,
) -> anyhow::Result<Outcome> {
    if std::io::stdin().is_terminal() {
        bail!(
            "nothing to record, and this build has no questionnaire: use --action, --objective, --done ID=TEXT or --from FILE"
        );
    }
    Err(no_terminal())
}

fn no_terminal() -> anyhow::Error {
    anyhow::anyhow!(
        "nothing to record: use --action \"TEXT; due=YYYY-MM-DD\", --objective TEXT, progress such as --done a1=\"OUTCOME\", or --from FILE; or run in a terminal to answer the questionnaire"
    )
}

/// A path as a user would type it: without a leading `./`.
fn shown(path: &std::path::Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}
