//! `assess`: record an assessment, from flags, a prepared file, or the
//! interactive questionnaire. Everything is checked before anything is written.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};

use super::{Context, Outcome};
use crate::assessment::{self as assess, Clock, Inputs, Request};
use crate::error::Error;
use crate::model::Subject;
use crate::record::RaterKind;
use crate::store;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ByArg {
    #[value(name = "self")]
    SelfAssessment,
    Manager,
    Peer,
}

impl From<ByArg> for RaterKind {
    fn from(by: ByArg) -> Self {
        match by {
            ByArg::SelfAssessment => RaterKind::SelfAssessment,
            ByArg::Manager => RaterKind::Manager,
            ByArg::Peer => RaterKind::Peer,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SubjectArg {
    Person,
    Organisation,
}

#[derive(Debug, Args)]
pub(crate) struct AssessArgs {
    /// Who is assessed: a person id like jane-doe (or an organisation or team id with --subject organisation)
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
    /// Framework id (default: `default-framework` in competency.toml)
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// Who gives the ratings
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
    /// The rater's name
    #[arg(long, value_name = "NAME")]
    pub(crate) rater: Option<String>,
    /// The role the person is assessed for, e.g. community-link-worker
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
    /// The day of the assessment, YYYY-MM-DD (default: today)
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// Rate a competency: COMPETENCY=LEVEL, level by code or label (repeatable)
    #[arg(long = "set", value_name = "COMP=LEVEL", add = clap_complete::ArgValueCompleter::new(super::complete::ratings))]
    pub(crate) set: Vec<String>,
    /// Evidence for a competency: COMPETENCY=TEXT (repeatable)
    #[arg(long = "evidence", value_name = "COMP=TEXT", add = clap_complete::ArgValueCompleter::new(super::complete::ratings))]
    pub(crate) evidence: Vec<String>,
    /// Mark a competency not applicable (repeatable)
    #[arg(long = "na", value_name = "COMP", add = clap_complete::ArgValueCompleter::new(super::complete::competencies))]
    pub(crate) na: Vec<String>,
    /// Read ratings from a prepared TOML file (the shape assess writes)
    #[arg(long, value_name = "FILE")]
    pub(crate) from: Option<PathBuf>,
    /// Mark the record final (agreed); final records are never rewritten
    #[arg(long = "final")]
    pub(crate) is_final: bool,
    /// Record a new assessment that amends an earlier record (its file name)
    #[arg(long, value_name = "RECORD")]
    pub(crate) amend: Option<String>,
    /// Questionnaire: tick the behaviours shown and derive each level from them
    #[arg(long)]
    pub(crate) checklist: bool,
    /// Whether a person or an organisation (or team) is assessed
    #[arg(long, value_enum, default_value_t = SubjectArg::Person)]
    pub(crate) subject: SubjectArg,
    /// Also rate competencies the framework applies only to roles that require
    /// them (Cherwell's management competencies) when this role does not
    #[arg(long)]
    pub(crate) all_competencies: bool,
}

pub(crate) fn run(cx: &mut Context, args: &AssessArgs) -> anyhow::Result<Outcome> {
    // Refuse a bad id before anything else, so nothing is ever made for it.
    let person = assess::person_id(&args.person)?;
    let workspace = cx.require_workspace()?;
    let catalog = cx.catalog()?;
    let clock = Clock::system();
    let mut request = Request {
        person: person.to_string(),
        framework: args.framework.clone(),
        by: args.by.map(RaterKind::from),
        rater: args.rater.clone(),
        role: args.role.clone(),
        date: args.date.clone(),
        subject: match args.subject {
            SubjectArg::Person => Subject::Person,
            SubjectArg::Organisation => Subject::Organisation,
        },
        set: args.set.clone(),
        evidence: args.evidence.clone(),
        not_applicable: args.na.clone(),
        is_final: args.is_final,
        all_competencies: args.all_competencies,
    };
    let amended = match &args.amend {
        Some(given) => Some(store::read_amended(&workspace, &request.person, given)?),
        None => None,
    };
    let mut base = amended
        .as_ref()
        .map(|(_, r)| r.ratings.clone())
        .unwrap_or_default();

    if let Some(from) = &args.from {
        let (mut prepared, source) = assess::read_prepared(from).map_err(Error::from)?;
        assess::merge_prepared(&mut request, &prepared, from)?;
        let framework_id = request
            .framework
            .clone()
            .or_else(|| workspace.settings.default_framework.clone())
            .context("no framework: give --framework, or `framework = \"...\"` in the file")?;
        let framework = catalog.framework(&framework_id)?;
        assess::codes_for_labels(framework, &mut prepared);
        let problems = crate::record::rules::check_prepared(from, &source, &prepared, framework);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems).into());
        }
        base.extend(crate::record::rules::ratings_of(&prepared));
    }

    let interactive = !request.has_ratings() && args.from.is_none() && amended.is_none();
    if amended.is_none() {
        // The questionnaire asks for the rater, offering the roster's name.
        fill_from_roster(&workspace, &catalog, &mut request, !interactive);
    }
    if interactive {
        return questionnaire(&workspace, &catalog, &clock, request, args.checklist);
    }
    if args.checklist {
        bail!(
            "--checklist is for the questionnaire; with --set or --from, give the levels directly"
        );
    }
    let record = assess::build(
        &request,
        Inputs {
            catalog: &catalog,
            default_framework: workspace.settings.default_framework.as_deref(),
            default_rater: workspace.settings.default_rater.as_deref(),
            clock: &clock,
            base,
            amends: amended.as_ref().map(|(name, r)| (name.clone(), r)),
        },
    )?;
    let path = store::write_record(&workspace, &record, |_| Ok(()))?;
    Ok(Outcome::print(format!("{}\n", shown(&path).display())))
}

#[cfg(feature = "interactive")]
fn questionnaire(
    workspace: &Workspace,
    catalog: &crate::catalog::Catalog,
    clock: &Clock,
    mut request: Request,
    checklist: bool,
) -> anyhow::Result<Outcome> {
    use crate::questionnaire::{self, Prompter as _, Setup};

    if !std::io::stdin().is_terminal() {
        return Err(no_terminal());
    }
    let framework_id = request
        .framework
        .clone()
        .or_else(|| workspace.settings.default_framework.clone())
        .context("no framework: give --framework (e.g. --framework wdcvs)")?;
    let framework = catalog.framework(&framework_id)?;
    let by = request
        .by
        .context("who is rating? give --by self, --by manager or --by peer")?;
    request.framework = Some(framework.id.clone());
    check_before_asking(&request, framework, catalog, workspace, clock)?;

    let progress = store::Progress::of(
        workspace,
        &request.person,
        &framework.id,
        by,
        request.subject,
    );
    let mut terminal = super::prompt::Terminal;
    let Ok((mut ratings, saved)) = resume(&mut terminal, workspace, &progress, framework) else {
        return Ok(stopped(workspace, &progress));
    };
    let Ok(who) = ask_who(
        &mut terminal,
        catalog,
        workspace,
        &request,
        framework,
        by,
        saved,
    ) else {
        return Ok(stopped(workspace, &progress));
    };
    request.rater = who.rater;
    request.role = who.role;
    check_before_asking(&request, framework, catalog, workspace, clock)?;
    let previous = previous_ratings(workspace, &request.person, &framework.id, by);
    let own = if by == RaterKind::Manager && request.subject == crate::model::Subject::Person {
        own_ratings(workspace, &request.person, &framework.id)
    } else {
        Vec::new()
    };
    let setup = Setup {
        framework,
        subject_id: &request.person,
        subject: request.subject,
        checklist,
        previous: &previous,
        role: request.role.as_deref().and_then(|id| catalog.role(id).ok()),
        all_competencies: request.all_competencies,
        own: &own,
    };
    let mut save_error = None;
    let mut save = |so_far: &[crate::record::Rating]| {
        let draft = inputs(catalog, workspace, clock, so_far.to_vec());
        let saved =
            assess::build_progress(&request, draft).and_then(|r| progress.save(workspace, &r));
        if let Err(e) = saved {
            save_error = Some(e);
        }
    };
    let outcome = questionnaire::run(&setup, &mut terminal, &mut ratings, &mut save);
    if let Some(e) = save_error {
        return Err(anyhow::Error::from(e).context("cannot save your answers so far"));
    }
    if outcome.is_err() {
        return Ok(stopped(workspace, &progress));
    }
    terminal.say(&questionnaire::summary(framework, &ratings));
    match terminal.confirm("Save this assessment?", true) {
        Err(_) => return Ok(stopped(workspace, &progress)),
        Ok(false) => {
            return Ok(Outcome::print_with_note(
                format!(
                    "not saved: your answers are kept in {}; run the same command again to carry on, or delete that file\n",
                    shown(progress.path()).display()
                ),
                String::new(),
            ));
        }
        Ok(true) => {}
    }
    if !request.is_final {
        match terminal.confirm(
            "Mark it final (agreed; a final record is never changed)?",
            false,
        ) {
            Ok(is_final) => request.is_final = is_final,
            Err(_) => return Ok(stopped(workspace, &progress)),
        }
    }
    let record = assess::build(&request, inputs(catalog, workspace, clock, ratings))?;
    let path = store::write_record(workspace, &record, |change| progress.remove(change))?;
    Ok(Outcome::print(format!("{}\n", shown(&path).display())))
}

/// What the roster (else the person's latest records) knows, for what the
/// command line and the prepared file left out: the person's role (when it
/// is of the framework asked for), the framework of that role, and the
/// rater's name — the person's own for a self-assessment, their line
/// manager's for a manager's. `--rater`, `--role` and `--framework` always
/// win; the workspace's default framework and rater come after.
fn fill_from_roster(
    workspace: &Workspace,
    catalog: &crate::catalog::Catalog,
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
fn check_before_asking(
    request: &Request,
    framework: &crate::model::Framework,
    catalog: &crate::catalog::Catalog,
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

/// Who is rating, and for which role: asked when neither the command line
/// nor the answers being resumed say, starting from what the roster knows.
#[cfg(feature = "interactive")]
fn ask_who(
    terminal: &mut super::prompt::Terminal,
    catalog: &crate::catalog::Catalog,
    workspace: &Workspace,
    request: &Request,
    framework: &crate::model::Framework,
    by: RaterKind,
    saved: crate::questionnaire::Who,
) -> Result<crate::questionnaire::Who, crate::questionnaire::Interrupted> {
    let given = crate::questionnaire::Who {
        rater: request.rater.clone().or(saved.rater),
        role: request.role.clone().or(saved.role),
    };
    // A person is offered people's roles; an organisation, organisations'.
    let roles: Vec<(String, String)> = catalog
        .roles_of(&framework.id)
        .unwrap_or_default()
        .iter()
        .filter(|r| r.subject == request.subject)
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    crate::questionnaire::ask_who(
        terminal,
        &given,
        &who_by_default(workspace, &request.person, by),
        &roles,
    )
}

/// The rater and role to offer: the person's own name for a self-assessment,
/// their line manager's for a manager's, else the workspace's default rater;
/// the person's role from the roster or their latest record.
#[cfg(feature = "interactive")]
fn who_by_default(workspace: &Workspace, person: &str, by: RaterKind) -> crate::questionnaire::Who {
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

/// The answers of an unfinished questionnaire, if the rater wants to carry
/// on, and the rater and role they were given with.
#[cfg(feature = "interactive")]
fn resume(
    terminal: &mut super::prompt::Terminal,
    workspace: &Workspace,
    progress: &store::Progress,
    framework: &crate::model::Framework,
) -> Result<
    (Vec<crate::record::Rating>, crate::questionnaire::Who),
    crate::questionnaire::Interrupted,
> {
    use crate::questionnaire::Prompter as _;
    let Some(saved) = progress.read(workspace) else {
        return Ok((Vec::new(), crate::questionnaire::Who::default()));
    };
    let count = saved.ratings.len();
    let when = saved
        .created
        .as_ref()
        .and_then(|c| c.get_ref().parse::<jiff::Timestamp>().ok())
        .map(|t| t.strftime(" from %-d %B %Y at %H:%M UTC").to_string())
        .unwrap_or_default();
    let question = format!(
        "You have unfinished answers for {count} {} of `{}`{when}. Carry on from there?",
        if count == 1 {
            "competency"
        } else {
            "competencies"
        },
        framework.id,
    );
    if terminal.confirm(&question, true)? {
        let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
        let who = crate::questionnaire::Who {
            rater: text(&saved.rater),
            role: text(&saved.role),
        };
        Ok((crate::record::rules::ratings_of(&saved), who))
    } else {
        Ok((Vec::new(), crate::questionnaire::Who::default()))
    }
}

/// The rater's latest ratings of each competency (same framework, same kind
/// of rater), offered first when re-assessing. None when there are none, or
/// the records cannot be read (the questionnaire does not need them).
#[cfg(feature = "interactive")]
fn previous_ratings(
    workspace: &Workspace,
    person: &str,
    framework: &str,
    by: RaterKind,
) -> Vec<crate::record::Rating> {
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
        .flat_map(|f| f.record.ratings.iter())
        .filter(|r| seen.insert(r.competency.clone()))
        .cloned()
        .collect()
}

/// The person's own latest rating of each competency on `framework`
/// (corrections applied), with the day and finality of its record: what a
/// manager re-assessing sees beside each question.
#[cfg(feature = "interactive")]
fn own_ratings(
    workspace: &Workspace,
    person: &str,
    framework: &str,
) -> Vec<crate::questionnaire::Own> {
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
        .filter(|f| f.record.by == RaterKind::SelfAssessment)
        .flat_map(|f| {
            f.record
                .ratings
                .iter()
                .map(move |r| crate::questionnaire::Own {
                    rating: r.clone(),
                    date: f.record.date.clone(),
                    is_final: f.record.status == crate::record::Status::Final,
                })
        })
        .filter(|o| seen.insert(o.rating.competency.clone()))
        .collect()
}

/// The rater stopped the questionnaire (Esc or Ctrl-C): exit 130, saying
/// where the answers so far are kept.
#[cfg(feature = "interactive")]
fn stopped(workspace: &Workspace, progress: &store::Progress) -> Outcome {
    let note = if progress.exists(workspace) {
        format!(
            "stopped: your answers so far are kept in {}; run the same command again to carry on\n",
            shown(progress.path()).display()
        )
    } else {
        "stopped: nothing was answered, so nothing was kept\n".to_owned()
    };
    Outcome {
        code: 130,
        ..Outcome::print_with_note(note, String::new())
    }
}

#[cfg(feature = "interactive")]
fn inputs<'a>(
    catalog: &'a crate::catalog::Catalog,
    workspace: &'a Workspace,
    clock: &'a Clock,
    base: Vec<crate::record::Rating>,
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

#[cfg(not(feature = "interactive"))]
fn questionnaire(
    _: &Workspace,
    _: &crate::catalog::Catalog,
    _: &Clock,
    _: Request,
    _: bool,
) -> anyhow::Result<Outcome> {
    if std::io::stdin().is_terminal() {
        bail!(
            "no ratings given, and this build has no questionnaire: use --set COMPETENCY=LEVEL or --from FILE"
        );
    }
    Err(no_terminal())
}

fn no_terminal() -> anyhow::Error {
    anyhow::anyhow!(
        "no ratings given: use --set COMPETENCY=LEVEL (e.g. --set team-working=3), --na COMPETENCY or --from FILE, or run in a terminal to answer the questionnaire"
    )
}

/// A path as a user would type it: without a leading `./`.
fn shown(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}
