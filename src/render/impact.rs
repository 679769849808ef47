//! `impact`: what a draft role would change, as a table, JSON (the report's
//! serde form), Markdown, or CSV (one row per person and competency whose
//! standing would change).

use std::fmt::Write as _;

use super::{Format, Style, count, md};
use crate::error::Result;
use crate::record::Status;
use crate::report::Standing;
use crate::report::impact::{Affected, Change, ImpactReport, Moved, NeedChange, RoleImpact, Who};

fn who(name: Option<&str>, person: &str) -> String {
    match name {
        Some(name) if name != person => format!("{name} ({person})"),
        _ => person.to_owned(),
    }
}

fn team(team: Option<&str>) -> String {
    team.map_or_else(|| "(no team)".to_owned(), str::to_owned)
}

fn level(level: Option<&str>) -> String {
    level.map_or_else(|| "–".to_owned(), str::to_owned)
}

/// The level a person's line shows, marked `*` when its record is a draft.
fn rated(m: &Moved) -> String {
    let mut text = level(m.level.as_deref());
    if m.status == Some(Status::Draft) {
        text.push_str(" *");
    }
    text
}

/// The key of `*`, when a rating shown is from a draft record.
fn draft_key(people: &[&Affected]) -> Option<&'static str> {
    people
        .iter()
        .flat_map(|p| &p.competencies)
        .any(|m| m.status == Some(Status::Draft))
        .then_some("*: from a draft record, not yet final.")
}

/// The person as a line names them, marked `S` when their line shows only
/// their own ratings (which the figures do not count).
fn person(p: &Affected) -> String {
    let mut text = who(p.name.as_deref(), &p.person);
    if !p.counted {
        text.push_str(" S");
    }
    text
}

fn names(people: &[Who]) -> String {
    if people.is_empty() {
        return "nobody".to_owned();
    }
    people
        .iter()
        .map(|w| who(w.name.as_deref(), &w.person))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `engaged → established (raised)`, `– → 3 (added)`.
fn requirement_change(r: &crate::report::impact::Requirement) -> String {
    format!(
        "{} → {} ({})",
        level(r.before.as_deref()),
        level(r.after.as_deref()),
        r.change.as_str()
    )
}

/// The heading: which file, on which day, and that nothing is written.
fn heading(report: &ImpactReport) -> String {
    format!(
        "Impact of the draft {} on the workspace as of {} (nothing is written)",
        report.file, report.as_of
    )
}

/// The role's heading line.
fn role_heading(r: &RoleImpact) -> String {
    let mut text = format!("{} ({}), framework {}", r.name, r.role, r.framework);
    match &r.framework_before {
        None => text.push_str(": a new role"),
        Some(before) if *before != r.framework => {
            let _ = write!(text, ": moved from framework {before}");
        }
        Some(_) => {}
    }
    text
}

/// Who holds the role and who meets it, now and with the draft.
fn counts(r: &RoleImpact) -> String {
    if r.people == 0 {
        return format!(
            "Nobody in the workspace holds {} on this day, so nobody's standing changes.",
            r.role
        );
    }
    let own = if r.not_counted.is_empty() {
        String::new()
    } else {
        format!(
            " ({} with only their own ratings, not counted)",
            r.not_counted.len()
        )
    };
    let mut text = format!(
        "{} the role{own}; the figures count {} ratings (a requirement nobody rated is never met). Meeting the whole role: {} now, {} with the draft.",
        count(r.people, "person holds", "people hold"),
        match r.counted_by {
            crate::report::Whose::Manager => "their line manager's",
            whose => whose.possessive(),
        },
        r.meeting_before,
        r.meeting_after
    );
    if r.drafts > 0 {
        let _ = write!(
            text,
            " Of the people counted, {} from draft records, not yet final.",
            count(r.drafts, "has ratings", "have ratings")
        );
    }
    if unchanged(r) {
        text.push_str(" The draft asks what the workspace's role asks now: nothing would change.");
    }
    text
}

/// Everyone listed as newly below or newly meeting.
fn affected(r: &RoleImpact) -> Vec<&Affected> {
    r.newly_below.iter().chain(&r.newly_meets).collect()
}

fn unchanged(r: &RoleImpact) -> bool {
    r.framework_before.as_deref() == Some(r.framework.as_str())
        && r.requirements.iter().all(|q| q.change == Change::Same)
}

/// The rows of the training needs that change: per team, then the total.
fn need_rows(r: &RoleImpact) -> Vec<(String, &NeedChange)> {
    let mut rows = Vec::new();
    for t in &r.teams {
        for n in t.needs.iter().filter(|n| n.changes()) {
            rows.push((team(t.team.as_deref()), n));
        }
    }
    for n in r.total.iter().filter(|n| n.changes()) {
        rows.push(("total".to_owned(), n));
    }
    rows
}

fn arrow<T: std::fmt::Display + PartialEq>(before: &T, after: &T) -> String {
    if before == after {
        format!("{after}")
    } else {
        format!("{before} → {after}")
    }
}

fn standing(s: Standing) -> &'static str {
    s.as_str()
}

pub(crate) fn render(report: &ImpactReport, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv => csv(report)?,
        Format::Markdown => markdown(report),
        Format::Table => table(report, style),
    })
}

fn csv(report: &ImpactReport) -> Result<String> {
    let mut rows = Vec::new();
    for r in &report.roles {
        for (change, people) in [
            ("newly-below", &r.newly_below),
            ("newly-meets", &r.newly_meets),
        ] {
            for p in people {
                for m in &p.competencies {
                    rows.push(vec![
                        r.role.clone(),
                        p.person.clone(),
                        p.name.clone().unwrap_or_default(),
                        p.team.clone().unwrap_or_default(),
                        p.by.map(|b| b.as_str().to_owned()).unwrap_or_default(),
                        p.counted.to_string(),
                        change.to_owned(),
                        m.competency.clone(),
                        m.level.clone().unwrap_or_default(),
                        m.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                        m.required_before.clone().unwrap_or_default(),
                        m.required_after.clone().unwrap_or_default(),
                        standing(m.before).to_owned(),
                        standing(m.after).to_owned(),
                    ]);
                }
            }
        }
    }
    super::csv(
        &[
            "role",
            "person",
            "name",
            "team",
            "by",
            "counted",
            "change",
            "competency",
            "level",
            "status",
            "required-before",
            "required-after",
            "before",
            "after",
        ],
        rows,
    )
}

fn table(report: &ImpactReport, style: Style) -> String {
    let mut out = format!("{}\n", style.wrap(&heading(report), "", ""));
    for r in &report.roles {
        let _ = writeln!(out, "\n{}", style.wrap(&role_heading(r), "", ""));
        let mut grid = super::table(style, &["competency", "now → draft"]);
        for q in &r.requirements {
            grid.add_row(super::cells([q.name.clone(), requirement_change(q)]));
        }
        let _ = writeln!(out, "{grid}");
        let _ = writeln!(out, "{}", style.wrap(&counts(r), "", ""));
        if r.people == 0 {
            continue;
        }
        for (title, people) in [
            ("Would newly fall below", &r.newly_below),
            ("Would newly meet (below now)", &r.newly_meets),
        ] {
            let _ = writeln!(out, "\n{title}:");
            if people.is_empty() {
                out.push_str("nobody\n");
                continue;
            }
            let mut grid = super::table(
                style,
                &[
                    "person",
                    "team",
                    "competency",
                    "rated",
                    "required now → draft",
                ],
            )
            .details(&["team"]);
            for p in people {
                for m in &p.competencies {
                    grid.add_row(super::cells([
                        person(p),
                        team(p.team.as_deref()),
                        m.name.clone(),
                        rated(m),
                        format!(
                            "{} → {}",
                            level(m.required_before.as_deref()),
                            level(m.required_after.as_deref())
                        ),
                    ]));
                }
            }
            let _ = writeln!(out, "{grid}");
        }
        let line = format!(
            "Would newly meet the whole role: {}. Would no longer meet it: {}.",
            names(&r.now_meet_role),
            names(&r.no_longer_meet_role)
        );
        let _ = writeln!(out, "\n{}", style.wrap(&line, "", ""));
        if !r.not_counted.is_empty() {
            let line = format!(
                "S: only their own ratings are recorded, so the figures do not count them: {}.",
                names(&r.not_counted)
            );
            let _ = writeln!(out, "{}", style.wrap(&line, "", ""));
        }
        if let Some(key) = draft_key(&affected(r)) {
            let _ = writeln!(out, "{}", style.wrap(key, "", ""));
        }
        let rows = need_rows(r);
        let _ = writeln!(out, "\nTraining needs, now → with the draft:");
        if rows.is_empty() {
            out.push_str("no change\n");
            continue;
        }
        let mut grid = super::table(
            style,
            &[
                "team",
                "competency",
                "people below",
                "levels short",
                "not rated",
            ],
        );
        for (t, n) in rows {
            grid.add_row(super::cells([
                t,
                n.name.clone(),
                arrow(&n.below_before, &n.below_after),
                arrow(&n.shortfall_before, &n.shortfall_after),
                arrow(&n.unrated_before, &n.unrated_after),
            ]));
        }
        let _ = writeln!(out, "{grid}");
        out.push_str(&style.wrap(
            "Only competencies whose needs change are listed; the people of other roles are not affected.",
            "",
            "",
        ));
        out.push('\n');
    }
    out
}

fn markdown(report: &ImpactReport) -> String {
    let mut out = format!("# Impact of a draft role\n\n{}\n", md(&heading(report)));
    for r in &report.roles {
        let _ = write!(
            out,
            "\n## {}\n\n| competency | now → draft |\n|---|---|\n",
            md(&role_heading(r))
        );
        for q in &r.requirements {
            let _ = writeln!(out, "| {} | {} |", md(&q.name), md(&requirement_change(q)));
        }
        let _ = writeln!(out, "\n{}", md(&counts(r)));
        if r.people == 0 {
            continue;
        }
        for (title, people) in [
            ("Would newly fall below", &r.newly_below),
            ("Would newly meet (below now)", &r.newly_meets),
        ] {
            let _ = write!(out, "\n### {title}\n\n");
            if people.is_empty() {
                out.push_str("Nobody.\n");
                continue;
            }
            out.push_str("| person | team | competency | rated | required now → draft |\n|---|---|---|---|---|\n");
            for p in people {
                for m in &p.competencies {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} → {} |",
                        md(&person(p)),
                        md(&team(p.team.as_deref())),
                        md(&m.name),
                        md(&rated(m)),
                        md(&level(m.required_before.as_deref())),
                        md(&level(m.required_after.as_deref()))
                    );
                }
            }
        }
        let _ = write!(
            out,
            "\nWould newly meet the whole role: {}. Would no longer meet it: {}.\n",
            md(&names(&r.now_meet_role)),
            md(&names(&r.no_longer_meet_role))
        );
        if !r.not_counted.is_empty() {
            let _ = writeln!(
                out,
                "\nS: only their own ratings are recorded, so the figures do not count them: {}.",
                md(&names(&r.not_counted))
            );
        }
        if let Some(key) = draft_key(&affected(r)) {
            let _ = writeln!(out, "\n{}", md(key));
        }
        out.push_str("\n### Training needs, now → with the draft\n\n");
        let rows = need_rows(r);
        if rows.is_empty() {
            out.push_str("No change.\n");
            continue;
        }
        out.push_str("| team | competency | people below | levels short | not rated |\n|---|---|---|---|---|\n");
        for (t, n) in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&t),
                md(&n.name),
                arrow(&n.below_before, &n.below_after),
                arrow(&n.shortfall_before, &n.shortfall_after),
                arrow(&n.unrated_before, &n.unrated_after)
            );
        }
    }
    out
}
