//! `plan --format html`: the appraisal pack a line manager prints and brings
//! to the meeting — who, role, manager, date and raters; where things stand
//! (chart, table, what to discuss); strengths; the development plan with tick
//! boxes; agreed actions; the next review; sign-off.

use maud::{Markup, html};

use super::gap::{kind_name_of, raters, sources, standing};
use super::{fill, level, long_date, page, status};
use crate::model::{Framework, Subject};
use crate::render::plan::{
    ACTION_ROWS, countersigner_name, item_rating, manager_line, manager_name, notes, step_name,
    strength_mark, ticked_note, words,
};
use crate::report::gap::Ticked;
use crate::report::plan::{Plan, PlanItem};

pub(crate) fn render(framework: &Framework, plan: &Plan) -> String {
    let p = &plan.profile;
    let w = words(plan.gap.subject);
    let title = format!("{}: {}", w.title, p.display_name());
    let body = html! {
        header {
            h1 { (w.title) ": " (p.display_name()) }
            (facts(framework, plan))
        }
        h2 { "Where things stand" }
        (standing(framework, &plan.gap, &notes(plan)))
        h2 { "Strengths" }
        (strengths(framework, plan))
        h2 { "Development plan" }
        @if plan.items.is_empty() {
            p { "Nothing to develop for this role: every rated requirement is met." }
        }
        @for item in &plan.items { (development(framework, plan, item)) }
        @if let Some(agreed) = &plan.review { (super::review::carried(agreed, framework)) }
        (closing(plan))
        (sources(&plan.gap))
    };
    page(&title, &body)
}

/// Who the pack is for, and when and by whom they were rated.
fn facts(framework: &Framework, plan: &Plan) -> Markup {
    let (g, p) = (&plan.gap, &plan.profile);
    let w = words(g.subject);
    html! {
        table class="facts" {
            caption class="vh" { "Who the " (w.title.to_lowercase()) " is of, and who rated them when" }
            tbody {
                tr {
                    th scope="row" { (w.subject) }
                    td {
                        strong { (p.display_name()) }
                        @if p.display_name() != p.person { " (" (p.person) ")" }
                    }
                }
                tr { th scope="row" { "Role" } td { (g.role_name) " (" (g.role) ")" } }
                @if let Some(team) = &p.team { tr { th scope="row" { "Team" } td { (team) } } }
                tr {
                    th scope="row" { (w.rater) }
                    td { @if let Some(m) = manager_line(plan) { (m) } @else { (fill()) } }
                }
                tr { th scope="row" { "Framework" } td { (framework.name) } }
                tr {
                    th scope="row" { "Date" }
                    td { @if let Some(day) = &plan.date { (long_date(day)) } @else { (fill()) } }
                }
                tr { th scope="row" { "Ratings" } td { (raters(g)) } }
            }
        }
    }
}

/// The competencies met or exceeded, with their evidence.
fn strengths(framework: &Framework, plan: &Plan) -> Markup {
    html! {
        @if plan.strengths.is_empty() {
            p { "No requirement of the role is met yet." }
        } @else {
            ul class="strengths" {
                @for s in &plan.strengths {
                    li {
                        strong { (s.name) } " "
                        (status(s.status))
                        span class="muted" {
                            " — rating "
                            @if let Some(r) = &s.rating { (level(framework, r)) } @else { "–" }
                            ", required " (level(framework, &s.required))
                        }
                        @if !s.negative.is_empty() {
                            span class="flag negative" { (strength_mark(plan, s).trim_start_matches(" · ")) }
                            ul class="negative" {
                                @for n in &s.negative {
                                    li { (n.text) " " span class="muted" { "(" (kind_name_of(n.by, plan.gap.subject).to_lowercase()) ")" } }
                                }
                            }
                        }
                        (evidence(&s.evidence, plan.gap.subject))
                    }
                }
            }
        }
    }
}

fn evidence(items: &[Ticked], subject: Subject) -> Markup {
    html! {
        @for e in items {
            blockquote { (e.text) " " span class="muted" { "(" (kind_name_of(e.by, subject).to_lowercase()) ")" } }
        }
    }
}

/// One competency below the role: the behaviours of each level still to
/// show, as tick boxes; negative behaviours recorded; evidence so far.
fn development(framework: &Framework, plan: &Plan, item: &PlanItem) -> Markup {
    let heading = html! {
        h3 {
            (item.name) " — from "
            @if item.below_first { (item_rating(plan, item)) }
            @else if let Some(r) = &item.rating { (level(framework, r)) } @else { "not rated" }
            " to " (level(framework, &item.required))
        }
    };
    let negative = (!item.negative.is_empty()).then(|| html! {
        h4 { (crate::render::notes::NEGATIVE_MARK) " " (crate::render::notes::negative_heading(&plan.gap.negative_label)) ", to work on" }
        ul {
            @for n in &item.negative {
                li { (n.text) " " span class="muted" { "(" (kind_name_of(n.by, plan.gap.subject).to_lowercase()) ")" } }
            }
        }
    });
    let evidence_so_far = (!item.evidence.is_empty()).then(|| {
        html! {
            h4 { "Evidence so far" }
            (evidence(&item.evidence, plan.gap.subject))
        }
    });
    // The heading is printed on the page of what follows it: each part is
    // kept whole, the heading inside the first.
    let mut parts: Vec<Markup> = item
        .steps
        .iter()
        .map(|step| step_html(framework, plan, step))
        .chain(negative)
        .chain(evidence_so_far)
        .collect();
    if parts.is_empty() {
        parts.push(html! {});
    }
    html! {
        section class="item" {
            @for (i, part) in parts.iter().enumerate() {
                div class="keep" {
                    @if i == 0 { (heading) }
                    (part)
                }
            }
        }
    }
}

/// The behaviours of one level still to show, as tick boxes.
fn step_html(framework: &Framework, plan: &Plan, step: &crate::report::plan::PlanStep) -> Markup {
    html! {
        h4 { (step_name(framework, step)) " — behaviours to show" }
        ul class="todo" {
            @for b in &step.behaviours {
                li {
                    (b)
                    @if let Some(note) = ticked_note(plan, step, b) {
                        br; span class="ticked" { "✓ " (note) }
                    }
                }
            }
        }
        @if !step.lost.is_empty() {
            ul class="lost" {
                @for lost in &step.lost {
                    li { (lost) " " span class="muted" { "(lost in the source, not to tick)" } }
                }
            }
        }
    }
}

/// Comments, agreed actions, the next review and sign-off: to fill in at
/// the meeting. The actions, the next review and the signatures are kept
/// on one printed page: nobody signs a page that holds nothing else.
fn closing(plan: &Plan) -> Markup {
    let person = plan.profile.display_name();
    let manager = manager_name(plan);
    let countersigner = countersigner_name(plan);
    let w = words(plan.gap.subject);
    html! {
        section class="comments" {
            div class="keep" {
                h2 { "Comments" }
                h3 { (w.subject) ": " (person) }
                div class="box" { p class="hint" { "On the review, the ratings and the plan:" } }
            }
            div class="keep" {
                h3 { (w.rater) @if let Some(m) = &manager { ": " (m) } }
                div class="box" { p class="hint" { "On the review, the ratings and the plan:" } }
            }
        }
        section class="keep closing" {
            h2 { "Agreed actions" }
            table class="write actions" {
                caption class="vh" { "Actions agreed at the meeting, to fill in" }
                thead {
                    tr {
                        th scope="col" style="width:44%" { "Action" }
                        th scope="col" style="width:16%" { "Owner" }
                        th scope="col" style="width:14%" { "By when" }
                        th scope="col" { "Support" }
                    }
                }
                tbody { @for _ in 0..ACTION_ROWS { tr { td {} td {} td {} td {} } } }
            }
            h2 { "Next review" }
            p {
                @if let Some(day) = &plan.next_review { strong { (long_date(day)) } }
                @else { "Date: " (fill()) }
            }
            h2 { "Sign-off" }
            table class="sign" {
                caption class="vh" { "Signatures, to fill in" }
                thead {
                    tr {
                        th scope="col" { "Who signs" }
                        th scope="col" style="width:27%" { "Name" }
                        th scope="col" { "Signature" }
                        th scope="col" style="width:20%" { "Date" }
                    }
                }
                tbody {
                    tr { th scope="row" { (w.subject) } td { (person) } td {} td {} }
                    tr {
                        th scope="row" { (w.rater) }
                        td { @if let Some(m) = &manager { (m) } }
                        td {} td {}
                    }
                    tr {
                        th scope="row" { (w.countersigner) }
                        td { @if let Some(c) = &countersigner { (c) } }
                        td {} td {}
                    }
                }
            }
        }
    }
}
