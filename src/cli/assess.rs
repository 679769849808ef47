//! `assess`: record an assessment, from flags, a prepared file, or the
//! interactive questionnaire. Everything is checked before anything is written.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::{Args, ValueEnum};

#[cfg(feature = "interactive")]
mod questionnaire;

use super::{Context, Outcome};
use crate::app::assess as app;
use crate::assessment::{self as assess, Clock, Inputs, Request};
use crate::model::Subject;
use crate::record::RaterKind;
use crate::store;
#[cfg(not(feature = "interactive"))]
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
    #[arg(long = "set", value_name = "COMP=LEVEL", value_parser = assess::Pair::level, add = clap_complete::ArgValueCompleter::new(super::complete::ratings))]
    pub(crate) set: Vec<assess::Pair>,
    /// Evidence for a competency: COMPETENCY=TEXT (repeatable)
    #[arg(long = "evidence", value_name = "COMP=TEXT", value_parser = assess::Pair::evidence, add = clap_complete::ArgValueCompleter::new(super::complete::ratings))]
    pub(crate) evidence: Vec<assess::Pair>,
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
    let app::Prepared { amended, base } = app::prepare(
        &workspace,
        &catalog,
        &mut request,
        args.amend.as_deref(),
        args.from.as_deref(),
    )?;

    let interactive = !request.has_ratings() && args.from.is_none() && amended.is_none();
    if amended.is_none() {
        // The questionnaire asks for the rater, offering the roster's name.
        app::fill_from_roster(&workspace, &catalog, &mut request, !interactive);
    }
    if interactive {
        return questionnaire::questionnaire(&workspace, &catalog, &clock, request, args.checklist);
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

/// Without the questionnaire, ratings come from flags or a file.
#[cfg(not(feature = "interactive"))]
mod questionnaire {
    use std::io::IsTerminal;

    use anyhow::bail;

    use super::{Clock, Outcome, Request, Workspace, no_terminal};

    pub(super) fn questionnaire(
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
}

pub(super) fn no_terminal() -> anyhow::Error {
    anyhow::anyhow!(
        "no ratings given: use --set COMPETENCY=LEVEL (e.g. --set team-working=3), --na COMPETENCY or --from FILE, or run in a terminal to answer the questionnaire"
    )
}

/// A path as a user would type it: without a leading `./`.
pub(super) fn shown(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}
