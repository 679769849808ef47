//! `plan`: the development plan. As Markdown it is an appraisal pack to
//! print or paste.

use std::fmt::Write as _;

use super::gap::{Options, by_word, gap_markdown, gap_table, level_text, raters_line};
use super::notes::Notes;
use super::{Format, Style, md};
use crate::error::Result;
use crate::model::{Framework, Subject};
use crate::record::RaterKind;
use crate::report::plan::{Plan, PlanItem, PlanStep, Strength};

pub(crate) fn render_plan(
    framework: &Framework,
    plan: &Plan,
    format: Format,
    style: Style,
) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(plan)?,
        Format::Csv => super::csv(
            &[
                "person",
                "role",
                "competency",
                "rating",
                "required",
                "level",
                "behaviour",
                "theme",
                "perspective",
                "ticked-by",
            ],
            plan.items.iter().flat_map(|item| {
                item.steps.iter().flat_map(move |step| {
                    step.behaviours.iter().map(move |b| {
                        let ticked_by: Vec<&str> =
                            step.ticked_by(b).iter().map(|k| k.as_str()).collect();
                        vec![
                            plan.gap.person.clone(),
                            plan.gap.role.clone(),
                            item.competency.clone(),
                            if item.below_first {
                                item_rating(plan, item)
                            } else {
                                item.rating.clone().unwrap_or_default()
                            },
                            item.required.clone(),
                            step.level.clone().unwrap_or_default(),
                            b.clone(),
                            step.theme.clone().unwrap_or_default(),
                            step.perspective
                                .map(|p| framework.perspective_name(p).to_owned())
                                .unwrap_or_default(),
                            ticked_by.join(" "),
                        ]
                    })
                })
            }),
        )?,
        Format::Markdown => plan_markdown(framework, plan),
        Format::Table => plan_text(framework, plan, style),
    })
}

pub(super) fn step_name(framework: &Framework, step: &PlanStep) -> String {
    let mut name = match &step.level {
        Some(code) => framework.level_heading(code),
        None => framework.labels.positive.clone(),
    };
    if let Some(theme) = &step.theme {
        name = format!("{theme}: {name}");
    }
    if let Some(perspective) = step.perspective {
        let _ = write!(name, " — {}", framework.perspective_name(perspective));
    }
    name
}

/// Who ticked a behaviour still to show, said to the person: "you ticked
/// this; your manager's rating is lower — discuss" when their own
/// checklist shows what the rating used does not.
pub(super) fn ticked_note(plan: &Plan, step: &PlanStep, behaviour: &str) -> Option<String> {
    let by = step.ticked_by(behaviour);
    if by.is_empty() {
        return None;
    }
    let used = plan.gap.by;
    let whose = |kind: RaterKind| match kind {
        RaterKind::SelfAssessment => "you",
        RaterKind::Manager => "your manager",
        RaterKind::Peer => "your peers",
    };
    let names: Vec<&str> = by.iter().map(|&k| whose(k)).collect();
    let mut note = format!("{} ticked this", names.join(" and "));
    if by.contains(&RaterKind::SelfAssessment) && used != RaterKind::SelfAssessment {
        let _ = write!(
            note,
            "; {} rating is lower — discuss",
            match used {
                RaterKind::Manager => "your manager's",
                _ => "your peers'",
            }
        );
    } else if by.contains(&used) {
        note.push_str(", above the level it gives so far");
    }
    Some(note)
}

/// The rating a plan item starts from, in words.
pub(super) fn item_rating(plan: &Plan, item: &PlanItem) -> String {
    match plan
        .gap
        .rows
        .iter()
        .find(|r| r.competency == item.competency)
    {
        Some(row) if item.below_first => row.not_yet.clone(),
        _ => level_text(item.rating.as_deref()),
    }
}

/// How a pack names its parts: an appraisal of a person, or an
/// organisational review of an organisation or team.
pub(crate) struct Words {
    /// `Appraisal`, `Organisational review`.
    pub(crate) title: &'static str,
    /// `Person`, `Organisation`.
    pub(crate) subject: &'static str,
    /// `Line manager`, `Assessed by`.
    pub(crate) rater: &'static str,
    /// `Countersigning manager`, `Countersigned by`.
    pub(crate) countersigner: &'static str,
}

pub(crate) fn words(subject: Subject) -> Words {
    match subject {
        Subject::Person => Words {
            title: "Appraisal",
            subject: "Person",
            rater: "Line manager",
            countersigner: "Countersigning manager",
        },
        Subject::Organisation => Words {
            title: "Organisational review",
            subject: "Organisation",
            rater: "Assessed by",
            countersigner: "Countersigned by",
        },
    }
}

/// How many empty rows the agreed actions table has.
pub(super) const ACTION_ROWS: usize = 5;

/// The line manager's name for the sign-off: the roster's, else their id,
/// else the rater of the manager assessment used.
pub(super) fn manager_name(plan: &Plan) -> Option<String> {
    plan.profile
        .manager_name
        .clone()
        .or_else(|| plan.profile.manager.clone())
        .or_else(|| {
            plan.gap
                .raters
                .iter()
                .find(|r| r.by == RaterKind::Manager)
                .and_then(|r| r.rater.clone())
        })
}

/// Who countersigns: the line manager's own manager in the roster, by
/// name, else id; `None` leaves the name to write in.
pub(super) fn countersigner_name(plan: &Plan) -> Option<String> {
    plan.profile
        .countersigner_name
        .clone()
        .or_else(|| plan.profile.countersigner.clone())
}

/// The line manager as a line of the pack's heading: name and id.
pub(super) fn manager_line(plan: &Plan) -> Option<String> {
    let p = &plan.profile;
    match (&p.manager_name, &p.manager) {
        (Some(name), Some(id)) if name != id => Some(format!("{name} ({id})")),
        (_, Some(id)) => Some(id.clone()),
        _ => manager_name(plan),
    }
}

/// The notes under the pack's gap table: every negative behaviour recorded
/// among them, those of a competency in the plan too (which its steps list
/// again, to work on), so the list under the table is whole.
pub(super) fn notes(plan: &Plan) -> Notes {
    Notes::of(&plan.gap)
}

/// ` · ✗ 2 Contra Indicators recorded` after a strength whose competency has
/// negative behaviours recorded: a level met never hides them.
pub(super) fn strength_mark(plan: &Plan, s: &Strength) -> String {
    if s.negative.is_empty() {
        String::new()
    } else {
        format!(
            " · {} {} {} recorded",
            crate::render::notes::NEGATIVE_MARK,
            s.negative.len(),
            plan.gap.negative_label
        )
    }
}

/// The competencies met or exceeded: each with the negative behaviours
/// recorded for it (marked) and its evidence.
fn strengths_text(plan: &Plan, style: Style, out: &mut String) {
    if !plan.strengths.is_empty() {
        out.push_str("\nStrengths\n");
        for s in &plan.strengths {
            let line = format!(
                "{}: {} {} (required {}){}",
                s.name,
                s.status.as_str(),
                level_text(s.rating.as_deref()),
                s.required,
                strength_mark(plan, s)
            );
            let _ = writeln!(out, "{}", style.wrap(&line, "  ", "    "));
            for n in &s.negative {
                let _ = writeln!(
                    out,
                    "{}",
                    style.wrap(
                        &format!("{} ({})", n.text, by_word(n.by, plan.gap.subject)),
                        &format!("    {} ", crate::render::notes::NEGATIVE_MARK),
                        "      "
                    )
                );
            }
            for e in &s.evidence {
                let _ = writeln!(
                    out,
                    "{}",
                    style.wrap(
                        &format!("{} ({})", e.text, by_word(e.by, plan.gap.subject)),
                        "    evidence: ",
                        "      "
                    )
                );
            }
        }
    }
}

fn plan_text(framework: &Framework, plan: &Plan, style: Style) -> String {
    let mut out = gap_table(
        framework,
        &plan.gap,
        &notes(plan),
        style,
        Options::default(),
    );
    strengths_text(plan, style, &mut out);
    if plan.items.is_empty() {
        out.push_str("\nNothing to develop for this role: every rated requirement is met.\n");
        if let Some(agreed) = &plan.review {
            out.push_str(&super::review::carried_text(agreed, framework, style));
        }
        return out;
    }
    out.push_str("\nDevelopment plan\n");
    for item in &plan.items {
        let heading = format!(
            "== {} ({}): {} → {} ==",
            item.name,
            item.competency,
            item_rating(plan, item),
            item.required
        );
        let _ = writeln!(out, "\n{}", style.wrap(&heading, "", "   "));
        for step in &item.steps {
            let line = format!("{} — behaviours to show:", step_name(framework, step));
            let _ = writeln!(out, "{}", style.wrap(&line, "  ", "    "));
            for b in &step.behaviours {
                let _ = writeln!(out, "{}", style.wrap(b, "    • ", "      "));
                if let Some(note) = ticked_note(plan, step, b) {
                    let _ = writeln!(out, "{}", style.wrap(&note, "      ✓ ", "        "));
                }
            }
            for lost in &step.lost {
                let _ = writeln!(
                    out,
                    "{}",
                    style.wrap(lost, "    (lost in the source, not to tick) ", "      ")
                );
            }
        }
        for n in &item.negative {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &format!(
                        "{} (recorded by {})",
                        n.text,
                        by_word(n.by, plan.gap.subject)
                    ),
                    &format!("  {} work on: ", crate::render::notes::NEGATIVE_MARK),
                    "      "
                )
            );
        }
        for e in &item.evidence {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &format!("{} ({})", e.text, by_word(e.by, plan.gap.subject)),
                    "  evidence so far: ",
                    "      "
                )
            );
        }
    }
    if let Some(agreed) = &plan.review {
        out.push_str(&super::review::carried_text(agreed, framework, style));
    }
    out
}

/// The pack's title and who, what and when it is of.
fn facts_markdown(framework: &Framework, plan: &Plan) -> String {
    let g = &plan.gap;
    let p = &plan.profile;
    let w = words(g.subject);
    let mut out = format!(
        "# {}: {}\n\n*{}*\n\n",
        w.title,
        md(p.display_name()),
        crate::render::html::MARKING
    );
    out.push_str("| | |\n|---|---|\n");
    let _ = writeln!(out, "| {} | {} |", w.subject, md(&g.who()));
    let _ = writeln!(out, "| Role | {} ({}) |", md(&g.role_name), md(&g.role));
    if let Some(team) = &p.team {
        let _ = writeln!(out, "| Team | {} |", md(team));
    }
    if let Some(manager) = manager_line(plan) {
        let _ = writeln!(out, "| {} | {} |", w.rater, md(&manager));
    }
    let _ = writeln!(
        out,
        "| Framework | {} ({}) |",
        md(&framework.name),
        md(&framework.id)
    );
    let _ = writeln!(out, "| Date | {} |", plan.date.as_deref().unwrap_or("–"));
    let _ = writeln!(out, "| Ratings | {} |", md(&raters_line(g)));
    out
}

/// The competencies met or exceeded, with their evidence.
fn strengths_markdown(plan: &Plan, out: &mut String) {
    out.push_str("## Strengths\n\n");
    if plan.strengths.is_empty() {
        out.push_str("No requirement of the role is met yet.\n\n");
    }
    for s in &plan.strengths {
        let _ = writeln!(
            out,
            "- **{}**: {} (rating {}, required {}){}",
            md(&s.name),
            s.status.as_str(),
            md(&level_text(s.rating.as_deref())),
            md(&s.required),
            md(&strength_mark(plan, s))
        );
        for n in &s.negative {
            let _ = writeln!(
                out,
                "  - {} {} *({})*",
                crate::render::notes::NEGATIVE_MARK,
                md(&n.text),
                by_word(n.by, plan.gap.subject)
            );
        }
        for e in &s.evidence {
            let _ = writeln!(
                out,
                "  - {} *({})*",
                md(&e.text),
                by_word(e.by, plan.gap.subject)
            );
        }
    }
    if !plan.strengths.is_empty() {
        out.push('\n');
    }
}

fn plan_markdown(framework: &Framework, plan: &Plan) -> String {
    let g = &plan.gap;
    let mut out = facts_markdown(framework, plan);
    let _ = writeln!(out, "\n## Where things stand\n");
    gap_markdown(framework, g, &notes(plan), Options::default(), &mut out);
    strengths_markdown(plan, &mut out);
    let _ = writeln!(out, "## Development plan\n");
    if plan.items.is_empty() {
        out.push_str("Nothing to develop for this role: every rated requirement is met.\n\n");
    }
    for item in &plan.items {
        let _ = writeln!(
            out,
            "### {} — from {} to {}\n",
            md(&item.name),
            md(&item_rating(plan, item)),
            md(&item.required)
        );
        for step in &item.steps {
            let _ = writeln!(
                out,
                "**{}** — behaviours to show:\n",
                md(&step_name(framework, step))
            );
            for b in &step.behaviours {
                match ticked_note(plan, step, b) {
                    Some(note) => {
                        let _ = writeln!(out, "- [ ] {} — *{}*", md(b), md(&note));
                    }
                    None => {
                        let _ = writeln!(out, "- [ ] {}", md(b));
                    }
                }
            }
            for lost in &step.lost {
                let _ = writeln!(out, "- {} *(lost in the source, not to tick)*", md(lost));
            }
            out.push('\n');
        }
        if !item.negative.is_empty() {
            let _ = writeln!(
                out,
                "**{} {}**, to work on:\n",
                crate::render::notes::NEGATIVE_MARK,
                md(&crate::render::notes::negative_heading(
                    &plan.gap.negative_label
                ))
            );
            for n in &item.negative {
                let _ = writeln!(
                    out,
                    "- {} *({})*",
                    md(&n.text),
                    by_word(n.by, plan.gap.subject)
                );
            }
            out.push('\n');
        }
        if !item.evidence.is_empty() {
            out.push_str("**Evidence so far:**\n\n");
            for e in &item.evidence {
                let _ = writeln!(
                    out,
                    "- {} *({})*",
                    md(&e.text),
                    by_word(e.by, plan.gap.subject)
                );
            }
            out.push('\n');
        }
    }
    if let Some(agreed) = &plan.review {
        super::review::carried_markdown(agreed, framework, &mut out);
    }
    closing_markdown(plan, &mut out);
    out
}

/// Comments, agreed actions, the next review and sign-off, to fill in at
/// the meeting.
fn closing_markdown(plan: &Plan, out: &mut String) {
    let manager = manager_name(plan);
    let countersigner = countersigner_name(plan);
    let w = words(plan.gap.subject);
    // Lines to write on: a line of underscores is a rule in Markdown.
    let lines = "______________________________________________________________\n\n".repeat(3);
    out.push_str("## Comments\n\n");
    let _ = write!(
        out,
        "{}: **{}**\n\n{lines}",
        w.subject,
        md(plan.profile.display_name())
    );
    let rater = manager.as_deref().map(|m| format!(": **{}**", md(m)));
    let _ = write!(out, "{}{}\n\n{lines}", w.rater, rater.unwrap_or_default());
    out.push_str(
        "## Agreed actions\n\n| action | owner | by when | support |\n|---|---|---|---|\n",
    );
    for _ in 0..ACTION_ROWS {
        out.push_str("| | | | |\n");
    }
    out.push_str("\n## Next review\n\n");
    match &plan.next_review {
        Some(day) => {
            let _ = writeln!(out, "{day}");
        }
        None => out.push_str("Date: ______________\n"),
    }
    out.push_str("\n## Sign-off\n\n");
    for (whose, name) in [
        (w.subject, Some(plan.profile.display_name())),
        (w.rater, manager.as_deref()),
        (w.countersigner, countersigner.as_deref()),
    ] {
        let name = name.map_or_else(|| "______________".to_owned(), |n| format!("**{}**", md(n)));
        let _ = writeln!(
            out,
            "{whose}: {name} — signature: ______________________ date: ______________\n"
        );
    }
}
