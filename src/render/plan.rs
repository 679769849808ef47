//! `plan`: the development plan. As Markdown it is an appraisal pack to
//! print or paste.

use std::fmt::Write as _;

use super::gap::{Options, gap_markdown, gap_table, level_text, raters_line};
use super::notes::Notes;
use super::{Format, Style, md};
use crate::model::Framework;
use crate::report::plan::{Plan, PlanStep};

pub fn render_plan(framework: &Framework, plan: &Plan, format: Format, style: Style) -> String {
    match format {
        Format::Json => super::json(plan),
        Format::Csv => super::csv(
            &[
                "person",
                "role",
                "competency",
                "rating",
                "required",
                "level",
                "behaviour",
            ],
            plan.items.iter().flat_map(|item| {
                item.steps.iter().flat_map(move |step| {
                    step.behaviours.iter().map(move |b| {
                        vec![
                            plan.gap.person.clone(),
                            plan.gap.role.clone(),
                            item.competency.clone(),
                            item.rating.clone().unwrap_or_default(),
                            item.required.clone(),
                            step.level.clone().unwrap_or_default(),
                            b.clone(),
                        ]
                    })
                })
            }),
        ),
        Format::Markdown => plan_markdown(framework, plan),
        Format::Table => plan_text(framework, plan, style),
    }
}

fn step_name(framework: &Framework, step: &PlanStep) -> String {
    let mut name = match &step.level {
        Some(code) => framework.level_heading(code),
        None => framework.labels.positive.clone(),
    };
    if let Some(theme) = &step.theme {
        name = format!("{theme}: {name}");
    }
    name
}

fn plan_text(framework: &Framework, plan: &Plan, style: Style) -> String {
    let mut out = gap_table(
        framework,
        &plan.gap,
        &Notes::of(&plan.gap),
        style,
        Options::default(),
    );
    if plan.items.is_empty() {
        out.push_str("\nNothing to develop for this role: every rated requirement is met.\n");
        return out;
    }
    out.push_str("\nDevelopment plan\n");
    for item in &plan.items {
        let _ = writeln!(
            out,
            "\n== {} ({}): {} → {} ==",
            item.name,
            item.competency,
            level_text(item.rating.as_deref()),
            item.required
        );
        for step in &item.steps {
            let _ = writeln!(
                out,
                "  {} — behaviours to show:",
                step_name(framework, step)
            );
            for b in &step.behaviours {
                let _ = writeln!(out, "{}", style.wrap(b, "    • ", "      "));
            }
        }
        for n in &item.negative {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &format!("{} (recorded by {})", n.text, n.by),
                    "  ✗ work on: ",
                    "      "
                )
            );
        }
        for e in &item.evidence {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &format!("{} ({})", e.text, e.by),
                    "  evidence so far: ",
                    "      "
                )
            );
        }
    }
    out
}

fn plan_markdown(framework: &Framework, plan: &Plan) -> String {
    let g = &plan.gap;
    let mut out = format!(
        "# Development plan: {}\n\n",
        md(plan.profile.display_name())
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Person | {} |", md(&g.who()));
    let _ = writeln!(out, "| Role | {} — `{}` |", md(&g.role_name), g.role);
    let _ = writeln!(
        out,
        "| Framework | {} (`{}`) |",
        md(&framework.name),
        framework.id
    );
    let date = g
        .raters
        .iter()
        .map(|r| r.date.as_str())
        .max()
        .unwrap_or("–");
    let _ = writeln!(out, "| Date | {} |", g.as_of.as_deref().unwrap_or(date));
    let _ = writeln!(out, "| Ratings | {} |", md(&raters_line(g)));
    let _ = writeln!(out, "\n## Where things stand\n");
    gap_markdown(g, &Notes::of(g), Options::default(), &mut out);
    let _ = writeln!(out, "## Plan\n");
    if plan.items.is_empty() {
        out.push_str("Nothing to develop for this role: every rated requirement is met.\n");
    }
    for item in &plan.items {
        let _ = writeln!(
            out,
            "### {} — from {} to {}\n",
            md(&item.name),
            level_text(item.rating.as_deref()),
            item.required
        );
        for step in &item.steps {
            let _ = writeln!(
                out,
                "**{}** — behaviours to show:\n",
                md(&step_name(framework, step))
            );
            for b in &step.behaviours {
                let _ = writeln!(out, "- [ ] {}", md(b));
            }
            out.push('\n');
        }
        if !item.negative.is_empty() {
            out.push_str("**Behaviours to work on** (recorded):\n\n");
            for n in &item.negative {
                let _ = writeln!(out, "- {} *({})*", md(&n.text), n.by);
            }
            out.push('\n');
        }
        if !item.evidence.is_empty() {
            out.push_str("**Evidence so far:**\n\n");
            for e in &item.evidence {
                let _ = writeln!(out, "- {} *({})*", md(&e.text), e.by);
            }
            out.push('\n');
        }
    }
    out.push_str("## Agreed actions\n\n| action | by when | support |\n|---|---|---|\n| | | |\n\nSigned (person): ______________ Signed (manager): ______________\n");
    out
}
