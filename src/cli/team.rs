//! `team`: people against their own roles — a line manager's reports, a
//! team, the holders of a role, or everyone assessed on a framework — with
//! the training needs that add up their shortfalls.

use clap::Args;

use super::assess::ByArg;
use super::report::{by, date_flag, workspace};
use super::{Context, FormatArg, Outcome};
use crate::app::team::{Built, Query, build};
use crate::catalog::Catalog;
use crate::render;
use crate::report::team::TeamReport;

#[derive(Debug, Args)]
pub(crate) struct TeamArgs {
    /// People who hold this role (in the roster, else on their latest record)
    #[arg(long, conflicts_with = "against", add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: Option<String>,
    /// Hold everyone in scope against this role, whatever role they hold
    /// (succession, promotion, a group assessed without roles)
    #[arg(long, value_name = "ROLE", add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) against: Option<String>,
    /// Everyone assessed on this framework
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
    /// The people this line manager manages
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) manager: Option<String>,
    /// With --manager: the whole reporting line below them, not only direct reports
    #[arg(long, requires = "manager")]
    pub(crate) all: bool,
    /// The people of this team, as the roster names it
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCompleter::new(super::complete::teams))]
    pub(crate) team: Option<String>,
    /// Only these people (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "PERSON", add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) people: Vec<String>,
    /// Also people who have left
    #[arg(long)]
    pub(crate) include_left: bool,
    /// The team as it was on this day, YYYY-MM-DD (default: today): who had
    /// not left yet, and only ratings up to that day
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Whose ratings to use and count (default: each person's manager's; someone
    /// with only a self-assessment is shown with it, marked, and not counted)
    #[arg(long, value_enum)]
    pub(crate) by: Option<ByArg>,
    /// Only the training needs and counts, not a line per person
    #[arg(long)]
    pub(crate) summary: bool,
}

impl TeamArgs {
    /// The team these flags ask for, their day and rater checked.
    pub(crate) fn query(&self) -> anyhow::Result<Query> {
        Ok(Query {
            role: self.role.clone(),
            against: self.against.clone(),
            framework: self.framework.clone(),
            manager: self.manager.clone(),
            all: self.all,
            team: self.team.clone(),
            people: self.people.clone(),
            include_left: self.include_left,
            as_of: date_flag(crate::error::Field::AsOf, self.as_of.as_deref())?,
            by: by(self.by)?,
            summary: self.summary,
        })
    }
}

pub(crate) fn run(cx: &mut Context, args: &TeamArgs) -> anyhow::Result<Outcome> {
    let Built {
        report,
        hint,
        warnings,
        left,
    } = build(&workspace(cx)?, &*cx.catalog()?, &args.query()?)?;
    let catalog = cx.catalog()?;
    if cx.wants(super::FormatArg::Xlsx) {
        let workbook = render::xlsx::team(&report).map_err(|e| render::xlsx::io_error(&e))?;
        return Ok(Outcome::binary(workbook)
            .warned(&warnings)
            .left_out(&render::left_out::from_problems(&left), cx));
    }
    let text = if cx.wants(FormatArg::Html) {
        html(&report, &catalog)?
    } else {
        render::team::render_team(&report, cx.format, cx.style)?
    };
    // Not needed again, and the process ends once the text is out: freeing
    // a line per member one by one (160 000 of them at 200 000 people) costs
    // more than the operating system taking the memory back at exit.
    std::mem::forget(report);
    Ok(Outcome::print_with_note(
        hint.map_or_else(String::new, |h| {
            format!("note: {}\n", super::words::request(&h))
        }),
        text,
    )
    .warned(&warnings)
    .left_out(&render::left_out::from_problems(&left), cx))
}
/// The team document, naming roles and frameworks as people know them.
fn html(report: &TeamReport, catalog: &Catalog) -> anyhow::Result<String> {
    let mut names = render::html::team::Names::default();
    for member in report.sections.iter().flat_map(|s| &s.members) {
        if let Ok(role) = catalog.role(&member.role) {
            names.roles.insert(member.role.clone(), role.name.clone());
        }
    }
    for section in &report.sections {
        names.frameworks.insert(
            section.framework.clone(),
            catalog.framework(&section.framework)?,
        );
    }
    Ok(render::html::team::render(report, &names))
}
