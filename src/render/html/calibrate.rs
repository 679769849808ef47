//! `calibrate --format html`: for HR, per framework a table of the raters
//! against everyone else, then per rater a small chart of their mean rating
//! per competency beside everyone else's, and the table of the levels given.
//! A flag is a symbol and a word, never colour alone.

use maud::{Markup, html};

use super::{axis, described_by, figure, long_date, page, text};
use crate::model::Framework;
use crate::render::calibrate::{
    against_others, against_self, cycle_words, distribution_title, left_out_words, levels,
    one_role, rules, versus,
};
use crate::render::chart::{self, Comparison};
use crate::render::count;
use crate::report::calibrate::{CalibrationReport, Lean, Rater, Section};

/// The page; `frameworks` gives each section's scale.
pub(crate) fn render(
    report: &CalibrationReport,
    made_on: &str,
    frameworks: &[&Framework],
) -> String {
    let body = html! {
        h1 { "Calibration of raters" }
        p class="muted" {
            "For the " (cycle_words(report)) ". Made on " (long_date(made_on)) "."
        }
        p { (rules(report)) }
        @if report.sections.is_empty() && report.not_calibrated.is_empty() {
            p { "No final manager's ratings in scope this cycle." }
        }
        @for (i, s) in report.sections.iter().enumerate() { (section(report, s, frameworks, i + 1)) }
        @if !report.not_calibrated.is_empty() {
            section class="keep" {
                h2 { "Not calibrated" }
                ul {
                    @for n in &report.not_calibrated {
                        li {
                            strong { (text(&n.framework_name)) } " cannot be calibrated: " (n.reason) ". "
                            (left_out_words(n))
                        }
                    }
                }
            }
        }
        @if !report.skipped.is_empty() {
            section class="keep" {
                h2 { "Not counted" }
                ul {
                    @for s in &report.skipped { li { (s.count) " " (s.what) ": " (s.reason) } }
                }
            }
        }
    };
    page("Calibration of raters", &body)
}

/// The flag as symbol and word.
fn flag(rater: &Rater) -> Markup {
    match rater.flag {
        Some(Lean::Lenient) => html! { span class="flag" { "▲ lenient" } },
        Some(Lean::Severe) => html! { span class="flag" { "▼ severe" } },
        None if rater.unflagged.is_some() => {
            html! { span class="muted" { "not flagged: too few ratings" } }
        }
        None => html! { span class="muted" { "– not flagged" } },
    }
}

/// The `n`th framework's section.
fn section(report: &CalibrationReport, s: &Section, frameworks: &[&Framework], n: usize) -> Markup {
    let scale = frameworks
        .iter()
        .find(|f| f.id == s.framework)
        .map(|f| axis(f))
        .unwrap_or_default();
    html! {
        section class="calibration" {
            h2 { (text(&s.framework_name)) span class="muted" { " — " (text(&s.framework)) } }
            @if s.ranks_per_level > 1 {
                p class="note" {
                    "A level is " (s.ranks_per_level) " steps of this scale: a mid-point is half a level."
                }
            }
            @if s.raters.is_empty() {
                p { "No rater has rated enough people on this framework this cycle to be calibrated." }
            } @else {
                table class="raters" {
                    caption class="vh" { "Raters of " (text(&s.framework_name)) ", each against everyone's ratings" }
                    thead {
                        tr {
                            th scope="col" { "Rater" }
                            th scope="col" class="level" { "People" }
                            th scope="col" class="level" { "Ratings" }
                            th scope="col" { "Against others (rater's vs others' ratings)" }
                            th scope="col" { "Against own (pairs, drafts among them)" }
                            th scope="col" { "Flag" }
                        }
                    }
                    tbody {
                        @for r in &s.raters {
                            tr {
                                th scope="row" { (text(&r.name)) }
                                td class="level" { (r.people) }
                                td class="level" { (r.ratings) }
                                td { (against_others(r)) }
                                td { (against_self(r)) }
                                td { (flag(r)) }
                            }
                        }
                    }
                }
                p class="key" {
                    "Differences are in levels: positive, the rater rates higher than everyone else "
                    "(or than people rate themselves); negative, lower."
                }
            }
            @if !s.too_few.is_empty() {
                p {
                    "Not calibrated, fewer than " (count(report.rules.minimum_people, "person", "people")) " rated this cycle: "
                    @for (i, t) in s.too_few.iter().enumerate() {
                        @if i > 0 { "; " }
                        (text(&t.rater)) " (" (count(t.people, "person", "people")) ", " (count(t.ratings, "rating", "ratings")) ")"
                    }
                    "."
                }
            }
            @for (j, r) in s.raters.iter().enumerate() { (rater(r, &scale, &format!("levels-{n}-{}", j + 1))) }
        }
    }
}

/// A rater's chart, and the table (`id`) of the levels behind it.
fn rater(r: &Rater, scale: &crate::render::chart::Axis, id: &str) -> Markup {
    let one = one_role(r).is_some();
    let items: Vec<Comparison> = r
        .distributions
        .iter()
        .map(|d| Comparison {
            label: if one {
                d.name.clone()
            } else {
                format!("{} ({})", d.name, d.role)
            },
            rater: d.mean,
            others: d.others_mean,
            difference: d.difference.map_or_else(|| "–".to_owned(), levels),
        })
        .collect();
    let summary = match r.difference {
        Some(d) => format!(
            "{} levels from everyone else over {} compared with {}",
            levels(d),
            count(r.compared, "rating", "ratings"),
            r.others
        ),
        None => "nobody else rated the same role and competency".to_owned(),
    };
    let mut chart = chart::calibration(&text(&r.name), scale, &items, &summary);
    if !r.distributions.is_empty() {
        chart = described_by(&chart, id);
    }
    html! {
        section class="keep" {
            h3 { (text(&r.name)) " " (flag(r)) }
            @if let Some(why) = &r.unflagged { p class="muted" { "Not flagged: " (why) "." } }
            (figure(
                &chart,
                "Mean rating per competency: the rater's (triangle) beside everyone else's for the same role (square); the table below gives the levels behind each.",
            ))
            @if let Some(first) = r.distributions.first() {
                @let roles = one_role(r).is_none();
                table class="distribution" id=(id) {
                    caption { (distribution_title(r)) }
                    thead {
                        tr {
                            th scope="col" { "Competency" }
                            @if roles { th scope="col" { "Role" } }
                            @for l in &first.levels { th scope="col" class="level" { (text(&l.level)) } }
                            th scope="col" class="level" { "Difference" }
                        }
                    }
                    tbody {
                        @for d in &r.distributions {
                            tr {
                                th scope="row" { (text(&d.name)) }
                                @if roles { td { (text(&d.role)) } }
                                @for l in &d.levels { td class="level" { (versus(l.rater, l.others)) } }
                                td class="level" { (d.difference.map_or_else(|| "–".to_owned(), levels)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
