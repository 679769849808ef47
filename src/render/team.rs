//! `team`: people against a role, and the training needs.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::report::Standing;
use crate::report::team::TeamReport;

fn mark(status: Standing) -> &'static str {
    match status {
        Standing::Below => "▼",
        Standing::Meets => "✓",
        Standing::Exceeds => "▲",
        Standing::Unrated => "?",
        Standing::NotApplicable => "n/a",
    }
}

fn cell_text(rating: Option<&str>, status: Standing) -> String {
    match (rating, status) {
        (_, Standing::NotApplicable) => "n/a".to_owned(),
        (None, _) => "–".to_owned(),
        (Some(level), status) => format!("{level} {}", mark(status)),
    }
}

pub fn render_team(report: &TeamReport, format: Format, style: Style) -> String {
    match format {
        Format::Json => super::json(report),
        Format::Csv if report.members.is_empty() => needs_csv(report),
        Format::Csv => matrix_csv(report),
        Format::Markdown => team_markdown(report),
        Format::Table => team_table(report, style),
    }
}

/// The required level of each competency, in the matrix's column order.
fn required_levels(report: &TeamReport) -> Vec<String> {
    report
        .competencies
        .iter()
        .map(|c| {
            report
                .needs
                .iter()
                .find(|n| &n.competency == c)
                .map(|n| n.required.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// A count of one training need, for a row of the matrix.
type Count = fn(&crate::report::team::Need) -> String;

/// The matrix: a row of required levels, a row per person, then the
/// training needs per competency (people below, levels short, unrated), as
/// the table shows them.
fn matrix_csv(report: &TeamReport) -> String {
    let mut header = vec!["person"];
    header.extend(report.competencies.iter().map(String::as_str));
    header.extend(["met", "applicable", "shortfall"]);
    let blank = || vec![String::new(); 3];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut required = vec!["(required)".to_owned()];
    required.extend(required_levels(report));
    required.extend(blank());
    rows.push(required);
    for m in &report.members {
        let mut row = vec![m.person.clone()];
        row.extend(m.cells.iter().map(|c| match c.status {
            Standing::NotApplicable => "n/a".to_owned(),
            _ => c.rating.clone().unwrap_or_default(),
        }));
        row.push(m.summary.met().to_string());
        row.push(m.summary.applicable().to_string());
        row.push(m.shortfall.to_string());
        rows.push(row);
    }
    let totals: [(&str, Count); 3] = [
        ("(people below)", |n| n.below.to_string()),
        ("(levels short)", |n| n.shortfall.to_string()),
        ("(unrated)", |n| n.unrated.to_string()),
    ];
    for (label, count) in totals {
        let mut row = vec![label.to_owned()];
        row.extend(report.competencies.iter().map(|c| {
            report
                .needs
                .iter()
                .find(|n| &n.competency == c)
                .map(count)
                .unwrap_or_default()
        }));
        row.extend(blank());
        rows.push(row);
    }
    super::csv(&header, rows)
}

/// The training needs, one row per competency, most needed first.
fn needs_csv(report: &TeamReport) -> String {
    super::csv(
        &[
            "competency",
            "name",
            "required",
            "below",
            "shortfall",
            "unrated",
            "people",
        ],
        report.needs.iter().map(|n| {
            vec![
                n.competency.clone(),
                n.name.clone(),
                n.required.clone(),
                n.below.to_string(),
                n.shortfall.to_string(),
                n.unrated.to_string(),
                report.people.to_string(),
            ]
        }),
    )
}

fn team_table(report: &TeamReport, style: Style) -> String {
    let mut out = format!(
        "{} against {} — role {}, framework {}\n",
        super::count(report.people, "person", "people"),
        report.role_name,
        report.role,
        report.framework
    );
    if report.people == 0 {
        out.push_str("nobody in the workspace has been assessed on this framework\n");
        return out;
    }
    if report.members.is_empty() {
        let _ = writeln!(
            out,
            "{} of {} meet the whole role.",
            report.meeting_role, report.people
        );
        needs_table(report, style, &mut out);
        return out;
    }
    let mut header = vec!["person".to_owned()];
    header.extend(report.competencies.iter().cloned());
    header.push("meets".to_owned());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = super::table(style, &header_refs);
    let required: Vec<String> = report
        .competencies
        .iter()
        .map(|c| {
            report
                .needs
                .iter()
                .find(|n| &n.competency == c)
                .map(|n| format!("({})", n.required))
                .unwrap_or_default()
        })
        .collect();
    let mut requirement_row = vec!["required".to_owned()];
    requirement_row.extend(required);
    requirement_row.push(String::new());
    table.add_row(super::cells(requirement_row));
    for m in &report.members {
        let mut row = vec![m.person.clone()];
        row.extend(
            m.cells
                .iter()
                .map(|c| cell_text(c.rating.as_deref(), c.status)),
        );
        row.push(format!("{} of {}", m.summary.met(), m.summary.applicable()));
        table.add_row(super::cells(row));
    }
    let _ = writeln!(out, "{table}");
    let _ = writeln!(
        out,
        "✓ meets  ▲ exceeds  ▼ below  – unrated. {} of {} meet the whole role.",
        report.meeting_role, report.people
    );
    needs_table(report, style, &mut out);
    out
}

fn needs_table(report: &TeamReport, style: Style, out: &mut String) {
    out.push_str("\nTraining needs (most people below first)\n");
    let mut needs = super::table(
        style,
        &[
            "competency",
            "required",
            "below",
            "shortfall (levels)",
            "unrated",
        ],
    );
    for n in &report.needs {
        needs.add_row(super::cells(vec![
            n.competency.clone(),
            n.required.clone(),
            n.below.to_string(),
            n.shortfall.to_string(),
            n.unrated.to_string(),
        ]));
    }
    let _ = writeln!(out, "{needs}");
}

fn team_markdown(report: &TeamReport) -> String {
    let mut out = format!(
        "# Team against {} — role `{}`\n\nFramework `{}`; {}, {} meet the whole role.\n\n",
        md(&report.role_name),
        report.role,
        report.framework,
        super::count(report.people, "person", "people"),
        report.meeting_role
    );
    let _ = write!(out, "| person |");
    for c in &report.competencies {
        let _ = write!(out, " `{c}` |");
    }
    out.push_str(" meets |\n|---|");
    for _ in &report.competencies {
        out.push_str("---|");
    }
    out.push_str("---|\n| *required* |");
    for c in &report.competencies {
        let required = report
            .needs
            .iter()
            .find(|n| &n.competency == c)
            .map_or("", |n| n.required.as_str());
        let _ = write!(out, " *{required}* |");
    }
    out.push_str(" |\n");
    for m in &report.members {
        let _ = write!(out, "| `{}` |", m.person);
        for c in &m.cells {
            let _ = write!(out, " {} |", cell_text(c.rating.as_deref(), c.status));
        }
        let _ = writeln!(out, " {} of {} |", m.summary.met(), m.summary.applicable());
    }
    out.push_str("\n## Training needs\n\n| competency | required | below | shortfall (levels) | unrated |\n|---|---|---|---|---|\n");
    for n in &report.needs {
        let _ = writeln!(
            out,
            "| {} (`{}`) | `{}` | {} | {} | {} |",
            md(&n.name),
            n.competency,
            n.required,
            n.below,
            n.shortfall,
            n.unrated
        );
    }
    out
}
