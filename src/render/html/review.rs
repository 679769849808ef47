//! Agreed actions and objectives in the HTML documents: the appraisal
//! pack's "since the last review" section, and the actions beside a
//! competency's ratings in `history`. A status is a symbol and a word as well
//! as a colour, as everywhere in the documents; every text goes through
//! maud, which escapes it, after control characters are written out.

use maud::{Markup, html};

use super::{long_date, text};
use crate::model::Framework;
use crate::render::review::{carried_heading, still_open};
use crate::report::review::{Agreed, Item, State};
use crate::review::ItemKind;

/// The symbol of an item's status.
fn symbol(state: State) -> &'static str {
    match state {
        State::Open => "○",
        State::Done | State::Met => "✓",
        State::Dropped | State::NotMet => "✗",
        State::CarriedOver => "↻",
        State::PartlyMet => "◐",
    }
}

/// The fill of an item's status: open is grey, done or met green, past due
/// orange (as `below`), the rest white.
fn class(item: &Item) -> &'static str {
    if item.overdue {
        "below"
    } else {
        match item.status {
            State::Done | State::Met => "meets",
            State::Open | State::CarriedOver => "unrated",
            State::Dropped | State::PartlyMet | State::NotMet => "not-required",
        }
    }
}

/// An item's status as symbol, word and colour; past due is said in words.
pub(super) fn status(item: &Item) -> Markup {
    html! {
        span class={ "status " (class(item)) } {
            (symbol(item.status)) " " (item.status.words())
            @if item.overdue { " · overdue" }
        }
    }
}

fn competency(framework: &Framework, item: &Item) -> String {
    let Some(id) = item.competency.as_deref() else {
        return String::new();
    };
    framework
        .competency(id)
        .filter(|_| item.framework.as_deref().is_none_or(|f| f == framework.id))
        .map_or_else(|| text(id), |c| text(&c.name))
}

/// The pack's section on the last review: its actions and objectives (and
/// those still open from before) with status and outcome, and what is still
/// open.
pub(crate) fn carried(agreed: &Agreed, framework: &Framework) -> Markup {
    let items = agreed.carried();
    let actions: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| i.kind == ItemKind::Action)
        .collect();
    let objectives: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| i.kind == ItemKind::Objective)
        .collect();
    let heading = match &agreed.last_review {
        Some(last) => format!("Since the last review, {}", long_date(&last.date)),
        None => text(&carried_heading(agreed)),
    };
    let intro = html! {
        h2 { (heading) }
        @if let Some(last) = &agreed.last_review {
            p class="muted" {
                "Recorded as " (last.status.as_str())
                @if let Some(reviewer) = &last.reviewer { " by " (text(reviewer)) }
                ", " (text(&last.file)) "."
            }
        }
    };
    html! {
        section class="review" {
            // The heading stays with the first table on a printed page.
            @if actions.is_empty() { (intro) }
            @if !actions.is_empty() {
                div class="keep" {
                (intro)
                table class="review-actions" {
                    caption class="vh" { "Actions agreed, with their status and outcome" }
                    thead {
                        tr {
                            th scope="col" style="width:27%" { "Action" }
                            th scope="col" style="width:15%" { "Competency" }
                            th scope="col" style="width:8%" { "Owner" }
                            th scope="col" style="width:11%" { "Due" }
                            th scope="col" style="width:14%" { "Status" }
                            th scope="col" style="width:25%" { "Outcome" }
                        }
                    }
                    tbody {
                        @for a in &actions {
                            tr {
                                td {
                                    span class="muted" { (text(&a.id)) } " " (text(&a.text))
                                    @if let Some(support) = &a.support {
                                        br; span class="muted" { "Support: " (text(support)) }
                                    }
                                }
                                td { (competency(framework, a)) }
                                td { (text(a.owner.as_deref().unwrap_or_default())) }
                                td { (long_date(&a.due)) }
                                td { (status(a)) }
                                td { (text(a.outcome.as_deref().unwrap_or_default())) }
                            }
                        }
                    }
                }
                }
            }
            @if !objectives.is_empty() {
                table class="review-objectives" {
                    caption class="vh" { "Objectives agreed, with their status" }
                    thead {
                        tr {
                            th scope="col" style="width:27%" { "Objective" }
                            th scope="col" style="width:23%" { "Measure" }
                            th scope="col" style="width:11%" { "Due" }
                            th scope="col" style="width:14%" { "Status" }
                            th scope="col" style="width:25%" { "Comment" }
                        }
                    }
                    tbody {
                        @for o in &objectives {
                            tr {
                                td { span class="muted" { (text(&o.id)) } " " (text(&o.text)) }
                                td { (text(o.measure.as_deref().unwrap_or_default())) }
                                td { (long_date(&o.due)) }
                                td { (status(o)) }
                                td { (text(o.outcome.as_deref().unwrap_or_default())) }
                            }
                        }
                    }
                }
            }
            p class="note" { (text(&still_open(agreed))) }
        }
    }
}

/// The actions that served a competency, under its ratings in `history`.
pub(crate) fn served(actions: &[Item]) -> Markup {
    html! {
        @if !actions.is_empty() {
            h4 { "Actions that served it" }
            ul class="served" {
                @for a in actions {
                    li {
                        span class="muted" { (text(&a.id)) } " " (text(&a.text))
                        " " span class="muted" { "(agreed " (long_date(&a.agreed)) ", due " (long_date(&a.due)) ")" }
                        " " (status(a))
                        @if let Some(outcome) = &a.outcome { " — " (text(outcome)) }
                    }
                }
            }
        }
    }
}
