//! `history --format html`: for each competency a small chart of its ratings
//! over time, by self and manager, beside the table of those ratings; peers'
//! latest ratings only as an aggregate (never one peer's).

use maud::{Markup, html};

use super::gap::kind_name;
use super::{axis, described_by, figure, level, long_date, page, rank};

/// `10 Mar 2026`: a date that fits a narrow column.
fn short_date(day: &str) -> String {
    let long = long_date(day);
    let mut words: Vec<&str> = long.split(' ').collect();
    if let [_, month, _] = words.as_mut_slice() {
        *month = month.get(..3).unwrap_or(month);
    }
    words.join(" ")
}
use crate::model::Framework;
use crate::record::RaterKind;
use crate::record::rules::strict_date;
use crate::render::chart::{self, Point, SeriesKind};
use crate::report::history::{CompetencyHistory, HistoryEntry};
use crate::roster::Profile;

/// `role_name` is the name of the person's role, when it is known.
pub(crate) fn render(
    profile: &Profile,
    role_name: Option<&str>,
    history: &[CompetencyHistory],
    frameworks: &[&Framework],
) -> String {
    let made = long_date(&crate::render::made_on().to_string());
    let title = format!("Ratings over time: {}, {made}", profile.display_name());
    let several = frameworks.len() > 1;
    let body = html! {
        h1 { "Ratings over time: " (profile.display_name()) ", " (made) }
        p class="muted" {
            (profile.label())
            @if let Some(role) = role_name.or(profile.role.as_deref()) { " · " (role) }
            @if let Some(team) = &profile.team { " · " (team) }
            @if let Some(manager) = profile.manager_name.as_ref().or(profile.manager.as_ref()) { " · line manager " (manager) }
        }
        p { "Each competency’s ratings by self and manager; the change is since the previous rating by the same kind of rater. Peers’ ratings are shown only together (how many, median, range), where enough peers rated a competency." }
        @if history.is_empty() { p { "No ratings recorded." } }
        @for (i, h) in history.iter().enumerate() {
            @if let Some(f) = frameworks.iter().find(|f| f.id == h.framework) {
                (competency(f, h, several, &format!("ratings-{}", i + 1)))
            }
        }
    };
    page(&title, &body)
}

/// One competency's chart beside its table (`id`, which the chart is
/// described by).
fn competency(framework: &Framework, h: &CompetencyHistory, several: bool, id: &str) -> Markup {
    let points: Vec<Point> = h
        .entries
        .iter()
        .filter_map(|e| {
            Some(Point {
                date: strict_date(&e.date)?,
                kind: series(e.by),
                rank: rank(framework, e.level.as_deref()),
            })
        })
        .collect();
    html! {
        section class="keep" {
            h2 class="sub" {
                (h.name)
                @if several { span class="muted" { " — " (framework.name) } }
            }
            div class="pair" {
                (figure(&described_by(&chart::history(&format!("Ratings over time: {}", h.name), &axis(framework), &points), id), "The table beside gives the same ratings."))
                table class="history" id=(id) {
                    caption class="vh" { "Ratings of " (h.name) " over time" }
                    thead {
                        tr {
                            th scope="col" { "Date" }
                            th scope="col" { "By" }
                            th scope="col" class="level" { "Level" }
                            th scope="col" class="level" { "Change" }
                        }
                    }
                    tbody { @for e in &h.entries { (entry(framework, e)) } }
                }
            }
            @if let Some(peers) = h.peers.text() {
                p class="muted" { "Peers’ latest ratings: " (peers) }
            }
            (super::review::served(&h.actions))
        }
    }
}

fn entry(framework: &Framework, e: &HistoryEntry) -> Markup {
    html! {
        tr {
            td class="date" { (short_date(&e.date)) }
            td {
                (kind_name(e.by))
                @if let Some(name) = &e.rater { br; span class="muted" { (name) } }
            }
            td class="level" {
                @if e.not_applicable { "n/a" }
                @else if let Some(l) = &e.level { (level(framework, l)) }
                @else if let Some(below) = &e.below { (below) }
                @else { "–" }
            }
            td class="level" { (change(e.change)) }
        }
    }
}

fn change(change: Option<i64>) -> String {
    match change {
        Some(c) if c > 0 => format!("▲ +{c}"),
        Some(c) if c < 0 => format!("▼ −{}", c.unsigned_abs()),
        Some(_) => "= same".to_owned(),
        None => String::new(),
    }
}

fn series(by: RaterKind) -> SeriesKind {
    match by {
        RaterKind::SelfAssessment => SeriesKind::SelfRating,
        RaterKind::Manager => SeriesKind::Manager,
        RaterKind::Peer => SeriesKind::Peer,
    }
}
