//! `status`: the appraisal cycle and what each person still owes in it.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::error::Result;
use crate::report::status::{Line, NotOwing, StatusReport};

fn who(line: &Line) -> String {
    match &line.name {
        Some(name) if *name != line.person => format!("{name} ({})", line.person),
        _ => line.person.clone(),
    }
}

fn manager(line: &Line) -> String {
    line.manager_name
        .clone()
        .or_else(|| line.manager.clone())
        .unwrap_or_default()
}

fn owed(line: &Line) -> String {
    let owed: Vec<&str> = line.outstanding.iter().map(|o| o.as_str()).collect();
    if owed.is_empty() {
        "done".to_owned()
    } else {
        owed.join(", ")
    }
}

fn day(text: Option<&String>) -> String {
    text.cloned().unwrap_or_else(|| "–".to_owned())
}

/// Whether anyone listed has agreed actions still open (reviews recorded):
/// only then do the table and Markdown give them a column.
fn has_actions(report: &StatusReport) -> bool {
    report.people.iter().any(|l| l.actions_open > 0)
}

/// Whether any peer has given feedback on anyone listed this cycle: only
/// then do the table and Markdown give it a column.
fn has_peers(report: &StatusReport) -> bool {
    report.people.iter().any(|l| l.peers > 0)
}

/// Open actions past their due day, per line manager: `Sam Lee 1 of 3`.
fn per_manager(report: &StatusReport) -> String {
    let managers: Vec<String> = report
        .managers
        .iter()
        .filter(|m| m.actions_open > 0 || m.actions_overdue > 0)
        .map(|m| {
            format!(
                "{} {} of {}",
                m.name.as_deref().unwrap_or(&m.manager),
                m.actions_overdue,
                m.actions_open
            )
        })
        .collect();
    if managers.is_empty() {
        return String::new();
    }
    format!("by line manager: {}", managers.join(", "))
}

fn heading(report: &StatusReport) -> String {
    let c = &report.cycle;
    let overdue = report.people.iter().filter(|l| l.overdue).count();
    let done = report
        .people
        .iter()
        .filter(|l| l.outstanding.is_empty())
        .count();
    let mut text = format!(
        "appraisal cycle {} to {}, due {}; as of {}: {} of {} done, {} overdue",
        c.start,
        c.end,
        c.due,
        c.as_of,
        done,
        super::count(report.people.len(), "person", "people"),
        overdue
    );
    if has_actions(report) {
        let late: usize = report.people.iter().map(|l| l.actions_overdue).sum();
        let _ = write!(
            text,
            "; {} past {} due day",
            super::count(late, "agreed action", "agreed actions"),
            if late == 1 { "its" } else { "their" }
        );
    }
    text
}

/// Someone owing nothing, as people read them.
fn not_owing_who(n: &NotOwing) -> String {
    match &n.name {
        Some(name) if *name != n.person => format!("{name} ({})", n.person),
        _ => n.person.clone(),
    }
}

/// Who in scope owes nothing, and why, under the table.
fn not_owing_text(report: &StatusReport, style: Style, out: &mut String) {
    if report.not_owing.is_empty() {
        return;
    }
    let names: Vec<String> = report
        .not_owing
        .iter()
        .map(|n| format!("{} ({})", not_owing_who(n), n.reason))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        style.wrap(
            &format!(
                "Not counted: {} — {}.",
                super::count(report.not_owing.len(), "person owes", "people owe")
                    + " nothing this cycle",
                names.join("; ")
            ),
            "",
            ""
        )
    );
}

/// The leavers past the retention period, in words (empty for none).
fn retention_sentence(report: &StatusReport) -> Option<String> {
    let r = report.retention.as_ref().filter(|r| !r.past.is_empty())?;
    let names: Vec<String> = r
        .past
        .iter()
        .map(|l| format!("{} ({}, left {})", l.name, l.person, l.left))
        .collect();
    Some(format!(
        "Past the retention period ({} after leaving): {} — {}; `competency purge` removes them.",
        super::count(usize::from(r.years), "year", "years"),
        super::count(r.past.len(), "person left", "people left")
            + &format!(" before {}", r.left_before),
        names.join("; ")
    ))
}

pub(crate) fn render(report: &StatusReport, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv => super::csv(
            &[
                "person",
                "name",
                "role",
                "team",
                "manager",
                "last-self",
                "last-manager",
                "last-final",
                "outstanding",
                "overdue",
                "cycle-start",
                "cycle-due",
                "actions-open",
                "actions-overdue",
                "peers",
            ],
            report.people.iter().map(|l| {
                vec![
                    l.person.clone(),
                    l.name.clone().unwrap_or_default(),
                    l.role.clone().unwrap_or_default(),
                    l.team.clone().unwrap_or_default(),
                    l.manager.clone().unwrap_or_default(),
                    l.last_self.clone().unwrap_or_default(),
                    l.last_manager.clone().unwrap_or_default(),
                    l.last_final.clone().unwrap_or_default(),
                    owed(l),
                    l.overdue.to_string(),
                    report.cycle.start.to_string(),
                    report.cycle.due.to_string(),
                    l.actions_open.to_string(),
                    l.actions_overdue.to_string(),
                    l.peers.to_string(),
                ]
            }),
        )?,
        Format::Markdown => {
            let actions = has_actions(report);
            let peers = has_peers(report);
            let mut out = format!(
                "# Appraisal status\n\n{}\n\n| person | role | team | manager | last self | last manager | last final | outstanding |{}{}\n|---|---|---|---|---|---|---|---|{}{}\n",
                md(&heading(report)),
                if actions { " overdue actions |" } else { "" },
                if peers { " peers this cycle |" } else { "" },
                if actions { "---|" } else { "" },
                if peers { "---|" } else { "" }
            );
            for l in &report.people {
                let _ = write!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {}{} |",
                    md(&who(l)),
                    md(&l.role.clone().unwrap_or_default()),
                    md(&l.team.clone().unwrap_or_default()),
                    md(&manager(l)),
                    day(l.last_self.as_ref()),
                    day(l.last_manager.as_ref()),
                    day(l.last_final.as_ref()),
                    md(&owed(l)),
                    if l.overdue { " **overdue**" } else { "" }
                );
                if actions {
                    let _ = write!(out, " {} |", actions_cell(l));
                }
                if peers {
                    let _ = write!(out, " {} |", l.peers);
                }
                out.push('\n');
            }
            if actions {
                let _ = writeln!(out, "\noverdue actions: {}", md(&actions_note(report)));
            }
            if !report.not_owing.is_empty() {
                out.push_str("\n## Owing nothing this cycle\n\n");
                for n in &report.not_owing {
                    let _ = writeln!(out, "- {}: {}", md(&not_owing_who(n)), md(&n.reason));
                }
            }
            if let Some(sentence) = retention_sentence(report) {
                let _ = write!(out, "\n{}\n", md(&sentence));
            }
            out
        }
        Format::Table => status_table(report, style),
    })
}

/// What the overdue actions column counts, and the count per line manager.
fn actions_note(report: &StatusReport) -> String {
    let mut note = "of the agreed actions still open, those past their due day (`competency actions --overdue` lists them)".to_owned();
    let managers = per_manager(report);
    if !managers.is_empty() {
        note.push_str("; ");
        note.push_str(&managers);
    }
    note
}

/// A person's overdue actions: `1 of 3` (past due of open), `–` with none open.
fn actions_cell(line: &Line) -> String {
    if line.actions_open == 0 {
        "–".to_owned()
    } else {
        format!("{} of {}", line.actions_overdue, line.actions_open)
    }
}

fn status_table(report: &StatusReport, style: Style) -> String {
    let mut out = format!("{}\n", style.wrap(&heading(report), "", ""));
    if report.people.is_empty() {
        out.push_str("nobody in scope owes an assessment\n");
        not_owing_text(report, style, &mut out);
        retention_text(report, style, &mut out);
        return out;
    }
    let actions = has_actions(report);
    let mut header = vec![
        "person",
        "role",
        "team",
        "manager",
        "last self",
        "last manager",
        "last final",
        "outstanding",
    ];
    if actions {
        header.push("overdue actions");
    }
    let peers = has_peers(report);
    if peers {
        header.push("peers this cycle");
    }
    let mut table = super::table(style, &header).details(&[
        "team",
        "last self",
        "last manager",
        "manager",
        "peers this cycle",
        "overdue actions",
    ]);
    for l in &report.people {
        let mut outstanding = owed(l);
        if l.overdue {
            outstanding.push_str(" · OVERDUE");
        }
        let mut row = vec![
            who(l),
            l.role.clone().unwrap_or_default(),
            l.team.clone().unwrap_or_default(),
            manager(l),
            day(l.last_self.as_ref()),
            day(l.last_manager.as_ref()),
            day(l.last_final.as_ref()),
            outstanding,
        ];
        if actions {
            row.push(actions_cell(l));
        }
        if peers {
            row.push(l.peers.to_string());
        }
        table.add_row(super::cells(row));
    }
    let _ = writeln!(out, "{table}");
    out.push_str(&style.wrap("outstanding: what is still to be recorded this cycle — self (a self-assessment), manager (a manager's assessment), sign-off (a final manager's assessment); last final: the latest final manager's assessment", "", ""));
    out.push('\n');
    if actions {
        out.push_str(&style.wrap(
            &format!("overdue actions: {}", actions_note(report)),
            "",
            "",
        ));
        out.push('\n');
    }
    not_owing_text(report, style, &mut out);
    retention_text(report, style, &mut out);
    out
}

fn retention_text(report: &StatusReport, style: Style, out: &mut String) {
    if let Some(sentence) = retention_sentence(report) {
        let _ = writeln!(out, "{}", style.wrap(&sentence, "", ""));
    }
}
