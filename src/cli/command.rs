//! Every command and its arguments (one module of `cli/` per command).

use clap::Subcommand;

use super::{
    actions, adapt, assess, browse, calibrate, completions, impact, import, init, people, purge,
    report, review, sar, schema, status, team, validate,
};

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
