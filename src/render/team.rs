//! `team`, `readiness`, `history`: reports across people, roles and time.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::analysis::{CompetencyHistory, Fit, HistoryEntry, Status, TeamReport};

fn mark(status: Status) -> &'static str {
    match status {
        Status::Below => "▼",
        Status::Meets => "✓",
        Status::Exceeds => "▲",
        Status::Unrated => "?",
        Status::NotApplicable => "n/a",
    }
}

fn cell_text(rating: Option<&str>, status: Status) -> String {
    match (rating, status) {
        (_, Status::NotApplicable) => "n/a".to_owned(),
        (None, _) => "–".to_owned(),
        (Some(level), status) => format!("{level} {}", mark(status)),
    }
}

pub fn render_team(report: &TeamReport, format: Format, style: Style) -> String {
    match format {
        Format::Json => super::json(report),
        Format::Csv => {
            let mut header = vec!["person"];
            header.extend(report.competencies.iter().map(String::as_str));
            header.extend(["met", "applicable", "shortfall"]);
            super::csv(
                &header,
                report.members.iter().map(|m| {
                    let mut row = vec![m.person.clone()];
                    row.extend(m.cells.iter().map(|c| match c.status {
                        Status::NotApplicable => "n/a".to_owned(),
                        _ => c.rating.clone().unwrap_or_default(),
                    }));
                    row.push(m.summary.met().to_string());
                    row.push(m.summary.applicable().to_string());
                    row.push(m.shortfall.to_string());
                    row
                }),
            )
        }
        Format::Markdown => team_markdown(report),
        Format::Table => team_table(report, style),
    }
}

fn team_table(report: &TeamReport, style: Style) -> String {
    let mut out = format!(
        "{} people against {} ({}), framework {}\n",
        report.people, report.role_name, report.role, report.framework
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
    table.add_row(requirement_row);
    for m in &report.members {
        let mut row = vec![m.person.clone()];
        row.extend(
            m.cells
                .iter()
                .map(|c| cell_text(c.rating.as_deref(), c.status)),
        );
        row.push(format!("{} of {}", m.summary.met(), m.summary.applicable()));
        table.add_row(row);
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
        needs.add_row(vec![
            n.competency.clone(),
            n.required.clone(),
            n.below.to_string(),
            n.shortfall.to_string(),
            n.unrated.to_string(),
        ]);
    }
    let _ = writeln!(out, "{needs}");
}

fn team_markdown(report: &TeamReport) -> String {
    let mut out = format!(
        "# Team against {} (`{}`)\n\nFramework `{}`; {} people, {} meet the whole role.\n\n",
        md(&report.role_name),
        report.role,
        report.framework,
        report.people,
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

pub fn render_readiness(person: &str, fits: &[Fit], format: Format, style: Style) -> String {
    match format {
        Format::Json => super::json(fits),
        Format::Csv => super::csv(
            &[
                "person",
                "role",
                "framework",
                "met",
                "applicable",
                "below",
                "unrated",
                "shortfall",
                "current",
                "illustrative",
            ],
            fits.iter().map(|f| {
                vec![
                    person.to_owned(),
                    f.role.clone(),
                    f.framework.clone(),
                    f.summary.met().to_string(),
                    f.summary.applicable().to_string(),
                    f.summary.below.to_string(),
                    f.summary.unrated.to_string(),
                    f.shortfall.to_string(),
                    f.current.to_string(),
                    f.illustrative.to_string(),
                ]
            }),
        ),
        Format::Markdown => {
            let mut out = format!(
                "# Roles for `{person}`, nearest first\n\n| role | framework | met | shortfall (levels) | still below |\n|---|---|---|---|---|\n"
            );
            for f in fits {
                let below: Vec<String> = f
                    .below
                    .iter()
                    .map(|(c, g)| format!("`{c}` (−{g})"))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {}{} (`{}`) | `{}` | {} of {} | {} | {} |",
                    md(&f.name),
                    if f.current { " — current" } else { "" },
                    f.role,
                    f.framework,
                    f.summary.met(),
                    f.summary.applicable(),
                    f.shortfall,
                    below.join(", ")
                );
            }
            out
        }
        Format::Table => {
            let mut out = format!("roles for {person}, nearest first\n");
            if fits.is_empty() {
                out.push_str("no role can be compared: the person has no assessments on a framework with role profiles\n");
                return out;
            }
            let mut table = super::table(
                style,
                &["role", "framework", "met", "shortfall", "still below"],
            );
            for f in fits {
                let mut name = f.role.clone();
                if f.current {
                    name.push_str(" (current)");
                }
                let below: Vec<String> = f.below.iter().map(|(c, g)| format!("{c} −{g}")).collect();
                let mut met = format!("{} of {}", f.summary.met(), f.summary.applicable());
                if f.summary.unrated > 0 {
                    let _ = write!(met, " ({} unrated)", f.summary.unrated);
                }
                table.add_row(vec![
                    name,
                    f.framework.clone(),
                    met,
                    f.shortfall.to_string(),
                    below.join(", "),
                ]);
            }
            let _ = writeln!(out, "{table}");
            out
        }
    }
}

fn change_text(change: Option<i64>) -> String {
    match change {
        Some(c) if c > 0 => format!("+{c}"),
        Some(0) => "=".to_owned(),
        Some(c) => c.to_string(),
        None => String::new(),
    }
}

pub fn render_history(
    person: &str,
    history: &[CompetencyHistory],
    format: Format,
    style: Style,
) -> String {
    match format {
        Format::Json => super::json(history),
        Format::Csv => super::csv(
            &[
                "person",
                "framework",
                "competency",
                "date",
                "by",
                "rater",
                "level",
                "change",
                "file",
            ],
            history_rows(history).map(|(h, e)| {
                vec![
                    person.to_owned(),
                    h.framework.clone(),
                    h.competency.clone(),
                    e.date.clone(),
                    e.by.to_string(),
                    e.rater.clone().unwrap_or_default(),
                    entry_level(e),
                    e.change.map(|c| c.to_string()).unwrap_or_default(),
                    e.file.clone(),
                ]
            }),
        ),
        Format::Markdown => history_markdown(person, history),
        Format::Table => history_table(person, history, style),
    }
}

fn history_rows(
    history: &[CompetencyHistory],
) -> impl Iterator<Item = (&CompetencyHistory, &HistoryEntry)> {
    history
        .iter()
        .flat_map(|h| h.entries.iter().map(move |e| (h, e)))
}

fn entry_level(e: &HistoryEntry) -> String {
    if e.not_applicable {
        "n/a".to_owned()
    } else {
        e.level.clone().unwrap_or_else(|| "–".to_owned())
    }
}

fn history_markdown(person: &str, history: &[CompetencyHistory]) -> String {
    let mut out = format!("# Ratings of `{person}` over time\n");
    for h in history {
        let _ = writeln!(
            out,
            "\n## {} (`{}`, `{}`)\n\n| date | by | rater | level | change |\n|---|---|---|---|---|",
            md(&h.name),
            h.competency,
            h.framework
        );
        for e in &h.entries {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.date,
                e.by,
                md(e.rater.as_deref().unwrap_or("")),
                entry_level(e),
                change_text(e.change)
            );
        }
    }
    out
}

fn history_table(person: &str, history: &[CompetencyHistory], style: Style) -> String {
    if history.is_empty() {
        return format!("no ratings recorded for {person}\n");
    }
    let mut table = super::table(
        style,
        &[
            "framework",
            "competency",
            "date",
            "by",
            "rater",
            "level",
            "change",
        ],
    );
    for h in history {
        for (i, e) in h.entries.iter().enumerate() {
            let (framework, competency) = if i == 0 {
                (h.framework.clone(), h.competency.clone())
            } else {
                (String::new(), String::new())
            };
            table.add_row(vec![
                framework,
                competency,
                e.date.clone(),
                e.by.to_string(),
                e.rater.clone().unwrap_or_default(),
                entry_level(e),
                change_text(e.change),
            ]);
        }
    }
    format!(
        "ratings of {person} over time (change since the previous rating by the same kind of rater)\n{table}\n"
    )
}
