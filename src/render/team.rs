//! `team`: people against their roles, a section per framework, and the
//! training needs.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::error::Result;
use crate::record::Status;
use crate::report::team::{Cell, Need, Section, TeamMember, TeamReport};
use crate::report::{Standing, Whose};

fn mark(status: Standing) -> &'static str {
    match status {
        Standing::Below => "▼",
        Standing::Meets => "✓",
        Standing::Exceeds => "▲",
        Standing::Unrated => "?",
        Standing::NotApplicable => "n/a",
        Standing::NotRequired => "·",
    }
}

/// Whose rating a cell shows, and how final, as a tag after the level:
/// none for a line manager's final rating, `S` the person's own, `P` their
/// peers', `*` a draft.
pub(crate) fn tag(cell: &Cell) -> String {
    let Some(rated) = &cell.rating else {
        return String::new();
    };
    let mut tag = match rated.by {
        Whose::Manager => String::new(),
        Whose::Own => "S".to_owned(),
        Whose::Peers => "P".to_owned(),
    };
    if rated.status == Status::Draft {
        tag.push('*');
    }
    tag
}

/// A cell as people read it: the level, its mark and whose it is; the
/// level required too where the section's roles differ on it.
fn cell_text(cell: &Cell, varies: bool) -> String {
    let mut text = match (cell.shown(), cell.status) {
        (_, Standing::NotApplicable) => "n/a".to_owned(),
        (_, Standing::NotRequired) => "·".to_owned(),
        (None, _) => "–".to_owned(),
        (Some(level), status) => format!("{level} {}", mark(status)),
    };
    let tag = tag(cell);
    if !tag.is_empty() {
        let _ = write!(text, " {tag}");
    }
    if cell.rating.as_ref().is_some_and(|r| !r.negative.is_empty()) {
        let _ = write!(text, " {}", crate::render::notes::NEGATIVE_MARK);
    }
    if varies && let Some(required) = &cell.required {
        let _ = write!(text, " ({required})");
    }
    text
}

/// The key of the marks a section's cells use.
pub(crate) fn key(section: &Section) -> String {
    let mut key = "✓ meets  ▲ exceeds  ▼ below  – unrated  · not required by their role".to_owned();
    match whose_key(section) {
        Some(more) => {
            key.push_str("  ");
            key.push_str(&more);
        }
        None => key.push('.'),
    }
    key
}

/// The key of what a cell says beyond its standing: not applicable, and
/// whose rating it is and how final (`None` when the section has none).
pub(crate) fn whose_key(section: &Section) -> Option<String> {
    let cells = || section.members.iter().flat_map(|m| &m.cells);
    let has = |by: Whose| cells().any(|c| c.rating.as_ref().is_some_and(|r| r.by == by));
    let mut key = String::new();
    if cells().any(|c| c.status == Standing::NotApplicable) {
        key.push_str("n/a marked not applicable: not assessed, never counted as met");
    }
    if let Some(first) = cells().find_map(|c| c.rating.as_ref().and_then(|r| r.below.clone())) {
        let _ = write!(
            key,
            "  <{first} not yet at the first level: the checklist shows it not reached"
        );
    }
    let mut whose = Vec::new();
    if has(Whose::Own) {
        whose.push("S the person's own rating");
    }
    if has(Whose::Peers) {
        whose.push("P their peers'");
    }
    if cells().any(|c| c.rating.as_ref().is_some_and(|r| r.status == Status::Draft)) {
        whose.push("* from a draft (not yet final)");
    }
    if !whose.is_empty() {
        let unmarked = match section.counted_by {
            Whose::Manager => "their line manager's final rating",
            Whose::Own => "the person's own final rating",
            Whose::Peers => "their peers' final rating",
        };
        if !key.is_empty() {
            key.push_str(". ");
        }
        let _ = write!(key, "{}; unmarked: {unmarked}", whose.join(", "));
    }
    if cells().any(|c| c.rating.as_ref().is_some_and(|r| !r.negative.is_empty())) {
        if !key.is_empty() {
            key.push_str(". ");
        }
        let _ = write!(
            key,
            "{} {} recorded (`competency gap PERSON` lists them)",
            crate::render::notes::NEGATIVE_MARK,
            section.negative_label
        );
    }
    if key.is_empty() {
        return None;
    }
    key.push('.');
    Some(key)
}

/// What the section's figures count, who meets, and who is shown but not
/// counted.
pub(crate) fn counts(section: &Section) -> String {
    let mut text = format!(
        "{} of {} {} the whole of their role by {} ratings.",
        section.meeting_role,
        super::count(section.people, "person", "people"),
        if section.people == 1 { "meets" } else { "meet" },
        section.counted_by.possessive()
    );
    if section.drafts > 0 {
        let _ = write!(
            text,
            " The ratings counted for {} come (at least partly) from draft assessments, not yet final (marked *).",
            super::count(section.drafts, "person", "people"),
        );
    }
    if !section.not_counted.is_empty() {
        let mut by_kind: Vec<(Whose, Vec<String>)> = Vec::new();
        for n in &section.not_counted {
            let who = match &n.name {
                Some(name) if *name != n.person => format!("{name} ({})", n.person),
                _ => n.person.clone(),
            };
            match by_kind.iter_mut().find(|(k, _)| *k == n.by) {
                Some((_, names)) => names.push(who),
                None => by_kind.push((n.by, vec![who])),
            }
        }
        for (kind, names) in by_kind {
            let what = match kind {
                Whose::Own => "Self-assessed only",
                Whose::Peers => "Rated by peers only",
                Whose::Manager => "Rated by their manager only",
            };
            let _ = write!(
                text,
                " {what} ({}; shown, counted as not yet rated): {}.",
                names.len(),
                names.join(", ")
            );
        }
    }
    text
}

/// "5 of 7", tagged with whose ratings the line shows when they are not
/// the ones the figures count.
fn meets_text(m: &TeamMember, section: &Section) -> String {
    let mut text = format!("{} of {}", m.summary.met(), m.summary.required());
    match m.by {
        Some(by) if by != section.counted_by => {
            text.push_str(match by {
                Whose::Own => " S",
                Whose::Peers => " P",
                Whose::Manager => " M",
            });
        }
        _ => {}
    }
    text
}

/// Whose ratings a line shows, for a CSV column.
fn line_by(m: &TeamMember) -> String {
    m.by.map_or_else(String::new, |b| b.as_str().to_owned())
}

/// How final the ratings of a line are, for a CSV column.
fn line_status(m: &TeamMember) -> &'static str {
    match (m.by, m.all_final) {
        (None, _) => "",
        (Some(_), true) => "final",
        (Some(_), false) => "draft",
    }
}

/// A person as people read them: name and id.
fn who(m: &TeamMember) -> String {
    match &m.name {
        Some(name) if *name != m.person => format!("{name} ({})", m.person),
        _ => m.person.clone(),
    }
}

/// The need of a competency of the section.
fn need<'a>(section: &'a Section, competency: &str) -> Option<&'a Need> {
    section.needs.iter().find(|n| n.competency == competency)
}

/// Whether the section's roles ask different levels of a competency.
fn varies(section: &Section, competency: &str) -> bool {
    need(section, competency).is_some_and(|n| n.required.is_none())
}

/// The required level of each competency, or `varies`.
fn required_levels(section: &Section) -> Vec<String> {
    section
        .competencies
        .iter()
        .map(|c| {
            need(section, c)
                .and_then(|n| n.required.clone())
                .unwrap_or_else(|| "varies".to_owned())
        })
        .collect()
}

/// `Community Link Worker — role community-link-worker, framework wdcvs`.
fn heading(section: &Section) -> String {
    match (&section.role, &section.role_name) {
        (Some(role), Some(name)) => {
            format!("{name} — role {role}, framework {}", section.framework)
        }
        _ => format!("their own roles, framework {}", section.framework),
    }
}

pub(crate) fn render_team(report: &TeamReport, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv if report.sections.iter().all(|s| s.members.is_empty()) => needs_csv(report)?,
        Format::Csv => matrix_csv(report)?,
        Format::Markdown => team_markdown(report),
        Format::Table => team_table(report, style),
    })
}

/// Column names: the competency ids, prefixed by the framework when the
/// report has several (ids can repeat across frameworks).
fn columns(report: &TeamReport) -> Vec<(usize, String, String)> {
    let several = report.sections.len() > 1;
    report
        .sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.competencies.iter().map(move |c| {
                let name = if several {
                    format!("{}/{c}", s.framework)
                } else {
                    c.clone()
                };
                (i, c.clone(), name)
            })
        })
        .collect()
}

/// A count of one training need, for a row of the matrix.
type Count = fn(&Need) -> usize;

/// The matrix: per section a row of required levels, a row per person,
/// then the training needs per competency (people below, levels short,
/// unrated), as the table shows them.
fn matrix_csv(report: &TeamReport) -> Result<String> {
    let columns = columns(report);
    let mut header = vec!["person", "name", "role", "framework", "by", "ratings"];
    header.extend(columns.iter().map(|(_, _, name)| name.as_str()));
    header.extend(["met", "required", "not-assessed", "shortfall", "counted"]);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, section) in report.sections.iter().enumerate() {
        let per_competency = |value: &dyn Fn(&str) -> String| -> Vec<String> {
            columns
                .iter()
                .map(|(s, c, _)| if *s == i { value(c) } else { String::new() })
                .collect()
        };
        let summary_row = |label: &str, value: &dyn Fn(&str) -> String| {
            let mut row = vec![
                label.to_owned(),
                String::new(),
                section.role.clone().unwrap_or_default(),
                section.framework.clone(),
                section.counted_by.as_str().to_owned(),
                String::new(),
            ];
            row.extend(per_competency(value));
            row.extend([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            row
        };
        rows.push(summary_row("(required)", &|c| {
            need(section, c)
                .and_then(|n| n.required.clone())
                .unwrap_or_else(|| "varies".to_owned())
        }));
        for m in &section.members {
            let mut row = vec![
                m.person.clone(),
                m.name.clone().unwrap_or_default(),
                m.role.clone(),
                section.framework.clone(),
                line_by(m),
                line_status(m).to_owned(),
            ];
            row.extend(per_competency(&|c| {
                m.cells
                    .iter()
                    .find(|cell| cell.competency == c)
                    .map(|cell| match cell.status {
                        Standing::NotApplicable => "n/a".to_owned(),
                        Standing::NotRequired => String::new(),
                        _ => cell.shown().unwrap_or_default(),
                    })
                    .unwrap_or_default()
            }));
            row.push(m.summary.met().to_string());
            row.push(m.summary.required().to_string());
            row.push(m.summary.not_applicable.to_string());
            row.push(m.shortfall.to_string());
            row.push(m.by.is_none_or(|b| b == section.counted_by).to_string());
            rows.push(row);
        }
        let totals: [(&str, Count); 4] = [
            ("(people below)", |n| n.below),
            ("(levels short)", |n| {
                usize::try_from(n.shortfall).unwrap_or(0)
            }),
            ("(unrated)", |n| n.unrated),
            ("(not assessed)", |n| n.not_assessed),
        ];
        for (label, count) in totals {
            rows.push(summary_row(label, &|c| {
                need(section, c)
                    .map(|n| count(n).to_string())
                    .unwrap_or_default()
            }));
        }
    }
    super::csv(&header, rows)
}

/// The training needs, one row per competency, most needed first.
fn needs_csv(report: &TeamReport) -> Result<String> {
    super::csv(
        &[
            "framework",
            "competency",
            "name",
            "required",
            "below",
            "shortfall",
            "unrated",
            "not-assessed",
            "people",
            "by",
        ],
        report.sections.iter().flat_map(|s| {
            s.needs.iter().map(|n| {
                vec![
                    s.framework.clone(),
                    n.competency.clone(),
                    n.name.clone(),
                    n.required.clone().unwrap_or_else(|| "varies".to_owned()),
                    n.below.to_string(),
                    n.shortfall.to_string(),
                    n.unrated.to_string(),
                    n.not_assessed.to_string(),
                    s.people.to_string(),
                    s.counted_by.as_str().to_owned(),
                ]
            })
        }),
    )
}

fn team_table(report: &TeamReport, style: Style) -> String {
    let mut out = String::new();
    if report.sections.is_empty() {
        out.push_str("nobody in scope can be compared with a role\n");
    }
    for (i, section) in report.sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                &format!(
                    "{} against {}",
                    super::count(section.people, "person", "people"),
                    heading(section)
                ),
                "",
                ""
            )
        );
        if section.people == 0 {
            out.push_str("nobody in scope holds the role\n");
            continue;
        }
        if !section.members.is_empty() {
            let table = matrix(section, style, false);
            // On a terminal too narrow for the names side by side, the
            // competencies are numbered, with a key under the table.
            // Names whose headers would stand four lines tall read worse
            // than numbers with a key.
            let numbered = !table.fits_whole_words() || table.header_lines() > 3;
            let table = if numbered {
                matrix(section, style, true)
            } else {
                table
            };
            let _ = writeln!(out, "{table}");
            if numbered {
                let key: Vec<String> = section
                    .competency_names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| format!("{} {name}", i + 1))
                    .collect();
                let _ = writeln!(out, "{}", style.wrap(&key.join(" · "), "", ""));
            }
            let _ = writeln!(out, "{}", style.wrap(&key(section), "", ""));
        }
        let _ = writeln!(out, "{}", style.wrap(&counts(section), "", ""));
        needs_table(section, style, &mut out);
    }
    unplaced_text(report, &mut out);
    out
}

/// The matrix of people × competencies, headed by the competencies' names
/// or, `numbered`, by their numbers.
fn matrix(section: &Section, style: Style, numbered: bool) -> super::Grid {
    let mut header = vec!["person".to_owned()];
    if numbered {
        header.extend((1..=section.competency_names.len()).map(|i| i.to_string()));
    } else {
        header.extend(section.competency_names.iter().cloned());
    }
    header.push("meets".to_owned());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = super::table(style, &header_refs);
    let mut requirement_row = vec!["required".to_owned()];
    requirement_row.extend(required_levels(section));
    requirement_row.push(String::new());
    table.add_row(super::cells(requirement_row));
    for m in &section.members {
        // A level stays with its marks, and a count whole.
        let mut cells = Vec::with_capacity(m.cells.len() + 2);
        cells.push(super::GridCell::owned(who(m)));
        cells.extend(
            m.cells.iter().map(|c| {
                super::GridCell::whole_owned(cell_text(c, varies(section, &c.competency)))
            }),
        );
        cells.push(super::GridCell::whole_owned(meets_text(m, section)));
        table.add_row(cells);
    }
    table
}

fn unplaced_text(report: &TeamReport, out: &mut String) {
    if report.unplaced.is_empty() {
        return;
    }
    out.push_str("\nNot compared:\n");
    for u in &report.unplaced {
        let who = match &u.name {
            Some(name) if *name != u.person => format!("{name} ({})", u.person),
            _ => u.person.clone(),
        };
        let _ = writeln!(out, "  {who}: {}", u.reason);
    }
}

/// The heading of the training needs, saying whose ratings they count.
pub(crate) fn needs_heading(section: &Section) -> String {
    format!(
        "Training needs by {} ratings (most people below first)",
        section.counted_by.possessive()
    )
}

fn needs_table(section: &Section, style: Style, out: &mut String) {
    let _ = writeln!(out, "\n{}", needs_heading(section));
    let assessed = section.needs.iter().any(|n| n.not_assessed > 0);
    let mut header = vec![
        "competency",
        "required",
        "below",
        "shortfall (levels)",
        "unrated",
    ];
    if assessed {
        header.push("not assessed");
    }
    let mut needs = super::table(style, &header);
    for n in &section.needs {
        let mut row = vec![
            n.name.clone(),
            n.required.clone().unwrap_or_else(|| "varies".to_owned()),
            n.below.to_string(),
            n.shortfall.to_string(),
            n.unrated.to_string(),
        ];
        if assessed {
            row.push(n.not_assessed.to_string());
        }
        needs.add_row(super::cells(row));
    }
    let _ = writeln!(out, "{needs}");
}

fn team_markdown(report: &TeamReport) -> String {
    let mut out = String::new();
    for section in &report.sections {
        let title = match (&section.role, &section.role_name) {
            (Some(role), Some(name)) => format!("{} — role `{role}`", md(name)),
            _ => "their own roles".to_owned(),
        };
        let _ = writeln!(
            out,
            "# Team against {title}\n\nFramework `{}`. {}\n",
            section.framework,
            md(&counts(section))
        );
        if !section.members.is_empty() {
            let _ = write!(out, "| person |");
            for name in &section.competency_names {
                let _ = write!(out, " {} |", md(name));
            }
            out.push_str(" meets |\n|---|");
            for _ in &section.competencies {
                out.push_str("---|");
            }
            out.push_str("---|\n| *required* |");
            for level in required_levels(section) {
                let _ = write!(out, " *{}* |", md(&level));
            }
            out.push_str(" |\n");
            for m in &section.members {
                let _ = write!(out, "| {} |", md(&who(m)));
                for c in &m.cells {
                    let _ = write!(
                        out,
                        " {} |",
                        md(&cell_text(c, varies(section, &c.competency)))
                    );
                }
                let _ = writeln!(out, " {} |", md(&meets_text(m, section)));
            }
            let _ = writeln!(out, "\n{}\n", md(&key(section)));
        }
        let _ = writeln!(
            out,
            "## {}\n\n| competency | required | below | shortfall (levels) | unrated | not assessed |\n|---|---|---|---|---|---|",
            md(&needs_heading(section))
        );
        for n in &section.needs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&n.name),
                md(&n.required.clone().unwrap_or_else(|| "varies".to_owned())),
                n.below,
                n.shortfall,
                n.unrated,
                n.not_assessed
            );
        }
        out.push('\n');
    }
    if !report.unplaced.is_empty() {
        out.push_str("## Not compared\n\n");
        for u in &report.unplaced {
            let _ = writeln!(
                out,
                "- {}: {}",
                md(u.name.as_deref().unwrap_or(&u.person)),
                md(&u.reason)
            );
        }
    }
    out
}
