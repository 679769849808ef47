//! The command line: clap definitions, dispatch to one module per command,
//! and the only place that writes to stdout or stderr.

mod actions;
mod adapt;
mod assess;
mod browse;
mod calibrate;
mod complete;
mod completions;
mod dataset;
mod impact;
mod import;
mod init;
mod output;
mod people;
#[cfg(feature = "interactive")]
mod prompt;
mod purge;
mod report;
mod review;
mod sar;
mod schema;
mod status;
mod team;
mod validate;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::catalog::Catalog;
use crate::error::Error;
use crate::render::{self, Style};
use crate::workspace::{Locate, Workspace};

/// Competency assessment against UK public and third-sector competency frameworks.
///
/// Browse the bundled frameworks, record self, manager and peer ratings in a
/// workspace, and compare them with the levels a role requires.
#[derive(Debug, Parser)]
#[command(
    name = "competency",
    version,
    propagate_version = true,
    after_help = "Examples:\n  competency frameworks\n  competency show wdcvs team-working\n  competency --workspace examples/workspace validate\n\nExit codes: 0 success, 1 problems found (validate), 2 bad usage or bad input."
)]
pub(crate) struct Arguments {
    /// Workspace folder (default: `$COMPETENCY_WORKSPACE`, else the nearest folder
    /// upward with competency.toml)
    #[arg(long, short = 'w', global = true, value_name = "DIR")]
    pub(crate) workspace: Option<PathBuf>,

    /// Output format, given before the command (each command has its own
    /// `--format`, listing the formats it can give)
    #[arg(long, short = 'f', value_enum, hide = true)]
    pub(crate) format: Option<FormatArg>,

    /// Write the output to FILE (atomically; readable by you only) instead of
    /// standard output
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Tables on a terminal: show every column, however wide (by default a
    /// table too wide for the terminal leaves out its detail columns, or
    /// shows one block per row)
    #[arg(long, global = true)]
    pub(crate) wide: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Every output format; each command says which it supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
    /// A self-contained HTML document with charts, printable on A4.
    Html,
    /// An Excel workbook (needs --output FILE).
    Xlsx,
    /// A framework's YAML, as bundled.
    Yaml,
    /// A CASE 1.1 package (1EdTech Competencies and Academic Standards Exchange).
    Case,
    /// A Parquet dataset, a folder for `DuckDB` or Spark (needs --output DIR).
    Parquet,
}

impl FormatArg {
    fn text(self) -> Option<render::Format> {
        match self {
            FormatArg::Table => Some(render::Format::Table),
            FormatArg::Json => Some(render::Format::Json),
            FormatArg::Csv => Some(render::Format::Csv),
            FormatArg::Markdown => Some(render::Format::Markdown),
            FormatArg::Html
            | FormatArg::Xlsx
            | FormatArg::Yaml
            | FormatArg::Case
            | FormatArg::Parquet => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FormatArg::Table => "table",
            FormatArg::Json => "json",
            FormatArg::Csv => "csv",
            FormatArg::Markdown => "markdown",
            FormatArg::Html => "html",
            FormatArg::Xlsx => "xlsx",
            FormatArg::Yaml => "yaml",
            FormatArg::Case => "case",
            FormatArg::Parquet => "parquet",
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List the frameworks: bundled, and any in the workspace
    #[command(
        after_help = "Examples:\n  competency frameworks\n  competency frameworks --format json"
    )]
    Frameworks,
    /// Show a framework: definitions, themes and the indicators of each level
    #[command(
        after_help = "Examples:\n  competency show wdcvs\n  competency show wdcvs team-working\n  competency show sssc-clf flexibility --level engaged\n  competency show ombudsman --format markdown > ombudsman.md\n  competency show ombudsman --format yaml > ombudsman.yaml\n  competency show wdcvs --format case > wdcvs.case.json\n  competency show wdcvs --format case --base-uri https://example.org/ims/case/v1p1\n\nFormats yaml (the file as written) and case (a CASE 1.1 package) give the whole framework."
    )]
    Show(browse::ShowArgs),
    /// List role profiles, optionally of one framework
    #[command(after_help = "Examples:\n  competency roles\n  competency roles sssc-clf")]
    Roles(browse::RolesArgs),
    /// Show one role profile: the level required for each competency
    #[command(
        after_help = "Examples:\n  competency role community-link-worker\n  competency role nursery-manager --format markdown"
    )]
    Role(browse::RoleArgs),
    /// Create a workspace: settings, roles/ and assessments/ folders
    #[command(
        after_help = "Examples:\n  competency init my-team --name \"Wellbeing team\" --framework wdcvs\n  competency init"
    )]
    Init(init::InitArgs),
    /// Record an assessment: from flags, a prepared file, or a questionnaire
    #[command(
        after_help = "With no ratings and a terminal, a questionnaire walks through each competency.\n\nExamples:\n  competency assess jane-doe --framework wdcvs --by self\n  competency assess jane-doe --framework wdcvs --by self --checklist\n  competency assess jane-doe --framework wdcvs --by manager --rater \"Sam Lee\" --date 2026-11-24 \\\n      --set team-working=3 --set customer-and-stakeholder-focus=\"Level 4\" \\\n      --evidence team-working=\"Led the practice team day\" --final\n  competency assess sunita --from examples/prepared/sunita-self.toml\n  competency assess jane-doe --amend 2026-11-24-wdcvs-manager.toml \\\n      --set team-working=4 --final\n  competency assess east-care-home --subject organisation --framework sssc-clf \\\n      --by manager --set access-to-feedback=engaged\n\nPrints the path of the record written. Nothing is written when any input is refused."
    )]
    Assess(assess::AssessArgs),
    /// Record an appraisal meeting: agreed actions and objectives, and how earlier ones went
    #[command(
        after_help = "With nothing to record and a terminal, a questionnaire asks how each open action\nand objective went, then offers the competencies below the person's role as\nstarting points for new actions.\n\nExamples:\n  competency review alex-morgan\n  competency review alex-morgan --date 2026-03-17 \\\n      --action \"Shadow a senior link worker; competency=team-working; due=2026-06-30\" \\\n      --action \"Book the difficult conversations course; owner=manager\" \\\n      --objective \"Run the spring wellbeing event; measure=40 people attend\" --final\n  competency review alex-morgan --date 2026-11-20 \\\n      --done a1=\"Shadowed Jordan on eight referrals\" \\\n      --carried-over \"a2=Course cancelled; due=2027-01-31\" --met o1=\"52 people came\"\n  competency review alex-morgan --from examples/prepared/alex-review.toml\n  competency review alex-morgan --amend 2026-11-20-review.toml --action \"Read the guide\"\n\nIds: actions a1, a2, ... and objectives o1, o2, ..., numbered per person across reviews\n(`competency actions PERSON` lists them). An owner is self (default), manager (the line\nmanager of the day) or a person id of the roster. A due day left out is the appraisal\ncycle's due day. Prints the path of the review written; nothing is written when any\ninput is refused."
    )]
    Review(review::ReviewArgs),
    /// The people of the workspace: the roster, and everyone with assessments
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Lists each person with their role, team, manager and latest self and manager\nassessment. `people import` and `people add` keep the roster (roster.toml).\nA leaving date is the first day someone is gone: they are listed up to the day\nbefore it, and from that day only with --include-left.\n\nExamples:\n  competency people\n  competency people --include-left --format csv > people.csv\n  competency people --as-of 2026-03-31\n  competency people import staff.csv\n  competency people add alex-morgan --name \"Alex Morgan\" --role community-link-worker \\\n      --manager sam-lee"
    )]
    People(people::PeopleArgs),
    /// Compare a person's ratings with the levels a role requires
    #[command(
        after_help = "Examples:\n  competency gap alex-morgan --role community-link-worker\n  competency gap alex-morgan --role community-link-worker --by self\n  competency gap sunita --role nursery-practitioner --explain\n  competency gap alex-morgan --role community-link-worker --as-of 2026-06-30 --format json\n\nStatus per competency: below, meets, exceeds, unrated or not-applicable. Self and\nmanager ratings two or more levels apart are marked `discuss`."
    )]
    Gap(report::GapArgs),
    /// A development plan: for each competency below the role, the behaviours still to show
    #[command(
        after_help = "Examples:\n  competency plan alex-morgan --role community-link-worker\n  competency plan alex-morgan --role community-link-worker --format markdown > appraisal.md"
    )]
    Plan(report::PlanArgs),
    /// People against their own roles, with the training needs of the group
    #[command(
        after_help = "Each person is compared with their own role (the roster's, else the one on their\nlatest record); people whose roles use different frameworks are shown in one section\nper framework. People in scope without any rating are listed as unrated. Leavers are\nleft out from their leaving date (the first day they are gone) unless --include-left.\n\nExamples:\n  competency team --manager sam-lee\n  competency team --manager sam-lee --as-of 2026-03-31\n  competency team --manager sam-lee --all --summary\n  competency team --team Wellbeing --format html -o wellbeing.html\n  competency team --role community-link-worker\n  competency team --framework sssc-clf --include-left --format csv"
    )]
    Team(team::TeamArgs),
    /// Agreed actions of reviews and where they stand, for a person, a manager or a team
    #[command(
        after_help = "Lists the actions still open (not yet recorded as done or dropped, or carried over),\neach with its owner, due day and latest outcome; past its due day it is OVERDUE.\nPeople are listed up to the day before their leaving date.\n\nExamples:\n  competency actions alex-morgan\n  competency actions --manager sam-lee --as-of 2026-11-29\n  competency actions --manager lee-grant --all --overdue\n  competency actions --team Wellbeing --include-closed --format csv > actions.csv\n  competency actions --format xlsx --output actions.xlsx"
    )]
    Actions(actions::ActionsArgs),
    /// Who still owes a self-assessment, a manager assessment or a sign-off this cycle
    #[command(
        after_help = "The cycle is set in competency.toml, e.g.\n  [cycle]\n  starts = \"04-01\"   # each year on 1 April\n  due = \"03-01\"      # assessments due by 1 March\n(default: the calendar year, due on its last day). Sign-off is a final manager assessment.\nPeople are listed up to the day before their leaving date.\n\nExamples:\n  competency status\n  competency status --manager sam-lee\n  competency status --team Wellbeing --format csv > due.csv\n  competency status --as-of 2027-03-02"
    )]
    Status(status::StatusArgs),
    /// Each rater's ratings this cycle against everyone else's for the same role, for HR
    #[command(
        after_help = "A rater is compared once they have rated at least 5 people this cycle (final\nmanager's assessments; drafts and peers are not counted). A rater whose ratings are\nhalf a level or more above or below everyone else's for the same role and\ncompetency is flagged lenient or severe, with the counts behind it.\n\nExamples:\n  competency calibrate\n  competency calibrate --framework sssc-clf --format html -o calibration.html\n  competency calibrate --manager sam-lee --all --format csv"
    )]
    Calibrate(calibrate::CalibrateArgs),
    /// What a draft role profile would change, before it is published: writes nothing
    #[command(
        after_help = "Who would newly fall below a requirement, who would newly meet one, and how the\ntraining needs would change, per team and in total, for the people who hold each\nrole of the draft (a role file in the shape of roles/*.yaml, kept outside roles/).\n\nExamples:\n  competency impact examples/drafts/nursery-practitioner.yaml\n  competency impact examples/drafts/nursery-practitioner.yaml --format json"
    )]
    Impact(impact::ImpactArgs),
    /// Every role a person's ratings can be compared with, nearest first
    #[command(
        after_help = "Examples:\n  competency readiness sunita\n  competency readiness alex-morgan --framework wdcvs --format json"
    )]
    Readiness(report::ReadinessArgs),
    /// A person's ratings per competency over time, with the change since the last
    #[command(
        after_help = "Examples:\n  competency history alex-morgan\n  competency history mary --framework sssc-clf --format csv"
    )]
    History(report::HistoryArgs),
    /// Every rating in the workspace, one row per person, assessment and competency
    #[command(
        after_help = "Examples:\n  competency export > ratings.csv\n  competency export --format json > ratings.json\n  competency export --latest --role community-link-worker --output latest.csv\n  competency export --format xlsx --output ratings.xlsx\n  competency export --format parquet --output dataset\n\nColumns: person, subject, framework, fingerprint, by, rater, role, date, status,\ncompetency, level, rank, not-applicable, evidence, file, amends, superseded;\nwith --role also required and gap (rank of level minus rank of required).\nThe default format is csv. `competency import` reads the CSV back."
    )]
    Export(report::ExportArgs),
    /// Import ratings in export's columns from a CSV file or workbook: all rows or none
    #[command(
        after_help = "Examples:\n  competency export > ratings.csv\n  competency import ratings.csv --dry-run\n  competency import ratings.xlsx --dry-run\n  competency import corrected.csv --amend\n\nColumns (any order, any case): person, framework, by, competency; read when\npresent: subject, rater, role, date, status, level, not-applicable, evidence,\nfile, amends; rank, superseded, required and gap are worked out again, and\nother columns are ignored.\nRows become one record per person, framework, by, rater, date (and file, when\ngiven). Every row is checked before anything is written; each problem is\nreported as FILE:LINE:COLUMN. Prints the path of each record written."
    )]
    Import(import::ImportArgs),
    /// Check framework, role (and assessment) files and report every problem
    #[command(
        after_help = "With no paths: the bundled frameworks and, inside a workspace, all of its files.\n\nExamples:\n  competency validate\n  competency validate my-framework.yaml examples/workspace/roles/caseworker.yaml\n\nExit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage."
    )]
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema of a kind of file, for editors that check as you type
    #[command(
        after_help = "Examples:\n  competency schema framework > framework.schema.json\n  competency schema role > role.schema.json\n  competency schema record --output record.schema.json\n  competency schema settings\n\nThen start a framework file with\n  # yaml-language-server: $schema=framework.schema.json\nand editors using the YAML language server (VS Code's YAML extension) check it as you type.\nThe schema checks keys and kinds of value; `competency validate` checks the rest."
    )]
    Schema(schema::SchemaArgs),
    /// Make the workspace's own version of a framework: frameworks/ID.yaml, to edit
    #[command(
        after_help = "Examples:\n  competency adapt ombudsman --id our-caseworkers --name \"Our caseworker competencies\"\n  competency adapt wdcvs --id wdcvs\n\nThe file is the original's YAML, comments and all, with the new id and name and\n`based-on` naming the original and its fingerprint. It is checked before it is\nwritten, and never written over an existing file. Giving the original's own id\n(a bundled framework) makes a copy that replaces the bundled one in this workspace."
    )]
    Adapt(adapt::AdaptArgs),
    /// Remove the people who left before a day, with every file about them (retention)
    #[command(
        after_help = "A dry run unless --apply: first it lists who would be removed. With --apply it removes\neach person's roster entry, their folder of records (assessments, reviews, amendments)\nand the questionnaire's saved answers about them, all or nothing, and adds a line per\nperson to purged.log: a pseudonymous key, the days, the counts and a digest of what was\nremoved (no name). Records they wrote about others, as a rater, stay with those people.\nSomeone who left but still manages a person who stays is kept, and the output says why.\nWithout --left-before: the people who left more than `retention-years` (competency.toml) ago.\n\nExamples:\n  competency purge --left-before 2020-04-01\n  competency purge\n  competency purge --left-before 2020-04-01 --apply\n  competency purge --left-before 2020-04-01 --format json"
    )]
    Purge(purge::PurgeArgs),
    /// A subject-access bundle: everything held about a person, in one zip file
    #[command(
        after_help = "The zip holds every file of the person's folder (assessments, reviews, amendments) but\npeers' ratings (shown only together, in the reports), their roster entry, any saved answers\nof an unfinished questionnaire, the gap, plan and history reports about them as HTML and\nJSON, and manifest.json: each file's SHA-256 and source, what was left out and why, the\nrecords they wrote about others as a rater (which and when, not what), and a statement of\ncompleteness. `competency validate FILE.zip` checks the bundle against the workspace again.\n\nExamples:\n  competency sar alex-morgan --output alex-morgan-sar.zip\n  competency validate alex-morgan-sar.zip"
    )]
    Sar(sar::SarArgs),
    /// Print a shell's completion script
    #[command(
        after_help = "Examples:\n  competency completions bash > ~/.local/share/bash-completion/completions/competency\n  competency completions zsh > ~/.zfunc/_competency\n  competency completions fish > ~/.config/fish/completions/competency.fish\n  competency completions powershell >> $PROFILE\n  competency completions elvish"
    )]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), of the tool or of one command
    #[command(
        after_help = "Examples:\n  competency man | man -l -\n  competency man > ~/.local/share/man/man1/competency.1\n  competency man gap > ~/.local/share/man/man1/competency-gap.1"
    )]
    Man(completions::ManArgs),
}

impl Command {
    /// The command's name, and its sub-command's (`people import`).
    pub(crate) fn path(&self) -> Vec<&'static str> {
        let name = match self {
            Command::Frameworks => "frameworks",
            Command::Show(_) => "show",
            Command::Roles(_) => "roles",
            Command::Role(_) => "role",
            Command::Init(_) => "init",
            Command::Assess(_) => "assess",
            Command::Review(_) => "review",
            Command::People(args) => {
                return match &args.action {
                    Some(people::PeopleAction::Import(_)) => vec!["people", "import"],
                    Some(people::PeopleAction::Add(_)) => vec!["people", "add"],
                    None => vec!["people"],
                };
            }
            Command::Gap(_) => "gap",
            Command::Plan(_) => "plan",
            Command::Team(_) => "team",
            Command::Status(_) => "status",
            Command::Calibrate(_) => "calibrate",
            Command::Impact(_) => "impact",
            Command::Actions(_) => "actions",
            Command::Readiness(_) => "readiness",
            Command::History(_) => "history",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Validate(_) => "validate",
            Command::Schema(_) => "schema",
            Command::Adapt(_) => "adapt",
            Command::Purge(_) => "purge",
            Command::Sar(_) => "sar",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        };
        vec![name]
    }
}

/// The command line as clap reads it: the derived definitions, and each
/// command's own `--format`, offering only the formats it can give.
pub(crate) fn command() -> clap::Command {
    fn with_format(cmd: clap::Command, path: &mut Vec<String>) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let mut cmd = cmd;
        for name in names {
            path.push(name.clone());
            cmd = cmd.mut_subcommand(&name, |sub| {
                let sub = with_format(sub, path);
                let keys: Vec<&str> = path.iter().map(String::as_str).collect();
                sub.arg(format_arg(output::formats_of(&keys)))
            });
            path.pop();
        }
        cmd
    }
    // `competency help gap` is how many people ask; below the top, every
    // command has `--help` and a `help` beside `people add` would read as a
    // command of its own.
    fn without_help(cmd: clap::Command) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let mut cmd = cmd.disable_help_subcommand(true);
        for name in names {
            cmd = cmd.mut_subcommand(&name, without_help);
        }
        cmd
    }
    let mut top = with_format(Arguments::command(), &mut Vec::new());
    let names: Vec<String> = top
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        top = top.mut_subcommand(&name, without_help);
    }
    top
}

/// `--format` for a command that gives `formats` (hidden, refusing every
/// value with one sentence, for a command that gives none).
fn format_arg(formats: &'static [FormatArg]) -> clap::Arg {
    let arg = clap::Arg::new("format")
        .long("format")
        .short('f')
        .value_name("FORMAT");
    if formats.is_empty() {
        return arg
            .value_parser(clap::builder::EnumValueParser::<FormatArg>::new())
            .hide(true);
    }
    let names: Vec<&'static str> = formats.iter().map(|f| f.name()).collect();
    let mut help = "Output format".to_owned();
    if formats.contains(&FormatArg::Xlsx) {
        help.push_str(" (xlsx needs --output FILE)");
    }
    let parser = clap::builder::TypedValueParser::map(
        clap::builder::PossibleValuesParser::new(names),
        |name: String| FormatArg::from_str(&name, true).unwrap_or(FormatArg::Table),
    );
    arg.value_parser(parser).help(help)
}

/// Whether the workspace has been looked for, and what was found.
enum Lookup {
    NotYet,
    None,
    Found(Box<Workspace>),
}

/// What every command gets: the format, how output looks, and lazy access
/// to the workspace and the catalogue.
pub(crate) struct Context {
    /// The text format to render (table when another kind was asked for).
    pub(crate) format: render::Format,
    /// The format asked for, when one was.
    pub(crate) wanted: Option<FormatArg>,
    format_given: bool,
    pub(crate) style: Style,
    locate: Locate,
    workspace: Lookup,
    /// The catalogue, made once when first asked for.
    catalog: Option<std::sync::Arc<Catalog>>,
    /// `--output`, for a command that writes a folder itself (a dataset).
    output: Option<std::path::PathBuf>,
}

impl Context {
    /// The workspace, if there is one; an error only when one was named and is not usable.
    pub(crate) fn workspace(&mut self) -> anyhow::Result<Option<&Workspace>> {
        if matches!(self.workspace, Lookup::NotYet) {
            self.workspace = match self.locate.root()? {
                Some(root) => Lookup::Found(Box::new(Workspace::open(&root)?)),
                None => Lookup::None,
            };
        }
        Ok(match &self.workspace {
            Lookup::Found(ws) => Some(ws),
            Lookup::NotYet | Lookup::None => None,
        })
    }

    /// The workspace, for commands that need one.
    pub(crate) fn require_workspace(&mut self) -> anyhow::Result<Workspace> {
        self.workspace()?.cloned().ok_or_else(|| {
            anyhow::anyhow!(
                "no workspace here: create one with `competency init`, or give --workspace DIR"
            )
        })
    }

    /// The catalogue for commands that only read frameworks: a workspace named
    /// by `--workspace` or `$COMPETENCY_WORKSPACE` that is not there is noted
    /// on stderr and left out, instead of stopping the command.
    pub(crate) fn browsing_catalog(&mut self) -> anyhow::Result<(std::sync::Arc<Catalog>, String)> {
        if let Locate::Given(dir, source) = &self.locate
            && !dir.join(crate::workspace::CONFIG_FILE).is_file()
        {
            let note = format!(
                "note: `{}` (from {source}) is not a workspace; showing the bundled frameworks only\n",
                dir.display()
            );
            self.workspace = Lookup::None;
            return Ok((std::sync::Arc::new(Catalog::bundled()), note));
        }
        Ok((self.catalog()?, String::new()))
    }

    /// Whether `format` was asked for.
    pub(crate) fn wants(&self, format: FormatArg) -> bool {
        self.wanted == Some(format)
    }

    /// The folder `--workspace` names, if it was given.
    pub(crate) fn workspace_flag(&self) -> Option<&std::path::Path> {
        match &self.locate {
            Locate::Given(dir, crate::workspace::Named::Flag) => Some(dir),
            _ => None,
        }
    }

    /// The format asked for, or `default` when none was.
    pub(crate) fn format_or(&self, default: render::Format) -> render::Format {
        if self.format_given {
            self.format
        } else {
            default
        }
    }

    /// The catalogue: bundled frameworks, plus the workspace's when there is one.
    pub(crate) fn catalog(&mut self) -> anyhow::Result<std::sync::Arc<Catalog>> {
        if let Some(catalog) = &self.catalog {
            return Ok(std::sync::Arc::clone(catalog));
        }
        let catalog = std::sync::Arc::new(match self.workspace()? {
            Some(ws) => Catalog::with_workspace(ws.dir())?,
            None => Catalog::bundled(),
        });
        self.catalog = Some(std::sync::Arc::clone(&catalog));
        Ok(catalog)
    }

    /// What the command should say it passed over: a change an earlier
    /// command left half done and now finished, and workspace files it left
    /// out because they cannot be used (none of them needed).
    fn notes(&self) -> String {
        let mut notes = String::new();
        if let Lookup::Found(ws) = &self.workspace
            && let Some(recovered) = &ws.recovered
        {
            let _ = writeln!(notes, "note: {}", recovered.sentence());
        }
        if let Some(catalog) = &self.catalog {
            for d in catalog.left_out() {
                notes.push_str(&d.headline());
                notes.push('\n');
            }
        }
        notes
    }
}

fn style(wide: bool) -> Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    Style {
        terminal,
        color: terminal && !no_color,
        width,
        wide,
    }
}

fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .filter(|w| *w >= 40)
}

/// The arguments, and the format asked for: the command's own `--format`
/// (or a sub-command's), else one given before the command.
fn parse(args: Vec<std::ffi::OsString>) -> Result<(Arguments, Option<FormatArg>), clap::Error> {
    let matches = command().try_get_matches_from(args)?;
    let arguments = Arguments::from_arg_matches(&matches)?;
    let mut deepest = matches.subcommand();
    let mut own = None;
    while let Some((_, sub)) = deepest {
        if let Ok(Some(format)) = sub.try_get_one::<FormatArg>("format") {
            own = Some(*format);
        }
        deepest = sub.subcommand();
    }
    let wanted = own.or(arguments.format);
    Ok((arguments, wanted))
}

/// Text with control characters could drive the terminal of whoever reads
/// it later; it is refused before anything else, so nothing is written.
fn refuse_control_characters(args: &[std::ffi::OsString]) -> Result<(), i32> {
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if let Some(c) = crate::text::find_control(&arg) {
            print_stderr(&format!(
                "error: `{}` holds a control character ({}); type the text without it. Nothing was done\n",
                crate::text::escape_controls(&arg),
                crate::text::escape_controls(&c.to_string())
            ));
            return Err(2);
        }
    }
    Ok(())
}

/// Parse arguments, run the command, print, and return the exit code.
pub(crate) fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // A shell asking for completions: answered here, and nothing else runs.
    let asked = clap_complete::CompleteEnv::with_factory(command)
        .var(complete::VAR)
        .try_complete(args.clone(), std::env::current_dir().ok().as_deref());
    match asked {
        Ok(true) => return 0,
        Ok(false) => {}
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    }
    if let Err(code) = refuse_control_characters(&args) {
        return code;
    }
    let (arguments, wanted) = match parse(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Err(message) = output::check(&arguments.command, wanted, arguments.output.as_deref()) {
        print_stderr(&format!("error: {message}\n"));
        return 2;
    }
    // Where --output writes is decided before anything runs: a path among
    // a workspace's own data, a folder or a disk is refused at once.
    if let Some(path) = &arguments.output
        && let Err(message) = if wanted == Some(FormatArg::Parquet) {
            output::dataset_destination(path)
        } else {
            output::destination(path).map(|_| ())
        }
    {
        print_stderr(&format!("error: {message}\n"));
        return 2;
    }
    let mut context = Context {
        format: wanted
            .and_then(FormatArg::text)
            .unwrap_or(render::Format::Table),
        wanted,
        format_given: wanted.is_some(),
        style: match arguments.output {
            // A file gets what a pipe gets: no colour, no wrapping.
            Some(_) => Style::PLAIN,
            None => style(arguments.wide),
        },
        locate: Locate::from_env(arguments.workspace.as_deref()),
        workspace: Lookup::NotYet,
        catalog: None,
        output: arguments.output.clone(),
    };
    let is_validate = matches!(arguments.command, Command::Validate(_));
    let sink = output::Sink::new(arguments.output.clone());
    let result = dispatch(arguments.command, &mut context, &sink);
    let colour = context.style.color;
    // validate reports these itself, as diagnostics.
    if !is_validate {
        print_stderr(&context.notes());
    }
    match result {
        Ok(outcome) => {
            if !sink.deliver(&outcome, colour) {
                return 2;
            }
            if !outcome.stderr.is_empty() {
                print_stderr(&outcome.stderr);
            }
            outcome.code
        }
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            print_stderr(&error_text(&e));
            2
        }
    }
}

/// Run a parsed command in `context`; `sink` is where a streamed report goes.
fn dispatch(
    command: Command,
    context: &mut Context,
    sink: &output::Sink,
) -> anyhow::Result<Outcome> {
    match command {
        Command::Frameworks => browse::frameworks(context),
        Command::Show(args) => browse::show(context, &args),
        Command::Roles(args) => browse::roles(context, &args),
        Command::Role(args) => browse::role(context, &args),
        Command::Validate(args) => validate::run(context, &args),
        Command::Init(args) => init::run(context, &args),
        Command::Assess(args) => assess::run(context, &args),
        Command::Review(args) => review::run(context, &args),
        Command::People(args) => people::run(context, &args),
        Command::Gap(args) => report::gap(context, &args),
        Command::Plan(args) => report::plan(context, &args),
        Command::Team(args) => team::run(context, &args),
        Command::Readiness(args) => report::readiness(context, &args),
        Command::History(args) => report::history(context, &args),
        Command::Status(args) => status::run(context, &args),
        Command::Calibrate(args) => calibrate::run(context, &args),
        Command::Impact(args) => impact::run(context, &args),
        Command::Actions(args) => actions::run(context, &args),
        // A dataset is a folder the command writes itself.
        Command::Export(args) if context.wants(FormatArg::Parquet) => dataset::run(context, &args),
        // A workbook is built whole and written as bytes, not streamed as text.
        Command::Export(args) if context.wants(FormatArg::Xlsx) => {
            report::export(context, &args, &mut std::io::sink())
        }
        Command::Export(args) => sink.stream(|out| report::export(context, &args, out)),
        Command::Import(args) => import::run(context, &args),
        Command::Schema(args) => Ok(schema::run(&args)),
        Command::Adapt(args) => adapt::run(context, &args),
        Command::Purge(args) => purge::run(context, &args),
        Command::Sar(args) => sar::run(context, &args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    }
}

/// Run a command of this tool in-process, on the workspace `locate` names,
/// as it would print it to a file (no colour, no wrapping): how `sar`
/// gathers the reports about a person. `args` are the words after
/// `competency`.
pub(crate) fn in_process(args: &[&str], locate: Locate) -> anyhow::Result<Outcome> {
    let words: Vec<std::ffi::OsString> = std::iter::once("competency")
        .chain(args.iter().copied())
        .map(Into::into)
        .collect();
    let (arguments, wanted) = parse(words).map_err(|e| anyhow::anyhow!("{}", e.render()))?;
    let mut context = Context {
        format: wanted
            .and_then(FormatArg::text)
            .unwrap_or(render::Format::Table),
        wanted,
        format_given: wanted.is_some(),
        style: Style::PLAIN,
        locate,
        workspace: Lookup::NotYet,
        catalog: None,
        output: None,
    };
    dispatch(arguments.command, &mut context, &output::Sink::new(None))
}

/// What a command produced.
pub(crate) struct Outcome {
    pub(crate) stdout: String,
    /// A binary document (a workbook), written instead of `stdout`.
    pub(crate) binary: Option<Vec<u8>>,
    pub(crate) stderr: String,
    pub(crate) code: i32,
}

impl Outcome {
    pub(crate) fn print(stdout: String) -> Self {
        Outcome {
            stdout,
            binary: None,
            stderr: String::new(),
            code: 0,
        }
    }

    /// A binary document, such as a workbook.
    pub(crate) fn binary(bytes: Vec<u8>) -> Self {
        Outcome {
            binary: Some(bytes),
            ..Outcome::print(String::new())
        }
    }

    /// The same outcome, naming on stderr the records a report read past.
    pub(crate) fn warned(mut self, warnings: &[crate::diagnostic::Diagnostic]) -> Self {
        for d in warnings {
            let mut d = d.clone();
            d.severity = crate::diagnostic::Severity::Warning;
            self.stderr.push_str(&d.headline());
            self.stderr.push('\n');
        }
        self
    }

    /// The same outcome, saying what the report had to leave out: in the
    /// output's notes as its format allows (text, Markdown, JSON, HTML; a
    /// CSV or workbook has no place for them), and on stderr; exit code 1
    /// when anything was left out.
    pub(crate) fn left_out(mut self, items: &[render::left_out::LeftOut], cx: &Context) -> Self {
        use render::left_out;
        if items.is_empty() {
            return self;
        }
        if self.binary.is_none() && !self.stdout.is_empty() {
            self.stdout = if cx.wants(FormatArg::Html) {
                left_out::html(&self.stdout, items)
            } else {
                match cx.format {
                    render::Format::Table => self.stdout + &left_out::text(items),
                    render::Format::Markdown => self.stdout + &left_out::markdown(items),
                    render::Format::Json => left_out::json(&self.stdout, items),
                    render::Format::Csv => self.stdout,
                }
            };
        }
        self.stderr.push_str(&left_out::stderr(items));
        self.code = self.code.max(1);
        self
    }

    /// Success, with a note for stderr (empty for none).
    pub(crate) fn print_with_note(note: String, stdout: String) -> Self {
        Outcome {
            stderr: note,
            ..Outcome::print(stdout)
        }
    }
}

/// The reader of our output went away (`| head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<Error>()
                .is_some_and(Error::is_broken_pipe)
    })
}

/// An error as the user reads it: located diagnostics as they are, anything
/// else as one `error:` sentence.
fn error_text(e: &anyhow::Error) -> String {
    if let Some(Error::Invalid(_)) = e.downcast_ref::<Error>() {
        return format!("{e}\n");
    }
    let mut text = format!("error: {e}");
    for cause in e.chain().skip(1) {
        // An I/O cause in plain words, without Rust's `(os error 17)`.
        match cause.downcast_ref::<std::io::Error>() {
            Some(io) => {
                let _ = write!(text, ": {}", crate::error::io_reason(io));
            }
            None => {
                let _ = write!(text, ": {cause}");
            }
        }
    }
    text.push('\n');
    text
}

fn print_stderr(text: &str) {
    let text = crate::text::for_terminal(text, false);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Arguments::command().debug_assert();
        command().debug_assert();
    }
}
