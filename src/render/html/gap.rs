//! `gap --format html`: a person against a role, as a chart and a table with
//! the notes under it. The appraisal pack (`plan`) builds on these pieces.

use std::fmt::Write as _;

use maud::{Markup, html};

use super::{
    axis, described_by, figure, gap_text, level, level_key, long_date, page, rank, status,
};
use crate::model::{Framework, Subject};
use crate::record::RaterKind;
use crate::render::chart::{self, Series, SeriesKind};
use crate::render::gap::{Options, next_missing};
use crate::render::notes::{self, Notes, by_kind};
use crate::report::gap::GapReport;

pub(crate) fn render(framework: &Framework, report: &GapReport, options: Options) -> String {
    let title = format!("{} against {}", report.who(), report.role_name);
    let body = html! {
        h1 { (report.who()) }
        p class="muted" {
            @if report.subject.is_organisation() { "Organisational review against " }
            @else { "Against " }
            strong { (report.role_name) } " (" (report.role) "), "
            (framework.name) "."
            @if let Some(day) = &report.as_of { " Records up to " (long_date(day)) "." }
        }
        (raters(report))
        h2 { "Where things stand" }
        (standing(framework, report, &Notes::of(report)))
        @if options.explain { (explain(framework, report)) }
        (sources(report))
    };
    page(&title, &body)
}

/// The chart, the table, the summary and the notes.
pub(super) fn standing(framework: &Framework, report: &GapReport, notes: &Notes) -> Markup {
    html! {
        @if let Some(note) = &notes.missing_rater { p class="note" { "Note: " (note) } }
        p { (summary(report)) }
        (figure(&described_by(&chart(framework, report), GAP_TABLE), "Required level and each rater's latest rating, by competency; the table below gives the same figures."))
        (table(framework, report))
        @if let Some(key) = level_key(framework) { (key) }
        (notes_html(notes))
    }
}

/// Who rated, when, and which ratings the report uses.
pub(super) fn raters(report: &GapReport) -> Markup {
    html! {
        @if report.raters.is_empty() {
            p { "No assessments on this framework yet." }
        } @else {
            ul class="raters" {
                @for r in &report.raters {
                    li {
                        (assessment_name(r.by, report.subject))
                        @if let Some(name) = &r.rater { " by " strong { (name) } }
                        ", " (long_date(&r.date)) " (" (r.status) ")"
                        @if r.by == report.by { " — used in this document" }
                        @if report.several(r.by) {
                            @if r.by == report.by { "," }
                            " for " (crate::render::gap::names_list(&r.names))
                        }
                    }
                }
                @if report.peer_count > 0 {
                    li {
                        "Peers: " (report.peer_count)
                        ", never named; their ratings are shown only where "
                        (report.peer_minimum) " or more rated a competency (how many, median, range)"
                    }
                }
            }
        }
    }
}

/// Which records the document was made from, so a reader can trace it.
pub(super) fn sources(report: &GapReport) -> Markup {
    html! {
        @if !report.raters.is_empty() {
            footer {
                "Made with competency from the records "
                @for (i, r) in report.raters.iter().enumerate() {
                    @if i > 0 { ", " }
                    (crate::store::shown_path(&report.person, &r.file))
                }
                " of the workspace."
            }
        }
    }
}

/// `Self-assessment`, `Manager assessment`, `Peer assessment`; of an
/// organisation, `Self-assessment`, `Assessment`, `Peer review`.
pub(super) fn assessment_name(kind: RaterKind, subject: Subject) -> &'static str {
    match (kind, subject) {
        (RaterKind::SelfAssessment, _) => "Self-assessment",
        (RaterKind::Manager, Subject::Person) => "Manager assessment",
        (RaterKind::Manager, Subject::Organisation) => "Assessment",
        (RaterKind::Peer, Subject::Person) => "Peer assessment",
        (RaterKind::Peer, Subject::Organisation) => "Peer review",
    }
}

/// `Self`, `Manager`, `Peer`.
pub(super) fn kind_name(kind: RaterKind) -> &'static str {
    match kind {
        RaterKind::SelfAssessment => "Self",
        RaterKind::Manager => "Manager",
        RaterKind::Peer => "Peer",
    }
}

/// [`kind_name`] for the subject: an organisation's assessor is not its
/// manager, so their column and series are `Assessed`.
pub(super) fn kind_name_of(kind: RaterKind, subject: Subject) -> &'static str {
    match (kind, subject) {
        (RaterKind::Manager, Subject::Organisation) => "Assessed",
        _ => kind_name(kind),
    }
}

fn summary(report: &GapReport) -> String {
    let s = &report.summary;
    let mut line = format!("Meets {} of {} requirements", s.met(), s.required());
    if s.exceeds > 0 {
        let _ = write!(line, " ({} exceeded)", s.exceeds);
    }
    let _ = write!(line, "; {} below", s.below);
    if s.unrated > 0 {
        let _ = write!(line, "; {} not rated", s.unrated);
    }
    if s.not_applicable > 0 {
        let _ = write!(
            line,
            "; {} not assessed (marked not applicable, though the role requires {}: never counted as met)",
            s.not_applicable,
            if s.not_applicable == 1 { "it" } else { "them" }
        );
    }
    line.push('.');
    line
}

/// Required, self, manager (and peer) levels per competency, on the scale's
/// own labels; a kind of rater with no assessment is left out.
pub(super) fn chart(framework: &Framework, report: &GapReport) -> Markup {
    let names: Vec<String> = report.rows.iter().map(|r| r.name.clone()).collect();
    let mut series = vec![Series {
        name: "Required".to_owned(),
        kind: SeriesKind::Required,
        values: report
            .rows
            .iter()
            .map(|r| rank(framework, Some(&r.required)))
            .collect(),
    }];
    let kinds = [
        (RaterKind::SelfAssessment, SeriesKind::SelfRating),
        (RaterKind::Manager, SeriesKind::Manager),
        (RaterKind::Peer, SeriesKind::Peer),
    ];
    for (by, kind) in kinds {
        if report.raters.iter().any(|r| r.by == by) {
            series.push(Series {
                name: kind_name_of(by, report.subject).to_owned(),
                kind,
                values: report
                    .rows
                    .iter()
                    .map(|r| {
                        let level = match by {
                            RaterKind::SelfAssessment => &r.self_level,
                            RaterKind::Manager => &r.manager,
                            RaterKind::Peer => &r.peer,
                        };
                        rank(framework, level.as_deref())
                    })
                    .collect(),
            });
        }
    }
    chart::levels(&names, &axis(framework), &series)
}

/// The gap table's `id`, which its chart is described by.
const GAP_TABLE: &str = "gap-table";

/// The gap table: one row per requirement.
pub(super) fn table(framework: &Framework, report: &GapReport) -> Markup {
    let peer = report.rows.iter().any(|r| r.peer.is_some());
    let used = kind_name_of(report.by, report.subject).to_lowercase();
    html! {
        table class="gap" id=(GAP_TABLE) {
            caption class="vh" { "Required level, each rater's latest rating, gap and status, by competency" }
            thead {
                tr {
                    th scope="col" { "Competency" }
                    th scope="col" class="level" { "Required" }
                    th scope="col" class="level" { "Self" }
                    th scope="col" class="level" { (kind_name_of(RaterKind::Manager, report.subject)) }
                    @if peer { th scope="col" class="level" { "Peers" } }
                    th scope="col" class="level" { "Gap" br; span class="muted" { "(" (used) ")" } }
                    th scope="col" { "Status" }
                }
            }
            tbody {
                @for r in &report.rows {
                    tr {
                        th scope="row" { (r.name) }
                        td class="level" { (level(framework, &r.required)) }
                        td class="level" { (shown(framework, &by_kind(r, RaterKind::SelfAssessment, "–"))) }
                        td class="level" { (shown(framework, &by_kind(r, RaterKind::Manager, "–"))) }
                        @if peer { td class="level" { (shown(framework, &by_kind(r, RaterKind::Peer, "–"))) } }
                        td class="level" { (gap_text(r.gap)) }
                        td class=(r.status.as_str()) {
                            (status(r.status))
                            @if r.discuss { span class="flag" { "discuss" } }
                            @if !r.negative.is_empty() {
                                span class="flag negative" { (notes::NEGATIVE_MARK) " " (report.negative_label) ": " (r.negative.len()) }
                            }
                            @if r.stale { span class="flag" { "older framework" } }
                        }
                    }
                }
            }
        }
    }
}

/// A level, `n/a` or `–` as the table shows it.
fn shown(framework: &Framework, value: &str) -> String {
    match value {
        "n/a" | "–" => value.to_owned(),
        code => level(framework, code),
    }
}

/// The notes under the table, as the other formats give them.
pub(super) fn notes_html(notes: &Notes) -> Markup {
    html! {
        @if !notes.discuss.is_empty() {
            h3 { (notes::DISCUSS) }
            p { "Self and manager ratings " (crate::report::gap::DIVERGENCE) " or more levels apart:" }
            ul {
                @for d in &notes.discuss {
                    li { strong { (d.name) } ": self " (d.self_level) ", manager " (d.manager) }
                }
            }
        }
        @if !notes.negative.is_empty() {
            h3 { (notes::NEGATIVE_MARK) " " (notes::negative_heading(&notes.negative_label)) }
            ul {
                @for n in &notes.negative {
                    li { strong { (n.name) } " (" (n.by) "): " (n.text) }
                }
            }
        }
        @for file in &notes.edited { p class="note" { (notes::edited(file)) } }
        @if !notes.stale.is_empty() {
            p class="note" { (notes::STALE) " Marked “older framework”: " (notes.stale.join(", ")) "." }
        }
    }
}

/// `--explain`: how each checklist rating follows from its ticks.
fn explain(framework: &Framework, report: &GapReport) -> Markup {
    html! {
        h2 { "From the checklist" }
        @if report.rows.iter().all(|r| r.derivation.is_none()) {
            p { "No rating here came from a checklist, so there are no ticks to explain." }
        }
        @for r in &report.rows {
            @if let Some(d) = &r.derivation {
                p {
                    strong { (r.name) }
                    @if let Some(by) = r.derived_by { " (" (kind_name_of(by, report.subject).to_lowercase()) ")" }
                    ": " (d.explain())
                }
                @if let Some((level, missing)) = next_missing(framework, r) {
                    p { "Not yet ticked at " (level) ":" }
                    ul {
                        @for (whose, text) in missing {
                            li {
                                @if let Some(w) = whose { span class="muted" { (w) ": " } }
                                (text)
                            }
                        }
                    }
                }
            }
        }
    }
}
