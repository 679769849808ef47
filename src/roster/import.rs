//! Reading people from a spreadsheet (`people import FILE.csv`) and checking
//! one person (`people add`): every row checked, every problem located, before
//! anything is written.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Member, Roster, manager_loops};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Collector, Diagnostic, Location, SourceText};
use crate::id::is_valid_id;
use crate::parse::table::{Row, Table, read_csv};

/// The columns a roster file must have; `email` and `left` may be added.
pub(crate) const COLUMNS: [&str; 5] = ["id", "name", "role", "team", "manager"];
/// The columns read when present.
pub(crate) const OPTIONAL: [&str; 2] = ["email", "left"];

/// A roster file read: its people, and warnings that did not stop it (a
/// column that is ignored).
#[derive(Debug)]
pub(crate) struct Read {
    pub people: Vec<Member>,
    pub warnings: Vec<Diagnostic>,
}

/// What is wrong with one person's values, as (column, code, message); a
/// leaving date is checked against `today` (`crate::date`).
pub(crate) fn problems(
    member: &Member,
    catalog: &Catalog,
    today: jiff::civil::Date,
) -> Vec<(&'static str, Code, String)> {
    let mut found = Vec::new();
    if !is_valid_id(&member.id) {
        let suggestion = crate::id::suggest_id(&member.id)
            .map(|s| format!(", e.g. `{s}`"))
            .unwrap_or_default();
        found.push((
            "id",
            Code::BadId,
            format!(
                "`{}` is not a valid person id: use lowercase letters, digits and hyphens{suggestion}",
                member.id.escape_debug()
            ),
        ));
    }
    if member.name.trim().is_empty() {
        found.push(("name", Code::EmptyText, "the name is empty".to_owned()));
    }
    let texts = [
        ("id", Some(&member.id)),
        ("name", Some(&member.name)),
        ("role", member.role.as_ref()),
        ("team", member.team.as_ref()),
        ("manager", member.manager.as_ref()),
        ("email", member.email.as_ref()),
        ("left", member.left.as_ref()),
    ];
    for (column, text) in texts {
        if let Some(c) = text.and_then(|t| crate::text::find_control(t)) {
            found.push((
                column,
                Code::ControlCharacter,
                format!(
                    "the text holds a control character ({}), {}",
                    crate::text::escape_controls(&c.to_string()),
                    crate::text::control_risk(c)
                ),
            ));
        }
    }
    if let Some(role) = &member.role
        && let Err(e) = catalog.role(role)
    {
        found.push(("role", Code::UnknownRole, e.problem_text()));
    }
    if let Some(manager) = &member.manager {
        if !is_valid_id(manager) {
            found.push((
                "manager",
                Code::BadId,
                format!("`{}` is not a valid person id", manager.escape_debug()),
            ));
        } else if *manager == member.id {
            found.push((
                "manager",
                Code::ManagerLoop,
                format!("`{}` cannot be their own line manager", member.id),
            ));
        }
    }
    if let Some(left) = &member.left {
        match crate::date::accept(left, crate::date::Kind::Leaving, today) {
            Ok(_) => {}
            Err(crate::date::Refused::NotADate(_)) => found.push((
                "left",
                Code::BadDate,
                format!(
                    "`{}` is not a date (use YYYY-MM-DD, e.g. 2026-11-24)",
                    left.escape_debug()
                ),
            )),
            Err(refused) => found.push(("left", Code::BadDate, refused.to_string())),
        }
    }
    found
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Managers must exist (in the file or in the roster), and no reporting
/// line may loop.
fn manager_problems(
    file: &Path,
    source: &SourceText<'_>,
    table: &Table,
    members: &[(&Row, Member)],
    roster: &Roster,
    seen: &HashSet<String>,
) -> Vec<Diagnostic> {
    let column = table.column("manager");
    let mut found = Vec::new();
    for (row, member) in members {
        if let Some(manager) = &member.manager
            && is_valid_id(manager)
            && !seen.contains(manager)
            && roster.get(manager).is_none()
        {
            found.push(
                Diagnostic::error(
                    Code::UnknownPerson,
                    file,
                    format!(
                        "the manager `{manager}` of `{}` is neither in this file nor in the roster",
                        member.id
                    ),
                )
                .with_key("manager")
                .with_help("add a row for the manager, or leave the cell empty")
                .at_in(row.location(column), source),
            );
        }
    }
    let people: Vec<Member> = members.iter().map(|(_, m)| m.clone()).collect();
    let rows: HashMap<&str, &Row> = members
        .iter()
        .rev()
        .map(|(row, m)| (m.id.as_str(), *row))
        .collect();
    for id in manager_loops(&people) {
        if let Some(row) = rows.get(id) {
            found.push(
                Diagnostic::error(
                    Code::ManagerLoop,
                    file,
                    format!(
                        "`{id}` is in a loop of line managers (each manages the next, back to them)"
                    ),
                )
                .with_key("manager")
                .at_in(row.location(column), source),
            );
        }
    }
    found
}

/// Read a roster CSV: every row checked against the catalogue, the roster
/// already there and the other rows, every problem located.
pub(crate) fn read(
    file: &Path,
    text: &str,
    catalog: &Catalog,
    roster: &Roster,
    today: jiff::civil::Date,
) -> Result<Read, Vec<Diagnostic>> {
    let table = read_csv(file, text)?;
    let source = SourceText::new(text);
    let (errors, warnings) = header_problems(file, text, &table);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Each column found once, not once for each row.
    let columns = ["id", "name", "role", "team", "manager", "email", "left"]
        .map(|name| (name, table.column(name)));
    let column = |name: &str| {
        columns
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, c)| *c)
    };
    let mut members = Vec::new();
    let mut problems_found = Collector::new(file, None);
    let mut seen: HashSet<String> = HashSet::new();
    for row in &table.rows {
        let member = Member {
            id: row.text(column("id")).to_owned(),
            name: crate::text::normalise(row.text(column("name"))),
            role: optional(row.text(column("role"))),
            team: optional(row.text(column("team"))),
            manager: optional(row.text(column("manager"))),
            email: optional(row.text(column("email"))),
            left: optional(row.text(column("left"))),
        };
        for (name, code, message) in problems(&member, catalog, today) {
            problems_found.push(
                Diagnostic::error(code, file, message)
                    .with_key(name)
                    .at_in(row.location(column(name)), &source),
            );
        }
        if !seen.insert(member.id.clone()) {
            problems_found.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    file,
                    format!("`{}` appears twice in the file", member.id),
                )
                .with_key("id")
                .at_in(row.location(column("id")), &source),
            );
        }
        members.push((row, member));
    }
    for problem in manager_problems(file, &source, &table, &members, roster, &seen) {
        problems_found.push(problem);
    }
    let problems_found = problems_found.finish();
    if problems_found.is_empty() {
        Ok(Read {
            people: members.into_iter().map(|(_, m)| m).collect(),
            warnings,
        })
    } else {
        Err(problems_found)
    }
}

/// The header's problems: (errors, warnings). A column named twice, a
/// control character or a required column missing is an error; a column
/// that is not a roster's is a warning, since it is ignored (an HR export
/// often carries more columns than the roster keeps).
fn header_problems(file: &Path, text: &str, table: &Table) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let known = || COLUMNS.iter().chain(&OPTIONAL).copied();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for cell in &table.header {
        let name = cell.text.trim().to_lowercase();
        let at = Some(cell.at);
        if let Some(c) = crate::text::find_control(&name) {
            errors.push(
                Diagnostic::error(
                    Code::ControlCharacter,
                    file,
                    format!(
                        "the column's name holds a control character ({}), which could drive a terminal",
                        crate::text::escape_controls(&c.to_string())
                    ),
                )
                .at(at, Some(text)),
            );
            continue;
        }
        match known().find(|k| *k == name) {
            Some(k) if !seen.insert(k) => errors.push(
                Diagnostic::error(
                    Code::DuplicateColumn,
                    file,
                    format!("the column `{k}` is named twice"),
                )
                .with_help("keep one of them")
                .at(at, Some(text)),
            ),
            Some(_) => {}
            None => {
                let mut warning = Diagnostic::warning(
                    Code::UnknownKey,
                    file,
                    format!(
                        "the column `{}` is not one of a roster's columns, so it is ignored",
                        name.escape_debug()
                    ),
                )
                .at(at, Some(text));
                warning.help = Some(crate::diagnostic::did_you_mean(&name, known()).map_or_else(
                    || {
                        "a roster's columns are id, name, role, team, manager, email and left"
                            .to_owned()
                    },
                    |s| format!("did you mean `{s}`?"),
                ));
                warnings.push(warning);
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| table.column(c).is_none())
        .collect();
    if !missing.is_empty() {
        errors.push(
            Diagnostic::error(
                Code::MissingColumn,
                file,
                format!(
                    "the header row lacks {}",
                    crate::diagnostic::list_names(&missing, "and")
                ),
            )
            .with_help("the first row names the columns: id,name,role,team,manager (and optionally email,left), in any order")
            .at(
                Some(Location {
                    line: table.header_line(),
                    column: 1,
                    length: 1,
                }),
                Some(text),
            ),
        );
    }
    (errors, warnings)
}
